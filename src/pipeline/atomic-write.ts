import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Replaces `target` by rename, so that readers never see half a file and two writers cannot
 * interleave inside one. `data` may come in pieces, made as they are written, so that a big file is
 * never whole in memory. False when the disk refused: the next run reads the logs again.
 */
export function writeAtomically(dir: string, target: string, data: Uint8Array | Iterable<Uint8Array>): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    if (data instanceof Uint8Array) {
      writeFileSync(temp, data);
    } else {
      const fd = openSync(temp, 'w');
      try {
        for (const piece of data) writeFileSync(fd, piece);
      } finally {
        closeSync(fd);
      }
    }
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
