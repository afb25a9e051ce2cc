export interface Progress {
  update(doneFiles: number, totalFiles: number, doneBytes: number, totalBytes: number): void;
  done(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const MB = 1024 * 1024;

/**
 * "files and MB done" on stderr, for a cold scan that takes more than about a second, and only when
 * stderr is a terminal: a pipe or a log file gets nothing, and stdout is never touched.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(doneFiles, totalFiles, doneBytes, totalBytes) {
      const now = Date.now();
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      drawn = true;
      stream.write(
        `\r\x1b[2Kreading logs: ${doneFiles}/${totalFiles} files, ${(doneBytes / MB).toFixed(0)}/${(totalBytes / MB).toFixed(0)} MB`,
      );
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
