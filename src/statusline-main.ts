import { STATUSLINE_DEFAULTS } from './commands/statusline-flags.js';
import { runStatusline } from './commands/statusline-run.js';
import { exitCodeFor } from './core/errors.js';

// A bare `usage statusline`: straight to it, without the command-line parser (dist/statusline.js,
// loaded by cli.ts).
runStatusline(STATUSLINE_DEFAULTS).catch((err: unknown) => {
  process.exitCode = exitCodeFor(err, false);
});
