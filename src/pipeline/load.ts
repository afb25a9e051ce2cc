import type { Diagnostics } from '../core/diagnostics.js';
import { EventStore, type Loaded, type StoreOptions } from './store.js';

export type { Loaded } from './store.js';

/** discover → read → adapt → dedupe, once: what every report starts from. */
export async function loadEvents(opts: StoreOptions & { diagnostics: Diagnostics }): Promise<Loaded> {
  const loaded = await new EventStore(opts).loadOnce();
  opts.diagnostics.add(loaded.skips);
  return loaded;
}
