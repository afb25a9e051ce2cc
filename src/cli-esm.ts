import { runtimeEnv } from './core/env.js';
import { writeAll } from './core/output.js';
import { cacheDir } from './pipeline/cache-dir.js';

// Every command but a bare `usage statusline` (cli.ts runs that one itself): the replayed report, or the
// command line. Loaded by cli.ts as dist/esm/cli.js.
const [command] = process.argv.slice(2);
if (command === 'statusline' || !(await replayed())) {
  await (await import('./main.js')).main();
}

/**
 * Prints what the same run printed before, if the logs it read did not change since: loading only
 * this much, not the code that computes it. (The status line is never recorded.)
 */
async function replayed(): Promise<boolean> {
  const { OutputMemo, invocationKey } = await import('./pipeline/output-memo.js');
  const renv = runtimeEnv();
  const output = new OutputMemo(cacheDir(renv)).replay(invocationKey());
  if (!output) return false;
  // A page is written first: if it cannot be, the run is made again and says why.
  if (output.page && !(await import('./sinks/html/page-memo.js')).writeRecordedPage(output.page)) return false;
  // The config's warnings are printed before a run starts, outside what it records: said again here
  // (the key covers the config file's bytes, so it is the same file, valid, with the same keys).
  const { loadConfig, unknownKeyWarnings } = await import('./config/load.js');
  for (const line of unknownKeyWarnings(loadConfig(renv))) writeAll(2, `${line}\n`);
  writeAll(1, output.stdout);
  writeAll(2, output.stderr);
  if (output.page?.open) await (await import('./sinks/html/open.js')).openWritten(output.page.file);
  return true;
}
