import type { Command } from 'commander';
import { PROVIDERS } from '../core/types.js';

// Only the options live here: the server, the metrics library and the file watcher load when it runs.

export interface ServeFlags {
  listen?: string;
  provider?: string;
  projectLabel: boolean;
  cache: boolean;
  debug?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('follow the logs and serve Prometheus metrics at /metrics (tokens, cost, requests, the 5-hour window, rate limits)')
    .option('--listen <host:port>', 'address to listen on (default: 127.0.0.1:9477; beyond loopback, anyone who reaches it reads the metrics)')
    .option('-p, --provider <list>', `agents to include, comma-separated: ${PROVIDERS.join(',')} (default: every agent whose logs exist)`)
    .option('--no-project-label', 'leave the project label out: series summed over projects (fewer series)')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--debug', 'show stack traces')
    .action(async (flags: ServeFlags) => (await import('./serve-run.js')).runServe(flags));
}
