import type { ToolCall } from '../../core/tool-call.js';
import type { UsageEvent } from '../../core/types.js';

/** Column names, in order, each with its PostgreSQL type. */
export type ColumnList = readonly (readonly [string, string])[];

/** COPY data is cut into chunks of about this many characters: few writes, none of them huge. */
const CHUNK = 1 << 18;

/** Rows as the tables hold them, in COPY's text format (one line each, UTF-8), for `COPY … FROM STDIN`. */
export interface CopyRows {
  names: ColumnList;
  rows: number;
  chunks: Buffer[];
}

class CopyWriter {
  private readonly chunks: Buffer[] = [];
  private current = '';
  private rows = 0;

  constructor(private readonly names: ColumnList) {}

  line(row: string): void {
    this.current += row;
    this.rows++;
    // As bytes at once: a string grown by += holds every piece it was made of until it is flattened.
    if (this.current.length >= CHUNK) {
      this.chunks.push(Buffer.from(this.current));
      this.current = '';
    }
  }

  done(): CopyRows {
    if (this.current !== '') this.chunks.push(Buffer.from(this.current));
    return { names: this.names, rows: this.rows, chunks: this.chunks };
  }
}

const SPECIAL = /[\\\n\r\t\u0000]/;
const SPECIALS = /[\\\n\r\t\u0000]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u0000': '\ufffd' };

/**
 * Text in COPY's text format: the backslash, newline, carriage return and tab (its escape, row and
 * column separators) escaped; a NUL, which PostgreSQL text cannot hold (only a damaged or hostile log
 * has one), as U+FFFD.
 */
export function copyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

/** A number as JavaScript writes it, which float8 reads back exactly (`1e+21` included); null as `\N`. */
export function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value);
}

const copyBool = (value: boolean): string => (value ? 't' : 'f');

/** "YYYY-MM-DDTHH:MM" of each minute met: toISOString was a tenth of a first sync's time. */
const MINUTES = new Map<number, string>();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** An instant (epoch ms) as timestamptz text, to the microsecond, as `to_timestamp(ms / 1000)` would make it. */
export function timestampText(ms: number): string {
  const micros = Math.round(ms * 1000);
  const minute = Math.floor(micros / 60_000_000);
  let prefix = MINUTES.get(minute);
  if (prefix === undefined) MINUTES.set(minute, (prefix = new Date(minute * 60_000).toISOString().slice(0, 16)));
  const within = micros - minute * 60_000_000;
  const fraction = within % 1_000_000;
  return `${prefix}:${pad(Math.floor(within / 1_000_000), 2)}.${fraction % 1000 === 0 ? pad(fraction / 1000, 3) : pad(fraction, 6)}Z`;
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

/** Text inside a jsonb value: a NUL cannot be stored there either and becomes U+FFFD. */
function jsonText(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '\ufffd') : value;
}

/** Where a response was read: the reader puts the events back in the order a local report sees them. */
export interface EventOrigin {
  path: string;
  ordinal: number;
}

export const EVENT_COLUMNS = [
  ['device', 'text'], ['dedupe_key', 'text'], ['provider', 'text'], ['ts_ms', 'float8'], ['ts', 'timestamptz'],
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
export function encodeEvents(device: string, events: readonly { event: UsageEvent; cost: number | null; origin: EventOrigin }[]): CopyRows {
  const out = new CopyWriter(EVENT_COLUMNS);
  const dev = copyText(device);
  const keyless = new Map<string, number>();
  for (const { event: e, cost, origin } of events) {
    let key = e.dedupeKey === undefined ? undefined : keyText(e.dedupeKey);
    if (key === undefined) {
      const at = `${origin.path}@${e.timestamp}`;
      const n = keyless.get(at) ?? 0;
      keyless.set(at, n + 1);
      key = `file:${at}#${n}`;
    }
    const t = e.tokens;
    out.line(
      `${dev}\t${copyText(key)}\t${e.provider}\t${e.timestamp}\t${timestampText(e.timestamp)}\t${copyText(e.sessionId)}\t${copyText(e.projectPath)}\t${copyText(e.model)}\t` +
      `${t.input}\t${t.cacheWrite5m}\t${t.cacheWrite1h}\t${t.cacheRead}\t${t.output}\t${t.reasoning}\t${copyNumber(cost)}\t${copyBool(e.fast === true)}\t${e.rank}\t` +
      `${e.responseId === undefined ? '\\N' : copyText(e.responseId)}\t${copyBool(e.sidechain === true)}\t${copyBool(e.dedupeKey !== undefined)}\t${copyText(origin.path)}\t${origin.ordinal}\n`,
    );
  }
  return out.done();
}

export const TOOL_CALL_COLUMNS = [
  ['device', 'text'], ['call_key', 'text'], ['provider', 'text'], ['ts_ms', 'float8'], ['ts', 'timestamptz'],
  ['session_id', 'text'], ['project_path', 'text'], ['model', 'text'], ['tool', 'text'], ['category', 'text'],
  ['mcp_server', 'text'], ['status', 'text'], ['duration_ms', 'float8'], ['paths', 'jsonb'], ['programs', 'jsonb'], ['risks', 'jsonb'],
  ['file_path', 'text'], ['file_ordinal', 'int4'],
] as const;

/**
 * The tool calls of one device: what `tools` and `audit` compute from. Never the command's text
 * (`command`), which stays on the machine. Paths, programs and risks are JSON arrays (jsonb); the
 * origin is where the call's line was read, as for events.
 */
export function encodeToolCalls(device: string, calls: readonly { call: ToolCall; origin: EventOrigin }[]): CopyRows {
  const out = new CopyWriter(TOOL_CALL_COLUMNS);
  const dev = copyText(device);
  for (const { call: c, origin } of calls) {
    const paths = c.paths.map((p) => (p.risk ? { path: jsonText(p.path), access: p.access, risk: p.risk } : { path: jsonText(p.path), access: p.access }));
    out.line(
      `${dev}\t${copyText(keyText(c.key))}\t${c.provider}\t${c.timestamp}\t${timestampText(c.timestamp)}\t${copyText(c.sessionId)}\t${copyText(c.projectPath)}\t${copyText(c.model)}\t` +
      `${copyText(c.tool)}\t${c.category}\t${c.mcpServer === undefined ? '\\N' : copyText(c.mcpServer)}\t${c.status}\t${copyNumber(c.durationMs ?? null)}\t` +
      `${copyText(JSON.stringify(paths))}\t${copyText(JSON.stringify(c.programs.map(jsonText)))}\t${copyText(JSON.stringify(c.risks))}\t${copyText(origin.path)}\t${origin.ordinal}\n`,
    );
  }
  return out.done();
}
