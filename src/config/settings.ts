import os from 'node:os';
import { UserError } from '../core/errors.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { loadConfig, type Config, type ConfigValues } from './load.js';

/** Where a value in force came from, strongest first. */
export type Origin = 'flag' | 'env' | 'file' | 'default';

export interface Resolved {
  /** In the flag's own text form (`claude,codex`, `5000000`), for the flag's parser; undefined: none at all. */
  value: string | undefined;
  origin: Origin;
  /** The flag, the variable, or the file the value came from. */
  from?: string;
}

interface SettingSpec {
  /** The config file's key, dotted. */
  key: string;
  flag?: string;
  env?: string;
  /** Of the environment, a value (for settings not read from one variable of their own). */
  fromEnv?: (env: Record<string, string | undefined>) => { name: string; value: string } | undefined;
  fromFile: (values: ConfigValues) => string | undefined;
  fallback?: () => string;
}

const text = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));

/** Every setting a flag, an env var and the config file may give. */
export const SETTINGS = {
  timezone: { key: 'timezone', flag: '--timezone', env: 'USAGE_TIMEZONE', fromFile: (c) => c.timezone },
  providers: { key: 'providers', flag: '--provider', env: 'USAGE_PROVIDER', fromFile: (c) => c.providers?.join(',') },
  startOfWeek: { key: 'startOfWeek', flag: '--start-of-week', env: 'USAGE_START_OF_WEEK', fromFile: (c) => c.startOfWeek, fallback: () => 'monday' },
  device: { key: 'device', env: 'USAGE_DEVICE', fromFile: (c) => c.device, fallback: () => os.hostname() },
  tokenLimit: { key: 'limits.tokens', flag: '--token-limit', env: 'USAGE_TOKEN_LIMIT', fromFile: (c) => text(c.limits?.tokens) },
  costLimit: { key: 'limits.cost', flag: '--cost-limit', env: 'USAGE_COST_LIMIT', fromFile: (c) => text(c.limits?.cost) },
  contextWarn: { key: 'context.warn', flag: '--context-warn', env: 'USAGE_CONTEXT_WARN', fromFile: (c) => text(c.context?.warn), fallback: () => '50' },
  contextDanger: {
    key: 'context.danger',
    flag: '--context-danger',
    env: 'USAGE_CONTEXT_DANGER',
    fromFile: (c) => text(c.context?.danger),
    fallback: () => '80',
  },
  statuslineRescan: {
    key: 'statusline.rescan',
    flag: '--rescan',
    env: 'USAGE_STATUSLINE_RESCAN',
    fromFile: (c) => text(c.statusline?.rescan),
    fallback: () => '15',
  },
  color: {
    key: 'color',
    flag: '--no-color',
    // The conventions kleur itself follows (https://no-color.org, FORCE_COLOR).
    fromEnv: (env) =>
      env.NO_COLOR
        ? { name: 'NO_COLOR', value: 'never' }
        : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
          ? { name: 'FORCE_COLOR', value: 'always' }
          : undefined,
    fromFile: (c) => c.color,
    fallback: () => 'auto',
  },
} satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/**
 * The value in force: the command line's (`flag`, undefined when not given), else the environment's,
 * else the config file's, else the built-in default. The one place this order is decided.
 */
export function resolveSetting(name: SettingName, flag: string | undefined, renv: RuntimeEnv, config: Config = loadConfig(renv)): Resolved {
  const spec: SettingSpec = SETTINGS[name];
  if (flag !== undefined) return { value: flag, origin: 'flag', ...(spec.flag ? { from: spec.flag } : {}) };
  const env = spec.fromEnv ? spec.fromEnv(renv.env) : spec.env && renv.env[spec.env] ? { name: spec.env, value: renv.env[spec.env]! } : undefined;
  if (env) return { value: env.value, origin: 'env', from: env.name };
  const file = spec.fromFile(config.values);
  if (file !== undefined) return { value: file, origin: 'file', from: config.file };
  return { value: spec.fallback?.(), origin: 'default' };
}

/** The built-in default of a setting (undefined: none, such as the system zone for `timezone`). */
export function defaultSetting(name: SettingName): string | undefined {
  const spec: SettingSpec = SETTINGS[name];
  return spec.fallback?.();
}

/** This machine's label where reports name devices: USAGE_DEVICE, the config's `device`, or the host name. */
export function configuredDevice(renv: RuntimeEnv): string {
  return resolveSetting('device', undefined, renv).value!;
}

/**
 * The setting in force, through the parser its flag uses (which gets undefined when none is set). A
 * value the parser refuses is named by where it came from: the flag, the variable, or the file's key.
 */
export function settingValue<T>(
  name: SettingName,
  flag: string | undefined,
  renv: RuntimeEnv,
  parse: (value: string | undefined) => T,
  config: Config = loadConfig(renv),
): T {
  const resolved = resolveSetting(name, flag, renv, config);
  try {
    return parse(resolved.value);
  } catch (err) {
    if (!(err instanceof UserError) || resolved.origin === 'flag') throw err;
    const where = resolved.origin === 'env' ? resolved.from : `config file ${resolved.from}: "${SETTINGS[name].key}"`;
    throw new UserError(`${where}: ${err.message}`);
  }
}
