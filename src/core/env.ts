import os from 'node:os';
import path from 'node:path';
import type { RuntimeEnv, SourceRoot } from '../providers/adapter.js';
import { UserError } from './errors.js';

export function runtimeEnv(env: Record<string, string | undefined> = process.env): RuntimeEnv {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return { env, platform: process.platform, home };
}

/**
 * The folders a comma-separated env var names, blanks dropped: explicit roots, so that one that does
 * not exist is reported rather than passed over. None when the variable is unset or empty.
 */
export function rootsFromEnv(env: Record<string, string | undefined>, name: string): SourceRoot[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((dir) => ({ dir: path.resolve(dir), explicit: true, fromEnv: name }));
}

/**
 * How many threads may read logs at once (USAGE_THREADS, a whole number from 1; 1 reads on the main
 * thread only); undefined when unset, for one per core.
 */
export function readerThreads(env: Record<string, string | undefined>): number | undefined {
  const value = env.USAGE_THREADS?.trim();
  if (!value) return undefined;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UserError(`USAGE_THREADS expects a whole number from 1, got "${value}"`);
  return Number(value);
}
