/**
 * Reads only the parts of a JSON text that a reader uses, straight from its bytes.
 *
 * Log lines are mostly text nobody counts (thinking, tool inputs, file contents), and decoding all
 * of it to strings and objects is what made reading slow. `pickJson` checks the whole text against
 * the JSON grammar, as `JSON.parse` does (a damaged line is refused just the same), but turns into
 * values only the keys its pick names.
 *
 * Its result equals `project(JSON.parse(text), pick)`, where a pick of `true` keeps a value whole; an
 * object pick keeps, of an object, only its keys (each projected by its own pick), and keeps any other
 * value whole; `[pick]` projects every element of an array. A text JSON.parse refuses gives `INVALID`.
 * `streamObject` does the same for a document too big to hold, one piece at a time.
 */

// Node's own Buffer methods, which Buffer#toString calls after checking its arguments (measurably
// slower for the many short strings read here).
declare module 'node:buffer' {
  interface Buffer {
    utf8Slice(start: number, end: number): string;
    latin1Slice(start: number, end: number): string;
  }
}

export type Pick = true | { readonly [key: string]: Pick } | readonly [Pick];

export const INVALID: unique symbol = Symbol('invalid JSON');

interface KeyPick {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly pick: CompiledPick;
}

interface ObjectPick {
  /** The keys by their length in bytes: most keys of a record have no candidate at all. */
  readonly byLength: readonly (readonly KeyPick[] | undefined)[];
  readonly keys: readonly KeyPick[];
}

/** A pick made ready for matching keys as bytes. */
export type CompiledPick = true | ObjectPick | { readonly each: CompiledPick };

export function compilePick(pick: Pick): CompiledPick {
  if (pick === true) return true;
  if (Array.isArray(pick)) return { each: compilePick((pick as readonly [Pick])[0]) };
  const keys = Object.entries(pick as { [key: string]: Pick }).map(([name, sub]) => ({
    bytes: Buffer.from(name, 'utf8'),
    name,
    pick: compilePick(sub),
  }));
  const byLength: KeyPick[][] = [];
  for (const key of keys) (byLength[key.bytes.length] ??= []).push(key);
  return { byLength, keys };
}

// 1 for the bytes that end a run of plain string content: the quote, the backslash, and control
// bytes (JSON forbids them raw inside strings).
const STRING_STOP = new Uint8Array(256);
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;

// Escapes JSON allows after a backslash (besides `u`): " \ / b f n r t.
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Thrown where the grammar is broken. */
const invalid = new Error('invalid JSON');
/** Thrown where the text ended too soon: invalid as a whole, but a stream may bring the rest. */
const truncated = new Error('truncated JSON');

// The text being read and the reader's position in it, for the functions that build picked values
// (a few per line). The skip functions, which see every byte, take and return positions instead:
// V8 keeps those in registers.
let buf: Buffer = Buffer.alloc(0);
let pos = 0;
let limit = 0;
/** Set by skipString: the string just skipped held a backslash (it must be unescaped to be read). */
let escaped = false;

const EMPTY = Buffer.alloc(0);

/** The projection of the JSON text in `text[start, end)` (see the module comment), or INVALID. */
export function pickJson(text: Buffer, start: number, end: number, pick: CompiledPick): unknown {
  begin(text, start, end);
  try {
    pos = skipWhitespace(text, start, end);
    const value = readValue(pick);
    if (skipWhitespace(text, pos, end) !== end) return INVALID;
    return value;
  } catch (err) {
    if (err === invalid || err === truncated) return INVALID;
    throw err;
  } finally {
    buf = EMPTY;
  }
}

/** Whether `text[start, end)` is one JSON value, as JSON.parse would accept it. */
export function isJson(text: Buffer, start: number, end: number): boolean {
  wordsFor(text);
  try {
    return skipWhitespace(text, skipValue(text, skipWhitespace(text, start, end), end), end) === end;
  } catch (err) {
    if (err === invalid || err === truncated) return false;
    throw err;
  }
}

function begin(text: Buffer, start: number, end: number): void {
  buf = text;
  pos = start;
  limit = end;
  wordsFor(text);
}

// ---------------------------------------------------------------------------------------------------
// Skipping: every byte is checked, nothing is built.

function skipWhitespace(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else break;
  }
  return p;
}

// The text's bytes as 32-bit words, to pass over plain string content four bytes at a time.
let wordsOf: ArrayBufferLike | undefined;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);

function wordsFor(b: Buffer): void {
  if (wordsOf === b.buffer) return;
  wordsOf = b.buffer;
  words = new Int32Array(b.buffer, 0, b.buffer.byteLength >> 2);
}

/** From the opening quote at `p` to just past the closing one. */
function skipString(b: Buffer, p: number, end: number): number {
  p++;
  const base = b.byteOffset;
  for (;;) {
    // Byte by byte up to a word boundary, then whole words while none holds a quote, a backslash or
    // a control byte (the usual bit tricks: some byte below 0x20, some byte equal to 0x22 or 0x5c).
    while (p < end && ((base + p) & 3) !== 0 && STRING_STOP[b[p]!] === 0) p++;
    if (p < end && ((base + p) & 3) === 0) {
      let w = (base + p) >> 2;
      const lastWord = ((base + end) >> 2) - 1;
      while (w <= lastWord) {
        const v = words[w]!;
        const q = v ^ 0x22222222;
        const s = v ^ 0x5c5c5c5c;
        if ((((v - 0x20202020) & ~v) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) break;
        w++;
      }
      p = w * 4 - base;
    }
    while (p < end && STRING_STOP[b[p]!] === 0) p++;
    if (p >= end) throw truncated;
    const c = b[p]!;
    if (c === QUOTE) return p + 1;
    if (c !== BACKSLASH) throw invalid; // a raw control byte
    escaped = true;
    if (p + 1 >= end) throw truncated;
    const e = b[p + 1]!;
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) {
        if (p + k >= end) throw truncated;
        if (HEX[b[p + k]!] === 0) throw invalid;
      }
      p += 6;
    } else if (SIMPLE_ESCAPE[e] === 1) {
      p += 2;
    } else {
      throw invalid;
    }
  }
}

function skipDigits(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c < 0x30 || c > 0x39) break;
    p++;
  }
  return p;
}

/** Past one or more digits at `p`. */
function skipDigitsAtLeastOne(b: Buffer, p: number, end: number): number {
  if (p >= end) throw truncated;
  const c = b[p]!;
  if (c < 0x30 || c > 0x39) throw invalid;
  return skipDigits(b, p + 1, end);
}

function skipNumber(b: Buffer, p: number, end: number): number {
  if (b[p] === 0x2d) p++;
  if (p >= end) throw truncated;
  const first = b[p]!;
  if (first === 0x30) p++;
  else if (first >= 0x31 && first <= 0x39) p = skipDigits(b, p + 1, end);
  else throw invalid;
  if (p < end && b[p] === 0x2e) p = skipDigitsAtLeastOne(b, p + 1, end);
  if (p < end && (b[p]! | 0x20) === 0x65) {
    p++;
    if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    p = skipDigitsAtLeastOne(b, p, end);
  }
  return p;
}

function skipLiteral(b: Buffer, p: number, end: number, word: string): number {
  for (let k = 0; k < word.length; k++) {
    if (p + k >= end) throw truncated;
    if (b[p + k] !== word.charCodeAt(k)) throw invalid;
  }
  return p + word.length;
}

/** Any value at `p`, checked and passed over. */
function skipValue(b: Buffer, p: number, end: number): number {
  if (p >= end) throw truncated;
  const c = b[p]!;
  if (c === QUOTE) return skipString(b, p, end);
  if (c === OPEN_BRACE) {
    p = skipWhitespace(b, p + 1, end);
    if (p < end && b[p] === CLOSE_BRACE) return p + 1;
    for (;;) {
      if (p >= end) throw truncated;
      if (b[p] !== QUOTE) throw invalid;
      p = skipColon(b, skipString(b, p, end), end);
      p = skipWhitespace(b, skipValue(b, p, end), end);
      if (p >= end) throw truncated;
      const next = b[p]!;
      if (next === CLOSE_BRACE) return p + 1;
      if (next !== COMMA) throw invalid;
      p = skipWhitespace(b, p + 1, end);
    }
  }
  if (c === OPEN_BRACKET) {
    p = skipWhitespace(b, p + 1, end);
    if (p < end && b[p] === CLOSE_BRACKET) return p + 1;
    for (;;) {
      p = skipWhitespace(b, skipValue(b, p, end), end);
      if (p >= end) throw truncated;
      const next = b[p]!;
      if (next === CLOSE_BRACKET) return p + 1;
      if (next !== COMMA) throw invalid;
      p = skipWhitespace(b, p + 1, end);
    }
  }
  if (c === 0x74) return skipLiteral(b, p, end, 'true');
  if (c === 0x66) return skipLiteral(b, p, end, 'false');
  if (c === 0x6e) return skipLiteral(b, p, end, 'null');
  return skipNumber(b, p, end);
}

/** Past the colon after a key, and the space around it. */
function skipColon(b: Buffer, p: number, end: number): number {
  p = skipWhitespace(b, p, end);
  if (p >= end) throw truncated;
  if (b[p] !== COLON) throw invalid;
  return skipWhitespace(b, p + 1, end);
}

// ---------------------------------------------------------------------------------------------------
// Reading: the picked values, built as JSON.parse builds them. These work at `pos` in `buf`.

/** After a member at `pos`: true at the closing byte (consumed), false after a comma and the space after it. */
function endOfMember(close: number): boolean {
  pos = skipWhitespace(buf, pos, limit);
  if (pos >= limit) throw truncated;
  const c = buf[pos];
  if (c !== close && c !== COMMA) throw invalid;
  pos = c === close ? pos + 1 : skipWhitespace(buf, pos + 1, limit);
  return c === close;
}

/** The value at `pos`, projected by `pick`. */
function readValue(pick: CompiledPick): unknown {
  if (pos >= limit) throw truncated;
  const c = buf[pos]!;
  if (pick !== true) {
    if (c === OPEN_BRACE && 'keys' in pick) return readObject(pick);
    if (c === OPEN_BRACKET && 'each' in pick) return readArray(pick.each);
  }
  return readWhole();
}

function readWhole(): unknown {
  const start = pos;
  const c = buf[pos]!;
  if (c === QUOTE) {
    escaped = false;
    pos = skipString(buf, pos, limit);
    return escaped ? JSON.parse(buf.utf8Slice(start, pos)) : buf.utf8Slice(start + 1, pos - 1);
  }
  if (c === 0x74) {
    pos = skipLiteral(buf, pos, limit, 'true');
    return true;
  }
  if (c === 0x66) {
    pos = skipLiteral(buf, pos, limit, 'false');
    return false;
  }
  if (c === 0x6e) {
    pos = skipLiteral(buf, pos, limit, 'null');
    return null;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    // Whole objects and arrays are picked only where they are small (a rate-limit block, a source).
    pos = skipValue(buf, pos, limit);
    return JSON.parse(buf.utf8Slice(start, pos));
  }
  return readNumber();
}

/** A number, as Number() (and so JSON.parse) reads its text. */
function readNumber(): number {
  const start = pos;
  pos = skipNumber(buf, pos, limit);
  // Token counts are plain integers: up to 15 digits they are exact in a double, summed here without
  // making a string first.
  if (pos - start <= 15) {
    let value = 0;
    let k = start;
    for (; k < pos; k++) {
      const digit = buf[k]! - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (k === pos) return value;
  }
  return Number(buf.latin1Slice(start, pos));
}

function readObject(pick: ObjectPick): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  pos = skipWhitespace(buf, pos + 1, limit);
  if (pos < limit && buf[pos] === CLOSE_BRACE) {
    pos++;
    return out;
  }
  for (;;) {
    if (pos >= limit) throw truncated;
    if (buf[pos] !== QUOTE) throw invalid;
    const wanted = readKey(pick);
    // A repeated key: the last one wins, as in JSON.parse.
    if (wanted) out[wanted.name] = readValue(wanted.pick);
    else pos = skipValue(buf, pos, limit);
    if (endOfMember(CLOSE_BRACE)) return out;
  }
}

function readArray(each: CompiledPick): unknown[] {
  const out: unknown[] = [];
  pos = skipWhitespace(buf, pos + 1, limit);
  if (pos < limit && buf[pos] === CLOSE_BRACKET) {
    pos++;
    return out;
  }
  for (;;) {
    out.push(readValue(each));
    if (endOfMember(CLOSE_BRACKET)) return out;
  }
}

/** The key at `pos` and the colon after it: the key's pick if the pick names it. */
function readKey(pick: ObjectPick): KeyPick | undefined {
  const start = pos;
  escaped = false;
  pos = skipString(buf, pos, limit);
  const end = pos;
  pos = skipColon(buf, pos, limit);
  if (escaped) {
    const name = JSON.parse(buf.utf8Slice(start, end)) as string;
    return pick.keys.find((k) => k.name === name);
  }
  const length = end - start - 2;
  const candidates = pick.byLength[length];
  if (candidates === undefined) return undefined;
  for (const key of candidates) {
    const bytes = key.bytes;
    let k = 0;
    while (k < length && bytes[k] === buf[start + 1 + k]) k++;
    if (k === length) return key;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Streaming a document too big to hold

export interface StreamedObject {
  /** The top-level members to hand on (projected), and the streamed one. */
  top: ObjectPick;
  /** The member whose array is handed on element by element. */
  stream: string;
  element: CompiledPick;
}

/** `members`: the top-level members to hand on whole; `stream`: the array member to hand on element by element. */
export function compileStreamedObject(members: { readonly [key: string]: Pick }, stream: string, element: Pick): StreamedObject {
  return { top: compilePick({ ...members, [stream]: true }) as ObjectPick, stream, element: compilePick(element) };
}

const STREAM = Symbol('streamed member');

/**
 * Reads a document whose top level is an object from `chunks`, holding only the piece being read:
 * each member the spec names is handed to `onMember`, and each element of the array under
 * `spec.stream` to `onElement`, as soon as it is complete. Every byte is checked as `pickJson`
 * checks it; false means the document is not valid JSON (or holds a piece over `maxPiece` bytes),
 * and what came before the damage has been handed on. A `spec.stream` member that is not an array
 * goes to `onMember`.
 */
export function streamObject(
  chunks: Iterable<Buffer>,
  spec: StreamedObject,
  onMember: (name: string, value: unknown) => void,
  onElement: (value: unknown) => void,
  maxPiece: number,
): boolean {
  const source = chunks[Symbol.iterator]();
  let window = Buffer.allocUnsafe(1 << 16);
  let start = 0;
  let end = 0;

  /** Appends the next chunk after what is left unread; false at the end of the input. */
  const more = (): boolean => {
    const next = source.next();
    if (next.done) return false;
    const chunk = next.value;
    const kept = end - start;
    if (kept + chunk.length > window.length) {
      const grown = Buffer.allocUnsafe(Math.max(window.length * 2, kept + chunk.length));
      window.copy(grown, 0, start, end);
      window = grown;
      start = 0;
      end = kept;
    } else if (end + chunk.length > window.length) {
      window.copyWithin(0, start, end);
      start = 0;
      end = kept;
    }
    window.set(chunk, end);
    end += chunk.length;
    return true;
  };

  /**
   * One step of reading from `start` (a step starts with space: what came before may have ended just
   * before it); a step that ran out of bytes runs again with more. A step's
   * result is taken only once the step is complete, so nothing is handed on twice.
   */
  const step = <T>(read: () => T): T | typeof INVALID => {
    for (;;) {
      begin(window, start, end);
      try {
        const value = read();
        start = pos;
        return value;
      } catch (err) {
        if (err === truncated && end - start <= maxPiece && more()) continue;
        if (err === invalid || err === truncated) return INVALID;
        throw err;
      } finally {
        buf = EMPTY;
      }
    }
  };

  /** Past space to the next byte, which must be there. */
  const skipSpace = (): void => {
    pos = skipWhitespace(buf, pos, limit);
    if (pos >= limit) throw truncated;
  };

  const opened = step(() => {
    skipSpace();
    if (buf[pos] === 0xef) {
      // A byte-order mark (what else starts with this byte is not JSON).
      if (pos + 3 > limit) throw truncated;
      if (buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) pos += 3;
    }
    skipSpace();
    if (buf[pos] !== OPEN_BRACE) throw invalid;
    pos++;
    skipSpace();
    if (buf[pos] !== CLOSE_BRACE) return false;
    pos++;
    return true;
  });
  if (opened === INVALID) return false;
  let closed: boolean = opened;
  while (!closed) {
    // One member: its key, then its value whole, or the streamed array element by element.
    const key = step(() => {
      skipSpace();
      if (buf[pos] !== QUOTE) throw invalid;
      const wanted = readKey(spec.top);
      skipSpace();
      return wanted?.name === spec.stream && buf[pos] === OPEN_BRACKET ? STREAM : wanted ?? null;
    });
    if (key === INVALID) return false;
    if (key === STREAM) {
      let last = step(() => {
        pos++;
        skipSpace();
        if (buf[pos] !== CLOSE_BRACKET) return false;
        pos++;
        return true;
      });
      while (last === false) {
        const element = step(() => {
          skipSpace();
          const value = readValue(spec.element);
          return { value, last: endOfMember(CLOSE_BRACKET) };
        });
        if (element === INVALID) return false;
        onElement(element.value);
        last = element.last;
      }
      if (last === INVALID) return false;
      const after = step(() => endOfMember(CLOSE_BRACE));
      if (after === INVALID) return false;
      closed = after;
    } else {
      const member = step(() => {
        skipSpace();
        const value = key === null ? ((pos = skipValue(buf, pos, limit)), undefined) : readValue(key.pick);
        return { value, last: endOfMember(CLOSE_BRACE) };
      });
      if (member === INVALID) return false;
      if (key !== null) onMember(key.name, member.value);
      closed = member.last;
    }
  }
  // Only space may follow the document.
  for (;;) {
    if (skipWhitespace(window, start, end) !== end) return false;
    start = end;
    if (!more()) return true;
  }
}
