import type { PushFlags } from './push.js';
import { UserError } from '../core/errors.js';
import { printNoLogs } from '../render/notices.js';
import { OtlpPusher, parseOtlpUrl, printableUrl } from '../sinks/otlp/push.js';
import { liveMetricsRun, onStopSignal } from './live-metrics-run.js';

function parseInterval(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 1) throw new UserError(`--interval expects a number of seconds of at least 1, got "${value}"`);
  return n * 1000;
}

export async function runPush(flags: PushFlags): Promise<void> {
  if (flags.otlp === undefined) throw new UserError('push needs --otlp <url>, e.g. --otlp http://127.0.0.1:4318/v1/metrics');
  const url = parseOtlpUrl(flags.otlp);
  const intervalMs = parseInterval(flags.interval);
  const { renv, store, toolStore, metrics } = liveMetricsRun(flags);
  const pusher = new OtlpPusher(url, metrics, renv.env);
  const say = (line: string): void => void process.stderr.write(`usage push: ${line}\n`);

  /** Refresh, then send; the counters are held monotonic between pushes as in `serve`. */
  const pushNow = async (): Promise<void> => {
    const loaded = await store.refresh();
    if (loaded.files.length === 0) printNoLogs(loaded.searched, process.stderr);
    metrics.update(loaded, await toolStore.refresh());
    if (metrics.unpricedModels.length > 0) say(`warning: no price for ${metrics.unpricedModels.join(', ')}: their cost is not in claude_code.cost.usage`);
    const points = await pusher.push();
    process.stdout.write(`pushed ${points} data points to ${printableUrl(url)}\n`);
  };

  if (intervalMs === undefined) {
    try {
      await pushNow();
    } finally {
      await pusher.close();
    }
    return;
  }
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const tick = (): void => {
      pushNow()
        // A collector that is down now and then is reported and tried again at the next interval.
        .catch((err: unknown) => say((err as Error).message))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    onStopSignal(() => {
      stopped = true;
      if (timer) clearTimeout(timer);
      void pusher.close().finally(resolve);
    });
    tick();
  });
}
