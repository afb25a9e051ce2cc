import type { Command } from 'commander';

// Only the options live here: the command's code (and the file watcher) is loaded when it runs.

export interface WatchFlags {
  provider?: string;
  timezone?: string;
  sessionLength?: string;
  tokenLimit?: string;
  costLimit?: string;
  prices?: string;
  interval?: string;
  activeMinutes: string;
  cache: boolean;
  color: boolean;
  debug?: boolean;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('live view of the active 5-hour window: burn rate, projection, limits (one line per change when not a terminal)')
    .option('-p, --provider <list>', 'agents to watch, comma-separated: claude,codex,gemini (default: claude)')
    .option('-z, --timezone <zone>', 'IANA time zone for clock times and "today" (default: the system zone)')
    .option('--session-length <hours>', 'length of a window in hours', '5')
    .option('-t, --token-limit <tokens|max>', 'token limit per window; max = the largest ended window (default: p90 of ended windows)')
    .option('--cost-limit <usd>', 'cost limit per window in USD')
    .option('--prices <file>', 'own prices (the config file\'s "prices" shape) instead of the config\'s')
    .option('--interval <seconds>', 'minimum time between updates (default: 1, or 0.2 on a terminal)')
    .option('--active-minutes <n>', 'a session is active when it logged in the last n minutes', '10')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--no-color', 'plain output without colors (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces')
    .action(async (flags: WatchFlags) => (await import('./watch-run.js')).runWatch(flags));
}
