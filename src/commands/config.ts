import { Argument, type Command } from 'commander';

// Only the options live here: the command's code is loaded when it runs.

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('where the config file is (path), or every setting in force and where it came from (show)')
    .addArgument(new Argument('<action>', 'path or show').choices(['path', 'show']))
    .option('-j, --json', 'print JSON')
    .action(async (action: 'path' | 'show', flags: { json?: boolean }) => (await import('./config-run.js')).runConfig(action, flags));
}
