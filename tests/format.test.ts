import { describe, expect, it } from 'vitest';
import { formatTokens } from '../src/render/format.js';

describe('formatTokens', () => {
  it('groups and rounds as en-US Intl does', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, 1, 12, 999, 1000, 1234.5, 1235.5, 99_999.49, 999_999.5, 1_234_567, 10_303_420_325, 2 ** 53, 1e21, 1.5e22, -0.4, -1, -2.5, -1234567.5, 0.5, NaN, Infinity, -Infinity];
    for (const v of values) expect(formatTokens(v), String(v)).toBe(intl.format(v));
    expect(formatTokens(1234567)).toBe('1,234,567');
  });
});
