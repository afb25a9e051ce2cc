import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Replaces `target` by rename, so that readers never see half a file and two writers cannot
 * interleave inside one. False when the disk refused: the next run reads the logs again.
 */
export function writeAtomically(dir: string, target: string, data: Uint8Array): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, target);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable (a file in its place, no permission): nothing was written.
    }
    return false;
  }
}
