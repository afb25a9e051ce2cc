import type { Command } from 'commander';

// Only the options live here: the command's code is loaded when it runs.

export interface PricesFlags {
  prices?: string;
  json?: boolean;
}

export function registerPrices(program: Command): void {
  program
    .command('prices')
    .description('the prices in use for these models (or the own prices in force), and where each came from')
    .argument('[model...]', 'model names as the logs write them')
    .option('--prices <file>', 'own prices (the config file\'s "prices" shape) instead of the config\'s')
    .option('-j, --json', 'print JSON (USD per token)')
    .action(async (models: string[], flags: PricesFlags) => (await import('./prices-run.js')).runPrices(models, flags));
}
