import { Option, type Command } from 'commander';
import { FIELDS, PRESETS } from '../statusline/format.js';
import { STATUSLINE_DEFAULTS, type StatuslineFlags } from './statusline-flags.js';

// Only the options live here: the command's code is loaded when it runs.

export function registerStatusline(program: Command): void {
  program
    .command('statusline')
    .description("one line for Claude Code's status bar, from the JSON it passes on stdin")
    .option('-z, --timezone <zone>', "IANA time zone for today's cost (default: the system zone)")
    .addOption(
      new Option('--cost-source <source>', "session cost: Claude Code's figure (cc; ours when it sends none), ours (usage), or both")
        .choices(['cc', 'usage', 'both'])
        .default(STATUSLINE_DEFAULTS.costSource),
    )
    .option('--format <template>', `a preset (${Object.keys(PRESETS).join(', ')}) or a template of {fields}`, STATUSLINE_DEFAULTS.format)
    .option('--context-warn <percent>', 'context (and plan) use from which the figure is yellow (default: 50)')
    .option('--context-danger <percent>', 'context (and plan) use from which the figure is red (default: 80)')
    .option('--rescan <seconds>', "look at every log file again after this long; calls in between look at this session's and the recently written ones (default: 15; 0: every call)")
    .option('--no-color', 'plain output without colors (NO_COLOR is honoured too)')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--debug', 'also print problems on stderr (they always go to the log in the cache folder)')
    .option('--install', "add the status line to Claude Code's ~/.claude/settings.json (backed up first)")
    .option('--uninstall', "remove this tool's status line from the settings")
    .option('--project', 'with --install/--uninstall: ./.claude/settings.json instead of ~/.claude/settings.json')
    .option('--force', 'with --install: replace a statusLine that is not this tool’s')
    .addHelpText(
      'after',
      `\nFields: ${Object.keys(FIELDS).map((k) => `{${k}}`).join(' ')}\n` +
        Object.entries(PRESETS)
          .map(([name, t]) => `  --format ${name.padEnd(8)} ${t}`)
          .join('\n') +
        '\nSegments between " | " or " · " whose fields are all empty are left out.',
    )
    .action(async (flags: StatuslineFlags) => (await import('./statusline-run.js')).runStatusline(flags));
}
