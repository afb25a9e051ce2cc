import type { ToolPart, ToolResultPart } from '../core/tool-call.js';
import { keepBestBy } from './dedupe.js';
import { internCallStrings } from './intern.js';
import type { RecordKind } from './record-kind.js';
import { decodeToolParts, encodeToolParts, type EncodedToolParts } from './tool-codec.js';

/**
 * Tool-call parts through the shared machinery. Dedupe follows the usage rules: a call part and a
 * result part are one per call key each; a sidechain copy of a call ranks below the original; on a
 * tie the later line within a file wins (Gemini writes a message again as its calls complete), and
 * between files the oldest file (the session that made the call, not the one that resumed it).
 */
export const TOOL_PARTS: RecordKind<ToolPart> = {
  name: 'tools',
  shardName: 'tools',
  resultName: 'tools-result',
  // 3: column-wise (tool-codec.ts) instead of plain objects, with the device of saved results' calls.
  format: 3,
  reader: (adapter) => adapter.tools,
  collect: (parts, part) => {
    parts.push(part.part === 'call' ? internCallStrings(part) : part);
  },
  keepBestPerKey: keepBestParts,
  dedupe: (parts, sources) => eachResultAfterItsCall(keepBestParts(parts, sources)),
  // A result part is joined to its call, whose device the call carries.
  stamp: (part, device) => {
    if (part.part === 'call') part.device = device;
  },
  // Keys are kept in saved results too: the join pairs calls and results by them.
  encode: (parts) => encodeToolParts(parts),
  decode: decodeToolParts,
  transferables: (encoded) => {
    const e = encoded as EncodedToolParts;
    return [e.fields.buffer, e.lists.buffer] as ArrayBuffer[];
  },
};

function keepBestParts(parts: readonly ToolPart[], sources?: ArrayLike<number>): ToolPart[] {
  // A call and its result share the call's key: their dedupe keys must not.
  const keys = parts.map((p) => (p.part === 'call' ? p.key : `\u0000${p.key}`));
  return keepBestBy(parts, (i) => keys[i], (i) => rankOf(parts[i]!), sources);
}

/**
 * A run's parts with each call's result right after the call (calls in their order, results without
 * a call last, in theirs), as the saved result then keeps them: the join pairs them by position and
 * needs no table of 100,000 keys (on the bench corpus that table was half of a warm `usage tools`).
 */
function eachResultAfterItsCall(parts: readonly ToolPart[]): ToolPart[] {
  const results = new Map<string, ToolResultPart>();
  for (const p of parts) if (p.part === 'result') results.set(p.key, p);
  const arranged: ToolPart[] = [];
  for (const p of parts) {
    if (p.part !== 'call') continue;
    arranged.push(p);
    const result = results.get(p.key);
    if (result === undefined) continue;
    arranged.push(result);
    results.delete(p.key);
  }
  for (const orphan of results.values()) arranged.push(orphan);
  return arranged;
}

function rankOf(part: ToolPart): number {
  return part.part === 'call' && part.sidechain === true ? 0 : 1;
}
