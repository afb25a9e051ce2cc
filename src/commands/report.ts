import type { Command } from 'commander';
import type { ReportKind } from '../report/reports.js';
import { addCommonOptions, type CommonFlags } from './options.js';

// Only the options live here: the report itself is loaded when the command runs, so that every
// command starts without compiling the code of the others.

const DESCRIPTIONS: Record<ReportKind, string> = {
  daily: 'usage and cost per day',
  weekly: 'usage and cost per week',
  monthly: 'usage and cost per month',
  session: 'usage and cost per session',
  model: 'usage and cost per model',
  project: 'usage and cost per project',
};

export interface ReportFlags extends CommonFlags {
  breakdown?: boolean;
  startOfWeek?: string;
  tools?: boolean;
}

export function registerReport(program: Command, kind: ReportKind): void {
  const cmd = program.command(kind).description(DESCRIPTIONS[kind]);
  addCommonOptions(cmd).option('-b, --breakdown', 'a sub-row per model');
  // Opt-in: the tool calls are a second read of every log for a cold or first run (6 s against 0.6 s on the bench corpus).
  if (kind === 'session') cmd.option('--tools', 'JSON and CSV rows also carry toolCalls and toolErrors');
  if (kind === 'weekly') cmd.option('--start-of-week <day>', 'first day of the week (default: monday)');
  cmd.action(async (flags: ReportFlags) => (await import('./report-run.js')).runReport(kind, flags));
}
