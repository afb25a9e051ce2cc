import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeviceSource } from '../config/sources.js';
import { UserError } from '../core/errors.js';
import { ADAPTERS } from '../providers/index.js';

/** `dir` with its links resolved, or as given when it does not exist (nothing there to protect then, or to write into). */
const real = (dir: string): string => {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
};

/**
 * Refuses a file the user named (`export --output`, `report --html`) inside a folder the logs are read
 * from, of any agent and any source: the tool never writes into the agents' folders. Links are
 * resolved, so no other name of such a folder gets through.
 */
export function refuseAgentFolder(file: string, sources: readonly DeviceSource[]): void {
  const target = path.join(real(path.dirname(file)), path.basename(file));
  for (const source of sources) {
    for (const adapter of Object.values(ADAPTERS)) {
      for (const root of adapter ? source.roots(adapter) : []) {
        const dir = real(root.dir);
        if (target === dir || target.startsWith(dir + path.sep)) {
          throw new UserError(`refusing to write ${file}: it is inside ${root.dir}, where agent logs are read from`);
        }
      }
    }
  }
}

/** Writes a file the user named, never into an agent's folder; failing to is one line. */
export function writeOutputFile(file: string, text: string, sources: readonly DeviceSource[]): void {
  refuseAgentFolder(file, sources);
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
