import type { Command } from 'commander';
import { PROVIDERS } from '../core/types.js';

// Only the options live here: the OpenTelemetry SDK loads when it runs.

export interface PushFlags {
  otlp?: string;
  interval?: string;
  provider?: string;
  projectLabel: boolean;
  cache: boolean;
  debug?: boolean;
}

export function registerPush(program: Command): void {
  program
    .command('push')
    .description('send the metrics of `usage serve` once (or every --interval) over OTLP/HTTP to the URL given')
    .option('--otlp <url>', 'the OTLP/HTTP metrics URL, in full (e.g. http://127.0.0.1:4318/v1/metrics); only it is contacted')
    .option('--interval <seconds>', 'push every this many seconds until stopped (default: once)')
    .option('-p, --provider <list>', `agents to include, comma-separated: ${PROVIDERS.join(',')} (default: every agent whose logs exist)`)
    .option('--no-project-label', 'leave the project attribute out: series summed over projects (fewer series)')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--debug', 'show stack traces')
    .action(async (flags: PushFlags) => (await import('./push-run.js')).runPush(flags));
}
