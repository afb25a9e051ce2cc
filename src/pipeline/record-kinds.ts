import type { RecordKind, RecordKindName } from './record-kind.js';
import { TOOL_PARTS } from './tool-parts.js';
import { USAGE_EVENTS } from './usage-records.js';

/** Every kind by name: what a worker thread is told to read. */
export const RECORD_KINDS: Readonly<Record<RecordKindName, RecordKind<unknown>>> = {
  usage: USAGE_EVENTS as RecordKind<unknown>,
  tools: TOOL_PARTS as RecordKind<unknown>,
};
