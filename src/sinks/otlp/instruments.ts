import { ValueType, type Meter } from '@opentelemetry/api';
import { COUNTERS, GAUGES, type CounterName, type CounterSet, type GaugeName, type GaugeSet } from '../metrics/metric-set.js';

interface Instrument {
  name: string;
  description: string;
  unit: string;
  valueType: ValueType;
}

/**
 * The OTLP names: Claude Code's own where they mean the same (its `claude_code.token.usage` with `type`
 * and `model`, `claude_code.cost.usage`), `usage.*` for ours. README "Metrics" has the table.
 */
export const OTLP_COUNTERS: Record<CounterName, Instrument> = {
  tokens: { name: 'claude_code.token.usage', description: 'Number of tokens used', unit: 'tokens', valueType: ValueType.INT },
  cost: { name: 'claude_code.cost.usage', description: 'Cost in USD, from the local price snapshot', unit: 'USD', valueType: ValueType.DOUBLE },
  requests: { name: 'usage.request.count', description: 'Deduplicated API responses with tokens', unit: '{request}', valueType: ValueType.INT },
  toolCalls: { name: 'usage.tool.calls', description: 'Tool calls the agents made', unit: '{call}', valueType: ValueType.INT },
  toolErrors: { name: 'usage.tool.errors', description: 'Tool calls whose result was an error', unit: '{call}', valueType: ValueType.INT },
};

export const OTLP_GAUGES: Record<GaugeName, Instrument> = {
  windowActive: { name: 'usage.window.active', description: '1 while a 5-hour window is active, else 0', unit: '1', valueType: ValueType.INT },
  windowTokens: { name: 'usage.window.tokens', description: 'Tokens in the active 5-hour window', unit: 'tokens', valueType: ValueType.INT },
  windowCost: { name: 'usage.window.cost', description: 'Cost of the active 5-hour window', unit: 'USD', valueType: ValueType.DOUBLE },
  windowBurnTokensPerMinute: { name: 'usage.window.burn_rate.tokens', description: 'Tokens per minute of the active window', unit: 'tokens/min', valueType: ValueType.DOUBLE },
  windowBurnCostPerHour: { name: 'usage.window.burn_rate.cost', description: 'USD per hour of the active window', unit: 'USD/h', valueType: ValueType.DOUBLE },
  windowMinutesLeft: { name: 'usage.window.time_left', description: 'Minutes until the active window resets', unit: 'min', valueType: ValueType.DOUBLE },
  activeSessions: { name: 'usage.session.active', description: 'Sessions that logged anything in the last 10 minutes', unit: '{session}', valueType: ValueType.INT },
  rateLimitUsedPercent: { name: 'usage.rate_limit.used', description: "The agent's own rate-limit use, as it last logged it (Codex)", unit: '%', valueType: ValueType.DOUBLE },
};

/**
 * Asynchronous instruments read from `source` at each collection: counters report their totals
 * (cumulative, as OTLP's monotonic sums carry them), gauges the state at that instant.
 */
export function registerInstruments(meter: Meter, source: { counters(): CounterSet; gauges(): GaugeSet }): void {
  const counters = COUNTERS.map((key) => {
    const { name, ...options } = OTLP_COUNTERS[key];
    return [key, meter.createObservableCounter(name, options)] as const;
  });
  meter.addBatchObservableCallback(
    (result) => {
      const set = source.counters();
      for (const [key, instrument] of counters) for (const s of set[key]) result.observe(instrument, s.value, s.labels);
    },
    counters.map(([, instrument]) => instrument),
  );
  const gauges = GAUGES.map((key) => {
    const { name, ...options } = OTLP_GAUGES[key];
    return [key, meter.createObservableGauge(name, options)] as const;
  });
  meter.addBatchObservableCallback(
    (result) => {
      // One live state per collection: every gauge describes the same instant.
      const set = source.gauges();
      for (const [key, instrument] of gauges) for (const s of set[key]) result.observe(instrument, s.value, s.labels);
    },
    gauges.map(([, instrument]) => instrument),
  );
}
