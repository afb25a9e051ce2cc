import { runtimeEnv } from './core/env.js';
import { exitCodeFor } from './core/errors.js';
import { writeAll } from './core/output.js';
import { STATUSLINE_DEFAULTS } from './commands/statusline-flags.js';
import { cacheDir } from './pipeline/cache-dir.js';
import { OutputMemo, invocationKey } from './pipeline/output-memo.js';

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === 'statusline') {
  // What Claude Code runs every few hundred milliseconds: straight to it, without the command-line parser.
  try {
    await (await import('./commands/statusline-run.js')).runStatusline(STATUSLINE_DEFAULTS);
  } catch (err) {
    process.exitCode = exitCodeFor(err, false);
  }
} else if (args[0] === 'statusline' || !replayed()) {
  await (await import('./main.js')).main();
}

/**
 * Prints what the same run printed before, if the logs it read did not change since: loading only
 * this much, not the code that computes it. (The status line is never recorded.)
 */
function replayed(): boolean {
  const output = new OutputMemo(cacheDir(runtimeEnv())).replay(invocationKey());
  if (!output) return false;
  writeAll(1, output.stdout);
  writeAll(2, output.stderr);
  return true;
}
