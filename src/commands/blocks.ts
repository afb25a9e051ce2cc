import type { Command } from 'commander';
import { addCommonOptions, type CommonFlags } from './options.js';

// Only the options live here: the command's code is loaded when it runs.

export interface BlocksFlags extends CommonFlags {
  sessionLength?: string;
  tokenLimit?: string;
  active?: boolean;
  recent?: boolean;
}

export function registerBlocks(program: Command): void {
  const cmd = program.command('blocks').description('usage and cost per 5-hour billing window, with the active one');
  addCommonOptions(cmd, 'claude')
    .option('--session-length <hours>', 'length of a window in hours', '5')
    .option('-t, --token-limit <tokens|max>', 'compare windows to a token limit; max = the largest ended window')
    .option('-a, --active', 'only the active window, with burn rate and projection')
    .option('-r, --recent', 'only windows of the last 3 days (and the active one)')
    .action(async (flags: BlocksFlags) => (await import('./blocks-run.js')).runBlocks(flags));
}
