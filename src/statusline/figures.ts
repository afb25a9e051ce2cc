import type { UsageEvent } from '../core/types.js';
import { findPrice } from '../pricing/prices.js';
import { activeBlock, burnRate, computeBlocks, projectBlock } from '../report/blocks.js';
import { ZonedCalendar } from '../report/calendar.js';
import type { PricedEvent } from '../report/aggregate.js';
import { shortModel } from '../render/format.js';
import type { PlanWindow, StatusInput } from './input.js';

const HOUR_MS = 60 * 60 * 1000;
const BLOCK_MS = 5 * HOUR_MS;

/** Used when neither Claude Code nor the price snapshot says how large the model's context window is. */
export const DEFAULT_CONTEXT_WINDOW = 200_000;
/** Claude Code marks a 1M-token context with `[1m]` after the model id (`claude-opus-4-6[1m]`). */
const ONE_MILLION_CONTEXT = 1_000_000;

/** A cost that may lack the share of models without a price (then it is a lower bound). */
export interface Cost {
  usd: number;
  partial: boolean;
}

export interface Figures {
  model?: string;
  /** Claude Code's own figure for the session. */
  sessionCc?: number;
  /** Ours, from the session's transcript and its sub-agents; absent when we have nothing for it. */
  sessionUsage?: Cost;
  today?: Cost;
  block?: BlockFigures;
  context?: ContextFigures;
  fiveHour?: PlanWindow;
  sevenDay?: PlanWindow;
  /** Models with tokens but no price, among the events shown. */
  unpricedModels: string[];
}

export interface BlockFigures {
  cost: Cost;
  startMs: number;
  endMs: number;
  remainingMs: number;
  costPerHour?: number;
  tokensPerMinute?: number;
  projectedCost?: number;
}

export interface ContextFigures {
  tokens?: number;
  percent?: number;
  windowSize: number;
}

/**
 * The earliest instant the figures need: the start of today in the zone, and the start of the window the
 * 5-hour blocks are computed from. A block is active for at most 5 hours after its start, which is its
 * first request floored to the hour, so the active block starts after `now − 5h` floored to the hour; 5
 * more hours let the block before it end where it really ended. Files last modified before this cannot
 * hold anything the figures use (the session's own files are added separately).
 */
export function windowStart(now: number, zone: string | undefined): { sinceMs: number; todayStartMs: number; blocksFromMs: number } {
  const todayStartMs = startOfDay(now, zone);
  const blocksFromMs = Math.floor((now - BLOCK_MS) / HOUR_MS) * HOUR_MS - BLOCK_MS;
  return { sinceMs: Math.min(todayStartMs, blocksFromMs), todayStartMs, blocksFromMs };
}

/** The first instant of the calendar day holding `now`, in the zone (undefined: the system's). */
export function startOfDay(now: number, zone: string | undefined): number {
  const calendar = zone === undefined ? ZonedCalendar.system() : new ZonedCalendar(zone);
  const today = calendar.day(now);
  // A day lasts at most 25 hours (a DST change), so it began less than 27 hours ago; its first second
  // is found by bisection over the instants whose local day is today, exact whatever the zone's rules.
  let lo = now - 27 * HOUR_MS;
  let hi = now;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (calendar.day(mid) === today) hi = mid;
    else lo = mid;
  }
  return Math.floor(hi / 1000) * 1000;
}

/** What the logs say for one status line: counted once per response, priced, nothing later than now. */
export interface WindowTotals {
  /** The session's cost; absent when the bar has no session we can tell. */
  session?: Cost;
  /** The session's latest main-conversation request with tokens: its prompt is the context in use. */
  lastMain?: UsageEvent;
  today: Cost;
  /** The events the 5-hour blocks are made of (from `blocksFromMs`). */
  recent: PricedEvent[];
  /** Models with tokens but no price among the events counted, sorted. */
  unpricedModels: string[];
}

/** The figures of one status line, from stdin and what the logs say (`undefined`: stdin alone). */
export function computeFigures(input: StatusInput, totals: WindowTotals | undefined, opts: { now: number }): Figures {
  const figures: Figures = { unpricedModels: totals?.unpricedModels ?? [] };
  if (input.costUsd !== undefined) figures.sessionCc = input.costUsd;
  if (input.fiveHour) figures.fiveHour = input.fiveHour;
  if (input.sevenDay) figures.sevenDay = input.sevenDay;

  if (totals) {
    if (totals.session) figures.sessionUsage = totals.session;
    figures.today = totals.today;
    const block = activeBlock(computeBlocks(totals.recent, { now: opts.now }));
    if (block) {
      const rate = burnRate(block, opts.now);
      const projection = projectBlock(block, opts.now);
      figures.block = {
        cost: { usd: block.cost, partial: block.models.some((m) => totals.unpricedModels.includes(m)) },
        startMs: block.startMs,
        endMs: block.endMs,
        remainingMs: Math.max(0, block.endMs - opts.now),
        ...(rate ? { costPerHour: rate.costPerHour, tokensPerMinute: rate.tokensPerMinute } : {}),
        ...(projection ? { projectedCost: projection.totalCost } : {}),
      };
    }
  }

  const lastMain = totals?.lastMain;
  const modelId = input.modelId ?? lastMain?.model;
  const model = input.modelName ?? (modelId !== undefined ? shortModel(modelId) : undefined);
  if (model !== undefined) figures.model = model;

  const windowSize = contextWindow(input, modelId);
  const tokens = input.contextTokens ?? (lastMain ? promptTokens(lastMain) : undefined);
  if (tokens !== undefined) {
    figures.context = { tokens, percent: (tokens / windowSize) * 100, windowSize };
  } else if (input.contextUsedPercent !== undefined) {
    figures.context = { percent: input.contextUsedPercent, windowSize };
  }
  return figures;
}

/** The prompt of a request: what it had in context. */
function promptTokens(e: UsageEvent): number {
  return e.tokens.input + e.tokens.cacheWrite5m + e.tokens.cacheWrite1h + e.tokens.cacheRead;
}

/**
 * The model's context window: Claude Code's own figure (it knows whether a 1M beta is on), else the price
 * snapshot's `max_input_tokens` when a snapshot carries it (today's does not), else 1M for a `[1m]` model,
 * else 200k.
 */
export function contextWindow(input: StatusInput, modelId: string | undefined): number {
  if (input.contextWindowSize !== undefined) return input.contextWindowSize;
  if (modelId !== undefined) {
    const price = findPrice(modelId)?.price as Record<string, unknown> | undefined;
    const listed = price?.max_input_tokens ?? price?.maxInputTokens;
    if (typeof listed === 'number' && listed > 0) return listed;
    if (/\[1m\]$/i.test(modelId)) return ONE_MILLION_CONTEXT;
  }
  return DEFAULT_CONTEXT_WINDOW;
}
