/** FNV-1a of a string's UTF-16 code units: the same number in every run and process. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Event indexes by a string key, for a pass over a run's events: open addressing over one Int32Array,
 * sized once to be at most half full. A Map of the bench's ~200,000 dedupe keys held 6 MB and left as
 * much again behind as it grew, at the peak of the run; this is one allocation (2 MB). Keys are
 * compared whole, so two keys that hash alike cost a probe, never a wrong match.
 */
export class IndexByKey {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `keyOf(i)`: the key of the event of index i (read back to compare). */
  constructor(
    count: number,
    private readonly keyOf: (index: number) => string,
  ) {
    let size = 16;
    while (size < 2 * count) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** How many slots there are: a slot number is below this. */
  get size(): number {
    return this.slots.length;
  }

  /** The slot of `key`: the one holding an index whose key it is, or the free one where it would go. */
  find(key: string): number {
    let slot = spread(fnv1a(key)) & this.mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === -1 || this.keyOf(held) === key) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The index in `slot`, -1 when it is free. */
  at(slot: number): number {
    return this.slots[slot]!;
  }

  set(slot: number, index: number): void {
    this.slots[slot] = index;
  }
}

/** MurmurHash3's finalizer: FNV-1a's low bits, which pick the slot, then depend on all of the key. */
function spread(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
