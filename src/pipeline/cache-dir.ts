import path from 'node:path';
import type { RuntimeEnv } from '../providers/adapter.js';

/** The OS cache folder for this tool; USAGE_CACHE_DIR overrides it. Never inside an agent's folder. */
export function cacheDir({ env, platform, home }: RuntimeEnv): string {
  if (env.USAGE_CACHE_DIR) return path.resolve(env.USAGE_CACHE_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'usage');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'usage');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'usage');
}
