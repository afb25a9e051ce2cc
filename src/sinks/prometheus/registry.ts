import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { COUNTERS, GAUGES, counterLabelNames, gaugeLabelNames, type CounterName, type CounterSet, type GaugeName, type GaugeSet } from '../metrics/metric-set.js';

/** The Prometheus names of the shared metric set (README "Metrics" lists them with their labels). */
export const PROMETHEUS_COUNTERS: Record<CounterName, { name: string; help: string }> = {
  tokens: { name: 'usage_tokens_total', help: 'Tokens of the deduplicated responses, by agent, model, token type, device and project' },
  cost: { name: 'usage_cost_usd_total', help: 'Cost in USD of the deduplicated responses, from the local price snapshot' },
  requests: { name: 'usage_requests_total', help: 'Deduplicated API responses with tokens' },
  toolCalls: { name: 'usage_tool_calls_total', help: 'Tool calls the agents made, by tool' },
  toolErrors: { name: 'usage_tool_errors_total', help: 'Tool calls whose result was an error, by tool' },
};

export const PROMETHEUS_GAUGES: Record<GaugeName, { name: string; help: string }> = {
  windowActive: { name: 'usage_window_active', help: '1 while a 5-hour window of the agent is active, else 0' },
  windowTokens: { name: 'usage_window_tokens', help: 'Tokens in the active 5-hour window' },
  windowCost: { name: 'usage_window_cost_usd', help: 'Cost in USD of the active 5-hour window' },
  windowBurnTokensPerMinute: { name: 'usage_window_burn_rate_tokens_per_minute', help: 'Tokens per minute of the active window since its first activity' },
  windowBurnCostPerHour: { name: 'usage_window_burn_rate_usd_per_hour', help: 'USD per hour of the active window since its first activity' },
  windowMinutesLeft: { name: 'usage_window_minutes_left', help: 'Minutes until the active window resets' },
  activeSessions: { name: 'usage_active_sessions', help: 'Sessions that logged anything in the last 10 minutes' },
  rateLimitUsedPercent: { name: 'usage_rate_limit_used_percent', help: "The agent's own rate-limit use in percent, as it last logged it (Codex)" },
};

export interface MetricSource {
  /** The counters to export now (already held monotonic). */
  counters(): CounterSet;
  /** The gauges at this instant. */
  gauges(): GaugeSet;
}

export interface MetricsEndpoint {
  contentType: string;
  /** The exposition text: one read of `source`, so that every gauge describes the same instant. */
  scrape(): Promise<string>;
}

/**
 * A registry whose metrics are read from `source` at each scrape (prom-client's `collect` hook), plus
 * prom-client's default process and Node metrics (memory, event loop), which the memory test reads.
 */
export function metricsEndpoint(source: MetricSource, opts: { project: boolean }): MetricsEndpoint {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let current: { counters: CounterSet; gauges: GaugeSet } | undefined;
  const read = (): { counters: CounterSet; gauges: GaugeSet } => (current ??= { counters: source.counters(), gauges: source.gauges() });
  for (const key of COUNTERS) {
    const { name, help } = PROMETHEUS_COUNTERS[key];
    new Counter({
      name,
      help,
      labelNames: counterLabelNames(key, opts),
      registers: [registry],
      collect() {
        // The totals are exported as they are: a Counter only counts up, so it is set by reset + inc.
        this.reset();
        for (const s of read().counters[key]) this.inc(s.labels, s.value);
      },
    });
  }
  for (const key of GAUGES) {
    const { name, help } = PROMETHEUS_GAUGES[key];
    new Gauge({
      name,
      help,
      labelNames: gaugeLabelNames(key),
      registers: [registry],
      collect() {
        this.reset();
        for (const s of read().gauges[key]) this.set(s.labels, s.value);
      },
    });
  }
  return {
    contentType: registry.contentType,
    async scrape() {
      current = undefined;
      try {
        return await registry.metrics();
      } finally {
        current = undefined;
      }
    },
  };
}
