import { UserError } from '../core/errors.js';
import { totalTokens, type Provider } from '../core/types.js';
import type { PricedEvent } from './aggregate.js';
import { burnRate, computeBlocks, maxEndedTokens, projectBlock, type Block } from './blocks.js';
import type { ZonedCalendar } from './calendar.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** `--recent`: windows that started in the last three days (and the active one). */
export const RECENT_MS = 3 * DAY_MS;

export interface BlocksQuery {
  providers: readonly Provider[];
  sessionMs: number;
  now: number;
  calendar: ZonedCalendar;
  /** YYYY-MM-DD, inclusive, in the calendar's zone: a window is in range when its start is. */
  since?: string;
  until?: string;
  /** Substring of the project path: windows are computed from that project's activity only. */
  project?: string;
  recent?: boolean;
  active?: boolean;
  order?: 'asc' | 'desc';
  tokenLimit?: number | 'max';
}

export interface TokenLimitStatus {
  limit: number;
  /** Where the limit came from: the flag's number, or the largest ended window (`max`). */
  source: 'flag' | 'max';
  percentUsed: number;
  projectedUsage?: number;
  projectedPercent?: number;
  status: 'ok' | 'warning' | 'exceeds';
}

export interface BlockRow {
  provider: Provider;
  block: Block;
  burnRate?: { tokensPerMinute: number; costPerHour: number };
  projection?: { totalTokens: number; totalCost: number; remainingMinutes: number };
  /** Set on every non-gap row when a token limit applies. */
  limit?: TokenLimitStatus;
}

export interface BlocksResult {
  rows: BlockRow[];
  providers: Provider[];
  /** `--token-limit max` without any ended window to measure, per provider. */
  noLimitFor: Provider[];
}

/** `--session-length H`: hours, a positive number (fractions allowed), as milliseconds. */
export function parseSessionLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > 24 * 7) {
    throw new UserError(`--session-length expects a number of hours greater than 0 (such as 5), got "${value}"`);
  }
  return Math.round(hours * HOUR_MS);
}

/** `--token-limit N|max`. Accepts 500000, 500_000, 500k, 1.5m. */
export function parseTokenLimit(value: string | undefined): number | 'max' | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'max') return 'max';
  const n = parseAmount(v);
  if (n === undefined || n <= 0) {
    throw new UserError(`--token-limit expects a number of tokens (such as 5000000 or 5m) or "max", got "${value}"`);
  }
  return Math.round(n);
}

/** A positive number with an optional k/m/b suffix and `_` or `,` separators. */
export function parseAmount(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kmb]?)$/.exec(value.replace(/[_,]/g, ''));
  if (!m) return undefined;
  const scale = m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : m[2] === 'b' ? 1e9 : 1;
  return Number(m[1]) * scale;
}

/** Windows per provider, filtered and ordered as the flags ask. */
export function buildBlocks(events: readonly PricedEvent[], q: BlocksQuery): BlocksResult {
  const rows: BlockRow[] = [];
  const noLimitFor: Provider[] = [];
  const present: Provider[] = [];
  for (const provider of q.providers) {
    const mine = events.filter(
      ({ event: e }) => e.provider === provider && (q.project === undefined || e.projectPath.includes(q.project)),
    );
    const blocks = computeBlocks(mine, { sessionMs: q.sessionMs, now: q.now });
    if (blocks.length > 0) present.push(provider);
    let limit: { value: number; source: 'flag' | 'max' } | undefined;
    if (q.tokenLimit === 'max') {
      const max = maxEndedTokens(blocks);
      if (max !== undefined && max > 0) limit = { value: max, source: 'max' };
      else if (blocks.length > 0) noLimitFor.push(provider);
    } else if (q.tokenLimit !== undefined) {
      limit = { value: q.tokenLimit, source: 'flag' };
    }
    const selected = trimGaps(blocks.filter((b) => inRange(b, q)));
    for (const block of selected) {
      const row: BlockRow = { provider, block };
      if (block.isActive) {
        const rate = burnRate(block, q.now);
        const projection = projectBlock(block, q.now);
        if (rate) row.burnRate = rate;
        if (projection) row.projection = projection;
      }
      if (limit && !block.isGap) row.limit = limitStatus(row, limit);
      rows.push(row);
    }
  }
  rows.sort((a, b) => a.block.startMs - b.block.startMs || Number(b.block.isGap) - Number(a.block.isGap));
  if (q.order === 'desc') rows.reverse();
  return { rows, providers: present, noLimitFor };
}

function inRange(b: Block, q: BlocksQuery): boolean {
  if (q.active && !b.isActive) return false;
  if (q.recent && !b.isActive && b.startMs < q.now - RECENT_MS) return false;
  if (q.since === undefined && q.until === undefined) return true;
  const day = q.calendar.day(b.startMs);
  return (q.since === undefined || day >= q.since) && (q.until === undefined || day <= q.until);
}

/** A gap is only a row between two windows: not at either end of a filtered list. */
function trimGaps(blocks: Block[]): Block[] {
  let start = 0;
  let end = blocks.length;
  while (start < end && blocks[start]!.isGap) start++;
  while (end > start && blocks[end - 1]!.isGap) end--;
  return blocks.slice(start, end);
}

function limitStatus(row: BlockRow, limit: { value: number; source: 'flag' | 'max' }): TokenLimitStatus {
  const used = totalTokens(row.block.tokens);
  const projected = row.projection?.totalTokens;
  const basis = projected ?? used;
  const status: TokenLimitStatus = {
    limit: limit.value,
    source: limit.source,
    percentUsed: (used / limit.value) * 100,
    status: basis > limit.value ? 'exceeds' : basis > 0.8 * limit.value ? 'warning' : 'ok',
  };
  if (projected !== undefined) {
    status.projectedUsage = projected;
    status.projectedPercent = (projected / limit.value) * 100;
  }
  return status;
}

/** Costs are rounded to a billionth of a dollar in JSON: no float noise such as 0.30000000000000004. */
export function roundCost(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The JSON contract of issue 5: `{"blocks":[…]}`. `provider` is added to each row only when several
 * agents are shown; `tokenLimitStatus` only when a token limit applies.
 */
/** `unpricedModels`: the models of the blocks shown that have no price (their cost is not in `costUSD`). */
export function blocksJson(result: BlocksResult, unpricedModels: readonly string[]): { blocks: Record<string, unknown>[]; unpricedModels: string[] } {
  const multi = result.providers.length > 1;
  return {
    blocks: result.rows.map(({ provider, block: b, burnRate: rate, projection, limit }) => ({
      id: b.id,
      ...(multi ? { provider } : {}),
      startTime: new Date(b.startMs).toISOString(),
      endTime: new Date(b.endMs).toISOString(),
      actualEndTime: new Date(b.actualEndMs).toISOString(),
      isActive: b.isActive,
      isGap: b.isGap,
      entries: b.entries,
      tokenCounts: {
        inputTokens: b.tokens.input,
        outputTokens: b.tokens.output,
        cacheCreationInputTokens: b.tokens.cacheWrite5m + b.tokens.cacheWrite1h,
        cacheReadInputTokens: b.tokens.cacheRead,
      },
      totalTokens: totalTokens(b.tokens),
      costUSD: roundCost(b.cost),
      models: b.models,
      burnRate: rate ? { tokensPerMinute: round2(rate.tokensPerMinute), costPerHour: roundCost(rate.costPerHour) } : null,
      projection: projection
        ? {
            totalTokens: projection.totalTokens,
            totalCost: roundCost(projection.totalCost),
            remainingMinutes: Math.round(projection.remainingMinutes),
          }
        : null,
      ...(limit
        ? {
            tokenLimitStatus: {
              limit: limit.limit,
              source: limit.source,
              percentUsed: round2(limit.percentUsed),
              ...(limit.projectedUsage !== undefined
                ? { projectedUsage: limit.projectedUsage, projectedPercent: round2(limit.projectedPercent!) }
                : {}),
              status: limit.status,
            },
          }
        : {}),
    })),
    unpricedModels: [...unpricedModels],
  };
}
