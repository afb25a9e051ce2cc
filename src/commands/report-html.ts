import type { Command } from 'commander';
import { addCommonOptions, type CommonFlags } from './options.js';

// Only the options live here: the page's code is loaded when the command runs.

export interface ReportHtmlFlags extends CommonFlags {
  html?: string;
  open?: boolean;
}

export function registerReportHtml(program: Command): void {
  const cmd = program
    .command('report')
    .description('one self-contained HTML page with charts and tables of every report (works offline)');
  addCommonOptions(cmd)
    .option('--html <file>', 'write the page to this file')
    .option('--open', "open the page with the system's default browser once written")
    .addHelpText('after', '\nWith --json (and no --html), prints the data the page embeds: the JSON of daily, session, project, model and blocks.')
    .action(async (flags: ReportHtmlFlags) => (await import('./report-html-run.js')).runReportHtml(flags));
}
