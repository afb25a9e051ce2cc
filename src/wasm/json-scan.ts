// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (see src/pipeline/json-scan.ts).
//
// Checks JSON text against the grammar, byte by byte, as JSON.parse does, and notes where the values a
// pick program names are, so that JavaScript builds only those. This is the whole of the byte-level
// reading of log lines: it runs over every byte of every line that can hold usage, and here it runs
// about three times faster than the same checks written in JavaScript.
//
// Memory is laid out by the JavaScript side; this module only reads the text and the programs and
// writes the slots.
//
// A pick program node (u32 words): [firstSlot, slotCount, keyCount, then per key: keyPtr, keyLen,
// child, slot]. `child` is the node picking inside the key's value when it is an object (0: the value
// is kept whole). A node's slots are firstSlot .. firstSlot + slotCount - 1: its keys' and, after
// them, its children's, so that entering a node can forget everything below it at once.
//
// A slot (3 × i32): start and end of the value's bytes, and flags.

const INVALID: i32 = -1;
/** The text ended inside a value: invalid as it stands; a stream may bring the rest. */
const TRUNCATED: i32 = -2;
/** A key with an escape in an object being picked: matching it needs it unescaped (left to the caller). */
const ESCAPED_KEY: i32 = -3;

const PRESENT: i32 = 1;
/** A string value holding a backslash. */
const ESCAPED: i32 = 2;
/** An object read through the key's child node (its own keys are in their slots). */
const DESCENDED: i32 = 4;

let slotsAt: u32 = 0;
let stackAt: u32 = 0;
/** How deep values may nest: the stack's size, one byte a level. */
let maxDepth: u32 = 0;
/** Set by skipString: the string just passed held a backslash. */
let sawEscape: bool = false;

/** Where the slots and the nesting stack are, and the stack's size. */
export function setup(slots: u32, stack: u32, stackBytes: u32): void {
  slotsAt = slots;
  stackAt = stack;
  maxDepth = stackBytes;
}

export function heapBase(): u32 {
  return <u32>__heap_base;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

@inline function skipSpace(p: u32, end: u32): u32 {
  while (p < end && isSpace(<u32>load<u8>(p))) p++;
  return p;
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

function isHex(c: u32): bool {
  return isDigit(c) || (c | 0x20) - 0x61 < 6;
}

/**
 * The escape whose backslash is at p: the position just past it, or an error code. Checks that it is
 * one JSON allows: \" \\ \/ \b \f \n \r \t or \u and four hex digits.
 */
@inline function skipEscape(p: u32, end: u32): i32 {
  sawEscape = true;
  if (p + 1 >= end) return TRUNCATED;
  const e = <u32>load<u8>(p + 1);
  // The common ones first: \n, \", \\.
  if (e == 0x6e || e == 0x22 || e == 0x5c) return <i32>(p + 2);
  if (e == 0x75) return skipUnicodeEscape(p, end);
  if (e == 0x2f || e == 0x62 || e == 0x66 || e == 0x72 || e == 0x74) return <i32>(p + 2);
  return INVALID;
}

function skipUnicodeEscape(p: u32, end: u32): i32 {
  {
    for (let k: u32 = 2; k < 6; k++) {
      if (p + k >= end) return TRUNCATED;
      if (!isHex(<u32>load<u8>(p + k))) return INVALID;
    }
    return <i32>(p + 6);
  }
}

/** From the opening quote at p to just past the closing one (or an error code). */
function skipString(p: u32, end: u32): i32 {
  p++;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  // Sixteen bytes at a time: the bytes that stop plain text (quote, backslash, control bytes) are
  // found as bits of a mask, and escapes are passed over within the same sixteen bytes (text is full
  // of \n and \").
  while (p + 16 <= end) {
    const v = v128.load(p);
    let stops = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space)));
    let next = p + 16;
    while (stops != 0) {
      const at = p + ctz(stops);
      const c = <u32>load<u8>(at);
      if (c == 0x22) return <i32>(at + 1);
      if (c != 0x5c) return INVALID; // a raw control byte
      const r = skipEscape(at, end);
      if (r < 0) return r;
      next = <u32>r;
      if (next >= p + 16) break;
      stops &= -1 << (next - p); // what the escape covered
      next = p + 16;
    }
    p = next;
  }
  // The last bytes, one by one.
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == 0x22) return <i32>(p + 1);
    if (c == 0x5c) {
      const r = skipEscape(p, end);
      if (r < 0) return r;
      p = <u32>r;
    } else if (c < 0x20) {
      return INVALID;
    } else {
      p++;
    }
  }
  return TRUNCATED;
}

function skipDigits(p: u32, end: u32): u32 {
  while (p < end && isDigit(<u32>load<u8>(p))) p++;
  return p;
}

/** One digit or more at p. */
function skipSomeDigits(p: u32, end: u32): i32 {
  if (p >= end) return TRUNCATED;
  if (!isDigit(<u32>load<u8>(p))) return INVALID;
  return <i32>skipDigits(p + 1, end);
}

function skipNumber(p: u32, end: u32): i32 {
  if (load<u8>(p) == 0x2d) p++;
  if (p >= end) return TRUNCATED;
  const first = <u32>load<u8>(p);
  if (first == 0x30) p++;
  else if (first - 0x31 < 9) p = skipDigits(p + 1, end);
  else return INVALID;
  if (p < end && load<u8>(p) == 0x2e) {
    const r = skipSomeDigits(p + 1, end);
    if (r < 0) return r;
    p = <u32>r;
  }
  if (p < end && (<u32>load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < end && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) p++;
    const r = skipSomeDigits(p, end);
    if (r < 0) return r;
    p = <u32>r;
  }
  return <i32>p;
}

/** The literal whose bytes are packed little-endian in `word` (`length` of them) at p. */
function skipLiteral(p: u32, end: u32, word: u64, length: u32): i32 {
  for (let k: u32 = 0; k < length; k++) {
    if (p + k >= end) return TRUNCATED;
    if (<u64>load<u8>(p + k) != ((word >> (8 * k)) & 0xff)) return INVALID;
  }
  return <i32>(p + length);
}

const TRUE: u64 = 0x65757274; // "true"
const FALSE: u64 = 0x65736c6166; // "false"
const NULL: u64 = 0x6c6c756e; // "null"

/** A value that is not an object or an array, at p. */
function skipScalar(c: u32, p: u32, end: u32): i32 {
  if (c == 0x22) return skipString(p, end);
  if (c == 0x74) return skipLiteral(p, end, TRUE, 4);
  if (c == 0x66) return skipLiteral(p, end, FALSE, 5);
  if (c == 0x6e) return skipLiteral(p, end, NULL, 4);
  return skipNumber(p, end);
}

/** After a key string: the colon and the space around it; the position of the value. */
function skipColon(p: u32, end: u32): i32 {
  p = skipSpace(p, end);
  if (p >= end) return TRUNCATED;
  if (load<u8>(p) != 0x3a) return INVALID;
  return <i32>skipSpace(p + 1, end);
}

/** An object's key at p and the colon after it: the position of its value (or an error code). */
function skipKey(p: u32, end: u32): i32 {
  if (p >= end) return TRUNCATED;
  if (load<u8>(p) != 0x22) return INVALID;
  const k = skipString(p, end);
  if (k < 0) return k;
  return skipColon(<u32>k, end);
}

/** Any value at p, checked and passed over; objects and arrays without recursion (a stack of kinds). */
function skipValue(p: u32, end: u32): i32 {
  let depth: u32 = 0;
  while (true) {
    // A value is expected at p.
    if (p >= end) return TRUNCATED;
    const c = <u32>load<u8>(p);
    if (c == 0x7b || c == 0x5b) {
      p = skipSpace(p + 1, end);
      if (p >= end) return TRUNCATED;
      if (<u32>load<u8>(p) == c + 2) {
        p++; // {} or []
      } else {
        if (depth == maxDepth) return INVALID;
        store<u8>(stackAt + depth, <u8>c);
        depth++;
        if (c == 0x7b) {
          const v = skipKey(p, end);
          if (v < 0) return v;
          p = <u32>v;
        }
        continue;
      }
    } else {
      const r = skipScalar(c, p, end);
      if (r < 0) return r;
      p = <u32>r;
    }
    // After a value: close what ends here, or go on after a comma.
    while (true) {
      if (depth == 0) return <i32>p;
      p = skipSpace(p, end);
      if (p >= end) return TRUNCATED;
      const next = <u32>load<u8>(p);
      const open = <u32>load<u8>(stackAt + depth - 1);
      if (next == open + 2) {
        p++;
        depth--;
        continue;
      }
      if (next != 0x2c) return INVALID;
      p = skipSpace(p + 1, end);
      if (open == 0x7b) {
        const v = skipKey(p, end);
        if (v < 0) return v;
        p = <u32>v;
      }
      break;
    }
  }
  return INVALID;
}

/** The key of `node` whose name is the bytes of the key string [start, end) without its quotes, or -1. */
function matchKey(node: u32, start: u32, end: u32): i32 {
  const length = end - start - 2;
  const keys = load<u32>(node, 8);
  for (let i: u32 = 0; i < keys; i++) {
    const entry = node + 12 + 16 * i;
    if (load<u32>(entry, 4) != length) continue;
    if (memory.compare(load<u32>(entry), start + 1, length) == 0) return <i32>i;
  }
  return -1;
}

function clearSlots(node: u32): void {
  memory.fill(slotsAt + 12 * load<u32>(node), 0, 12 * load<u32>(node, 4));
}

function setSlot(slot: u32, start: u32, end: u32, flags: i32): void {
  const at = slotsAt + 12 * slot;
  store<u32>(at, start);
  store<u32>(at, end, 4);
  store<i32>(at, flags, 8);
}

/** The object at p (its `{`), read through `node`: picked values go to their slots. */
function readObject(node: u32, p: u32, end: u32): i32 {
  clearSlots(node);
  p = skipSpace(p + 1, end);
  if (p >= end) return TRUNCATED;
  if (load<u8>(p) == 0x7d) return <i32>(p + 1);
  while (true) {
    if (p >= end) return TRUNCATED;
    if (load<u8>(p) != 0x22) return INVALID;
    sawEscape = false;
    const keyEnd = skipString(p, end);
    if (keyEnd < 0) return keyEnd;
    if (sawEscape) return ESCAPED_KEY;
    const key = matchKey(node, p, <u32>keyEnd);
    const v = skipColon(<u32>keyEnd, end);
    if (v < 0) return v;
    p = <u32>v;
    let r: i32;
    if (key < 0) {
      r = skipValue(p, end);
    } else {
      const entry = node + 12 + 16 * <u32>key;
      const child = load<u32>(entry, 8);
      const slot = load<u32>(entry, 12);
      if (child != 0 && p < end && load<u8>(p) == 0x7b) {
        r = readObject(child, p, end);
        if (r < 0) return r;
        setSlot(slot, p, <u32>r, PRESENT | DESCENDED);
      } else {
        // A repeated key: the last one wins, as in JSON.parse.
        sawEscape = false;
        r = skipValue(p, end);
        if (r < 0) return r;
        setSlot(slot, p, <u32>r, sawEscape ? PRESENT | ESCAPED : PRESENT);
      }
    }
    if (r < 0) return r;
    p = skipSpace(<u32>r, end);
    if (p >= end) return TRUNCATED;
    const next = load<u8>(p);
    if (next == 0x7d) return <i32>(p + 1);
    if (next != 0x2c) return INVALID;
    p = skipSpace(p + 1, end);
  }
  return INVALID;
}

/**
 * The value at p (after any space), read through the program node `node` (0: none), to just past
 * it; or INVALID, TRUNCATED, ESCAPED_KEY. Space after the value is not read.
 */
export function walk(node: u32, p: u32, end: u32): i32 {
  p = skipSpace(p, end);
  if (p >= end) return TRUNCATED;
  if (node != 0 && load<u8>(p) == 0x7b) return readObject(node, p, end);
  sawEscape = false;
  return skipValue(p, end);
}

/** Whether the value the last `walk` passed over (not read through a node) held a backslash. */
export function escaped(): bool {
  return sawEscape;
}

/**
 * The text of the checked string between `p` (just past its opening quote) and `end` (its closing
 * quote) with its escapes undone, as UTF-8 at `out`: its length. A `\u` escape of half a surrogate
 * pair that has no other half is written as its three bytes (WTF-8). `out` must not lie inside the
 * string, and has room for the string's length.
 */
export function unescapeString(p: u32, end: u32, out: u32): u32 {
  const backslash = i8x16.splat(0x5c);
  let o = out;
  while (p < end) {
    // Runs without escapes, sixteen bytes at a time (the bytes past a backslash are written again).
    while (p + 16 <= end) {
      const v = v128.load(p);
      v128.store(o, v);
      const m = i8x16.bitmask(i8x16.eq(v, backslash));
      if (m != 0) {
        const k = ctz(m);
        p += k;
        o += k;
        break;
      }
      p += 16;
      o += 16;
    }
    if (p >= end) break;
    const c = <u32>load<u8>(p);
    if (c != 0x5c) {
      store<u8>(o, <u8>c);
      o++;
      p++;
      continue;
    }
    const e = <u32>load<u8>(p + 1);
    if (e != 0x75) {
      store<u8>(o, <u8>simpleEscape(e));
      o++;
      p += 2;
      continue;
    }
    let unit = hex4(p + 2);
    p += 6;
    if (unit - 0xd800 < 0x400 && p + 6 <= end && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75) {
      const low = hex4(p + 2);
      if (low - 0xdc00 < 0x400) {
        const point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        store<u8>(o, <u8>(0xf0 | (point >> 18)));
        store<u8>(o, <u8>(0x80 | ((point >> 12) & 0x3f)), 1);
        store<u8>(o, <u8>(0x80 | ((point >> 6) & 0x3f)), 2);
        store<u8>(o, <u8>(0x80 | (point & 0x3f)), 3);
        o += 4;
        p += 6;
        continue;
      }
    }
    if (unit < 0x80) {
      store<u8>(o, <u8>unit);
      o++;
    } else if (unit < 0x800) {
      store<u8>(o, <u8>(0xc0 | (unit >> 6)));
      store<u8>(o, <u8>(0x80 | (unit & 0x3f)), 1);
      o += 2;
    } else {
      store<u8>(o, <u8>(0xe0 | (unit >> 12)));
      store<u8>(o, <u8>(0x80 | ((unit >> 6) & 0x3f)), 1);
      store<u8>(o, <u8>(0x80 | (unit & 0x3f)), 2);
      o += 3;
    }
  }
  return o - out;
}

/** The byte an escape other than `\u` stands for (`e` is the byte after the backslash, checked). */
@inline function simpleEscape(e: u32): u32 {
  if (e == 0x6e) return 0x0a;
  if (e == 0x74) return 0x09;
  if (e == 0x72) return 0x0d;
  if (e == 0x62) return 0x08;
  if (e == 0x66) return 0x0c;
  return e; // \" \\ \/
}

/** The four (checked) hex digits at p. */
function hex4(p: u32): u32 {
  let unit: u32 = 0;
  for (let k: u32 = 0; k < 4; k++) {
    const c = <u32>load<u8>(p + k);
    unit = (unit << 4) | (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return unit;
}
