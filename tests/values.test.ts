import { describe, expect, it } from 'vitest';
import { fromFloat64, storeTokens, tokensAt } from '../src/core/types.js';
import { timestampMs } from '../src/core/values.js';

/** What timestampMs must give: Date.parse's instant, for zoned timestamps inside 2000..2100. */
function reference(s: string): number | undefined {
  if (!/(?:Z|[+-]\d\d:?\d\d)$/i.test(s)) return undefined;
  const ms = Date.parse(s);
  return ms >= 946_684_800_000 && ms < 4_102_444_800_000 ? ms : undefined;
}

describe('timestampMs', () => {
  it('reads the agents’ shape to the millisecond', () => {
    expect(timestampMs('2026-05-02T10:31:07.397Z')).toBe(1_777_717_867_397);
    expect(timestampMs('2026-01-01T00:00:00.000Z')).toBe(1_767_225_600_000);
  });

  it('agrees with Date.parse on edge cases of that shape', () => {
    const cases = [
      '2026-02-30T00:00:00.000Z', // rolled over to 2 March, as Date.parse does
      '2026-02-29T23:59:59.999Z',
      '2026-13-01T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-32T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T24:00:00.001Z',
      '2026-01-01T23:60:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-01-01t00:00:00.000Z',
      '2026-01-01T00:00:00.000z',
      '0050-01-01T00:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2100-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.0a0Z',
      '2026-01-01T00:00:00,000Z',
      '+02026-01-01T00:00:00.0Z',
      '2026-05-02T10:31:07+02:00',
      '2026-05-02T10:31:07.397',
      '2026-05-02',
    ];
    for (const s of cases) expect(timestampMs(s), s).toBe(reference(s));
  });

  it('agrees with Date.parse on random strings of that shape', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const pick = (alphabet: string): string => alphabet[random(alphabet.length)]!;
    for (let i = 0; i < 20_000; i++) {
      // Mostly digits, sometimes a wrong separator or letter, so every branch is taken.
      const chars = [...'2026-05-02T10:31:07.397Z'].map((c) => (random(40) === 0 ? pick('09:-.TZx ') : /\d/.test(c) ? pick('0123456789') : c));
      const s = chars.join('');
      expect(timestampMs(s), s).toBe(reference(s));
    }
  });

  it('refuses what is not a zoned timestamp', () => {
    expect(timestampMs(undefined)).toBeUndefined();
    expect(timestampMs(1_777_717_867_397)).toBeUndefined();
    expect(timestampMs('2026-05-02T10:31:07.397')).toBeUndefined();
  });
});

describe('counts stored in a Float64Array (the cache and the status line keep them so)', () => {
  it('come back as they went in, small or past 2^31', () => {
    const tokens = { input: 0, cacheWrite5m: 7, cacheWrite1h: 2 ** 31 - 1, cacheRead: 2 ** 31, output: 2 ** 40, reasoning: Number.MAX_SAFE_INTEGER };
    const stored = new Float64Array(8);
    storeTokens(stored, 2, tokens);
    expect([...stored.subarray(0, 2)]).toEqual([0, 0]);
    expect(tokensAt(stored, 2)).toEqual(tokens);
    // What is not a whole number in 32 bits is left as it is.
    expect([1.5, -3, 2 ** 32 + 1, NaN].map(fromFloat64)).toEqual([1.5, -3, 2 ** 32 + 1, NaN]);
  });
});
