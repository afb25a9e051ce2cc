import { describe, expect, it } from 'vitest';
import { murmur128 } from '../src/statusline/hash.js';

const hex = (words: readonly number[]): string => words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');

describe('murmur128', () => {
  it('is MurmurHash3 x86 128 of the UTF-16LE bytes', () => {
    // From murmurhash3js-revisited 3.0.0, x86.hash128(Buffer.from(text, 'utf16le'), seed): every tail length, a seed, non-ASCII.
    const vectors: [string, number, string][] = [
      ['', 0, '00000000000000000000000000000000'],
      ['abc', 0, '2b5b97a320f75fb55012c2b45012c2b4'],
      ['abcdefgh', 0, '6c3576558df898a1a76d230d42147114'],
      ['abcdefghijklm', 7, '58b7a470adf1162b8d05f1ad7bb11754'],
      ['msg_01ABCDEFGHIJKLMNOPQRSTUV', 0, '3c3799e8cad04c3fb9369fa789ba79df'],
      ['ü日本語', 0, '3776fcca2b5b8dd1981231b0981231b0'],
    ];
    for (const [text, seed, expected] of vectors) expect(hex(murmur128(text, seed)), JSON.stringify(text)).toBe(expected);
  });
});
