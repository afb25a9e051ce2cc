/**
 * Defensive readers for untyped log records, shared by every adapter. None of these formats is a
 * contract, so every field may be missing, null, or of the wrong type.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Thrown by `tokenCount` for a count no agent writes; the adapter skips the record and counts it. */
export class BadCount extends Error {}

/**
 * A token count: missing or null is 0; a negative, fractional, non-finite or non-numeric value
 * means the record is damaged, and guessing would put a wrong number in a bill. So is a count past
 * 2^53 (`1e300` is an integer to JavaScript): no request is that large, and it would swamp every total.
 */
export function tokenCount(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  throw new BadCount('invalid token count');
}

// 2000-01-01 .. 2100-01-01: anything outside is a damaged clock or field, not usage.
const MIN_TIME = 946_684_800_000;
const MAX_TIME = 4_102_444_800_000;
const HAS_ZONE = /(?:Z|[+-]\d\d:?\d\d)$/i;

/**
 * Epoch ms of an ISO 8601 timestamp that names its zone. A zone-less timestamp is refused: reading it
 * in the machine's zone would silently move usage across a day boundary.
 */
export function timestampMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = v.length === 24 ? isoUtcMs(v) : NaN;
  if (ms === ms) return ms >= MIN_TIME && ms < MAX_TIME ? ms : undefined;
  if (!HAS_ZONE.test(v)) return undefined;
  const parsed = Date.parse(v);
  return parsed >= MIN_TIME && parsed < MAX_TIME ? parsed : undefined;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.mmmZ`, the one shape all three agents write, read digit by digit: the same
 * instant as Date.parse gives it (which also rolls a 31st of a short month over), at a tenth of the
 * cost. NaN for anything else, which Date.parse then reads.
 */
function isoUtcMs(s: string): number {
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a) return NaN;
  if (s.charCodeAt(16) !== 0x3a || s.charCodeAt(19) !== 0x2e || s.charCodeAt(23) !== 0x5a) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = digits(s, 20, 3);
  // Out-of-range fields (and -1, a non-digit) are left to Date.parse, which refuses or reads them;
  // so are years below 1000, which Date.UTC would read as 19xx.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23) return NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal number in `s[at, at + count)`, or -1 if a character there is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The dedupe key of a response, from its parts (the agent's name first). Joined, not concatenated:
 * one flat string in memory rather than a tree of pieces, for each of the events a run holds. The
 * separator is a byte that no id, time or name holds.
 */
export function responseKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}
