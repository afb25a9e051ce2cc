import type { ClientBase } from 'pg';
import type { CommandRisk, ToolCategory, ToolPart, ToolPath, ToolStatus } from '../../core/tool-call.js';
import type { Provider, UsageEvent } from '../../core/types.js';
import { usageEvent } from '../../core/types.js';
import { dedupe } from '../../pipeline/dedupe.js';
import { oldestFileFirst } from '../../pipeline/store.js';
import { TOOL_PARTS } from '../../pipeline/tool-parts.js';
import { joinToolCalls, type JoinedCalls } from '../../report/tool-join.js';
import { keyFromText } from './encoder.js';
import { checkSchema } from './migrations.js';

/** What orders a row as a local run would: its device, the file it was read from (and that file's mtime), its place there. */
interface Placed {
  device: string;
  path: string | null;
  mtimeMs: number | null;
  ordinal: number | null;
}

/**
 * Rows in the order a local run over the same files sees them: files oldest first (then by path,
 * then device), each in its order; `sources[i]` names row i's file, as dedupe wants it. Rows with no
 * file (tool calls a sync of schema 1 sent) come last, by device.
 */
function inLocalOrder<R>(rows: readonly R[], place: (row: R) => Placed): { rows: R[]; sources: number[] } {
  const files = new Map<string, { path: string; mtimeMs: number; device: string; rows: { row: R; ordinal: number }[] }>();
  for (const row of rows) {
    const { device, path, mtimeMs, ordinal } = place(row);
    const id = `${device}\u0000${path ?? ''}`;
    let file = files.get(id);
    if (!file) files.set(id, (file = { path: path ?? '', mtimeMs: mtimeMs ?? Infinity, device, rows: [] }));
    file.rows.push({ row, ordinal: ordinal ?? 0 });
  }
  const ordered = [...files.values()].sort((a, b) => oldestFileFirst(a, b) || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const out: R[] = [];
  const sources: number[] = [];
  ordered.forEach((file, f) => {
    file.rows.sort((a, b) => a.ordinal - b.ordinal);
    for (const { row } of file.rows) {
      out.push(row);
      sources.push(f);
    }
  });
  return { rows: out, sources };
}

type EventRow = [string, string, string, number, string, string, string, string, number, number, number, number, number, number, boolean, number, string | null, boolean, boolean, number, number];

/**
 * Every device's events of the asked agents, deduplicated across devices, in the order a local run
 * over the same files sees them. A response synced from two devices is one. `skipped`: the damaged
 * lines of their files.
 */
export async function readEvents(client: ClientBase, providers: readonly Provider[]): Promise<{ events: UsageEvent[]; skipped: number }> {
  await checkSchema(client);
  const { rows } = await client.query({
    text: `SELECT e.device, e.file_path, e.dedupe_key, e.ts_ms, e.provider, e.session_id, e.project_path, e.model,
             e.input_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.cache_read_tokens, e.output_tokens, e.reasoning_tokens,
             e.fast, e.rank, e.response_id, e.sidechain, e.keyed, e.file_ordinal, f.mtime_ms
           FROM usage_events e JOIN usage_files f ON f.device = e.device AND f.path = e.file_path
           WHERE e.provider = ANY($1::text[])`,
    values: [providers],
    rowMode: 'array',
  });
  const ordered = inLocalOrder(rows as EventRow[], (r) => ({ device: r[0], path: r[1], mtimeMs: r[20], ordinal: r[19] }));
  const events = ordered.rows.map((r) =>
    usageEvent({
      provider: r[4] as Provider,
      timestamp: r[3],
      sessionId: r[5],
      projectPath: r[6],
      model: r[7],
      tokens: { input: r[8], cacheWrite5m: r[9], cacheWrite1h: r[10], cacheRead: r[11], output: r[12], reasoning: r[13] },
      rank: r[15],
      device: r[0],
      ...(r[14] ? { fast: true } : {}),
      ...(r[18] ? { dedupeKey: r[2] } : {}),
      ...(r[16] !== null ? { responseId: r[16] } : {}),
      ...(r[17] ? { sidechain: true } : {}),
    }),
  );
  const { rows: [skips] } = await client.query('SELECT coalesce(sum(skipped_lines), 0)::int AS n FROM usage_files WHERE provider = ANY($1::text[])', [providers]);
  return { events: dedupe(events, ordered.sources), skipped: skips.n as number };
}

type CallRow = [string, string | null, number | null, number | null, string, string, number, string, string, string, string, string, string | null, string, number | null, ToolPath[], string[], CommandRisk[]];

/**
 * Every device's tool calls of the asked agents, as `tools` and `audit` see them from the logs: the
 * stored calls (each joined on its machine) are given back to the pipeline as the parts they were
 * joined from, in local file order, for its dedupe of tool parts and its join. A call synced from two
 * devices is one: its call part from the older file, its result from the older file that has one (a
 * copy made before the call was answered takes the answer another machine logged, as a local run over
 * both folders does). No command text: sync never stores it.
 */
export async function readToolCalls(client: ClientBase, providers: readonly Provider[]): Promise<JoinedCalls> {
  await checkSchema(client);
  const { rows } = await client.query({
    text: `SELECT t.device, t.file_path, t.file_ordinal, f.mtime_ms, t.call_key, t.provider, t.ts_ms, t.session_id, t.project_path, t.model,
             t.tool, t.category, t.mcp_server, t.status, t.duration_ms, t.paths, t.programs, t.risks
           FROM usage_tool_calls t LEFT JOIN usage_files f ON f.device = t.device AND f.path = t.file_path
           WHERE t.provider = ANY($1::text[])`,
    values: [providers],
    rowMode: 'array',
  });
  const ordered = inLocalOrder(rows as CallRow[], (r) => ({ device: r[0], path: r[1], ordinal: r[2], mtimeMs: r[3] }));
  const parts: ToolPart[] = [];
  const sources: number[] = [];
  ordered.rows.forEach((r, i) => {
    const key = keyFromText(r[4]);
    const status = r[13] as ToolStatus;
    const durationMs = r[14];
    // A join with a result always has a duration (the agent's own, else result − call); a status
    // without one is the call's own (Gemini), a duration without a status too. Either way the join
    // of these parts gives the stored row back.
    const answered = status !== 'unknown' && durationMs !== null;
    parts.push({
      part: 'call',
      provider: r[5] as Provider,
      key,
      timestamp: r[6],
      sessionId: r[7],
      projectPath: r[8],
      model: r[9],
      tool: r[10],
      category: r[11] as ToolCategory,
      ...(r[12] !== null ? { mcpServer: r[12] } : {}),
      ...(!answered && status !== 'unknown' ? { status } : {}),
      ...(!answered && durationMs !== null ? { durationMs } : {}),
      paths: r[15],
      programs: r[16],
      risks: r[17],
      device: r[0],
    });
    sources.push(ordered.sources[i]!);
    if (!answered) return;
    parts.push({ part: 'result', provider: r[5] as Provider, key, timestamp: r[6], status: status as Exclude<ToolStatus, 'unknown'>, durationMs: durationMs! });
    sources.push(ordered.sources[i]!);
  });
  return joinToolCalls(TOOL_PARTS.dedupe(parts, sources));
}
