/** Terminal control for the full-screen live view: alternate screen, hidden cursor, raw keys, and a restore that always runs. */

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export class FullScreen {
  private entered = false;
  private raw = false;
  private keyListener: ((data: Buffer | string) => void) | undefined;
  private readonly onExit = (): void => this.leave();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly input: NodeJS.ReadStream,
  ) {}

  get columns(): number {
    return this.out.columns || 80;
  }

  get rows(): number {
    return this.out.rows || 24;
  }

  /** Switches to the alternate screen; keys are handed to `onKey` (raw mode) when stdin is a terminal. */
  enter(onKey: (key: string) => void): void {
    if (this.entered) return;
    this.entered = true;
    // The last resort: whatever ends the process, the terminal gets its screen and cursor back.
    process.on('exit', this.onExit);
    this.out.write(ENTER);
    if (this.input.isTTY && typeof this.input.setRawMode === 'function') {
      this.input.setRawMode(true);
      this.raw = true;
    }
    this.keyListener = (data) => onKey(data.toString());
    this.input.on('data', this.keyListener);
    this.input.resume();
  }

  /** Replaces the screen's content in place: home, each line cleared to its end, the rest cleared. */
  draw(frame: string): void {
    if (!this.entered) return;
    this.out.write(`\x1b[H${frame.split('\n').join('\x1b[K\r\n')}\x1b[K\x1b[J`);
  }

  /** Back to the normal screen with the cursor shown and the keyboard in its usual mode. Safe to call twice. */
  leave(): void {
    if (!this.entered) return;
    this.entered = false;
    process.removeListener('exit', this.onExit);
    if (this.keyListener) this.input.removeListener('data', this.keyListener);
    if (this.raw) {
      try {
        this.input.setRawMode(false);
      } catch {
        // stdin already closed: nothing to restore.
      }
    }
    this.input.pause();
    this.out.write(LEAVE);
  }
}

/** q, Q, Ctrl-C, Ctrl-D and Esc alone quit. */
export function isQuitKey(key: string): boolean {
  return key === 'q' || key === 'Q' || key === '\x03' || key === '\x04' || key === '\x1b';
}
