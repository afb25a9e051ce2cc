import type { Command } from 'commander';
import { PROVIDERS } from '../core/types.js';
import { collect } from './options.js';

// Only the options live here: the driver loads when the command runs.

export interface SyncFlags {
  provider?: string;
  source?: string[];
  cache: boolean;
  debug?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .argument('<postgres-url>', 'the database, e.g. postgres://me@db.example/usage?sslmode=verify-full (password from PGPASSWORD or ~/.pgpass)')
    .description("push this machine's (and each --source folder's) deduplicated usage events and tool calls (no command text, prompt or output) into PostgreSQL")
    .option('-p, --provider <list>', `agents to include, comma-separated: ${PROVIDERS.join(',')} (default: every agent whose logs exist)`)
    .option('--source <label=path>', "also push another machine's copied or mounted folder (a home holding .claude/.codex/.gemini, or one agent's folder) under its device label; repeatable", collect, [])
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--debug', 'show stack traces')
    .action(async (url: string, flags: SyncFlags) => (await import('./sync-run.js')).runSync(url, flags));
}
