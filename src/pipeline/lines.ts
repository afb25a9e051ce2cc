/**
 * Splits a byte stream into lines without looking twice at the bytes that cannot matter: a line is
 * handed on (and then read) only when it holds one of the needles. Memory stays bounded by the chunk
 * size plus the longest line, capped at MAX_LINE_BYTES.
 */
import { MAX_LINE_BYTES, theScanner, type Scanner } from './json-scan.js';

export { MAX_LINE_BYTES } from './json-scan.js';

export interface LineSink {
  /** A complete line that holds a needle: `bytes[start, end)`, without its line terminator; valid only during the call. */
  line(bytes: Buffer, start: number, end: number, lineNo: number): void;
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

const NEEDLE_ENTRY_BYTES = 64;
const MAX_NEEDLE_BYTES = 64;

/** Bytes found everywhere in JSON logs: lowercase letters, digits, space and JSON's punctuation. */
const COMMON_IN_JSON = new Set(Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789 "{}[],:.', 'latin1'));

const needleTables = new Map<string, number>();

/**
 * The needle table the module reads (layout in src/wasm/lines.ts), made once per list of needles. A
 * needle's candidates are the places where its first, its last and its rarest byte (the first that is
 * not common in JSON text: `_` in `"output_tokens"`) all match, sixteen places at a time; only those
 * are compared whole.
 */
function needleTable(scanner: Scanner, needles: readonly string[]): number {
  const id = needles.join('\n');
  const known = needleTables.get(id);
  if (known !== undefined) return known;
  const table = scanner.allocateProgram((16 + NEEDLE_ENTRY_BYTES * needles.length) / 4);
  const bytes = scanner.bytes;
  bytes.writeUInt32LE(needles.length, table);
  needles.forEach((text, n) => {
    const needle = Buffer.from(text, 'utf8');
    if (needle.length === 0 || needle.length > MAX_NEEDLE_BYTES || needle.includes(NEWLINE)) throw new Error(`unusable needle ${JSON.stringify(text)}`);
    const rare = Math.max(0, needle.findIndex((c) => !COMMON_IN_JSON.has(c)));
    const entry = table + 16 + n * NEEDLE_ENTRY_BYTES;
    bytes.fill(needle[0]!, entry, entry + 16);
    bytes.fill(needle[rare]!, entry + 16, entry + 32);
    bytes.fill(needle[needle.length - 1]!, entry + 32, entry + 48);
    bytes.writeUInt32LE(rare, entry + 48);
    bytes.writeUInt32LE(needle.length - 1, entry + 52);
    bytes.writeUInt32LE(scanner.allocateBytes(needle), entry + 56);
    bytes.writeUInt32LE(needle.length, entry + 60);
  });
  needleTables.set(id, table);
  return table;
}

export class LineSplitter {
  private readonly table: number;
  private readonly sink: LineSink;
  private readonly scanner: Scanner;
  /** The bytes of an unfinished line, in the module's memory at `scanner.carry`. */
  private carryBytes = 0;
  private carryOverlong = false;
  private consumed = 0;
  private committedBytes = 0;
  private lineNo: number;
  private atStart: boolean;
  /** The first bytes of the input while they are fewer than a byte-order mark's three. */
  private heldStart = Buffer.alloc(0);
  /** The last bytes consumed before the current chunk, and those before the commit point. */
  private consumedTail: Buffer;
  private committedTail: Buffer;

  /**
   * `firstLineNo` is the number of the first line to come, `startByte` where it starts and
   * `fingerprint` the bytes just before it (1, 0 and nothing for a file read from its beginning).
   */
  constructor(needles: readonly string[], sink: LineSink, firstLineNo = 1, startByte = 0, fingerprint = Buffer.alloc(0)) {
    this.scanner = theScanner();
    this.table = needleTable(this.scanner, needles);
    this.sink = sink;
    this.lineNo = firstLineNo;
    this.atStart = startByte === 0;
    this.consumed = startByte;
    this.committedBytes = startByte;
    this.consumedTail = fingerprint;
    this.committedTail = fingerprint;
  }

  push(chunk: Buffer): void {
    // A byte-order mark can only be told from the first three bytes: hold a shorter first chunk.
    if (this.atStart && this.heldStart.length + chunk.length < UTF8_BOM.length) {
      this.heldStart = Buffer.concat([this.heldStart, chunk]);
      return;
    }
    if (this.heldStart.length > 0) {
      chunk = Buffer.concat([this.heldStart, chunk]);
      this.heldStart = Buffer.alloc(0);
    }
    if (chunk.buffer === this.scanner.bytes.buffer) {
      this.pushPlaced(chunk);
      return;
    }
    // The module reads only its own memory: a chunk from elsewhere is copied in, a piece at a time.
    const input = this.scanner.input;
    for (let at = 0; at < chunk.length; at += input.length) {
      const piece = chunk.subarray(at, at + input.length);
      input.set(piece);
      this.pushPlaced(input.subarray(0, piece.length));
    }
  }

  /** `push` of a chunk in the module's memory (followed by the room findLines reads past its end). */
  private pushPlaced(chunk: Buffer): void {
    let start = 0;
    if (this.atStart) {
      this.atStart = false;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) {
        start = 3;
        this.committedBytes = this.consumed + start;
      }
    }
    if (this.carryBytes > 0 || this.carryOverlong) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl !== -1) {
        this.finishCarried(chunk.subarray(start, nl));
        this.lineNo++;
        start = nl + 1;
        this.committedBytes = this.consumed + start;
      } else {
        this.keep(chunk.subarray(start));
        start = chunk.length;
      }
    }
    const s = this.scanner;
    const base = chunk.byteOffset;
    const found = s.found;
    // As many lines as `found` holds per call; then it is called again from where it stopped.
    const capacity = Math.floor(found.length / 3);
    while (start < chunk.length) {
      const count = s.findLines(base + start, base + chunk.length, this.table, found.byteOffset, capacity);
      for (let k = 0; k < 3 * count; k += 3) this.emit(s.bytes, found[k]!, found[k + 1]!, this.lineNo + found[k + 2]!);
      this.lineNo += s.passedLines();
      const resumed = s.resumeAt() - base;
      if (resumed > start) {
        start = resumed;
        this.committedBytes = this.consumed + start;
      }
      if (count < capacity) break;
    }
    if (this.committedBytes > this.consumed) this.committedTail = lastBytes(this.consumedTail, chunk.subarray(0, this.committedBytes - this.consumed));
    this.consumedTail = lastBytes(this.consumedTail, chunk);
    this.consumed += chunk.length;
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Ends the input; an unterminated last line is handed back, not emitted. */
  end(): SplitResult {
    if (this.heldStart.length > 0) {
      const held = this.heldStart;
      this.atStart = false;
      this.heldStart = Buffer.alloc(0);
      this.push(held);
    }
    const tail = this.carryOverlong ? Buffer.alloc(0) : Buffer.from(this.scanner.carry.subarray(0, this.carryBytes));
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
      this.carryBytes = 0;
      this.carryOverlong = true;
      return;
    }
    this.scanner.carry.set(part, this.carryBytes);
    this.carryBytes += part.length;
  }

  private finishCarried(last: Buffer): void {
    const carry = this.scanner.carry;
    const length = this.carryBytes + last.length;
    if (this.carryOverlong || length > MAX_LINE_BYTES) {
      this.sink.overlong(this.lineNo);
    } else {
      carry.set(last, this.carryBytes);
      // Ended by a newline, the whole line is looked through like any other.
      carry[length] = NEWLINE;
      const found = this.scanner.found;
      if (this.scanner.findLines(carry.byteOffset, carry.byteOffset + length + 1, this.table, found.byteOffset, 1) === 1) {
        this.emit(this.scanner.bytes, carry.byteOffset, carry.byteOffset + length, this.lineNo);
      }
    }
    this.carryBytes = 0;
    this.carryOverlong = false;
  }

  private emit(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    this.sink.line(buf, start, end, lineNo);
  }
}
