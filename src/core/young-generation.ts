import { setFlagsFromString } from 'node:v8';

let held = false;

/**
 * Stops V8's young generation from growing for the rest of the process: it stays the size it has
 * reached (8 MB when the bench's runs get here). What a run keeps, its events, outlives the young
 * generation's collections, and V8 answers that by doubling the young generation up to 32 MB, all of
 * it resident at the peak. Held, the bench's cold daily run peaked 40 MB lower, for about 80 ms more
 * of collections (115 instead of 36). V8 reads the flag each time it would grow the space, so setting
 * it now takes effect. For runs about to make many events (a big read, a saved result, the cache's
 * shards); a process that makes few never calls this, and never loads node:v8 for it.
 */
export function holdYoungGeneration(): void {
  // Called for every cache shard decoded: the flag is set once until released.
  if (held) return;
  held = true;
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Lets the young generation grow again (by 2, V8's default factor), before worker threads start: the
 * flag is the process's, and held, each worker would collect its garbage four times as often.
 */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString('--semi-space-growth-factor=2');
}
