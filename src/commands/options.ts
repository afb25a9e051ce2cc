import { Option, type Command } from 'commander';
import { pricingInForce } from '../config/pricing.js';
import { settingValue } from '../config/settings.js';
import { deviceSources, type DeviceSource } from '../config/sources.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';
import { PROVIDERS, type Provider, type UsageEvent } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import type { Pricing } from '../pricing/overrides.js';
import type { JoinedCalls } from '../report/tool-join.js';
import { parseDay, resolveZone } from '../report/calendar.js';
import { parseDbUrl, type DbTarget } from '../sinks/postgres/config.js';

/** Options every report shares, as commander hands them over. */
export interface CommonFlags {
  since?: string;
  until?: string;
  timezone?: string;
  provider?: string;
  project?: string;
  order?: 'asc' | 'desc';
  json?: boolean;
  csv?: boolean;
  prices?: string;
  cache: boolean;
  color: boolean;
  debug?: boolean;
  source?: string[];
  by?: string;
  db?: string;
}

/** The flags, checked and normalized. */
export interface CommonOptions {
  since?: string;
  until?: string;
  zone: string;
  providers: Provider[];
  project?: string;
  order?: 'asc' | 'desc';
  json: boolean;
  csv: boolean;
  /** The snapshot's prices, with the user's own over them when some are in force. */
  pricing: Pricing;
  useCache: boolean;
  debug: boolean;
  /** The folders read, each under its device label: this machine's, the config's `sources`, each `--source`. */
  sources?: DeviceSource[];
  /** `--by device`: a row per device of each row. */
  byDevice?: boolean;
  /** --db: the report is made from this database's rows, not from the logs. */
  db?: DbTarget;
}

export function addCommonOptions(cmd: Command, defaultProviders = 'every agent whose logs exist'): Command {
  return cmd
    .option('-s, --since <date>', 'first day to include (YYYY-MM-DD or YYYYMMDD, in the report time zone)')
    .option('-u, --until <date>', 'last day to include (YYYY-MM-DD or YYYYMMDD, in the report time zone)')
    .option('-z, --timezone <zone>', 'IANA time zone for day boundaries (default: the system zone)')
    .option('-p, --provider <list>', `agents to include, comma-separated: ${PROVIDERS.join(',')} (default: ${defaultProviders})`)
    .option('--project <text>', 'only projects whose path contains this text')
    .addOption(new Option('-o, --order <order>', 'sort order').choices(['asc', 'desc']))
    .option('-j, --json', 'print JSON instead of a table')
    .option('--csv', 'print CSV (RFC 4180, the JSON\'s field names) instead of a table')
    .option('--prices <file>', 'own prices (the config file\'s "prices" shape) instead of the config\'s')
    .option('--source <label=path>', "another machine's copied or mounted folder (a home holding .claude/.codex/.gemini, or one agent's folder), under a device label; repeatable", collect, [])
    .option('--db <postgres-url>', 'report from the rows `usage sync` pushed into this PostgreSQL database (every device) instead of the local logs')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--no-color', 'plain output without colors (NO_COLOR is honoured too)')
    .option('--debug', 'list every skipped line and file, and show stack traces');
}

/** A repeatable option's values, in the order given. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseProviders(value: string | undefined, fallback: readonly Provider[] = PROVIDERS): Provider[] {
  if (value === undefined) return [...fallback];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(PROVIDERS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UserError(`unknown provider "${unknown.join(',') || value}" (expected one or more of ${PROVIDERS.join(', ')})`);
  }
  return [...new Set(names)] as Provider[];
}

/** The flags checked, with the environment's and the config file's settings where a flag is not given. */
export function normalizeCommon(flags: CommonFlags, fallbackProviders?: readonly Provider[], renv: RuntimeEnv = runtimeEnv()): CommonOptions {
  const since = flags.since === undefined ? undefined : parseDay(flags.since, '--since');
  const until = flags.until === undefined ? undefined : parseDay(flags.until, '--until');
  if (since && until && until < since) throw new UserError(`--until ${until} is before --since ${since}`);
  if (flags.json && flags.csv) throw new UserError('--json and --csv cannot go together');
  return {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    zone: settingValue('timezone', flags.timezone, renv, resolveZone),
    providers: settingValue('providers', flags.provider, renv, (v) => parseProviders(v, fallbackProviders)),
    ...(flags.project !== undefined ? { project: flags.project } : {}),
    ...(flags.order ? { order: flags.order } : {}),
    json: flags.json === true,
    csv: flags.csv === true,
    pricing: pricingInForce(renv, flags.prices),
    useCache: flags.cache,
    debug: flags.debug === true,
    sources: deviceSources(renv, flags.source),
    // `tools` has more groupings under --by, and splits by device as one of them.
    byDevice: flags.by === 'device',
    ...(flags.db !== undefined ? { db: parseDbUrl(flags.db, '--db') } : {}),
  };
}

/**
 * What a report reads with --db instead of the logs: every device's events from the database,
 * deduplicated across devices, in the shape of a load (no file; `skipped` counts the damaged lines
 * the syncs skipped, as the JSON reports them). The driver is
 * loaded only then.
 */
export async function loadedFromDatabase(db: DbTarget, providers: readonly Provider[]): Promise<{ events: UsageEvent[]; files: []; searched: string[]; skips: []; skipped: number }> {
  const [{ withDatabase }, { readEvents }] = await Promise.all([import('../sinks/postgres/connect.js'), import('../sinks/postgres/reader.js')]);
  const { events, skipped } = await withDatabase(db, (client) => readEvents(client, providers));
  return { events, files: [], searched: [], skips: [], skipped };
}

/** `--commands` shows what the logs hold and the database never does. */
export const NO_COMMANDS_IN_DB = '--commands cannot go with --db: `usage sync` stores no command text';

/** With --db, what `tools`, `audit`, `report` and `export` read instead of the logs' tool parts: every device's calls, deduplicated across devices. */
export async function callsFromDatabase(db: DbTarget, providers: readonly Provider[]): Promise<JoinedCalls> {
  const [{ withDatabase }, { readToolCalls }] = await Promise.all([import('../sinks/postgres/connect.js'), import('../sinks/postgres/reader.js')]);
  return withDatabase(db, (client) => readToolCalls(client, providers));
}
