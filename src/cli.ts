import path from 'node:path';
import { runtimeEnv } from './core/env.js';
import { exitCodeFor } from './core/errors.js';
import { cacheDir } from './pipeline/cache-dir.js';
import { runWithCodeCache } from './statusline/code-cache.js';

// The command's entry (dist/cli.js), in CommonJS: Node starts a CommonJS entry some 5 ms sooner than
// an ES module, whose loader it must set up first. A bare `usage statusline`, what Claude Code runs
// every few hundred milliseconds, is the status line's own CommonJS bundle (dist/statusline.js),
// compiled from V8's code cache for it; everything else is the ES module build in dist/esm/.
const args = process.argv.slice(2);
/** Built beside this file; a specifier the type checker does not look for. */
const esm = './esm/cli.js';
if (args.length === 1 && args[0] === 'statusline') {
  runWithCodeCache(path.join(__dirname, 'statusline.js'), cacheDir(runtimeEnv()), (file) => require(file), require);
} else {
  import(esm).catch((err: unknown) => {
    // A module of the build not found: a build that failed or a partial copy, not a bug to report.
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(`usage: this install is incomplete (${(err as Error).message}): run \`npm run build\`, or install it again\n`);
      process.exitCode = 1;
    } else {
      process.exitCode = exitCodeFor(err, args.includes('--debug'));
    }
  });
}
