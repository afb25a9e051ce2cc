import { createHash } from 'node:crypto';
import { fstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { configPath } from '../config/path.js';
import { runtimeEnv } from '../core/env.js';
import { hostname } from 'node:os';
import { writeAtomically } from './atomic-write.js';
import { dropOtherFormats, keepNewest } from './cache-dir.js';
import { settled, type Discovery } from './discover.js';
import type { PageRecord } from '../sinks/html/page-memo.js';

export interface Output {
  stdout: string;
  stderr: string;
  /** The page `report --html` wrote, which a replay writes again. */
  page?: PageRecord;
}

const FORMAT = 2;
// A few recent reports (daily, session, … with their options): enough for a user alternating between them.
const KEEP = 16;

interface Entry extends Output {
  format: number;
  key: string;
  /** The system time zone when TZ did not name it ('' when it did). */
  zone: string;
  folders: string[];
  /** Per folder: its mtime. */
  folderTimes: Float64Array;
  files: string[];
  /** Per file: size, mtime. */
  fileStats: Float64Array;
  /** Roots that were not folders. */
  absent: string[];
}

/**
 * Names one run by everything its output depends on but the logs and the system time zone: the code
 * (the ES module entry's bytes: bundled chunks are named by the hash of their content and of what
 * they import, so a change anywhere below changes them) and Node's version, the arguments, the working
 * folder, the whole environment, whether stdout is a terminal and how wide, and the bytes of the
 * files that set defaults and prices (the config file, a `--prices` file): a changed price or
 * default is a new run, never a replay of the old output.
 */
export function invocationKey(): string {
  const hash = createHash('sha256').update(`${FORMAT}\u0000${process.version}\u0000`);
  hash.update(codeBytes());
  const args = process.argv.slice(2);
  const env = Object.entries(process.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // The host name is this machine's device label when no setting names one.
  hash.update(JSON.stringify([args, process.cwd(), env, hostname(), ...terminal()]));
  for (const file of [configPath(runtimeEnv()).file, pricesFileArg(args)]) {
    hash.update('\u0000');
    if (file !== undefined) hash.update(bytesOrNothing(file));
  }
  return hash.digest('hex');
}

/** The file `--prices FILE` (or `--prices=FILE`) names, if the arguments have one. */
function pricesFileArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--prices') return args[i + 1];
    if (args[i]!.startsWith('--prices=')) return args[i]!.slice('--prices='.length);
  }
  return undefined;
}

/** A small file's bytes; a missing or unreadable one is told apart from any content (it is a user error to report, not replay). */
function bytesOrNothing(file: string): Buffer {
  try {
    return Buffer.concat([Buffer.from([1]), readFileSync(file)]);
  } catch {
    return Buffer.from([0]);
  }
}

/**
 * What names the code: the ES module entry beside this chunk (dist/esm/cli.js; dist/cli.js, the
 * CommonJS entry, only loads it), whose text names by their hashes the chunks it loads; run from
 * source, the entry script.
 */
function codeBytes(): Buffer {
  try {
    return readFileSync(new URL('./cli.js', import.meta.url));
  } catch {
    return readFileSync(process.argv[1]!);
  }
}

/** Whether stdout is a terminal, and how wide. Only a character device can be one: for anything else, process.stdout's stream is not set up to ask. */
function terminal(): [boolean, number | null] {
  try {
    if (!fstatSync(1).isCharacterDevice()) return [false, null];
  } catch {
    return [false, null];
  }
  return [process.stdout.isTTY === true, process.stdout.columns ?? null];
}

/**
 * The system time zone, when the environment does not already say it: ICU takes TZ as the zone's
 * name, looking at nothing else, when it holds no digit or comma (otherwise TZ may be a POSIX rule
 * such as EST5EDT, and the system's zone files decide). Asking Intl costs ~12 ms, so it is asked
 * only when that is not the case.
 */
function systemZoneSource(): string {
  const tz = process.env.TZ;
  return tz && !/[\d,]/.test(tz) ? '' : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * What a run printed, by its `invocationKey`, with what its listing saw: every folder read (with its
 * mtime) and every log file (size and mtime). The same run again is answered from here, without
 * loading the code that computes it, while every folder and file is as it was: a new, removed or
 * renamed file changes its folder's mtime, a grown or rewritten one its own size or mtime. One file
 * per run; any trouble reading one is a miss.
 */
export class OutputMemo {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = path.join(cacheDir, `reports-v${FORMAT}`);
  }

  replay(key: string): Output | undefined {
    try {
      const entry = deserialize(readFileSync(this.file(key))) as Entry;
      if (isEntry(entry) && entry.key === key && unchanged(entry) && entry.zone === systemZoneSource()) {
        return { stdout: entry.stdout, stderr: entry.stderr, ...(entry.page ? { page: entry.page } : {}) };
      }
    } catch {
      // None yet, damaged, or a path that can no longer be looked at: a miss.
    }
    return undefined;
  }

  /** Never throws: a memo that cannot be written only makes the next run slower. */
  set(key: string, output: Output, listing: Discovery): void {
    const folders = [...listing.folders];
    // A folder read too soon after it changed (or not readable) may not be as read: such a run cannot be replayed.
    if (!folders.every(([, f]) => settled(f))) return;
    const entry: Entry = {
      format: FORMAT,
      key,
      ...output,
      zone: systemZoneSource(),
      folders: folders.map(([p]) => p),
      folderTimes: Float64Array.from(folders, ([, f]) => f.mtimeMs),
      files: listing.files.map((f) => f.path),
      fileStats: Float64Array.from(listing.files.flatMap((f) => [f.size, f.mtimeMs])),
      absent: listing.searched.filter((dir) => !listing.folders.has(dir)),
    };
    if (writeAtomically(this.dir, this.file(key), serialize(entry))) this.prune();
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.bin`);
  }

  /** Keeps the KEEP most recently written runs, and none of another format. */
  private prune(): void {
    dropOtherFormats(path.dirname(this.dir), 'reports', FORMAT);
    keepNewest(this.dir, (n) => n.endsWith('.bin'), KEEP);
  }
}

function isEntry(e: Entry): boolean {
  return (
    e?.format === FORMAT &&
    typeof e.stdout === 'string' &&
    typeof e.stderr === 'string' &&
    (e.page === undefined || isPageRecord(e.page)) &&
    typeof e.zone === 'string' &&
    Array.isArray(e.folders) &&
    e.folderTimes instanceof Float64Array &&
    e.folderTimes.length === e.folders.length &&
    Array.isArray(e.files) &&
    e.fileStats instanceof Float64Array &&
    e.fileStats.length === 2 * e.files.length &&
    Array.isArray(e.absent)
  );
}

function isPageRecord(p: PageRecord): boolean {
  return typeof p?.file === 'string' && typeof p.folder === 'string' && typeof p.beforeTime === 'string' && typeof p.afterTime === 'string' && typeof p.open === 'boolean';
}

const MISSING_IS_UNDEFINED = { throwIfNoEntry: false } as const;

/** Every folder, file and missing root as the entry's run saw them. */
function unchanged(e: Entry): boolean {
  for (let i = 0; i < e.folders.length; i++) {
    const stats = statSync(e.folders[i]!, MISSING_IS_UNDEFINED);
    if (!stats?.isDirectory() || stats.mtimeMs !== e.folderTimes[i]) return false;
  }
  for (let i = 0; i < e.files.length; i++) {
    const stats = statSync(e.files[i]!, MISSING_IS_UNDEFINED);
    if (!stats?.isFile() || stats.size !== e.fileStats[2 * i] || stats.mtimeMs !== e.fileStats[2 * i + 1]) return false;
  }
  return e.absent.every((dir) => !statSync(dir, MISSING_IS_UNDEFINED)?.isDirectory());
}
