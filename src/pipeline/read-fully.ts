import { readSync } from 'node:fs';

/** Fills `into` from the file at `position`; false if the file ends first (readSync may return less than asked). */
export function readFully(fd: number, into: Uint8Array, position: number): boolean {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}
