import { Command, CommanderError } from 'commander';
import kleur from 'kleur';
import { loadConfig, unknownKeyWarnings } from './config/load.js';
import { resolveSetting } from './config/settings.js';
import { runtimeEnv } from './core/env.js';
import { exitCodeFor } from './core/errors.js';
import { registerConfig } from './commands/config.js';
import { registerPrices } from './commands/prices.js';
import { registerReport } from './commands/report.js';
import { registerStatusline } from './commands/statusline.js';
import { registerBlocks } from './commands/blocks.js';
import { registerWatch } from './commands/watch.js';
import { registerReportHtml } from './commands/report-html.js';
import { registerMcp } from './commands/mcp.js';
import { registerServe } from './commands/serve.js';
import { registerPush } from './commands/push.js';
import { registerTools } from './commands/tools.js';
import { registerAudit } from './commands/audit.js';
import { registerExport } from './commands/export.js';
import { registerSync } from './commands/sync.js';
import { REPORT_KINDS } from './report/reports.js';
import pkg from '../package.json' with { type: 'json' };

/** The whole command line: every command's options, help and errors. */
export async function main(): Promise<void> {
  // A reader that went away (`usage daily | head`) asked for no more: stop there, quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const program = new Command('usage')
    .description('Token usage and cost of Claude Code, Codex CLI and Gemini CLI, from their local logs')
    .version(pkg.version)
    .showSuggestionAfterError()
    // A mistake gets one line: commander puts its "(Did you mean …?)" hint on a line of its own.
    .configureOutput({ outputError: (message, write) => write(`${message.trim().replace(/\s*\n\s*/g, ' ')}\n`) })
    .exitOverride();

  for (const kind of REPORT_KINDS) registerReport(program, kind);
  registerStatusline(program);
  registerBlocks(program);
  registerWatch(program);
  registerReportHtml(program);
  registerConfig(program);
  registerPrices(program);
  registerMcp(program);
  registerServe(program);
  registerPush(program);
  registerTools(program);
  registerAudit(program);
  registerExport(program);
  registerSync(program);

  program.hook('preAction', (_program, action) => {
    // The status line reads the config itself: a bad file must not break Claude Code's bar.
    if (action.name() === 'statusline') {
      if (action.opts().color === false) kleur.enabled = false;
      return;
    }
    const renv = runtimeEnv();
    const config = loadConfig(renv);
    for (const line of unknownKeyWarnings(config)) process.stderr.write(`${line}\n`);
    const color = resolveSetting('color', action.opts().color === false ? 'never' : undefined, renv, config).value;
    if (color !== 'auto') kleur.enabled = color === 'always';
  });

  const debug = process.argv.includes('--debug');
  const [command] = process.argv.slice(2);
  // `usage` alone, or with only options, is `usage daily`; an unknown word stays an unknown command.
  const argv = command === undefined || (command.startsWith('-') && !['-h', '--help', '-V', '--version'].includes(command))
    ? [...process.argv.slice(0, 2), 'daily', ...process.argv.slice(2)]
    : process.argv;

  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeOf(err, debug);
  }
}

/** Commander has already printed its one-line message; help and version are not errors. */
function exitCodeOf(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  return exitCodeFor(err, debug);
}
