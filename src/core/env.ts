import os from 'node:os';
import type { RuntimeEnv } from '../providers/adapter.js';

export function runtimeEnv(env: Record<string, string | undefined> = process.env): RuntimeEnv {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return { env, platform: process.platform, home };
}

/** A comma-separated list of folders from an env var, blanks dropped. */
export function envList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
