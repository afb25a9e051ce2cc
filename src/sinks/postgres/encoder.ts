import { createHash } from 'node:crypto';
import type { ToolCall } from '../../core/tool-call.js';
import type { UsageEvent } from '../../core/types.js';

/**
 * Rows as the tables hold them, one array per column (sent through `unnest`, a whole batch per
 * statement). A row's fingerprint names all its values: a sync sends the rows whose fingerprint
 * the database does not hold for the device.
 */
export interface Columns {
  /** Column names, in order, each with its PostgreSQL array type. */
  names: readonly (readonly [string, string])[];
  values: unknown[][];
  fingerprints: string[];
  keys: string[];
}

function columns(names: readonly (readonly [string, string])[]): Columns {
  return { names, values: names.map(() => []), fingerprints: [], keys: [] };
}

function push(into: Columns, key: string, row: readonly unknown[]): void {
  // Values joined by a separator no value holds (NUL never reaches a row, see text()); null as a NUL.
  const fingerprint = createHash('sha1').update(row.map((v) => (v === null ? '\u0000' : String(v))).join('\u0001')).digest('base64');
  into.keys.push(key);
  into.fingerprints.push(fingerprint);
  row.forEach((v, i) => into.values[i]!.push(v));
}

/**
 * A dedupe or call key as a text column: PostgreSQL text holds no NUL, the separator of the parts
 * (responseKey). `|` takes its place, with `|` and `\` escaped, so that distinct keys stay distinct.
 */
export function keyText(key: string): string {
  return key.replace(/[\\|]/g, '\\$&').replace(/\u0000/g, '|');
}

/** The key keyText made the text of: an escaped character is itself, a bare `|` a NUL. */
export function keyFromText(text: string): string {
  return text.replace(/\\([\\|])|\|/g, (_, escaped: string | undefined) => escaped ?? '\u0000');
}

/** Any other text: a NUL (only a damaged or hostile log has one) cannot be stored and becomes U+FFFD. */
function text(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '\ufffd') : value;
}

/** Where a response was read: the reader puts the events back in the order a local report sees them. */
export interface EventOrigin {
  path: string;
  ordinal: number;
}

export const EVENT_COLUMNS = [
  ['device', 'text'], ['dedupe_key', 'text'], ['provider', 'text'], ['ts_ms', 'float8'],
  ['session_id', 'text'], ['project_path', 'text'], ['model', 'text'],
  ['input_tokens', 'float8'], ['cache_write_5m_tokens', 'float8'], ['cache_write_1h_tokens', 'float8'],
  ['cache_read_tokens', 'float8'], ['output_tokens', 'float8'], ['reasoning_tokens', 'float8'],
  ['cost_usd', 'float8'], ['fast', 'bool'], ['rank', 'float8'], ['response_id', 'text'], ['sidechain', 'bool'],
  ['keyed', 'bool'], ['file_path', 'text'], ['file_ordinal', 'int4'],
] as const;

/**
 * The usage events of one device. An event without a dedupe key (every one of them is a response of
 * its own) gets one from where it was read: its file, its instant and its rank among the keyless
 * events of that file and instant, stable when the file grows.
 */
export function encodeEvents(device: string, events: readonly { event: UsageEvent; cost: number | null; origin: EventOrigin }[]): Columns {
  const out = columns(EVENT_COLUMNS);
  const keyless = new Map<string, number>();
  for (const { event: e, cost, origin } of events) {
    let key = e.dedupeKey === undefined ? undefined : keyText(e.dedupeKey);
    if (key === undefined) {
      const at = `${origin.path}@${e.timestamp}`;
      const n = keyless.get(at) ?? 0;
      keyless.set(at, n + 1);
      key = text(`file:${at}#${n}`);
    }
    const t = e.tokens;
    push(out, key, [
      text(device), key, e.provider, e.timestamp, text(e.sessionId), text(e.projectPath), text(e.model),
      t.input, t.cacheWrite5m, t.cacheWrite1h, t.cacheRead, t.output, t.reasoning,
      cost, e.fast === true, e.rank, e.responseId === undefined ? null : text(e.responseId), e.sidechain === true, e.dedupeKey !== undefined, text(origin.path), origin.ordinal,
    ]);
  }
  return out;
}

export const TOOL_CALL_COLUMNS = [
  ['device', 'text'], ['call_key', 'text'], ['provider', 'text'], ['ts_ms', 'float8'],
  ['session_id', 'text'], ['project_path', 'text'], ['model', 'text'], ['tool', 'text'], ['category', 'text'],
  ['mcp_server', 'text'], ['status', 'text'], ['duration_ms', 'float8'], ['paths', 'jsonb'], ['programs', 'jsonb'], ['risks', 'jsonb'],
  ['file_path', 'text'], ['file_ordinal', 'int4'],
] as const;

/**
 * The tool calls of one device: what `tools` and `audit` compute from. Never the command's text
 * (`command`), which stays on the machine. Paths, programs and risks are JSON arrays (jsonb); the
 * origin is where the call's line was read, as for events.
 */
export function encodeToolCalls(device: string, calls: readonly { call: ToolCall; origin: EventOrigin }[]): Columns {
  const out = columns(TOOL_CALL_COLUMNS);
  for (const { call: c, origin } of calls) {
    const paths = c.paths.map((p) => (p.risk ? { path: text(p.path), access: p.access, risk: p.risk } : { path: text(p.path), access: p.access }));
    const key = keyText(c.key);
    push(out, key, [
      text(device), key, c.provider, c.timestamp, text(c.sessionId), text(c.projectPath), text(c.model), text(c.tool), c.category,
      c.mcpServer === undefined ? null : text(c.mcpServer), c.status, c.durationMs ?? null, JSON.stringify(paths), JSON.stringify(c.programs.map(text)), JSON.stringify(c.risks),
      text(origin.path), origin.ordinal,
    ]);
  }
  return out;
}
