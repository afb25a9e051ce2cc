import type { Command } from 'commander';
import { addCommonOptions, type CommonFlags } from './options.js';

export interface AuditFlags extends CommonFlags {
  failOn?: string;
  commands?: boolean;
}

export function registerAudit(program: Command): void {
  const cmd = program.command('audit').description('paths tools named outside each session\'s project, sensitive places and risky commands');
  addCommonOptions(cmd)
    .option('--fail-on <list>', 'exit 1 when a finding of these kinds exists, comma-separated: outside-write,sensitive')
    .option('--commands', 'show the whole command lines behind each finding (off: only paths and program names)');
  cmd.action(async (flags: AuditFlags) => (await import('./audit-run.js')).runAudit(flags));
}
