import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UsageEvent } from '../core/types.js';
import { cacheDir, newestFirst } from '../pipeline/cache-dir.js';
import { discover, type Discovery, type LogFile } from '../pipeline/discover.js';
import type { FileCache } from '../pipeline/file-cache.js';
import type { ReadRequest } from '../pipeline/pool.js';
import { readFile, resumeAfterAppend, type FileReadResult, type ResumePoint } from '../pipeline/read-file.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { claude } from '../providers/claude.js';
import type { WindowTotals } from './figures.js';
import { murmurHex } from './hash.js';
import { SNAPSHOT_PRICING, type Pricing } from '../pricing/overrides.js';
import { Ledger, type LedgerFile } from './ledger.js';
import type { ProblemLog } from './problems.js';

export interface SessionRef {
  sessionId?: string;
  transcriptPath?: string;
}

export interface StatusWindow {
  now: number;
  /** Files last modified before this cannot hold anything the figures use (but the session's own). */
  sinceMs: number;
  todayStartMs: number;
  blocksFromMs: number;
}

/** A ledger whose window began this much before the one asked for is built again, so that it does not grow for ever. */
const REBUILD_AFTER_MS = 24 * 60 * 60 * 1000;
/** A file new to the ledger at least this big is looked up in the shared per-file cache before it is read. */
const CACHED_FROM_BYTES = 1 << 20;
/** Sessions whose ledger is kept (a few Claude Code windows at once); the least recently written goes first. */
const KEEP = 8;

/**
 * What the logs say for the status line, at the cost of what changed since the last call: the session's
 * ledger (one per transcript) holds the events of every Claude file modified since its window start and
 * of the session's own files (transcript and sub-agents, however old); a call lists the files (folders
 * whose mtime did not change are not read again), reads what was appended to them and what is new, and
 * takes the totals. A file that shrank, was rewritten, vanished or left the window, a ledger of another
 * build, scope or day: the ledger is built again, from the shared per-file cache where it has a file.
 * A transcript outside the folders Claude's logs are searched in has its own `projects` folder added.
 *
 * Appending to a file changes nothing but the file, so only a stat of every file tells which grew.
 * A call looks at every file (a rescan) once `rescanEveryMs` has passed since the last; the calls in
 * between look only at the ledger's files (the session's own and every file of the window, each
 * call), the folders holding them, and what is new in those folders. What they miss (an old session
 * elsewhere that is written to again, a new file in a folder none of the ledger's is in) is in the
 * figures once the next rescan is due: the figures of other sessions are at most that old.
 */
export async function loadStatusTotals(
  renv: RuntimeEnv,
  opts: { window: StatusWindow; session: SessionRef; zone?: string; useCache: boolean; pricing?: Pricing; rescanEveryMs: number },
  problems: ProblemLog,
): Promise<{ totals: WindowTotals; how: string }> {
  const transcript = opts.session.transcriptPath === undefined ? undefined : path.resolve(opts.session.transcriptPath);
  let sessionId = opts.session.sessionId ?? (transcript ? path.basename(transcript, '.jsonl') : undefined);
  let env = renv;
  if (transcript !== undefined) {
    if (!statSync(transcript, { throwIfNoEntry: false })?.isFile()) {
      // Without its transcript we cannot tell the session's cost: better no figure than a false $0.00.
      problems.add(`transcript not found: ${opts.session.transcriptPath}`);
      sessionId = undefined;
    } else {
      const root = projectsRoot(transcript);
      if (root !== undefined && !claude.roots(renv).some((r) => isInside(transcript, path.join(r.dir, 'projects')))) env = withExtraRoot(renv, root);
    }
  }

  const dir = cacheDir(renv);
  const scope = JSON.stringify([claude.roots(env).map((r) => r.dir), transcript ?? '', opts.zone ?? '']);
  const file = path.join(dir, `statusline-${murmurHex(scope, 16)}.bin`);
  const pricing = opts.pricing ?? SNAPSHOT_PRICING;
  const identity = `${codeIdentity()}\u0000${scope}\u0000${pricing.fingerprint}`;
  const { sinceMs } = opts.window;
  let ledger = opts.useCache ? Ledger.load(file, identity) : undefined;
  const existed = ledger !== undefined;
  if (ledger && (ledger.windowFrom > sinceMs || ledger.windowFrom < sinceMs - REBUILD_AFTER_MS)) ledger = undefined;

  const isSessionFile = sessionFiles(transcript);
  // Only files modified since the window start (of the ledger, if it is kept: never later than now's) and the session's own.
  const windowFrom = ledger?.windowFrom ?? sinceMs;
  const keep = (f: LogFile): boolean => f.mtimeMs >= windowFrom || isSessionFile(f.path);
  const { now } = opts.window;
  // A clock set back (now before the last rescan) rescans.
  const rescannedAt = ledger?.rescannedAtMs;
  const focused = ledger !== undefined && rescannedAt !== undefined && rescannedAt <= now && now - rescannedAt < opts.rescanEveryMs;
  const rescan = (): Discovery => discover([claude], env, { ...(ledger ? { known: ledger.folders } : {}), keep });
  let listing = focused ? discover([claude], env, { known: ledger!.folders, keep, focus: new Set([...ledger!.files.map((f) => f.path), ...(transcript ? [transcript] : [])]) }) : rescan();
  let reads = ledger && plan(ledger, listing.files, isSessionFile);
  // A ledger built again holds every file of the window: those of a focused listing are not all of them.
  if (!reads && focused) listing = rescan();
  const built = !ledger || !reads;
  if (!ledger || !reads) {
    ledger = new Ledger(sinceMs);
    reads = plan(ledger, listing.files, isSessionFile)!;
  }
  if (!focused || built) ledger.rescannedAtMs = now;
  ledger.folders = listing.folders;
  ledger.pricing = pricing;
  const complete = await readInto(ledger, reads, { built, ...(opts.useCache ? { cacheDir: dir } : {}) });
  const totals = ledger.totals({ ...opts.window, ...(sessionId !== undefined ? { sessionId } : {}) });
  // A read cut short by an I/O error left the ledger short of events: the next call starts from the saved one.
  if (opts.useCache && complete) {
    ledger.save(file, identity);
    if (!existed) prune(dir);
  }
  const looked = focused && !built ? `${listing.files.length} files looked at` : 'every file looked at';
  return { totals, how: `ledger ${built ? 'built' : 'updated'}, ${reads.length} file${reads.length === 1 ? '' : 's'} read, ${looked}` };
}

interface Read {
  file: LogFile;
  /** Only appended to since the ledger read it: go on from there. */
  from?: ResumePoint;
}

/**
 * What to read for the ledger to be up to date, oldest file first (on a tie between files, dedupe keeps
 * the response in the file read first); undefined when it must be built again.
 */
function plan(ledger: Ledger, files: readonly LogFile[], isSessionFile: (file: string) => boolean): Read[] | undefined {
  const wanted = files.filter((f) => f.mtimeMs >= ledger.windowFrom || isSessionFile(f.path));
  // The events of a file that is gone, or no longer in the window (its mtime went back), cannot be taken out alone.
  const listed = new Set(wanted.map((f) => f.path));
  if (ledger.files.some((known) => !listed.has(known.path))) return undefined;
  const reads: Read[] = [];
  for (const f of wanted) {
    const known = ledger.file(f.path);
    if (!known) {
      reads.push({ file: f });
      continue;
    }
    if (known.size === f.size && known.mtimeMs === f.mtimeMs) continue;
    const from = resumeAfterAppend(f, known);
    if (!from) return undefined; // shrunk or rewritten
    reads.push({ file: f, from });
  }
  return reads.sort((a, b) => a.file.mtimeMs - b.file.mtimeMs || (a.file.path < b.file.path ? -1 : 1));
}

/**
 * Reads and adds, in the order given; false when a read stopped on an I/O error. A build reads through
 * the worker pool (the files are many and may be big) and looks big files up in the shared per-file
 * cache; an update reads its few appended bytes here, without loading either.
 */
async function readInto(ledger: Ledger, reads: readonly Read[], opts: { built: boolean; cacheDir?: string }): Promise<boolean> {
  const found: { file: LedgerFile; events: UsageEvent[][] }[] = reads.map(({ file }) => ({ file: stamp(file), events: [] }));
  const requests: ReadRequest[] = [];
  const slots: number[] = [];
  let cache: FileCache | undefined;
  for (const [i, { file, from }] of reads.entries()) {
    let start = from;
    if (!start && opts.cacheDir !== undefined && file.size >= CACHED_FROM_BYTES) {
      // A big file new to the ledger (a first call, an old session resumed) is often in the shared cache.
      cache ??= new (await import('../pipeline/file-cache.js')).FileCache(opts.cacheDir);
      const hit = cache.get(file.path);
      if (hit && hit.size === file.size && hit.mtimeMs === file.mtimeMs) {
        found[i] = { file: { ...stamp(file), ...(hit.resume ? { resume: hit.resume } : {}) }, events: [hit.events] };
        continue;
      }
      const after = hit && resumeAfterAppend(file, hit);
      if (after) {
        found[i]!.events.push(hit.events);
        start = after;
      }
    }
    requests.push({ provider: 'claude', path: file.path, bytes: start ? file.size - start.bytes : file.size, ...(start ? { from: start } : {}) });
    slots.push(i);
  }
  let complete = true;
  const take = (k: number, result: FileReadResult): void => {
    const slot = found[slots[k]!]!;
    if (!result.complete) complete = false;
    slot.events.push(result.events);
    slot.file = { ...slot.file, ...(result.resume ? { resume: result.resume } : {}) };
  };
  if (opts.built) await (await import('../pipeline/pool.js')).readAll(requests, take);
  else requests.forEach((r, k) => take(k, readFile(claude, r.path, r.from)));
  for (const { file, events } of found) {
    const index = ledger.track(file);
    for (const part of events) ledger.add(index, part);
  }
  return complete;
}

function stamp(f: LogFile): LedgerFile {
  return { path: f.path, size: f.size, mtimeMs: f.mtimeMs };
}

/** The transcript and its sub-agent transcripts (`<dir>/<sessionId>/subagents/**`). */
function sessionFiles(transcript: string | undefined): (file: string) => boolean {
  if (transcript === undefined) return () => false;
  const subagents = path.join(path.dirname(transcript), path.basename(transcript, '.jsonl'), 'subagents') + path.sep;
  return (file) => file === transcript || file.startsWith(subagents);
}

/**
 * This code's file, with its size and mtime: bundled ES module chunks are named by the hash of their
 * content and of what they import, the status line's CommonJS bundle is not; any build rewrites it.
 */
function codeIdentity(): string {
  const file = fileURLToPath(import.meta.url);
  const stats = statSync(file, { throwIfNoEntry: false });
  return `${path.basename(file)}:${stats?.size}:${stats?.mtimeMs}`;
}

/** Keeps the KEEP most recently written ledgers (a state file, and the rows and listing files named after it). */
function prune(dir: string): void {
  try {
    const names = readdirSync(dir).filter((n) => n.startsWith('statusline-') && (n.endsWith('.bin') || n.endsWith('.list.json')));
    const part = (n: string): boolean => n.endsWith('.rows.bin') || n.endsWith('.list.json');
    const states = newestFirst(dir, names.filter((n) => !part(n)));
    const kept = new Set(states.slice(0, KEEP).map((n) => n.slice(0, -'.bin'.length)));
    for (const n of names) {
      const ledger = part(n) ? n.slice(0, n.lastIndexOf('-')) : n.slice(0, -'.bin'.length);
      if (!kept.has(ledger)) rmSync(path.join(dir, n), { force: true });
    }
  } catch {
    // Another call pruned at the same time, or the folder is unusable: nothing to keep tidy.
  }
}

/** `<root>` of `<root>/projects/<project>/<session>.jsonl`. */
function projectsRoot(transcriptPath: string): string | undefined {
  const parts = transcriptPath.split(path.sep);
  const at = parts.lastIndexOf('projects');
  return at > 0 ? parts.slice(0, at).join(path.sep) || path.sep : undefined;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The same environment with Claude's searched folders plus one (as CLAUDE_CONFIG_DIR, a comma list). */
function withExtraRoot(renv: RuntimeEnv, root: string): RuntimeEnv {
  const dirs = claude
    .roots(renv)
    .map((r) => r.dir)
    .filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory() === true);
  const all = [...dirs, root];
  if (all.some((d) => d.includes(','))) return renv;
  return { ...renv, env: { ...renv.env, CLAUDE_CONFIG_DIR: all.join(',') } };
}
