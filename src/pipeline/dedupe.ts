import type { UsageEvent } from '../core/types.js';

/**
 * Keeps one event per response, across all files:
 * 1. events sharing a dedupeKey are one response: the highest rank wins, the later one on a tie
 *    (the whole event is kept, fields are never mixed);
 * 2. a sidechain event whose responseId another kept event also has is a replay of that response
 *    (Claude's `/btw`): the non-sidechain one is kept, or a single sidechain one if all are.
 * Events without a dedupeKey are all kept. Input order is preserved.
 */
export function dedupe(events: readonly UsageEvent[]): UsageEvent[] {
  const winner = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const key = events[i]!.dedupeKey;
    if (key === undefined) continue;
    const held = winner.get(key);
    if (held === undefined || events[i]!.rank >= events[held]!.rank) winner.set(key, i);
  }
  const keep = events.map((e, i) => e.dedupeKey === undefined || winner.get(e.dedupeKey) === i);

  // Per responseId: the best non-sidechain index and the best sidechain index among kept events.
  const byResponse = new Map<string, { main: boolean; side: number }>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!keep[i] || e.responseId === undefined) continue;
    const seen = byResponse.get(e.responseId) ?? { main: false, side: -1 };
    if (!e.sidechain) seen.main = true;
    else if (seen.side === -1 || e.rank >= events[seen.side]!.rank) seen.side = i;
    byResponse.set(e.responseId, seen);
  }
  const out: UsageEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!keep[i]) continue;
    if (e.sidechain && e.responseId !== undefined) {
      const seen = byResponse.get(e.responseId)!;
      if (seen.main || seen.side !== i) continue;
    }
    out.push(e);
  }
  return out;
}
