import { Option, type Command } from 'commander';
import { UserError } from '../core/errors.js';
import { PROVIDERS, type Provider } from '../core/types.js';
import { parseDay, resolveZone } from '../report/calendar.js';

/** Options every report shares, as commander hands them over. */
export interface CommonFlags {
  since?: string;
  until?: string;
  timezone?: string;
  provider?: string;
  project?: string;
  order?: 'asc' | 'desc';
  json?: boolean;
  cache: boolean;
  color: boolean;
  debug?: boolean;
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
  useCache: boolean;
  debug: boolean;
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
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--no-color', 'plain output without colors (NO_COLOR is honoured too)')
    .option('--debug', 'list every skipped line and file, and show stack traces');
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

export function normalizeCommon(flags: CommonFlags, fallbackProviders?: readonly Provider[]): CommonOptions {
  const since = flags.since === undefined ? undefined : parseDay(flags.since, '--since');
  const until = flags.until === undefined ? undefined : parseDay(flags.until, '--until');
  if (since && until && until < since) throw new UserError(`--until ${until} is before --since ${since}`);
  return {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    zone: resolveZone(flags.timezone),
    providers: parseProviders(flags.provider, fallbackProviders),
    ...(flags.project !== undefined ? { project: flags.project } : {}),
    ...(flags.order ? { order: flags.order } : {}),
    json: flags.json === true,
    useCache: flags.cache,
    debug: flags.debug === true,
  };
}
