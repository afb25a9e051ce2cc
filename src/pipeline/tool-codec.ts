import { COMMAND_RISKS, TOOL_CATEGORIES, TOOL_STATUSES, type PathAccess, type ToolCallPart, type ToolPart, type ToolPath } from '../core/tool-call.js';
import { PROVIDERS } from '../core/types.js';

/**
 * Tool parts stored column-wise for the cache, as event-codec.ts stores usage events: numbers in
 * typed arrays (a copy to load, not a parse), the strings that repeat (sessions, folders, models,
 * tools, MCP servers, paths, programs) once each in a table. Per part: FIELDS numbers [timestamp,
 * flags, session, project, model, tool, mcpServer, durationMs, paths, programs, risks, device] (-1 /
 * NaN = absent; paths, programs and risks are how many items the part has in `lists`). `lists` holds, part after
 * part, each path as [string, access | risk << 2], each program as a string and each risk as its
 * index. Keys and command lines, each of one part, are lists beside them (null = absent).
 */
export interface EncodedToolParts {
  strings: string[];
  keys: string[];
  commands: (string | null)[];
  fields: Float64Array;
  lists: Float64Array;
}

const FIELDS = 12;
const ACCESSES: readonly PathAccess[] = ['read', 'write', 'exec'];

// flags: bit 0 a call; bits 1–2 sidechain (0 absent, 1 false, 2 true); bits 3–5 status + 1 (0 absent);
// bits 6–9 category; bits 10+ provider.
const CALL = 1;
const SIDECHAIN_SHIFT = 1;
const STATUS_SHIFT = 3;
const CATEGORY_SHIFT = 6;
const PROVIDER_SHIFT = 10;

export function encodeToolParts(parts: readonly ToolPart[]): EncodedToolParts {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const table = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const fields = new Float64Array(parts.length * FIELDS).fill(-1);
  const keys = new Array<string>(parts.length);
  const commands = new Array<string | null>(parts.length);
  const lists: number[] = [];
  for (let n = 0; n < parts.length; n++) {
    const p = parts[n]!;
    const f = n * FIELDS;
    keys[n] = p.key;
    fields[f] = p.timestamp;
    fields[f + 7] = p.durationMs ?? NaN;
    let flags = PROVIDERS.indexOf(p.provider) << PROVIDER_SHIFT;
    if (p.part === 'result') {
      flags |= (TOOL_STATUSES.indexOf(p.status) + 1) << STATUS_SHIFT;
      commands[n] = null;
    } else {
      flags |= CALL | (p.sidechain === undefined ? 0 : p.sidechain ? 2 : 1) << SIDECHAIN_SHIFT;
      flags |= (p.status === undefined ? 0 : TOOL_STATUSES.indexOf(p.status) + 1) << STATUS_SHIFT;
      flags |= TOOL_CATEGORIES.indexOf(p.category) << CATEGORY_SHIFT;
      fields[f + 2] = table(p.sessionId);
      fields[f + 3] = table(p.projectPath);
      fields[f + 4] = table(p.model);
      fields[f + 5] = table(p.tool);
      fields[f + 6] = table(p.mcpServer);
      fields[f + 8] = p.paths.length;
      fields[f + 9] = p.programs.length;
      fields[f + 10] = p.risks.length;
      fields[f + 11] = table(p.device);
      for (const x of p.paths) lists.push(table(x.path), ACCESSES.indexOf(x.access) | ((x.risk === undefined ? 0 : COMMAND_RISKS.indexOf(x.risk) + 1) << 2));
      for (const program of p.programs) lists.push(table(program));
      for (const risk of p.risks) lists.push(COMMAND_RISKS.indexOf(risk));
      commands[n] = p.command ?? null;
    }
    fields[f + 1] = flags;
  }
  return { strings, keys, commands, fields, lists: Float64Array.from(lists) };
}

/** The inverse of encodeToolParts; throws on anything that is not what it wrote. */
export function decodeToolParts(raw: unknown): ToolPart[] {
  const e = raw as EncodedToolParts;
  if (!(e?.fields instanceof Float64Array) || !(e.lists instanceof Float64Array) || !Array.isArray(e.strings) || !Array.isArray(e.keys) || !Array.isArray(e.commands)) {
    throw new Error('invalid tool parts');
  }
  const count = e.fields.length / FIELDS;
  if (!Number.isInteger(count) || e.keys.length !== count || e.commands.length !== count) throw new Error('invalid tool parts');
  const { strings, fields, lists } = e;
  const str = (i: number): string => {
    const s = strings[i];
    if (typeof s !== 'string') throw new Error('invalid tool part');
    return s;
  };
  const known = <T>(list: readonly T[], i: number): T => {
    const v = list[i];
    if (v === undefined) throw new Error('invalid tool part');
    return v;
  };
  const parts: ToolPart[] = new Array(count);
  let at = 0;
  const item = (): number => {
    if (at >= lists.length) throw new Error('invalid tool part');
    return lists[at++]!;
  };
  for (let n = 0; n < count; n++) {
    const f = n * FIELDS;
    const key = e.keys[n];
    if (typeof key !== 'string') throw new Error('invalid tool part');
    const flags = fields[f + 1]!;
    const provider = known(PROVIDERS, flags >> PROVIDER_SHIFT);
    const statusCode = (flags >> STATUS_SHIFT) & 7;
    const duration = fields[f + 7]!;
    const timestamp = fields[f]!;
    if ((flags & CALL) === 0) {
      const status = known(TOOL_STATUSES, statusCode - 1);
      if (status === 'unknown') throw new Error('invalid tool part');
      parts[n] = { part: 'result', provider, key, timestamp, status, ...(Number.isNaN(duration) ? {} : { durationMs: duration }) };
      continue;
    }
    const paths: ToolPath[] = new Array(fields[f + 8]!);
    for (let i = 0; i < paths.length; i++) {
      const path = str(item());
      const code = item();
      const access = known(ACCESSES, code & 3);
      paths[i] = code >> 2 === 0 ? { path, access } : { path, access, risk: known(COMMAND_RISKS, (code >> 2) - 1) };
    }
    const programs: string[] = new Array(fields[f + 9]!);
    for (let i = 0; i < programs.length; i++) programs[i] = str(item());
    const risks = new Array(fields[f + 10]!);
    for (let i = 0; i < risks.length; i++) risks[i] = known(COMMAND_RISKS, item());
    const call: ToolCallPart = {
      part: 'call',
      provider,
      key,
      timestamp,
      sessionId: str(fields[f + 2]!),
      projectPath: str(fields[f + 3]!),
      model: str(fields[f + 4]!),
      tool: str(fields[f + 5]!),
      category: known(TOOL_CATEGORIES, (flags >> CATEGORY_SHIFT) & 15),
      paths,
      programs,
      risks,
    };
    // Optional fields are present only where they were, as the readers make them.
    if (fields[f + 6]! >= 0) call.mcpServer = str(fields[f + 6]!);
    // A saved result keeps the device its calls were stamped with; the per-file cache has none.
    if (fields[f + 11]! >= 0) call.device = str(fields[f + 11]!);
    const command = e.commands[n];
    if (typeof command === 'string') call.command = command;
    else if (command !== null) throw new Error('invalid tool part');
    const sidechain = (flags >> SIDECHAIN_SHIFT) & 3;
    if (sidechain !== 0) call.sidechain = sidechain === 2;
    if (statusCode !== 0) call.status = known(TOOL_STATUSES, statusCode - 1);
    if (!Number.isNaN(duration)) call.durationMs = duration;
    parts[n] = call;
  }
  if (at !== lists.length) throw new Error('invalid tool parts');
  return parts;
}
