import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { UsageEvent } from '../core/types.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { dedupe } from '../pipeline/dedupe.js';
import { FileCache } from '../pipeline/file-cache.js';
import { MissingRoot } from '../core/errors.js';
import { EventStore, type Loaded } from '../pipeline/store.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { claude } from '../providers/claude.js';
import type { ProblemLog } from './problems.js';
import { SessionMemo, type Stamp } from './session-memo.js';

export interface SessionRef {
  sessionId?: string;
  transcriptPath?: string;
}

export interface StatusData {
  /** Claude events of every file modified since the window start and of the session's own files, deduplicated. */
  events: UsageEvent[];
  /** The id the session's events carry. */
  sessionId?: string;
}

/**
 * Loads what the status line needs through the shared store and its persistent cache: files last
 * modified before `sinceMs` are not read (a file holds nothing later than its last change). The
 * session's own transcript and sub-agent files are always included: those older than `sinceMs` have
 * not changed since, so what they were read into is reused (the session memo, else the shared cache,
 * read only); only when one is not cached yet does this call reach back to it through the store,
 * which caches it for the next call. A transcript outside the folders Claude's logs are searched in
 * has its own `projects` folder added.
 */
export async function loadStatusData(
  renv: RuntimeEnv,
  opts: { sinceMs: number; session: SessionRef; useCache: boolean },
  problems: ProblemLog,
): Promise<StatusData> {
  const { transcriptPath } = opts.session;
  let sessionId = opts.session.sessionId ?? (transcriptPath ? path.basename(transcriptPath, '.jsonl') : undefined);
  let storeSince = opts.sinceMs;
  let env = renv;
  let older: UsageEvent[] = [];

  if (transcriptPath !== undefined) {
    const files = sessionFiles(transcriptPath);
    if (files.length === 0) {
      // Without its transcript we cannot tell the session's cost: better no figure than a false $0.00.
      problems.add(`transcript not found: ${transcriptPath}`);
      sessionId = undefined;
    }
    const old = files.filter((f) => f.mtimeMs < opts.sinceMs);
    if (old.length > 0) {
      const events = opts.useCache ? olderSessionEvents(cacheDir(renv), transcriptPath, old) : undefined;
      // Not all cached yet: this once, the store reaches back to them (and caches them).
      if (events) older = events;
      else storeSince = Math.min(storeSince, ...old.map((f) => f.mtimeMs));
    }
    const root = projectsRoot(transcriptPath);
    if (files.length > 0 && root !== undefined && !claude.roots(renv).some((r) => isInside(transcriptPath, path.join(r.dir, 'projects')))) {
      env = withExtraRoot(renv, root);
    }
  }

  const refresh = (useCache: boolean): Promise<Loaded> =>
    new EventStore({ providers: ['claude'], renv: env, modifiedSince: storeSince, useCache }).refresh();
  let loaded: Loaded;
  try {
    loaded = await refresh(opts.useCache);
  } catch (err) {
    // A cache folder that cannot be used must cost speed only, never the figures.
    if (!opts.useCache || err instanceof MissingRoot) throw err;
    problems.add(`the cache could not be used (${err instanceof Error ? err.message : String(err)}): read the logs without it`);
    loaded = await refresh(false);
  }
  return { events: merge(older, loaded.events), ...(sessionId !== undefined ? { sessionId } : {}) };
}

/**
 * The session's older events with the store's (already deduplicated) ones, a response still counted
 * once across every file. Deduplicating everything again costs as much as the store's own pass, so it
 * is done only when an older event shares a key or response id with a newer one (a resumed or /btw
 * replay); otherwise the older events are deduplicated among themselves only.
 */
function merge(older: readonly UsageEvent[], loaded: UsageEvent[]): UsageEvent[] {
  if (older.length === 0) return loaded;
  const ids = new Set<string>();
  for (const e of older) {
    if (e.dedupeKey !== undefined) ids.add(e.dedupeKey);
    if (e.responseId !== undefined) ids.add(e.responseId);
  }
  const overlap = loaded.some((e) => (e.dedupeKey !== undefined && ids.has(e.dedupeKey)) || (e.responseId !== undefined && ids.has(e.responseId)));
  return overlap ? dedupe([...older, ...loaded]) : [...dedupe(older), ...loaded];
}

/**
 * The events of the session's files older than the window: from the session memo when it was made
 * from these very files, else from the shared cache (read only; it loads every shard the files fall
 * in) and then remembered. Undefined when a file is not in the shared cache.
 */
function olderSessionEvents(dir: string, transcriptPath: string, old: readonly Stamp[]): UsageEvent[] | undefined {
  const memo = new SessionMemo(dir);
  const remembered = memo.get(transcriptPath, old);
  if (remembered) return remembered;
  const cache = new FileCache(dir);
  const events: UsageEvent[] = [];
  for (const f of old) {
    const hit = cache.get(f.path);
    if (!hit || hit.size !== f.size || hit.mtimeMs !== f.mtimeMs) return undefined;
    for (const e of hit.events) events.push(e);
  }
  memo.set(transcriptPath, old, events, Date.now());
  return events;
}

/** The transcript and its sub-agent transcripts (`<dir>/<sessionId>/subagents/**`), with their mtimes. */
export function sessionFiles(transcriptPath: string): Stamp[] {
  const out: Stamp[] = [];
  try {
    const s = statSync(transcriptPath);
    out.push({ path: transcriptPath, size: s.size, mtimeMs: s.mtimeMs });
  } catch {
    return out;
  }
  const subagents = path.join(path.dirname(transcriptPath), path.basename(transcriptPath, '.jsonl'), 'subagents');
  const walk = (dir: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // No sub-agents, or not readable: the transcript alone.
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < 8) walk(p, depth + 1);
      } else if (e.name.endsWith('.jsonl')) {
        try {
          const s = statSync(p);
          if (s.isFile()) out.push({ path: p, size: s.size, mtimeMs: s.mtimeMs });
        } catch {
          // Gone since the listing.
        }
      }
    }
  };
  walk(subagents, 0);
  return out;
}

/** `<root>` of `<root>/projects/<project>/<session>.jsonl`. */
function projectsRoot(transcriptPath: string): string | undefined {
  const parts = path.resolve(transcriptPath).split(path.sep);
  const at = parts.lastIndexOf('projects');
  return at > 0 ? parts.slice(0, at).join(path.sep) || path.sep : undefined;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The same environment with Claude's searched folders plus one (as CLAUDE_CONFIG_DIR, a comma list). */
function withExtraRoot(renv: RuntimeEnv, root: string): RuntimeEnv {
  const dirs = claude
    .roots(renv)
    .map((r) => r.dir)
    .filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
  const all = [...dirs, root];
  if (all.some((d) => d.includes(','))) return renv;
  return { ...renv, env: { ...renv.env, CLAUDE_CONFIG_DIR: all.join(',') } };
}
