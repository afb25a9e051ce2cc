import { readdir, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Provider } from '../core/types.js';
import type { Adapter, RuntimeEnv, SourceRoot } from '../providers/adapter.js';

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

/** A folder the user named in an env var that is not there: a user error, not an empty result. */
export class MissingRoot extends Error {
  constructor(readonly root: SourceRoot) {
    super(`${root.fromEnv ?? 'configured folder'} names ${root.dir}, which does not exist`);
  }
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
 * end. A folder that is one of its own ancestors once links are resolved reads as empty.
 */
function skippingCycles(realPath: (p: string) => string): typeof readdir {
  return ((dir: string, ...rest: unknown[]) => {
    const callback = rest[rest.length - 1] as (err: NodeJS.ErrnoException | null, entries: unknown[]) => void;
    const real = realPath(dir);
    for (let up = path.dirname(dir), below = dir; up !== below; below = up, up = path.dirname(up)) {
      if (realPath(up) === real) {
        process.nextTick(callback, null, []);
        return;
      }
    }
    (readdir as (...args: unknown[]) => void)(dir, ...rest);
  }) as unknown as typeof readdir;
}

/**
 * Lists every log file of the given adapters, sorted by path so that every run sees the same order.
 * A file found under two roots (overlapping env entries) is listed once.
 */
export async function discover(adapters: readonly Adapter[], renv: RuntimeEnv): Promise<Discovery> {
  const searched: string[] = [];
  const byReal = new Map<string, LogFile>();
  const realPath = cachedRealPath();
  for (const adapter of adapters) {
    for (const root of adapter.roots(renv)) {
      searched.push(root.dir);
      if (!isDirectory(root.dir)) {
        if (root.explicit) throw new MissingRoot(root);
        continue;
      }
      const entries = await fg(adapter.patterns as string[], {
        cwd: root.dir,
        absolute: true,
        onlyFiles: true,
        stats: true,
        suppressErrors: true,
        followSymbolicLinks: true,
        fs: { readdir: skippingCycles(realPath) },
        dot: false,
      });
      for (const entry of entries) {
        if (!entry.stats) continue;
        // One file reached by two paths (links, overlapping roots) is one file, under its smallest path.
        const real = realPath(entry.path);
        const held = byReal.get(real);
        if (held && held.path <= entry.path) continue;
        byReal.set(real, {
          path: entry.path,
          provider: adapter.provider,
          size: entry.stats.size,
          mtimeMs: entry.stats.mtimeMs,
        });
      }
    }
  }
  const files = [...byReal.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, searched };
}
