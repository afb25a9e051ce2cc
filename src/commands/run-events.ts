import type { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { EventStore, type StoreOptions } from '../pipeline/store.js';
import { loadedFromDatabase, type CommonOptions } from './options.js';

/**
 * The usage events a report counts: with --db the database's; else the logs', through a store (its
 * listing is what the output memo keys on, and what `loadToolCalls` reuses for the tool parts).
 * Damaged lines go to `diagnostics`; `skipped` is what the JSON reports.
 */
export async function loadRunEvents(opts: CommonOptions, diagnostics: Diagnostics, onProgress?: StoreOptions['onProgress']) {
  if (opts.db) {
    const loaded = await loadedFromDatabase(opts.db, opts.providers);
    return { loaded, skipped: loaded.skipped };
  }
  const store = new EventStore({ providers: opts.providers, renv: runtimeEnv(), ...(opts.sources ? { sources: opts.sources } : {}), useCache: opts.useCache, ...(onProgress ? { onProgress } : {}) });
  const loaded = await store.loadOnce();
  diagnostics.add(loaded.skips);
  return { loaded, store, skipped: diagnostics.skips.length };
}
