import { addTokens, emptyTokens, totalTokens, type Tokens } from '../core/types.js';
import type { PricedEvent } from './aggregate.js';

/** The length of a billing window when none is given: Claude's plans meter usage in 5-hour windows. */
export const DEFAULT_SESSION_MS = 5 * 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * A usage window ("block"), or the idle time between two of them (`isGap`).
 * Shared with `usage statusline`: keep these fields, add only.
 */
export interface Block {
  /** ISO start time. */
  id: string;
  startMs: number;
  /** startMs + session length; for a gap row: the next block's start. */
  endMs: number;
  /** Last activity; for a gap row: the next block's start. */
  actualEndMs: number;
  /** startMs <= now < endMs and the last activity is within the session length of now. */
  isActive: boolean;
  isGap: boolean;
  /** Events (requests) in the block. */
  entries: number;
  tokens: Tokens;
  cost: number;
  /** Full model names, in order of first use. */
  models: string[];
  /** First activity (epoch ms); for a gap row: its start. */
  firstActivityMs: number;
}

/**
 * Splits events into windows. A window starts at its first activity floored to the hour (UTC) — but never
 * before the previous window's end, which only matters for a session length that is not whole hours. A new
 * window starts when an event comes at or after the window's end, or more than one session length after the
 * previous event. The time between two windows is a gap row of its own. Events without tokens (rate-limit
 * updates) are not activity and are left out. Blocks come out in time order.
 */
export function computeBlocks(events: readonly PricedEvent[], opts: { sessionMs?: number; now: number }): Block[] {
  const sessionMs = opts.sessionMs ?? DEFAULT_SESSION_MS;
  if (!(sessionMs > 0)) throw new RangeError(`session length must be positive, got ${sessionMs}`);
  const active = events
    .filter((p) => totalTokens(p.event.tokens) > 0 && Number.isFinite(p.event.timestamp))
    .map((p, i) => ({ p, i }))
    // Stable by timestamp: equal instants keep their input order.
    .sort((a, b) => a.p.event.timestamp - b.p.event.timestamp || a.i - b.i)
    .map(({ p }) => p);

  const blocks: Block[] = [];
  let current: Block | undefined;
  let models = new Set<string>();
  let lastMs = -Infinity;
  for (const { event, cost } of active) {
    const t = event.timestamp;
    if (current && (t >= current.endMs || t - lastMs > sessionMs)) {
      current.models = [...models];
      current = undefined;
    }
    if (!current) {
      const previous = blocks[blocks.length - 1];
      const startMs = Math.max(Math.floor(t / HOUR_MS) * HOUR_MS, previous?.endMs ?? -Infinity);
      if (previous && startMs > previous.endMs) blocks.push(gapBlock(previous.endMs, startMs));
      current = {
        id: new Date(startMs).toISOString(),
        startMs,
        endMs: startMs + sessionMs,
        actualEndMs: t,
        isActive: false,
        isGap: false,
        entries: 0,
        tokens: emptyTokens(),
        cost: 0,
        models: [],
        firstActivityMs: t,
      };
      models = new Set();
      blocks.push(current);
    }
    current.entries++;
    addTokens(current.tokens, event.tokens);
    current.cost += cost;
    current.actualEndMs = t;
    models.add(event.model);
    lastMs = t;
  }
  if (current) current.models = [...models];
  markActive(blocks, opts.now, sessionMs);
  return blocks;
}

/**
 * Sets `isActive` of each block for the instant `now`: the only field that depends on the clock, so a
 * live view computes the blocks once per change of the logs and only this once per tick.
 */
export function markActive(blocks: Block[], now: number, sessionMs: number = DEFAULT_SESSION_MS): void {
  for (const b of blocks) b.isActive = !b.isGap && now >= b.startMs && now < b.endMs && now - b.actualEndMs < sessionMs;
}

function gapBlock(startMs: number, endMs: number): Block {
  return {
    id: new Date(startMs).toISOString(),
    startMs,
    endMs,
    actualEndMs: endMs,
    isActive: false,
    isGap: true,
    entries: 0,
    tokens: emptyTokens(),
    cost: 0,
    models: [],
    firstActivityMs: startMs,
  };
}

/**
 * How fast the block burns: its tokens and cost over the time from its first activity to now (an active
 * block) or to its last activity (an ended one), counted as at least one minute so that a lone first
 * request does not read as an infinite rate. Undefined for gaps and empty blocks.
 */
export function burnRate(block: Block, now: number): { tokensPerMinute: number; costPerHour: number } | undefined {
  if (block.isGap || block.entries === 0) return undefined;
  const until = block.isActive ? Math.min(Math.max(now, block.actualEndMs), block.endMs) : block.actualEndMs;
  const minutes = Math.max(until - block.firstActivityMs, MINUTE_MS) / MINUTE_MS;
  return { tokensPerMinute: totalTokens(block.tokens) / minutes, costPerHour: (block.cost / minutes) * 60 };
}

/**
 * Where the active block ends up if the current burn rate holds until its end (tokens rounded to a whole
 * number; cost and minutes not rounded). Undefined for a block that is not active.
 */
export function projectBlock(
  block: Block,
  now: number,
): { totalTokens: number; totalCost: number; remainingMinutes: number } | undefined {
  if (!block.isActive) return undefined;
  const rate = burnRate(block, now);
  if (!rate) return undefined;
  const remainingMinutes = Math.max(0, (block.endMs - Math.max(now, block.actualEndMs)) / MINUTE_MS);
  return {
    totalTokens: Math.round(totalTokens(block.tokens) + rate.tokensPerMinute * remainingMinutes),
    totalCost: block.cost + (rate.costPerHour / 60) * remainingMinutes,
    remainingMinutes,
  };
}

/** The active block, if any (the last one: blocks never overlap). */
export function activeBlock(blocks: readonly Block[]): Block | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]!.isActive) return blocks[i];
  return undefined;
}

/** The largest total of the ended (not active, not gap) blocks: `--token-limit max`. */
export function maxEndedTokens(blocks: readonly Block[]): number | undefined {
  let max: number | undefined;
  for (const b of blocks) {
    if (b.isGap || b.isActive) continue;
    const t = totalTokens(b.tokens);
    if (max === undefined || t > max) max = t;
  }
  return max;
}

/** The p-th percentile (0–100, nearest rank) of the values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
