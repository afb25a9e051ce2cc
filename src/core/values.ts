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
  if (typeof v !== 'string' || !HAS_ZONE.test(v)) return undefined;
  const ms = Date.parse(v);
  return ms >= MIN_TIME && ms < MAX_TIME ? ms : undefined;
}
