import { Option, type Command } from 'commander';
import { addCommonOptions, type CommonFlags } from './options.js';

export interface ExportFlags extends CommonFlags {
  format: 'jsonl' | 'csv';
  output?: string;
  commands?: boolean;
}

export function registerExport(program: Command): void {
  const cmd = program.command('export').description('the deduplicated, priced usage events and tool calls, as JSON Lines or CSV (schema usage.export/1)');
  addCommonOptions(cmd)
    .addOption(new Option('--format <format>', 'jsonl: one JSON object a line; csv: RFC 4180').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--output <file>', 'write to this file instead of stdout')
    .option('--commands', "tool calls carry their whole command line (off: only the programs' names)");
  cmd.action(async (flags: ExportFlags) => (await import('./export-run.js')).runExport(flags));
}
