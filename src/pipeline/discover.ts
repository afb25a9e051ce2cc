import { statSync } from 'node:fs';
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

/**
 * Lists every log file of the given adapters, sorted by path so that every run sees the same order.
 * A file found under two roots (overlapping env entries) is listed once.
 */
export async function discover(adapters: readonly Adapter[], renv: RuntimeEnv): Promise<Discovery> {
  const searched: string[] = [];
  const byPath = new Map<string, LogFile>();
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
        dot: false,
      });
      for (const entry of entries) {
        if (!entry.stats || byPath.has(entry.path)) continue;
        byPath.set(entry.path, {
          path: entry.path,
          provider: adapter.provider,
          size: entry.stats.size,
          mtimeMs: entry.stats.mtimeMs,
        });
      }
    }
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, searched };
}
