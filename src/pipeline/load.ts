import type { Diagnostics } from '../core/diagnostics.js';
import type { Provider, UsageEvent } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { ADAPTERS, adaptersFor } from '../providers/index.js';
import { dedupe } from './dedupe.js';
import { discover, type LogFile } from './discover.js';
import { readFile } from './read-file.js';

export interface LoadOptions {
  providers: readonly Provider[];
  renv: RuntimeEnv;
  diagnostics: Diagnostics;
  /** False for --no-cache. */
  useCache?: boolean;
}

export interface Loaded {
  /** Deduplicated, in file order then line order. */
  events: UsageEvent[];
  files: LogFile[];
  searched: string[];
}

// Enough reads in flight to hide I/O latency; parsing is CPU-bound on this thread regardless.
const READS_IN_FLIGHT = 8;

/** discover → read → adapt → dedupe: every report starts from this. */
export async function loadEvents(opts: LoadOptions): Promise<Loaded> {
  const adapters = adaptersFor(opts.providers);
  const { files, searched } = await discover(adapters, opts.renv);
  const perFile: UsageEvent[][] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      const result = await readFile(ADAPTERS[file.provider]!, file.path);
      opts.diagnostics.add(result.skips);
      perFile[i] = result.events;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, files.length) }, worker));
  return { events: dedupe(perFile.flat()), files, searched };
}
