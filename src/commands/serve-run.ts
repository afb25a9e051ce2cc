import type { ServeFlags } from './serve.js';
import { LogFollower } from '../pipeline/follow.js';
import { printNoLogs } from '../render/notices.js';
import { metricsEndpoint } from '../sinks/prometheus/registry.js';
import { DEFAULT_LISTEN, formatAddress, isLoopback, parseListen, serveMetrics } from '../sinks/prometheus/server.js';
import type { LiveMetrics } from '../sinks/metrics/live-metrics.js';
import { liveMetricsRun, onStopSignal } from './live-metrics-run.js';

/** The store is refreshed at most this often while logs are being written. */
const REFRESH_MS = 1000;

export async function runServe(flags: ServeFlags): Promise<void> {
  const listen = parseListen(flags.listen ?? DEFAULT_LISTEN);
  const { providers, renv, labels, store, toolStore, metrics } = liveMetricsRun(flags);
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

  await new Promise<void>((resolve) =>
    onStopSignal(() => {
      server.closeAllConnections();
      server.close();
      void follower.close().finally(resolve);
    }),
  );
}
