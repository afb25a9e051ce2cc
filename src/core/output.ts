import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to stdout (1) or stderr (2) at once, without setting up process.stdout's stream
 * (a few ms of a short run). A descriptor someone left non-blocking gets the rest through the stream;
 * a reader that went away (EPIPE) gets nothing more.
 */
export function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw err;
    streamed = true;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(done));
  }
}

let streamed = false;

/** Whether some of what writeAll wrote went through a stream, which may still be writing it (process.exit() would cut it short). */
export function wroteThroughStream(): boolean {
  return streamed;
}
