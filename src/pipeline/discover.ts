import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Provider } from '../core/types.js';
import { MissingRoot } from '../core/errors.js';
import type { Adapter, RuntimeEnv } from '../providers/adapter.js';

export interface LogFile {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
}

export interface Discovery {
  files: LogFile[];
  /** Every folder looked in, for the "no logs found" message. */
  searched: string[];
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function cachedRealPath(): (p: string) => string {
  const known = new Map<string, string>();
  return (p) => {
    let real = known.get(p);
    if (real === undefined) {
      try {
        real = realpathSync.native(p);
      } catch {
        real = p;
      }
      known.set(p, real);
    }
    return real;
  };
}

/**
 * fast-glob follows symbolic links without a cycle check: `projects/loop -> ..` is walked until the
 * OS refuses the path (ELOOP, some 40 levels, every file listed at each), and two such links never
 * end. A folder that is one of its own ancestors once links are resolved reads as empty. Only a
 * folder reached through a link can be that, so only those pay for resolving real paths; the
 * directory entries fast-glob reads tell which entries are links.
 */
function cycleSafeReaddirSync(): typeof readdirSync {
  const realPath = cachedRealPath();
  const links: string[] = [];
  const throughLink = (dir: string): boolean => links.some((link) => dir === link || dir.startsWith(link + path.sep));
  return ((dir: string, options: { withFileTypes: true }) => {
    if (throughLink(dir)) {
      const real = realPath(dir);
      for (let up = path.dirname(dir), below = dir; up !== below; below = up, up = path.dirname(up)) {
        if (realPath(up) === real) return [];
      }
    }
    const entries = readdirSync(dir, options);
    for (const entry of entries) if (entry.isSymbolicLink()) links.push(path.join(dir, entry.name));
    return entries;
  }) as unknown as typeof readdirSync;
}

/**
 * Lists every log file of the given adapters, sorted by path so that every run sees the same order.
 * A file found under two roots (overlapping env entries) is listed once.
 */
export async function discover(adapters: readonly Adapter[], renv: RuntimeEnv): Promise<Discovery> {
  const searched: string[] = [];
  const byIdentity = new Map<string, LogFile>();
  for (const adapter of adapters) {
    for (const root of adapter.roots(renv)) {
      searched.push(root.dir);
      if (!isDirectory(root.dir)) {
        if (root.explicit) throw new MissingRoot(root);
        continue;
      }
      // Synchronous and paths only: fast-glob then reads each folder once with its entry types, and
      // the thousands of small folders agents leave cost a fraction of the asynchronous walk.
      const relative = fg.sync(adapter.patterns as string[], {
        cwd: root.dir,
        onlyFiles: true,
        suppressErrors: true,
        followSymbolicLinks: true,
        fs: { readdirSync: cycleSafeReaddirSync() },
        dot: false,
      });
      // Joined here rather than by fast-glob's `absolute`, which normalizes every path on its own.
      const prefix = root.dir.endsWith(path.sep) ? root.dir : root.dir + path.sep;
      for (const rel of relative) {
        const file = prefix + (path.sep === '/' ? rel : rel.replaceAll('/', path.sep));
        let stats: Stats;
        try {
          stats = statSync(file);
        } catch {
          continue; // gone since it was listed
        }
        // One file reached by two paths (links, overlapping roots) is one file, under its smallest path.
        const identity = `${stats.dev}:${stats.ino}`;
        const held = byIdentity.get(identity);
        if (held && held.path <= file) continue;
        byIdentity.set(identity, { path: file, provider: adapter.provider, size: stats.size, mtimeMs: stats.mtimeMs });
      }
    }
  }
  const files = [...byIdentity.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, searched };
}
