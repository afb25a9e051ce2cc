import { Option, type Command } from 'commander';
import { TOOL_GROUPINGS } from '../report/tools.js';
import { addCommonOptions, type CommonFlags } from './options.js';

export interface ToolsFlags extends CommonFlags {
  by?: (typeof TOOL_GROUPINGS)[number];
  breakdown?: boolean;
}

export function registerTools(program: Command): void {
  const cmd = program.command('tools').description('tool calls per tool: calls, errors, durations, sessions');
  addCommonOptions(cmd).addOption(new Option('--by <grouping>', 'group rows by').choices(TOOL_GROUPINGS.filter((g) => g !== 'tool'))).option('-b, --breakdown', 'a sub-row per model');
  cmd.action(async (flags: ToolsFlags) => (await import('./tools-run.js')).runTools(flags));
}
