// AssemblyScript (see json-scan.ts): finds, in one pass over a piece of a log, its newlines and the
// lines that hold one of a few needles. JavaScript called Buffer#indexOf twice per line for the same
// job (a newline, then the next needle), and the calls cost more than the searching.
//
// A needle table (set by src/pipeline/lines.ts): u32 count, padding to 16 bytes, then per needle 64
// bytes: three 16-byte splats (its first byte, its rarest byte, its last byte), then u32 offsets of the
// rarest and the last byte, u32 address and u32 length of the needle's bytes.
// Output: per wanted line, i32 start, end (the newline's position) and the line's index in the piece.

const NEWLINE: u8 = 0x0a;
const NEEDLE_BYTES: u32 = 64;

/** Newlines passed by the last call. */
let linesPassed: u32 = 0;
/** Where the last call stopped: just past the last newline it passed (its start if none). */
let stoppedAt: u32 = 0;

/**
 * Lines of `[p, end)` that end in a newline and hold a needle, written to `out` (at most `capacity`):
 * their count. A needle must lie wholly inside the piece. Stops after the `capacity`-th, so that the
 * caller can go on from `resumeAt()`. Reads up to 80 bytes past `end` (the caller leaves room).
 */
export function findLines(p: u32, end: u32, table: u32, out: u32, capacity: u32): u32 {
  const count = load<u32>(table);
  const newline = i8x16.splat(NEWLINE);
  // The first needle's splats and offsets stay in registers (one needle is the common case).
  const first = v128.load(table, 16);
  const rare = v128.load(table, 32);
  const last = v128.load(table, 48);
  const rareAt = load<u32>(table, 64);
  const lastAt = load<u32>(table, 68);
  let lineStart = p;
  let lineIndex: u32 = 0;
  let written: u32 = 0;
  let block = p;
  while (block < end) {
    // Looking for a needle or the end of the line: first sixty-four bytes at a time, for a newline or
    // a needle's rarest byte where it would be.
    while (block + 64 <= end) {
      let hits = v128.or(
        v128.or(i8x16.eq(v128.load(block), newline), i8x16.eq(v128.load(block, 16), newline)),
        v128.or(i8x16.eq(v128.load(block, 32), newline), i8x16.eq(v128.load(block, 48), newline)),
      );
      for (let n: u32 = 0; n < count; n++) {
        const t = table + 16 + n * NEEDLE_BYTES;
        const at = block + load<u32>(t, 48);
        const byte = v128.load(t, 16);
        hits = v128.or(hits, v128.or(
          v128.or(i8x16.eq(v128.load(at), byte), i8x16.eq(v128.load(at, 16), byte)),
          v128.or(i8x16.eq(v128.load(at, 32), byte), i8x16.eq(v128.load(at, 48), byte)),
        ));
      }
      if (v128.any_true(hits)) break;
      block += 64;
    }
    if (block >= end) break;
    // Then sixteen bytes at a time.
    const v = v128.load(block);
    let candidates = v128.and(v128.and(i8x16.eq(v, first), i8x16.eq(v128.load(block + rareAt), rare)), i8x16.eq(v128.load(block + lastAt), last));
    for (let n: u32 = 1; n < count; n++) candidates = v128.or(candidates, candidatesOf(table + 16 + n * NEEDLE_BYTES, v, block));
    let stops = i8x16.bitmask(v128.or(i8x16.eq(v, newline), candidates));
    if (count == 0) stops = i8x16.bitmask(i8x16.eq(v, newline));
    if (end - block < 16) stops &= (1 << (end - block)) - 1;
    let found: u32 = 0;
    while (stops != 0) {
      const at = block + ctz(stops);
      stops &= stops - 1;
      if (load<u8>(at) == NEWLINE) {
        lineIndex++;
        lineStart = at + 1;
      } else if (holdsNeedle(at, end, table, count)) {
        found = at;
        break;
      }
    }
    if (found == 0) {
      block += 16;
      continue;
    }
    // This line is wanted: only its newline matters now, sixty-four bytes at a time.
    let q = found + 1;
    while (q + 64 <= end) {
      const a = i8x16.eq(v128.load(q), newline);
      const b = i8x16.eq(v128.load(q, 16), newline);
      const c = i8x16.eq(v128.load(q, 32), newline);
      const d = i8x16.eq(v128.load(q, 48), newline);
      if (v128.any_true(v128.or(v128.or(a, b), v128.or(c, d)))) break;
      q += 64;
    }
    let nl: u32 = 0;
    while (q < end) {
      let m = i8x16.bitmask(i8x16.eq(v128.load(q), newline));
      if (end - q < 16) m &= (1 << (end - q)) - 1;
      if (m != 0) {
        nl = q + ctz(m);
        break;
      }
      q += 16;
    }
    // No newline: the line goes on past the piece, and is the caller's to carry.
    if (nl == 0) break;
    const o = out + written * 12;
    store<i32>(o, lineStart);
    store<i32>(o, nl, 4);
    store<i32>(o, lineIndex, 8);
    written++;
    lineIndex++;
    lineStart = nl + 1;
    block = nl + 1;
    if (written == capacity) break;
  }
  linesPassed = lineIndex;
  stoppedAt = lineStart;
  return written;
}

/** Where in `v` (the bytes at `block`) the needle of table entry `t` may start. */
@inline function candidatesOf(t: u32, v: v128, block: u32): v128 {
  const first = i8x16.eq(v, v128.load(t));
  const rare = i8x16.eq(v128.load(block + load<u32>(t, 48)), v128.load(t, 16));
  return v128.and(v128.and(first, rare), i8x16.eq(v128.load(block + load<u32>(t, 52)), v128.load(t, 32)));
}

/** Whether one of the needles starts at `at` and ends by `end`. */
function holdsNeedle(at: u32, end: u32, table: u32, count: u32): bool {
  for (let n: u32 = 0; n < count; n++) {
    const t = table + 16 + n * NEEDLE_BYTES;
    const needle = load<u32>(t, 56);
    const length = load<u32>(t, 60);
    if (at + length > end) continue;
    let k: u32 = 0;
    while (k < length && load<u8>(at + k) == load<u8>(needle + k)) k++;
    if (k == length) return true;
  }
  return false;
}

export function passedLines(): u32 {
  return linesPassed;
}

export function resumeAt(): u32 {
  return stoppedAt;
}
