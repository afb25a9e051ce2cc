import { COMMAND_RISKS, TOOL_CATEGORIES, TOOL_STATUSES, type ToolCallPart, type ToolPart, type ToolPath } from '../core/tool-call.js';
import { PROVIDERS } from '../core/types.js';
import { keepBestBy } from './dedupe.js';
import { internCallStrings } from './intern.js';
import type { RecordKind } from './record-kind.js';

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
  format: 2,
  reader: (adapter) => adapter.tools,
  collect: (parts, part) => {
    parts.push(part.part === 'call' ? internCallStrings(part) : part);
  },
  keepBestPerKey: keepBestParts,
  dedupe: keepBestParts,
  // A result part is joined to its call, whose device the call carries.
  stamp: (part, device) => {
    if (part.part === 'call') part.device = device;
  },
  // Plain objects: V8's serializer and structured clone take them as they are.
  encode: (parts) => ({ parts }),
  decode: (raw) => {
    const parts = (raw as { parts?: unknown } | undefined)?.parts;
    if (!Array.isArray(parts) || !parts.every(isToolPart)) throw new Error('invalid tool parts');
    return parts;
  },
  transferables: () => [],
};

function keepBestParts(parts: readonly ToolPart[], sources?: ArrayLike<number>): ToolPart[] {
  // A call and its result share the call's key: their dedupe keys must not.
  const keys = parts.map((p) => (p.part === 'call' ? p.key : `\u0000${p.key}`));
  return keepBestBy(parts, (i) => keys[i], (i) => rankOf(parts[i]!), sources);
}

function rankOf(part: ToolPart): number {
  return part.part === 'call' && part.sidechain === true ? 0 : 1;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const oneOf = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

function isToolPart(raw: unknown): raw is ToolPart {
  const p = raw as Partial<ToolPart> | null;
  if (typeof p !== 'object' || p === null || !isString(p.key) || typeof p.timestamp !== 'number' || !oneOf(PROVIDERS, p.provider)) return false;
  if (p.part === 'result') return oneOf(TOOL_STATUSES, p.status);
  if (p.part !== 'call') return false;
  const c = p as Partial<ToolCallPart>;
  return (
    isString(c.sessionId) &&
    isString(c.projectPath) &&
    isString(c.model) &&
    isString(c.tool) &&
    oneOf(TOOL_CATEGORIES, c.category) &&
    Array.isArray(c.paths) &&
    c.paths.every((x: ToolPath) => isString(x?.path) && oneOf(['read', 'write', 'exec'], x.access)) &&
    Array.isArray(c.programs) &&
    c.programs.every(isString) &&
    Array.isArray(c.risks) &&
    c.risks.every((r) => oneOf(COMMAND_RISKS, r))
  );
}
