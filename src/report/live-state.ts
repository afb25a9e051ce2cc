import { totalTokens, type Provider, type RateLimitWindow, type UsageEvent } from '../core/types.js';
import type { PricedEvent } from './aggregate.js';
import { activeBlock, burnRate, computeBlocks, markActive, maxEndedTokens, percentile, projectBlock, type Block } from './blocks.js';
import type { ZonedCalendar } from './calendar.js';
import { unpricedAmong } from './price-events.js';

const MINUTE_MS = 60 * 1000;
/** The trend covers the last hour in buckets of this many minutes. */
export const TREND_BUCKET_MINUTES = 5;
export const TREND_BUCKETS = 12;

export interface LiveOptions {
  providers: readonly Provider[];
  now: number;
  calendar: ZonedCalendar;
  sessionMs: number;
  /** `--token-limit`: a number of tokens, or `max` (the largest ended window). */
  tokenLimit?: number | 'max';
  /** `--cost-limit`: USD per window. */
  costLimit?: number;
  /** A session is active now when it logged anything in the last this many minutes. */
  activeMinutes: number;
}

/** A limit the active window is measured against, and where it came from (the screen says which). */
export interface LiveLimit {
  kind: 'tokens' | 'cost';
  value: number;
  /** flag: --token-limit/--cost-limit; max: the largest ended window; p90: 90th percentile of ended windows. */
  source: 'flag' | 'max' | 'p90';
  /** How many ended windows the figure was taken from (max, p90). */
  windows?: number;
  used: number;
  projected?: number;
}

export interface LiveRateLimit extends RateLimitWindow {
  /** When the agent reported it (epoch ms). */
  observedMs: number;
}

export interface LiveAgent {
  provider: Provider;
  /** The active window, if any. */
  block?: Block;
  burnRate?: { tokensPerMinute: number; costPerHour: number };
  projection?: { totalTokens: number; totalCost: number; remainingMinutes: number };
  /** The latest activity of this agent with tokens (epoch ms). */
  lastActivityMs?: number;
  limits: LiveLimit[];
  /** Why there is no limit, when there is none. */
  noLimitReason?: string;
  todayCost: number;
  todayTokens: number;
  /** Sessions that logged anything in the last `activeMinutes`. */
  activeSessions: number;
  /** Tokens per bucket over the last hour, oldest first. */
  trend: number[];
  /** Tokens of the last 30 minutes against the 30 before: percent change; undefined when both are 0 or the earlier is. */
  trendPercent?: number;
  trendDirection: 'up' | 'down' | 'flat' | 'idle';
  /** The models whose cost is in the costs shown: the active window's and today's. */
  costModels: string[];
  /** The agent's own rate limits (Codex), the latest report of each. */
  fiveHour?: LiveRateLimit;
  weekly?: LiveRateLimit;
  plan?: string;
}

export interface LiveState {
  now: number;
  zone: string;
  sessionMs: number;
  activeMinutes: number;
  agents: LiveAgent[];
  /** Log files read, for the footer. */
  files: number;
  /** Of the models without a price, those in the costs shown. */
  unpricedModels: string[];
}

interface Prepared {
  /** This provider's events in time order. */
  sorted: PricedEvent[];
  blocks: Block[];
}

// Per priced-event array (one per change of the logs): the split by provider, the sort and the blocks are
// done once, not on every tick of the clock.
const prepared = new WeakMap<readonly PricedEvent[], Map<string, Prepared>>();

function prepare(events: readonly PricedEvent[], provider: Provider, sessionMs: number, now: number): Prepared {
  let byKey = prepared.get(events);
  if (!byKey) {
    byKey = new Map();
    prepared.set(events, byKey);
  }
  const key = `${provider}\u0000${sessionMs}`;
  let p = byKey.get(key);
  if (!p) {
    // Array#sort is stable: events at the same instant keep their order.
    const sorted = events.filter((e) => e.event.provider === provider).sort((a, b) => a.event.timestamp - b.event.timestamp);
    p = { sorted, blocks: computeBlocks(sorted, { sessionMs, now }) };
    byKey.set(key, p);
  }
  markActive(p.blocks, now, sessionMs);
  return p;
}

/** Everything the live view shows, from the priced events at one instant. Pure (memoized per event array). */
export function buildLiveState(
  events: readonly PricedEvent[],
  opts: LiveOptions,
  extra: { files: number; unpricedModels: readonly string[] } = { files: 0, unpricedModels: [] },
): LiveState {
  const agents = opts.providers.map((provider) => agentState(provider, prepare(events, provider, opts.sessionMs, opts.now), opts));
  return {
    now: opts.now,
    zone: opts.calendar.zone,
    sessionMs: opts.sessionMs,
    activeMinutes: opts.activeMinutes,
    agents,
    files: extra.files,
    unpricedModels: unpricedAmong(extra.unpricedModels, agents.flatMap((a) => a.costModels)),
  };
}

const DAY_MS = 24 * 60 * MINUTE_MS;

function agentState(provider: Provider, { sorted, blocks }: Prepared, opts: LiveOptions): LiveAgent {
  const { now, calendar } = opts;
  const live = activeBlock(blocks);
  // A copy: the memoized blocks are marked again on the next tick.
  const block = live ? { ...live } : undefined;
  const agent: LiveAgent = {
    provider,
    limits: [],
    todayCost: 0,
    todayTokens: 0,
    activeSessions: 0,
    trend: new Array<number>(TREND_BUCKETS).fill(0),
    trendDirection: 'idle',
    costModels: [],
  };
  const costModels = new Set(block?.models);
  if (block) {
    agent.block = block;
    const rate = burnRate(block, now);
    const projection = projectBlock(block, now);
    if (rate) agent.burnRate = rate;
    if (projection) agent.projection = projection;
  }

  const today = calendar.day(now);
  const sessions = new Set<string>();
  const activeSince = now - opts.activeMinutes * MINUTE_MS;
  const bucketMs = TREND_BUCKET_MINUTES * MINUTE_MS;
  const trendStart = now - TREND_BUCKETS * bucketMs;
  // A local day is at most 26 hours long: older events cannot be today's.
  const recentSince = Math.min(now - 2 * DAY_MS, trendStart, activeSince);
  // A rate-limit report older than its weekly window says nothing about now.
  const rateLimitSince = now - 8 * DAY_MS;
  let latestFive: UsageEvent | undefined;
  let latestWeek: UsageEvent | undefined;
  const last = blocks[blocks.length - 1];
  if (last) agent.lastActivityMs = Math.min(last.actualEndMs, now);
  // Newest first: the loop stops at the first event too old to matter.
  for (let i = sorted.length - 1; i >= 0; i--) {
    const { event: e, cost } = sorted[i]!;
    if (e.timestamp > now) continue;
    const recent = e.timestamp >= recentSince;
    if (!recent && ((latestFive && latestWeek) || e.timestamp < rateLimitSince)) break;
    const tokens = totalTokens(e.tokens);
    if (e.rateLimits?.fiveHour && !latestFive) latestFive = e;
    if (e.rateLimits?.weekly && !latestWeek) latestWeek = e;
    if (!recent) continue;
    if (e.timestamp >= activeSince) sessions.add(e.sessionId);
    if (tokens > 0 && calendar.day(e.timestamp) === today) {
      agent.todayCost += cost;
      agent.todayTokens += tokens;
      costModels.add(e.model);
    }
    if (tokens > 0 && e.timestamp >= trendStart) {
      const b = Math.min(TREND_BUCKETS - 1, Math.floor((e.timestamp - trendStart) / bucketMs));
      agent.trend[b]! += tokens;
    }
  }
  agent.activeSessions = sessions.size;
  agent.costModels = [...costModels];
  const half = TREND_BUCKETS / 2;
  const earlier = agent.trend.slice(0, half).reduce((a, b) => a + b, 0);
  const later = agent.trend.slice(half).reduce((a, b) => a + b, 0);
  if (earlier === 0 && later === 0) agent.trendDirection = 'idle';
  else if (earlier === 0) agent.trendDirection = 'up';
  else {
    agent.trendPercent = ((later - earlier) / earlier) * 100;
    agent.trendDirection = agent.trendPercent > 10 ? 'up' : agent.trendPercent < -10 ? 'down' : 'flat';
  }
  if (latestFive?.rateLimits?.fiveHour) agent.fiveHour = { ...latestFive.rateLimits.fiveHour, observedMs: latestFive.timestamp };
  if (latestWeek?.rateLimits?.weekly) agent.weekly = { ...latestWeek.rateLimits.weekly, observedMs: latestWeek.timestamp };
  const plan = (latestFive ?? latestWeek)?.rateLimits?.plan;
  if (plan) agent.plan = plan;

  const used = { tokens: block ? totalTokens(block.tokens) : 0, cost: block?.cost ?? 0 };
  const projected = { tokens: agent.projection?.totalTokens, cost: agent.projection?.totalCost };
  const withUse = (l: Omit<LiveLimit, 'used' | 'projected'>): LiveLimit => {
    const p = l.kind === 'tokens' ? projected.tokens : projected.cost;
    return { ...l, used: l.kind === 'tokens' ? used.tokens : used.cost, ...(p !== undefined ? { projected: p } : {}) };
  };
  const ended = blocks.filter((b) => !b.isGap && !b.isActive);
  if (opts.tokenLimit === 'max') {
    const max = maxEndedTokens(blocks);
    if (max) agent.limits.push(withUse({ kind: 'tokens', value: max, source: 'max', windows: ended.length }));
  } else if (opts.tokenLimit !== undefined) {
    agent.limits.push(withUse({ kind: 'tokens', value: opts.tokenLimit, source: 'flag' }));
  }
  if (opts.costLimit !== undefined) agent.limits.push(withUse({ kind: 'cost', value: opts.costLimit, source: 'flag' }));
  if (opts.tokenLimit === undefined && opts.costLimit === undefined) {
    const p90 = percentile(
      ended.map((b) => totalTokens(b.tokens)),
      90,
    );
    if (p90) agent.limits.push(withUse({ kind: 'tokens', value: p90, source: 'p90', windows: ended.length }));
  }
  if (agent.limits.length === 0) {
    agent.noLimitReason = opts.tokenLimit === 'max' || opts.tokenLimit === undefined ? 'no ended window yet to measure against' : 'no limit';
  }
  return agent;
}
