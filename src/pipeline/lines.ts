/**
 * Splits a byte stream into lines without decoding the bytes that cannot matter: a line is turned
 * into a string (and later JSON-parsed) only when it holds one of the needles. Memory stays bounded by
 * the chunk size plus the longest line, capped at MAX_LINE_BYTES.
 */

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface LineSink {
  /** A complete line (no line terminator) that holds a needle. */
  line(text: string, lineNo: number): void;
  /** A line over MAX_LINE_BYTES, dropped unread. */
  overlong(lineNo: number): void;
}

export interface SplitResult {
  /** Offset just past the last newline: where a later read of the same file resumes. */
  committedBytes: number;
  /** Lines ended by a newline, counted from the start of the file. */
  committedLines: number;
  /** Bytes after the last newline (an unterminated last line), empty when the input ended in a newline. */
  tail: Buffer;
  /** The unterminated last line went over MAX_LINE_BYTES: it was dropped unread (`tail` is empty). */
  overlongTail: boolean;
  /** The last FINGERPRINT_BYTES bytes before `committedBytes` (fewer near the start of the file). */
  fingerprint: Buffer;
}

/**
 * How many bytes before a resume point are remembered: a grown file whose bytes there differ was
 * rewritten, not appended to, and must be read again from the start.
 */
export const FINGERPRINT_BYTES = 64;

/** The last FINGERPRINT_BYTES of `before` followed by `after`, copied (chunks are reused by streams). */
export function lastBytes(before: Buffer, after: Buffer): Buffer {
  if (after.length >= FINGERPRINT_BYTES) return Buffer.from(after.subarray(after.length - FINGERPRINT_BYTES));
  const joined = Buffer.concat([before, after]);
  return Buffer.from(joined.subarray(Math.max(0, joined.length - FINGERPRINT_BYTES)));
}

const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LineSplitter {
  private readonly needles: Buffer[];
  private readonly sink: LineSink;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryOverlong = false;
  private consumed = 0;
  private committedBytes = 0;
  private lineNo: number;
  private atStart: boolean;
  /** The last bytes consumed before the current chunk, and those before the commit point. */
  private consumedTail: Buffer;
  private committedTail: Buffer;

  /**
   * `firstLineNo` is the number of the first line to come, `startByte` where it starts and
   * `fingerprint` the bytes just before it (1, 0 and nothing for a file read from its beginning).
   */
  constructor(needles: readonly string[], sink: LineSink, firstLineNo = 1, startByte = 0, fingerprint = Buffer.alloc(0)) {
    this.needles = needles.map((n) => Buffer.from(n, 'utf8'));
    this.sink = sink;
    this.lineNo = firstLineNo;
    this.atStart = startByte === 0;
    this.consumed = startByte;
    this.committedBytes = startByte;
    this.consumedTail = fingerprint;
    this.committedTail = fingerprint;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.atStart) {
      this.atStart = false;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) start = 3;
    }
    // Next known position of each needle in this chunk (-1: none left), so every needle is searched
    // once per chunk rather than once per line.
    const hits = this.needles.map((n) => chunk.indexOf(n, start));
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      if (this.carryBytes > 0 || this.carryOverlong) {
        this.finishCarried(chunk.subarray(start, nl));
      } else {
        let wanted = false;
        for (let i = 0; i < hits.length; i++) {
          let h = hits[i]!;
          if (h !== -1 && h < start) h = hits[i] = chunk.indexOf(this.needles[i]!, start);
          if (h !== -1 && h < nl) wanted = true;
        }
        if (wanted) this.emit(chunk, start, nl);
      }
      this.lineNo++;
      start = nl + 1;
      this.committedBytes = this.consumed + start;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (this.committedBytes > this.consumed) this.committedTail = lastBytes(this.consumedTail, chunk.subarray(0, start));
    this.consumedTail = lastBytes(this.consumedTail, chunk);
    this.consumed += chunk.length;
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Ends the input; an unterminated last line is handed back, not emitted. */
  end(): SplitResult {
    const tail = this.carryOverlong ? Buffer.alloc(0) : Buffer.concat(this.carry, this.carryBytes);
    return {
      committedBytes: this.committedBytes,
      committedLines: this.lineNo - 1,
      tail,
      overlongTail: this.carryOverlong,
      fingerprint: this.committedTail,
    };
  }

  private keep(part: Buffer): void {
    if (this.carryOverlong) return;
    if (this.carryBytes + part.length > MAX_LINE_BYTES) {
      this.carry = [];
      this.carryBytes = 0;
      this.carryOverlong = true;
      return;
    }
    // Copy: the stream may reuse the chunk's memory.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private finishCarried(last: Buffer): void {
    if (this.carryOverlong || this.carryBytes + last.length > MAX_LINE_BYTES) {
      this.sink.overlong(this.lineNo);
    } else {
      const line = Buffer.concat([...this.carry, last], this.carryBytes + last.length);
      if (this.needles.some((n) => line.includes(n))) this.emit(line, 0, line.length);
    }
    this.carry = [];
    this.carryBytes = 0;
    this.carryOverlong = false;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    this.sink.line(buf.toString('utf8', start, end), this.lineNo);
  }
}
