import type { UsageEvent } from '../core/types.js';
import type { Adapter } from '../providers/adapter.js';
import { dedupe, keepBestPerKey, pushCollapsing } from './dedupe.js';
import { decodeEvents, encodeEvents, type EncodedEvents } from './event-codec.js';
import { internStrings } from './intern.js';
import type { RecordKind } from './record-kind.js';

/**
 * Bump when an adapter or the cache's format changes what a file turns into: an entry of another
 * format is discarded, never trusted.
 */
export const CACHE_FORMAT = 13;

/** Usage events: what every token and cost report reads, from the adapter itself. */
export const USAGE_EVENTS: RecordKind<UsageEvent> = {
  name: 'usage',
  shardName: 'files',
  resultName: 'result',
  format: CACHE_FORMAT,
  reader: (adapter: Adapter) => adapter,
  collect: (events, event) => pushCollapsing(events, internStrings(event)),
  keepBestPerKey,
  dedupe,
  stamp: (event, device) => {
    event.device = device;
  },
  encode: encodeEvents,
  decode: decodeEvents,
  transferables: (encoded) => {
    const e = encoded as EncodedEvents;
    return [e.tokens.buffer, e.fields.buffer, e.rateLimits.buffer, e.devices.buffer] as ArrayBuffer[];
  },
};
