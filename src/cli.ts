import { runtimeEnv } from './core/env.js';
import { cacheDir } from './pipeline/cache-dir.js';
import { OutputMemo, invocationKey } from './pipeline/output-memo.js';

// The entry loads only this much before it knows whether the run was made before over logs that did
// not change since: then the output is printed again without loading the code that computes it.
const replayed = new OutputMemo(cacheDir(runtimeEnv())).replay(invocationKey());
if (replayed) {
  process.stdout.write(replayed.stdout);
  process.stderr.write(replayed.stderr);
} else {
  await (await import('./main.js')).main();
}
