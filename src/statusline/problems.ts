import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

/** Past this size the log is moved to `statusline.log.1` (replacing the one before): at most two files. */
const ROTATE_BYTES = 256 * 1024;

export const PROBLEM_LOG = 'statusline.log';

/**
 * Where the status line writes what went wrong. The bar shows only the line, so problems (bad stdin,
 * a missing transcript, a model without a price, a failure while loading) go to a file in the cache
 * folder, one timestamped line each; writing it never fails the run.
 */
export class ProblemLog {
  readonly messages: string[] = [];

  constructor(
    readonly file: string,
    private readonly echo?: NodeJS.WritableStream,
  ) {}

  static in(dir: string, echo?: NodeJS.WritableStream): ProblemLog {
    return new ProblemLog(path.join(dir, PROBLEM_LOG), echo);
  }

  add(message: string): void {
    // One line per problem, whatever the message holds.
    this.messages.push(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }

  /** Appends the problems of this run, if any. */
  flush(nowMs: number): void {
    if (this.messages.length === 0) return;
    const stamp = new Date(nowMs).toISOString();
    const text = this.messages.map((m) => `${stamp} ${m}\n`).join('');
    this.echo?.write(text.replace(/^/gm, 'statusline: ').replace(/statusline: $/, ''));
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      try {
        if (statSync(this.file).size > ROTATE_BYTES) renameSync(this.file, `${this.file}.1`);
      } catch {
        // No log yet.
      }
      appendFileSync(this.file, text);
    } catch {
      // An unwritable cache folder: the problems are lost, the bar is not.
    }
    this.messages.length = 0;
  }
}
