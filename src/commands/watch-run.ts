import type { WatchFlags } from './watch.js';
import kleur from 'kleur';
import { UserError } from '../core/errors.js';
import { runtimeEnv } from '../core/env.js';
import { LogFollower } from '../pipeline/follow.js';
import { EventStore, type Loaded } from '../pipeline/store.js';
import { now as nowMs } from '../core/clock.js';
import { parseAmount, parseSessionLength, parseTokenLimit } from '../report/blocks-report.js';
import { DEFAULT_SESSION_MS } from '../report/blocks.js';
import { ZonedCalendar, resolveZone } from '../report/calendar.js';
import { buildLiveState, type LiveOptions, type LiveState } from '../report/live-state.js';
import { priceEvents, type PricedRun } from '../report/price-events.js';
import { renderFrame, renderLine } from '../render/live.js';
import { FullScreen, isQuitKey } from '../render/live-terminal.js';
import { printNoLogs } from '../render/notices.js';
import { pricingInForce } from '../config/pricing.js';
import { settingValue } from '../config/settings.js';
import { parseProviders } from './options.js';

/** The screen's clock and countdowns move on this often even when no log changes. */
const TICK_MS = 1000;

function positive(value: string, flag: string, what: string, min: number): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new UserError(`${flag} expects ${what}, got "${value}"`);
  return n;
}

function parseCostLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = parseAmount(value.trim().replace(/^\$/, ''));
  if (n === undefined || n <= 0) throw new UserError(`--cost-limit expects an amount in USD such as 25 or 12.50, got "${value}"`);
  return n;
}

export async function runWatch(flags: WatchFlags): Promise<void> {
  const renv = runtimeEnv();
  const providers = settingValue('providers', flags.provider, renv, (v) => parseProviders(v, ['claude']));
  const zone = settingValue('timezone', flags.timezone, renv, resolveZone);
  const sessionMs = parseSessionLength(flags.sessionLength) ?? DEFAULT_SESSION_MS;
  const tokenLimit = settingValue('tokenLimit', flags.tokenLimit, renv, parseTokenLimit);
  const costLimit = settingValue('costLimit', flags.costLimit, renv, parseCostLimit);
  const pricing = pricingInForce(renv, flags.prices);
  const activeMinutes = positive(flags.activeMinutes, '--active-minutes', 'a number of minutes greater than 0', 0.01);
  const calendar = new ZonedCalendar(zone);
  const store = new EventStore({ providers, renv, useCache: flags.cache });
  const out = process.stdout;
  const tty = out.isTTY === true;
  // A screen follows the logs closely; printed lines (logs, status bars) come at most once a second.
  const intervalMs =
    flags.interval === undefined ? (tty ? 200 : 1000) : positive(flags.interval, '--interval', 'a number of seconds of at least 0.1', 0.1) * 1000;
  const color = tty && kleur.enabled && flags.color !== false;

  // Before the screen is taken: a missing CLAUDE_CONFIG_DIR is a one-line user error as usual.
  let loaded: Loaded = await store.refresh();
  let priced: PricedRun = priceEvents(loaded.events, pricing);
  if (loaded.files.length === 0 && !tty) printNoLogs(loaded.searched, process.stderr);

  const liveOptions = (): LiveOptions => ({
    providers,
    now: nowMs(),
    calendar,
    sessionMs,
    activeMinutes,
    ...(tokenLimit !== undefined ? { tokenLimit } : {}),
    ...(costLimit !== undefined ? { costLimit } : {}),
  });
  const state = (): LiveState =>
    buildLiveState(priced.events, liveOptions(), { files: loaded.files.length, unpricedModels: priced.unpricedModels });

  let status = loaded.files.length === 0 ? `no logs yet in ${loaded.searched.join(', ')}` : '';
  let stopped = false;
  let lastLine = '';
  let lastWindows = '';
  let lastData = '';
  /** What the logs hold, cheaply: a line is printed when this moved, not when a rescan found nothing new. */
  const dataKey = (): string => `${loaded.events.length}:${loaded.files.map((f) => `${f.size}@${f.mtimeMs}`).join(',')}`;

  const screen = tty ? new FullScreen(out, process.stdin) : undefined;
  const emit = (fromLogs: boolean): void => {
    if (stopped) return;
    const s = state();
    if (screen) {
      screen.draw(renderFrame(s, { columns: screen.columns, rows: screen.rows, color, ...(status ? { status } : {}) }));
      return;
    }
    const line = renderLine(s);
    const body = line.slice(line.indexOf(' ', line.indexOf(' ') + 1) + 1);
    const windows = s.agents.map((a) => a.block?.id ?? '-').join(',');
    const data = dataKey();
    // A line per change of the logs; otherwise only when a window starts or ends.
    if ((fromLogs && data !== lastData && body !== lastLine) || windows !== lastWindows) {
      lastData = data;
      out.write(`${line}\n`);
      lastLine = body;
      lastWindows = windows;
    }
  };

  const follower = new LogFollower(
    {
      store,
      providers,
      renv,
      intervalMs,
      onRefresh: (result) => {
        if ('loaded' in result) {
          loaded = result.loaded;
          priced = priceEvents(loaded.events, pricing);
          status = loaded.files.length === 0 ? `no logs yet in ${loaded.searched.join(', ')}` : '';
        } else {
          status = `error: ${result.error.message}`;
          if (!screen) process.stderr.write(`usage: ${status}\n`);
        }
        emit(true);
      },
      onWatchError: (err) => {
        status = `watch error: ${err.message}`;
      },
    },
    loaded,
  );

  let tickTimer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    const stop = (code = 0): void => {
      if (stopped) return;
      stopped = true;
      if (tickTimer) clearInterval(tickTimer);
      screen?.leave();
      out.removeListener('resize', onResize);
      for (const sig of SIGNALS) process.removeListener(sig, onSignal);
      process.removeListener('uncaughtException', onFatal);
      process.removeListener('unhandledRejection', onFatal);
      out.removeListener('error', onOutError);
      if (code !== 0) process.exitCode = code;
      void follower.close().finally(resolve);
    };
    const onSignal = (): void => stop(0);
    const onResize = (): void => emit(false);
    const onOutError = (): void => stop(0); // stdout closed (`| head`): nothing left to write to.
    const onFatal = (err: unknown): void => {
      screen?.leave();
      process.stderr.write(
        flags.debug && err instanceof Error ? `${err.stack}\n` : `usage: internal error: ${(err as Error)?.message ?? err} (rerun with --debug for details)\n`,
      );
      stop(1);
    };
    for (const sig of SIGNALS) process.on(sig, onSignal);
    process.on('uncaughtException', onFatal);
    process.on('unhandledRejection', onFatal);
    out.on('error', onOutError);

    if (screen) {
      screen.enter((key) => {
        if (isQuitKey(key)) stop(0);
        else if (key === 'r') follower.refreshAll();
      });
      out.on('resize', onResize);
      tickTimer = setInterval(() => emit(false), TICK_MS);
    } else {
      // Windows start and end with the clock, not only with the logs.
      tickTimer = setInterval(() => emit(false), 15 * TICK_MS);
    }
    emit(true);
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
