import { pricingInForce } from '../config/pricing.js';
import { configuredDevice } from '../config/settings.js';
import { runtimeEnv } from '../core/env.js';
import type { ToolPart } from '../core/tool-call.js';
import type { Provider } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { EventStore } from '../pipeline/store.js';
import { TOOL_PARTS } from '../pipeline/tool-parts.js';
import { LiveMetrics } from '../sinks/metrics/live-metrics.js';
import type { LabelOptions } from '../sinks/metrics/metric-set.js';
import { parseProviders } from './options.js';

/** What `serve` and `push` both keep: the usage store, the tool store beside it, and the metric set fed from both. */
export interface LiveMetricsRun {
  providers: Provider[];
  renv: RuntimeEnv;
  labels: LabelOptions;
  store: EventStore;
  /** The tool counters' calls: the store `usage tools` reads them with, kept up to date beside the usage one. */
  toolStore: EventStore<ToolPart>;
  metrics: LiveMetrics;
}

export function liveMetricsRun(flags: { provider?: string; projectLabel: boolean; cache: boolean }): LiveMetricsRun {
  const providers = parseProviders(flags.provider);
  const renv = runtimeEnv();
  const labels = { device: configuredDevice(renv), project: flags.projectLabel };
  return {
    providers,
    renv,
    labels,
    store: new EventStore({ providers, renv, useCache: flags.cache }),
    toolStore: new EventStore({ kind: TOOL_PARTS, providers, renv, useCache: flags.cache }),
    metrics: new LiveMetrics(providers, labels, pricingInForce(renv, undefined)),
  };
}

/** Calls `stop` once on Ctrl-C, a kill or a closed terminal, then stops listening for them. */
export function onStopSignal(stop: () => void): void {
  const once = (): void => {
    for (const sig of SIGNALS) process.removeListener(sig, once);
    stop();
  };
  for (const sig of SIGNALS) process.on(sig, once);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
