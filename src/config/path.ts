import path from 'node:path';
import type { RuntimeEnv } from '../providers/adapter.js';

/**
 * Where the config file is: USAGE_CONFIG, else the OS config folder's `usage/config.json`
 * ($XDG_CONFIG_HOME or ~/.config; ~/Library/Application Support on macOS; %APPDATA% on Windows).
 * Kept apart from the loader: the memoized replay keys its runs by this file without loading the rest.
 */
export function configPath({ env, platform, home }: RuntimeEnv): { file: string; explicit: boolean } {
  if (env.USAGE_CONFIG) return { file: path.resolve(env.USAGE_CONFIG), explicit: true };
  const dir =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? env.APPDATA || path.join(home, 'AppData', 'Roaming')
        : env.XDG_CONFIG_HOME || path.join(home, '.config');
  return { file: path.join(dir, 'usage', 'config.json'), explicit: false };
}
