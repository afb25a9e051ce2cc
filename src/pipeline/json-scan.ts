import wasmBytes from '../../build/log-scan.wasm';

/**
 * The WebAssembly module that finds log lines and checks their JSON (src/wasm/), and the memory it reads: one
 * instance per thread, its memory laid out once and never grown again, so that views of it stay
 * valid. Pages are reserved, not touched: what is never written costs no memory.
 */

export const SCAN_INVALID = -1;
/** The text ended inside a value: a stream may bring the rest. */
export const SCAN_TRUNCATED = -2;
/** An object being picked has a key with an escape: the caller reads it another way. */
export const SCAN_ESCAPED_KEY = -3;

/** Slot flags (see the module): the value is there; a string with escapes; an object read key by key. */
export const SLOT_PRESENT = 1;
export const SLOT_ESCAPED = 2;
export const SLOT_DESCENDED = 4;

/** The longest line (or piece of a streamed document) read: longer ones are skipped unread. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** What files are read in: one chunk, inside the module's memory, so its lines need no copy. */
export const READ_CHUNK_BYTES = 1 << 20;

interface ScanExports {
  memory: WebAssembly.Memory;
  setup(slots: number, stack: number, stackBytes: number): void;
  heapBase(): number;
  walk(node: number, p: number, end: number): number;
  escaped(): number;
  findLines(p: number, end: number, table: number, out: number, capacity: number): number;
  passedLines(): number;
  resumeAt(): number;
  unescapeString(p: number, end: number, out: number): number;
}

// One byte a level of nesting: room for the deepest text a line or piece can hold, so that nothing
// JSON.parse accepts is refused for its depth. Reserved, not touched, unless a text is that deep.
const STACK_BYTES = MAX_LINE_BYTES / 2;
const PROGRAM_BYTES = 1 << 18;
const SLOT_BYTES = 1 << 18;
/** A line or a document's piece to check, when it is not in the read chunk already. */
const SCRATCH_BYTES = MAX_LINE_BYTES;
/** A streamed document's unread bytes: a piece up to MAX_LINE_BYTES and the chunk after it. */
const WINDOW_BYTES = MAX_LINE_BYTES + READ_CHUNK_BYTES;
/** The text of a string holding JSON, its escapes undone (see json-pick.ts `jsonInString`). */
const UNESCAPED_BYTES = MAX_LINE_BYTES;
/** An unfinished line kept from one chunk to the next, and the newline that ends it there. */
const CARRY_BYTES = MAX_LINE_BYTES + 1;
/** The lines findLines reports per call: three i32 each. */
const FOUND_BYTES = 1 << 16;
/** findLines reads up to 80 bytes past the end of what it is given: every region is followed by this. */
const READ_PAST_BYTES = 128;

export class Scanner {
  readonly walk: (node: number, p: number, end: number) => number;
  readonly escaped: () => number;
  /** The module's memory, whole. */
  readonly bytes: Buffer;
  /** Three words per slot: start, end, flags. */
  readonly slots: Int32Array;
  readonly programs: Uint32Array;
  private programEnd: number;
  private slotCount = 0;
  readonly chunk: Buffer;
  readonly scratch: Buffer;
  readonly window: Buffer;
  /** Where a chunk that is not in this memory is copied for the line finder. */
  readonly input: Buffer;
  readonly carry: Buffer;
  readonly unescaped: Buffer;
  /** What findLines writes: start, end and line index of each line it found. */
  readonly found: Int32Array;
  readonly findLines: (p: number, end: number, table: number, out: number, capacity: number) => number;
  readonly passedLines: () => number;
  readonly resumeAt: () => number;
  /** The checked string text between `p` (past its quote) and `end` (its closing quote), unescaped at `out`: its length. */
  readonly unescapeString: (p: number, end: number, out: number) => number;

  constructor() {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes)).exports as unknown as ScanExports;
    let at = align(exports.heapBase());
    const take = (size: number): number => {
      const start = at;
      at = align(at + size + READ_PAST_BYTES);
      return start;
    };
    const stack = take(STACK_BYTES);
    const programs = take(PROGRAM_BYTES);
    const slots = take(SLOT_BYTES);
    const chunk = take(READ_CHUNK_BYTES);
    const scratch = take(SCRATCH_BYTES);
    const window = take(WINDOW_BYTES);
    const input = take(READ_CHUNK_BYTES);
    const carry = take(CARRY_BYTES);
    const found = take(FOUND_BYTES);
    const unescaped = take(UNESCAPED_BYTES);
    const memory = exports.memory;
    memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
    exports.setup(slots, stack, STACK_BYTES);
    this.walk = exports.walk;
    this.escaped = exports.escaped;
    this.findLines = exports.findLines;
    this.passedLines = exports.passedLines;
    this.resumeAt = exports.resumeAt;
    this.unescapeString = exports.unescapeString;
    this.bytes = Buffer.from(memory.buffer);
    this.slots = new Int32Array(memory.buffer, slots, SLOT_BYTES >> 2);
    this.programs = new Uint32Array(memory.buffer, programs, PROGRAM_BYTES >> 2);
    this.programEnd = programs;
    this.chunk = this.bytes.subarray(chunk, chunk + READ_CHUNK_BYTES);
    this.scratch = this.bytes.subarray(scratch, scratch + SCRATCH_BYTES);
    this.window = this.bytes.subarray(window, window + WINDOW_BYTES);
    this.input = this.bytes.subarray(input, input + READ_CHUNK_BYTES);
    this.carry = this.bytes.subarray(carry, carry + CARRY_BYTES);
    this.found = new Int32Array(memory.buffer, found, FOUND_BYTES >> 2);
    this.unescaped = this.bytes.subarray(unescaped, unescaped + UNESCAPED_BYTES);
  }

  /** Room for a program of `words` words, at its byte address in the module's memory. */
  allocateProgram(words: number): number {
    const address = this.programEnd;
    if (address + 4 * words > this.programs.byteOffset + this.programs.byteLength) throw new Error('too many picks compiled');
    this.programEnd += 4 * words;
    return address;
  }

  /** The address of `bytes` copied into program memory. */
  allocateBytes(bytes: Uint8Array): number {
    const address = this.allocateProgram(Math.ceil(bytes.length / 4));
    this.bytes.set(bytes, address);
    return address;
  }

  allocateSlots(count: number): number {
    const first = this.slotCount;
    if (3 * (first + count) > this.slots.length) throw new Error('too many picks compiled');
    this.slotCount += count;
    return first;
  }

  /** Where `text[start, end)` is in the module's memory: itself, or a copy in the scratch space. */
  place(text: Buffer, start: number, end: number): number {
    if (text.buffer === this.bytes.buffer) return text.byteOffset + start;
    if (end - start > this.scratch.length) return -1;
    this.scratch.set(text.subarray(start, end));
    return this.scratch.byteOffset;
  }
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}

let scanner: Scanner | undefined;

/** This thread's scanner, made on first use. */
export function theScanner(): Scanner {
  return (scanner ??= new Scanner());
}
