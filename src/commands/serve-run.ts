import type { ServeFlags } from './serve.js';
import { runtimeEnv } from '../core/env.js';
import { LogFollower } from '../pipeline/follow.js';
import { EventStore } from '../pipeline/store.js';
import { TOOL_PARTS } from '../pipeline/tool-parts.js';
import { printNoLogs } from '../render/notices.js';
import { configuredDevice } from '../config/settings.js';
import { pricingInForce } from '../config/pricing.js';
import { LiveMetrics } from '../sinks/metrics/live-metrics.js';
import { metricsEndpoint } from '../sinks/prometheus/registry.js';
import { DEFAULT_LISTEN, formatAddress, isLoopback, parseListen, serveMetrics } from '../sinks/prometheus/server.js';
import { parseProviders } from './options.js';

/** The store is refreshed at most this often while logs are being written. */
const REFRESH_MS = 1000;

export async function runServe(flags: ServeFlags): Promise<void> {
  const providers = parseProviders(flags.provider);
  const listen = parseListen(flags.listen ?? DEFAULT_LISTEN);
  const renv = runtimeEnv();
  const store = new EventStore({ providers, renv, useCache: flags.cache });
  // The tool counters' calls: the store `usage tools` reads them with, kept up to date beside the usage one.
  const toolStore = new EventStore({ kind: TOOL_PARTS, providers, renv, useCache: flags.cache });
  const labels = { device: configuredDevice(renv), project: flags.projectLabel };
  const metrics = new LiveMetrics(providers, labels, pricingInForce(renv, undefined));
  const say = (line: string): void => void process.stderr.write(`usage serve: ${line}\n`);

  let lowered = 0;
  let unpriced = '';
  const take = (...logs: Parameters<LiveMetrics['update']>): void => {
    const result = metrics.update(...logs);
    if (result.lowered > lowered) {
      say(`${result.lowered} series held at their highest value: a log was rewritten, shrank or was removed, and its totals went down (README "Metrics")`);
    }
    lowered = result.lowered;
    const models = metrics.unpricedModels.join(', ');
    if (models !== unpriced && models !== '') say(`warning: no price for ${models}: their cost is not in usage_cost_usd_total`);
    unpriced = models;
  };

  // The first read comes first: a missing CLAUDE_CONFIG_DIR is a one-line error, as in every command.
  const loaded = await store.refresh();
  let tools = await toolStore.refresh();
  take(loaded, tools);
  if (loaded.files.length === 0) printNoLogs(loaded.searched, process.stderr);

  const endpoint = metricsEndpoint(metrics, labels);
  const { server, address } = await serveMetrics(endpoint, listen, (err) => say(`error: ${err.message}`));
  if (!isLoopback(address.host)) {
    say(`warning: listening on ${formatAddress(address)}, beyond loopback: anyone who can reach it reads the metrics${labels.project ? ', project paths included (--no-project-label leaves them out)' : ''}`);
  }
  say(`serving http://${formatAddress(address)}/metrics and /healthz (Ctrl-C stops)`);

  const follower = new LogFollower(
    {
      store,
      toolStore,
      providers,
      renv,
      intervalMs: REFRESH_MS,
      onRefresh: (result) => {
        if ('error' in result) return say(`error: ${result.error.message}`);
        tools = result.tools ?? tools;
        take(result.loaded, tools);
      },
      onWatchError: (err) => say(`watch error: ${err.message}`),
    },
    loaded,
  );

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      for (const sig of SIGNALS) process.removeListener(sig, stop);
      server.closeAllConnections();
      server.close();
      void follower.close().finally(resolve);
    };
    for (const sig of SIGNALS) process.on(sig, stop);
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
