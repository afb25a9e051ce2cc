import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import type { PriceTable } from '../pricing/overrides.js';
// Bundled like the price snapshot: the schema that documents the file is the one that checks it.
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { configPath } from './path.js';
import { validate, type Schema } from './validate.js';

/** The config file's keys, as schema/config.schema.json documents them (checked against it on load). */
export interface ConfigValues {
  timezone?: string;
  providers?: Provider[];
  startOfWeek?: string;
  device?: string;
  sources?: { label: string; path: string }[];
  limits?: { tokens?: number | 'max'; cost?: number };
  context?: { warn?: number; danger?: number };
  statusline?: { rescan?: number };
  color?: 'auto' | 'always' | 'never';
  prices?: PriceTable;
}

export interface Config {
  file: string;
  /** Whether the file was there (a missing default file is no config, not an error). */
  found: boolean;
  values: ConfigValues;
  /** Keys the schema does not know, dotted: warned about, not fatal. */
  unknownKeys: string[];
}

const loaded = new Map<string, Config>();

/** No config: what a status line falls back to when the file is bad. */
export function emptyConfig(file: string): Config {
  return { file, found: false, values: {}, unknownKeys: [] };
}

/**
 * The config in force, read once per process and file: a missing file at the default place is an
 * empty config; one USAGE_CONFIG names must exist. A file that is not JSON, or a value the schema
 * refuses, is a user error naming the file and the key.
 */
export function loadConfig(renv: RuntimeEnv): Config {
  const { file, explicit } = configPath(renv);
  let config = loaded.get(file);
  if (config === undefined) {
    config = readConfig(file, explicit);
    loaded.set(file, config);
  }
  return config;
}

function readConfig(file: string, explicit: boolean): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !explicit) return emptyConfig(file);
    throw new UserError(code === 'ENOENT' ? `USAGE_CONFIG names ${file}, which does not exist` : `cannot read the config file ${file} (${code ?? String(err)})`);
  }
  return parseConfig(text, file);
}

/** The config in `text` (the file `file`), checked against the schema. */
export function parseConfig(text: string, file: string): Config {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`config file ${file} is not valid JSON (${(err as Error).message})`);
  }
  const verdict = validate(value, schema as Schema);
  if (verdict.error !== undefined) throw new UserError(`config file ${file}: ${verdict.error}`);
  return { file, found: true, values: value as ConfigValues, unknownKeys: verdict.unknownKeys };
}

/** One line per unknown key, for stderr. */
export function unknownKeyWarnings(config: Config): string[] {
  return config.unknownKeys.map((key) => `usage: config file ${config.file}: unknown key "${key}" (ignored)`);
}

/**
 * The config's extra log folders, each with its label: `~` is the home folder, a relative path is
 * taken from the config file's folder.
 */
export function configuredSources(renv: RuntimeEnv): { label: string; path: string }[] {
  const config = loadConfig(renv);
  return (config.values.sources ?? []).map(({ label, path: dir }) => ({
    label,
    path: dir === '~' || dir.startsWith('~/') ? path.join(renv.home, dir.slice(1)) : path.resolve(path.dirname(config.file), dir),
  }));
}
