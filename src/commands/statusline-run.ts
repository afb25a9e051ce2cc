import type { StatuslineFlags } from './statusline-flags.js';
import { now as clockNow } from '../core/clock.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';
import { writeAll } from '../core/output.js';
import { emptyConfig, loadConfig, unknownKeyWarnings, type Config } from '../config/load.js';
import { configPath } from '../config/path.js';
import { pricingInForce } from '../config/pricing.js';
import { defaultSetting, settingValue, type SettingName } from '../config/settings.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { SNAPSHOT_PRICING } from '../pricing/overrides.js';
import { resolveZone } from '../report/calendar.js';
import { computeFigures, windowStart, type Figures } from '../statusline/figures.js';
import { Template, type LineOptions } from '../statusline/format.js';
import { parseStatusInput, readStdin, type StatusInput } from '../statusline/input.js';
import { loadStatusTotals } from '../statusline/load.js';
import { ProblemLog } from '../statusline/problems.js';

/** Claude Code writes its JSON and closes stdin at once; a pipe that stays open is given up on after this. */
const STDIN_DEADLINE_MS = 300;

export async function runStatusline(flags: StatuslineFlags): Promise<void> {
  const renv = runtimeEnv();
  if (flags.install || flags.uninstall) {
    if (flags.install && flags.uninstall) throw new UserError('--install and --uninstall cannot go together');
    const { install, settingsFile, statusLineCommand, uninstall } = await import('../statusline/settings.js');
    const file = settingsFile({ project: flags.project === true, home: renv.home, cwd: process.cwd() });
    const launcher = { script: process.argv[1] ?? '', execPath: process.execPath, pathEnv: renv.env.PATH, platform: process.platform };
    const change = flags.install ? install(file, { force: flags.force === true, command: statusLineCommand(launcher) }) : uninstall(file);
    process.stdout.write(`${change.message}\n`);
    return;
  }
  if (flags.project || flags.force) throw new UserError(`--${flags.project ? 'project' : 'force'} goes with --install or --uninstall`);

  const problems = ProblemLog.in(cacheDir(renv), flags.debug ? process.stderr : undefined);
  // Mistakes in the command line are the user's to see (exit 2); a bad config file or variable is
  // logged and the default used: from here on, nothing breaks the bar.
  let config: Config;
  try {
    config = loadConfig(renv);
    for (const line of unknownKeyWarnings(config)) problems.add(line);
  } catch (err) {
    problems.add(err instanceof Error ? err.message : String(err));
    config = emptyConfig(configPath(renv).file);
  }
  const setting = <T>(name: SettingName, flag: string | undefined, parse: (value: string | undefined) => T): T => {
    try {
      return settingValue(name, flag, renv, parse, config);
    } catch (err) {
      if (flag !== undefined || !(err instanceof UserError)) throw err;
      problems.add(err.message);
      return parse(defaultSetting(name));
    }
  };
  let warnPercent = setting('contextWarn', flags.contextWarn, (v) => percentFlag(v!, '--context-warn'));
  let dangerPercent = setting('contextDanger', flags.contextDanger, (v) => percentFlag(v!, '--context-danger'));
  if (warnPercent > dangerPercent) {
    const message = `--context-warn ${warnPercent} is above --context-danger ${dangerPercent}`;
    if (flags.contextWarn !== undefined || flags.contextDanger !== undefined) throw new UserError(message);
    problems.add(`${message} (the config or environment's; using the defaults)`);
    warnPercent = percentFlag(defaultSetting('contextWarn')!, '--context-warn');
    dangerPercent = percentFlag(defaultSetting('contextDanger')!, '--context-danger');
  }
  const rescanSeconds = setting('statuslineRescan', flags.rescan, (v) => secondsFlag(v!, '--rescan'));
  const template = Template.from(flags.format);
  // Without a zone set, the system zone: its days are known through Date, without asking Intl for its name.
  const zone = setting('timezone', flags.timezone, (v) => (v === undefined ? undefined : resolveZone(v)));
  const color = setting('color', flags.color === false ? 'never' : undefined, (v) => v) !== 'never';
  let pricing = SNAPSHOT_PRICING;
  try {
    pricing = pricingInForce(renv, undefined);
  } catch (err) {
    problems.add(`own prices not used: ${err instanceof Error ? err.message : String(err)}`);
  }

  const now = clockNow(renv.env);
  const opts: LineOptions = {
    color,
    costSource: flags.costSource,
    warnPercent,
    dangerPercent,
    now,
  };

  // --debug: where the time went, on stderr (process start to now, then per phase). Only then: the
  // `performance` global loads perf_hooks, a millisecond of a call.
  const timings: string[] = [];
  let mark = 0;
  const lap = (phase: string): void => {
    if (!flags.debug) return;
    const t = performance.now();
    timings.push(`${phase} ${(t - mark).toFixed(1)}ms`);
    mark = t;
  };
  lap('start-up');

  const failed = (what: string, err: unknown): void => {
    problems.add(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    if (flags.debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  };

  let input: StatusInput = {};
  try {
    const parsed = parseStatusInput(await readStdin(STDIN_DEADLINE_MS));
    input = parsed.input;
    if (parsed.problem) problems.add(parsed.problem);
  } catch (err) {
    failed('could not read stdin', err);
  }
  lap('stdin');

  // What stdin alone says, should the logs fail us.
  let figures: Figures = { unpricedModels: [] };
  try {
    figures = computeFigures(input, undefined, { now });
    const session = {
      ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
      ...(input.transcriptPath !== undefined ? { transcriptPath: input.transcriptPath } : {}),
    };
    const window = { now, ...windowStart(now, zone) };
    const { totals, how } = await loadStatusTotals(renv, { window, session, ...(zone !== undefined ? { zone } : {}), useCache: flags.cache, pricing, rescanEveryMs: rescanSeconds * 1000 }, problems);
    lap(`load (${how})`);
    figures = computeFigures(input, totals, { now });
    lap('figures');
    if (figures.unpricedModels.length > 0) problems.add(`no price for ${figures.unpricedModels.join(', ')}: costs shown with ≥ lack their share`);
  } catch (err) {
    failed('could not read the logs', err);
  }

  let line: string;
  try {
    line = template.render(figures, opts);
  } catch (err) {
    problems.add(`could not format the line: ${err instanceof Error ? err.message : String(err)}`);
    line = figures.model ?? '';
  }
  writeAll(1, `${line === '' ? 'usage: no data' : line}\n`);
  problems.flush(Date.now());
  if (flags.debug) process.stderr.write(`statusline: ${timings.join(', ')}, total ${performance.now().toFixed(1)}ms\n`);
}

function secondsFlag(value: string, flag: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(`${flag} expects a number of seconds from 0, got "${value}"`);
  return n;
}

function percentFlag(value: string, flag: string): number {
  const n = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UserError(`${flag} expects a percentage from 0 to 100, got "${value}"`);
  return n;
}
