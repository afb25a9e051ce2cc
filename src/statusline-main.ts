import { STATUSLINE_DEFAULTS } from './commands/statusline-flags.js';
import { runStatusline } from './commands/statusline-run.js';
import { exitCodeFor } from './core/errors.js';
import { wroteThroughStream } from './core/output.js';

// A bare `usage statusline`: straight to it, without the command-line parser (dist/statusline.js,
// loaded by cli.ts). Once the line is out and the ledger saved, process.exit(): the exit handlers
// (the code cache's) run, but not the teardown of the heap and handles a natural exit does, a few
// ms of every call (not while a stream may still be writing the line).
runStatusline(STATUSLINE_DEFAULTS).then(
  () => {
    if (!wroteThroughStream()) process.exit();
  },
  (err: unknown) => {
    process.exitCode = exitCodeFor(err, false);
  },
);
