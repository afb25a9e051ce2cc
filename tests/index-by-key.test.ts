/**
 * The table dedupe keeps its winners in: every key must be found where it was put, whatever other
 * keys share its slot, and a key never put must land on a free slot, never on another key's.
 */
import { describe, expect, it } from 'vitest';
import { IndexByKey, fnv1a } from '../src/pipeline/index-by-key.js';

describe('fnv1a', () => {
  it('is FNV-1a of the UTF-16 code units (the cache shards files by it: it must never change)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('IndexByKey', () => {
  it('finds each key where it was put, with many keys sharing slots, and gives unknown keys a free slot', () => {
    // 500 keys in a table sized for 500 (1,024 slots): runs of taken slots are probed past.
    const keys = Array.from({ length: 500 }, (_, i) => `claude\u0000msg_${i}\u0000req_${i % 7}`);
    const index = new IndexByKey(keys.length, (i) => keys[i]!);
    expect(index.size).toBe(1024);
    for (let i = 0; i < keys.length; i++) {
      const slot = index.find(keys[i]!);
      expect(index.at(slot)).toBe(-1);
      index.set(slot, i);
    }
    const slots = new Set<number>();
    for (let i = 0; i < keys.length; i++) {
      const slot = index.find(keys[i]!);
      expect(index.at(slot)).toBe(i);
      slots.add(slot);
    }
    expect(slots.size).toBe(500);
    for (const unknown of ['', 'claude', 'claude\u0000msg_1\u0000req_2', 'x'.repeat(1000)]) expect(index.at(index.find(unknown))).toBe(-1);
  });

  it('tells apart keys that start in the same slot, in a table filled to its last free slot', () => {
    // Sized for 1 key (16 slots, the least) and given 15: keys start in slots other keys took.
    const keys = Array.from({ length: 15 }, (_, i) => `k${i}`);
    const index = new IndexByKey(1, (i) => keys[i]!);
    expect(index.size).toBe(16);
    for (let i = 0; i < keys.length; i++) index.set(index.find(keys[i]!), i);
    for (let i = 0; i < keys.length; i++) expect(index.at(index.find(keys[i]!))).toBe(i);
    expect(index.at(index.find('k15'))).toBe(-1);
  });
});
