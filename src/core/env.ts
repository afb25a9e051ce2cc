import os from 'node:os';
import path from 'node:path';
import type { RuntimeEnv, SourceRoot } from '../providers/adapter.js';

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
