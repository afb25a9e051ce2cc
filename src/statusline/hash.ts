/**
 * MurmurHash3 (x86, 128-bit; Austin Appleby's public-domain reference) of a string's UTF-16 code units,
 * as four unsigned 32-bit words. Not a cryptographic hash: the status line names ids and files with it,
 * where SHA-256 cost a call the loading of node:crypto (some 3 ms) for the few ids it hashes.
 */
export function murmur128(text: string, seed = 0): [number, number, number, number] {
  let h1 = seed >>> 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const units = text.length;
  // 16 bytes (8 code units) a block, each word two code units, little-endian.
  const blocks = units >>> 3;
  for (let b = 0; b < blocks; b++) {
    const i = b << 3;
    const k1 = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    const k2 = text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16);
    const k3 = text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16);
    const k4 = text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16);

    h1 ^= mixK(k1, C1, 15, C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= mixK(k2, C2, 16, C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= mixK(k3, C3, 17, C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= mixK(k4, C4, 18, C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The tail: up to 7 code units (14 bytes), zero-padded into the words.
  const at = blocks << 3;
  const rest = units - at;
  const unit = (j: number): number => (j < rest ? text.charCodeAt(at + j) : 0);
  if (rest > 6) h4 ^= mixK(unit(6), C4, 18, C1);
  if (rest > 4) h3 ^= mixK(unit(4) | (unit(5) << 16), C3, 17, C4);
  if (rest > 2) h2 ^= mixK(unit(2) | (unit(3) << 16), C2, 16, C3);
  if (rest > 0) h1 ^= mixK(unit(0) | (unit(1) << 16), C1, 15, C2);

  const bytes = units * 2;
  h1 ^= bytes;
  h2 ^= bytes;
  h3 ^= bytes;
  h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** The first `hexDigits` (up to 32) hex digits of the hash. */
export function murmurHex(text: string, hexDigits: number): string {
  return murmur128(text)
    .map((w) => w.toString(16).padStart(8, '0'))
    .join('')
    .slice(0, hexDigits);
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

/** A lane's key word, mixed before it goes into the lane: the step every block and the tail share. */
function mixK(k: number, before: number, r: number, after: number): number {
  return Math.imul(rotl(Math.imul(k, before), r), after);
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
