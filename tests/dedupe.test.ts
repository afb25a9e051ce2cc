import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../src/core/types.js';
import { keepBestPerKey, pushCollapsing } from '../src/pipeline/dedupe.js';
import { seededRandom } from './helpers.js';

function event(id: number, key: string | undefined, rank: number): UsageEvent {
  return {
    provider: 'claude',
    device: '',
    timestamp: 1_767_225_600_000 + id,
    sessionId: 's',
    projectPath: '/p',
    model: 'claude-opus-4-6',
    tokens: { input: id, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: rank, reasoning: 0 },
    rank,
    ...(key === undefined ? {} : { dedupeKey: key }),
  };
}

describe('pushCollapsing', () => {
  it('keeps the best of consecutive copies: the higher rank, the later on a tie', () => {
    const events: UsageEvent[] = [];
    for (const e of [event(1, 'a', 1), event(2, 'a', 7), event(3, 'a', 7), event(4, 'a', 2), event(5, 'b', 1), event(6, undefined, 0), event(7, undefined, 0), event(8, 'a', 9)]) {
      pushCollapsing(events, e);
    }
    // a: 1, 7, 7 (later wins the tie), 2 → event 3; b; the two keyless; a again (not consecutive) stays.
    expect(events.map((e) => e.tokens.input)).toEqual([3, 5, 6, 7, 8]);
  });

  it('changes nothing keepBestPerKey then keeps', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 2000; round++) {
      const all: UsageEvent[] = [];
      const collapsed: UsageEvent[] = [];
      const length = random(30);
      for (let i = 0; i < length; i++) {
        // Few keys and ranks: runs, repeats after other keys and ties are all common.
        const e = event(i, random(5) === 0 ? undefined : 'abc'[random(3)], random(4));
        all.push(e);
        pushCollapsing(collapsed, e);
      }
      expect(keepBestPerKey(collapsed), `round ${round}`).toEqual(keepBestPerKey(all));
    }
  });
});
