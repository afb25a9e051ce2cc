import type { ToolCall } from '../../core/tool-call.js';
import { totalTokens } from '../../core/types.js';
import { groupEvents, type PricedEvent } from '../../report/aggregate.js';
import type { LiveState } from '../../report/live-state.js';

/**
 * What both metric sinks (Prometheus, OTLP) export, named and labelled once: each sink only maps
 * these to its own metric names. Counters are totals over the deduplicated, priced records; gauges
 * describe the live state at one instant.
 */

/** Claude Code's own `type` values of `claude_code.token.usage`; cache writes of both lifetimes are cacheCreation. */
export const TOKEN_TYPES = ['input', 'output', 'cacheRead', 'cacheCreation'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const COUNTERS = ['tokens', 'cost', 'requests', 'toolCalls', 'toolErrors'] as const;
export type CounterName = (typeof COUNTERS)[number];

export const GAUGES = [
  'windowActive',
  'windowTokens',
  'windowCost',
  'windowBurnTokensPerMinute',
  'windowBurnCostPerHour',
  'windowMinutesLeft',
  'activeSessions',
  'rateLimitUsedPercent',
] as const;
export type GaugeName = (typeof GAUGES)[number];

/** Label (attribute) names as exported: the same in both sinks. */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels: Labels;
  value: number;
}

export type CounterSet = Record<CounterName, Sample[]>;
export type GaugeSet = Record<GaugeName, Sample[]>;

export interface LabelOptions {
  device: string;
  /** False for `--no-project-label`: series are summed over projects. */
  project: boolean;
}

/** The label names each counter carries, in order (Prometheus declares them up front). */
export function counterLabelNames(name: CounterName, opts: Pick<LabelOptions, 'project'>): string[] {
  const base = name === 'tokens' ? ['agent', 'model', 'type', 'device'] : name === 'toolCalls' || name === 'toolErrors' ? ['agent', 'tool', 'category', 'device'] : ['agent', 'model', 'device'];
  return opts.project ? [...base, 'project'] : base;
}

export function gaugeLabelNames(name: GaugeName): string[] {
  return name === 'rateLimitUsedPercent' ? ['agent', 'window', 'device'] : ['agent', 'device'];
}

/**
 * The counters, from deduplicated priced events and joined tool calls: tokens, cost and requests per
 * agent, model and project, as `usage model`/`usage project` group them; tool calls and errors per agent,
 * tool and project, as `usage tools` counts them (its category: that of the tool's first call, as
 * there). Events without tokens (rate-limit updates) are not requests, as in every report.
 */
export function buildCounters(events: readonly PricedEvent[], toolCalls: readonly ToolCall[], opts: LabelOptions): CounterSet {
  const set: CounterSet = { tokens: [], cost: [], requests: [], toolCalls: [], toolErrors: [] };
  const groups = groupEvents(events, opts.project ? (e) => e.projectPath : () => '');
  for (const group of groups) {
    const project: Labels = opts.project ? { project: group.projectPath } : {};
    for (const share of group.models.values()) {
      const labels: Labels = { agent: share.provider, model: share.model, device: opts.device, ...project };
      const t = share.tokens;
      const byType: Record<TokenType, number> = {
        input: t.input,
        output: t.output,
        cacheRead: t.cacheRead,
        cacheCreation: t.cacheWrite5m + t.cacheWrite1h,
      };
      for (const type of TOKEN_TYPES) set.tokens.push({ labels: { ...labels, type }, value: byType[type] });
      set.cost.push({ labels, value: share.cost });
      set.requests.push({ labels, value: share.requests });
    }
  }
  const tools = new Map<string, { labels: Labels; calls: number; errors: number }>();
  for (const call of toolCalls) {
    const key = `${call.provider}\u0000${call.tool}\u0000${opts.project ? call.projectPath : ''}`;
    let t = tools.get(key);
    if (!t) {
      const labels: Labels = { agent: call.provider, tool: call.tool, category: call.category, device: opts.device, ...(opts.project ? { project: call.projectPath } : {}) };
      tools.set(key, (t = { labels, calls: 0, errors: 0 }));
    }
    t.calls++;
    if (call.status === 'error') t.errors++;
  }
  for (const t of tools.values()) {
    set.toolCalls.push({ labels: t.labels, value: t.calls });
    set.toolErrors.push({ labels: t.labels, value: t.errors });
  }
  return set;
}

const MINUTE_MS = 60_000;

/**
 * The gauges at the state's instant: the active 5-hour window of each agent (0 when none runs) and
 * the agents' own rate-limit percentages, when they logged them (Codex).
 */
export function buildGauges(state: LiveState, device: string): GaugeSet {
  const set: GaugeSet = {
    windowActive: [],
    windowTokens: [],
    windowCost: [],
    windowBurnTokensPerMinute: [],
    windowBurnCostPerHour: [],
    windowMinutesLeft: [],
    activeSessions: [],
    rateLimitUsedPercent: [],
  };
  for (const agent of state.agents) {
    const labels = { agent: agent.provider, device };
    const block = agent.block;
    set.windowActive.push({ labels, value: block ? 1 : 0 });
    set.windowTokens.push({ labels, value: block ? totalTokens(block.tokens) : 0 });
    set.windowCost.push({ labels, value: block?.cost ?? 0 });
    set.windowBurnTokensPerMinute.push({ labels, value: agent.burnRate?.tokensPerMinute ?? 0 });
    set.windowBurnCostPerHour.push({ labels, value: agent.burnRate?.costPerHour ?? 0 });
    set.windowMinutesLeft.push({ labels, value: block ? Math.max(0, (block.endMs - state.now) / MINUTE_MS) : 0 });
    set.activeSessions.push({ labels, value: agent.activeSessions });
    if (agent.fiveHour) set.rateLimitUsedPercent.push({ labels: { agent: agent.provider, window: '5h', device }, value: agent.fiveHour.usedPercent });
    if (agent.weekly) set.rateLimitUsedPercent.push({ labels: { agent: agent.provider, window: 'weekly', device }, value: agent.weekly.usedPercent });
  }
  return set;
}
