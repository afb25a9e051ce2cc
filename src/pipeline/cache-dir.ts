import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeEnv } from '../providers/adapter.js';

/** The OS cache folder for this tool; USAGE_CACHE_DIR overrides it. Never inside an agent's folder. */
export function cacheDir({ env, platform, home }: RuntimeEnv): string {
  if (env.USAGE_CACHE_DIR) return path.resolve(env.USAGE_CACHE_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'usage');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'usage');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'usage');
}

/**
 * Removes what other formats of one kind left in the cache folder (`<kind>-v<N>…` with N not `format`):
 * after an upgrade they are never read again, and the per-file cache alone is tens of MB. Never fails.
 */
export function dropOtherFormats(dir: string, kind: string, format: number): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(`${kind}-v`)) continue;
      const version = /^\d+/.exec(name.slice(kind.length + 2))?.[0];
      if (version !== undefined && Number(version) !== format) rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  } catch {
    // Another run tidied up at the same time, or the folder is unusable: nothing to do.
  }
}

/**
 * `names` of files in `dir`, the most recently written first (one that vanished meanwhile last): what
 * a cache of the last few runs keeps, dropping the rest.
 */
export function newestFirst(dir: string, names: readonly string[]): string[] {
  return names
    .map((n) => ({ n, t: statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t)
    .map(({ n }) => n);
}

/** Of the files in `dir` that `matches` names, removes all but the `keep` most recently written. Never fails. */
export function keepNewest(dir: string, matches: (name: string) => boolean, keep: number): void {
  try {
    const names = readdirSync(dir).filter(matches);
    if (names.length <= keep) return;
    for (const n of newestFirst(dir, names).slice(keep)) rmSync(path.join(dir, n), { force: true });
  } catch {
    // Another run pruned at the same time, or the folder is unusable: nothing to keep tidy.
  }
}
