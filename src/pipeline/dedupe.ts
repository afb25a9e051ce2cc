import type { UsageEvent } from '../core/types.js';
import { IndexByKey } from './index-by-key.js';

/**
 * Keeps one event per response, across all files:
 * 1. events sharing a dedupeKey are one response: the highest rank wins (the whole event is kept,
 *    fields are never mixed). On a tie within one file the later line wins (the final line of a
 *    streamed response); between files the earlier file keeps it: a resumed session's copy of a
 *    response must not take it from the session that made it. `sources[i]` names event i's file,
 *    and files are given oldest first;
 * 2. a sidechain event whose responseId another kept event also has is a replay of that response
 *    (Claude's `/btw`): the non-sidechain one is kept, or a single sidechain one if all are.
 * Events without a dedupeKey are all kept. Input order is preserved.
 */
export function dedupe(events: readonly UsageEvent[], sources?: ArrayLike<number>): UsageEvent[] {
  return dropSidechainReplays(keepBestPerKey(events, sources));
}

/**
 * Rule 1 alone. Applying it to one file's events first changes nothing in the end result (the best
 * of the bests is the best), so the store uses it to keep only one event per response per file.
 */
export function keepBestPerKey(events: readonly UsageEvent[], sources?: ArrayLike<number>): UsageEvent[] {
  return keepBestBy(events, (i) => events[i]!.dedupeKey, (i) => events[i]!.rank, sources);
}

/**
 * Rule 1 for any record: of the records sharing a key (`keyAt(i)`, undefined = no key, always kept),
 * the highest `rankAt(i)` wins; on a tie the later one within a file, the earlier file between files.
 */
export function keepBestBy<R>(
  records: readonly R[],
  keyAt: (index: number) => string | undefined,
  rankAt: (index: number) => number,
  sources?: ArrayLike<number>,
): R[] {
  const winners = new IndexByKey(records.length, (i) => keyAt(i)!);
  const lost = new Uint8Array(records.length);
  let losers = 0;
  for (let i = 0; i < records.length; i++) {
    const key = keyAt(i);
    if (key === undefined) continue;
    const slot = winners.find(key);
    const held = winners.at(slot);
    if (held === -1) {
      winners.set(slot, i);
      continue;
    }
    const rank = rankAt(i);
    const heldRank = rankAt(held);
    const sameFile = sources === undefined || sources[i] === sources[held];
    losers++;
    if (rank > heldRank || (rank === heldRank && sameFile)) {
      lost[held] = 1;
      winners.set(slot, i);
    } else {
      lost[i] = 1;
    }
  }
  return losers === 0 ? (records as R[]) : records.filter((_, i) => lost[i] === 0);
}

/**
 * Appends `event`, or lets it take the place of the last event when both are one response (the same
 * dedupeKey): the one that rule 1 would keep. Claude writes a response once per content block, on
 * consecutive lines; collapsed as they are read, the copies die young instead of being held to the
 * end of the file. keepBestPerKey of the result equals keepBestPerKey of every event pushed.
 */
export function pushCollapsing(events: UsageEvent[], event: UsageEvent): void {
  const last = events[events.length - 1];
  if (last === undefined || event.dedupeKey === undefined || event.dedupeKey !== last.dedupeKey) events.push(event);
  else if (event.rank >= last.rank) events[events.length - 1] = event;
}

function dropSidechainReplays(events: readonly UsageEvent[]): UsageEvent[] {
  // Only a sidechain event can be a replay: the index holds sidechain response ids (sub-agent and
  // `/btw` files), each with its best event, and main-chain events are only looked up in it.
  const replayable = (e: UsageEvent): e is UsageEvent & { responseId: string } => e.sidechain === true && e.responseId !== undefined;
  let sidechains = 0;
  for (const e of events) if (replayable(e)) sidechains++;
  if (sidechains === 0) return events as UsageEvent[];
  const best = new IndexByKey(sidechains, (i) => events[i]!.responseId!);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!replayable(e)) continue;
    const slot = best.find(e.responseId);
    const held = best.at(slot);
    if (held === -1 || e.rank >= events[held]!.rank) best.set(slot, i);
  }
  const alsoMain = new Uint8Array(best.size);
  for (const e of events) {
    if (e.sidechain || e.responseId === undefined) continue;
    const slot = best.find(e.responseId);
    if (best.at(slot) !== -1) alsoMain[slot] = 1;
  }
  return events.filter((e, i) => {
    if (!replayable(e)) return true;
    const slot = best.find(e.responseId);
    return alsoMain[slot] === 0 && best.at(slot) === i;
  });
}
