import { statSync } from 'node:fs';
import path from 'node:path';
import { processBinding } from '../core/binding.js';

// The numbers of a stat without the Stats object around them: discovery and the replay check stat
// every log file, and most of statSync's cost on Node 20 is that object.

const MISSING_IS_UNDEFINED = { throwIfNoEntry: false } as const;

/** What is used of a stat (following links): one object, filled again by every `statPath`. */
export interface StatValues {
  mode: number;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

export const isFile = (v: StatValues): boolean => (v.mode & S_IFMT) === S_IFREG;
export const isDirectory = (v: StatValues): boolean => (v.mode & S_IFMT) === S_IFDIR;

export const held: StatValues = { mode: 0, size: 0, mtimeMs: 0, dev: 0, ino: 0 };

/** The stat call under fs.statSync, where it can be trusted to be the one below (see `rawStat`); null: not. */
let raw: ((p: string) => Float64Array | undefined) | null | undefined;

/**
 * Stats a path into `held`; false when nothing is there (other errors throw, as statSync's do).
 * Half the cost of statSync on Node 20 is the Stats object it builds, with four Dates: a discovery
 * makes thousands (a status-line call, ~4,600 on the bench corpus: ~10 ms and their garbage), and so
 * does the check of a replayed run (output-memo.ts). So the numbers are taken from the binding
 * statSync reads them from, where that is known to work.
 */
export function statPath(p: string): boolean {
  if (raw === undefined) raw = rawStat(path.parse(path.resolve(p)).root);
  if (raw !== null) {
    const v = raw(p);
    if (v === undefined) return false;
    held.dev = v[0]!;
    held.mode = v[1]!;
    held.ino = v[7]!;
    held.size = v[8]!;
    // As Node's Stats does it, to the same double.
    held.mtimeMs = v[12]! * 1000 + v[13]! / 1_000_000;
    return true;
  }
  const stats = statSync(p, MISSING_IS_UNDEFINED);
  if (!stats) return false;
  held.dev = stats.dev;
  held.mode = stats.mode;
  held.ino = stats.ino;
  held.size = stats.size;
  held.mtimeMs = stats.mtimeMs;
  return true;
}

/**
 * fs.statSync's own call of Node's fs binding, `binding.stat(path, bigint, undefined, throwIfNoEntry)`
 * (a Float64Array of the numbers, or undefined when nothing is there), where this Node's statSync
 * is seen to make exactly that call and its answer for `probe` (a file system root) agrees with
 * statSync's; else null, and statSync it is.
 */
function rawStat(probe: string): ((p: string) => Float64Array | undefined) | null {
  try {
    if (!/binding\.stat\(\s*pathModule\.toNamespacedPath\(path\),\s*options\.bigint,\s*undefined,\s*options\.throwIfNoEntry,?\s*\)/.test(statSync.toString())) return null;
    const binding = processBinding('fs') as { stat?: unknown } | undefined;
    const stat = binding?.stat;
    if (typeof stat !== 'function') return null;
    const call = (p: string): Float64Array | undefined => stat.call(binding, path.toNamespacedPath(p), false, undefined, false) as Float64Array | undefined;
    const v = call(probe);
    const stats = statSync(probe, MISSING_IS_UNDEFINED);
    if (!(v instanceof Float64Array) || v.length < 14 || !stats) return null;
    const agrees = v[0] === stats.dev && v[1] === stats.mode && v[7] === stats.ino && v[8] === stats.size && v[12]! * 1000 + v[13]! / 1_000_000 === stats.mtimeMs;
    return agrees ? call : null;
  } catch {
    return null;
  }
}
