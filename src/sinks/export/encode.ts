import type { ToolCall } from '../../core/tool-call.js';
import { totalTokens } from '../../core/types.js';
import type { PricedEvent } from '../../report/aggregate.js';
import { encodeCsv } from '../csv/encode.js';

/** The version of the export's rows: bumped when a field changes meaning or goes away (README "Export"). */
export const EXPORT_SCHEMA = 'usage.export/1';

export type ExportFormat = 'jsonl' | 'csv';

/** The fields both kinds have, first on every row (COMMON_FIELDS). */
function commonFields(kind: 'event' | 'tool_call', r: Pick<ToolCall, 'device' | 'provider' | 'timestamp' | 'sessionId' | 'projectPath' | 'model'>): Record<string, unknown> {
  return {
    schema: EXPORT_SCHEMA,
    kind,
    device: r.device,
    provider: r.provider,
    timestamp: new Date(r.timestamp).toISOString(),
    sessionId: r.sessionId,
    projectPath: r.projectPath,
    model: r.model,
  };
}

/** One usage event (one API response, deduplicated across files and devices) as an export row. */
export function eventRow({ event: e, cost }: PricedEvent): Record<string, unknown> {
  return {
    ...commonFields('event', e),
    inputTokens: e.tokens.input,
    outputTokens: e.tokens.output,
    cacheCreation5mTokens: e.tokens.cacheWrite5m,
    cacheCreation1hTokens: e.tokens.cacheWrite1h,
    cacheReadTokens: e.tokens.cacheRead,
    reasoningTokens: e.tokens.reasoning,
    totalTokens: totalTokens(e.tokens),
    costUSD: cost,
    fast: e.fast === true,
  };
}

/** One tool call as an export row; its command line only when asked (`commands`). */
export function toolCallRow(c: ToolCall, commands: boolean): Record<string, unknown> {
  return {
    ...commonFields('tool_call', c),
    // The call's own id, without the agent (and, for Codex and Gemini, with the session) it is keyed under.
    callId: c.key.split('\u0000').slice(1).join(':'),
    tool: c.tool,
    category: c.category,
    mcpServer: c.mcpServer ?? null,
    status: c.status,
    durationMs: c.durationMs ?? null,
    paths: c.paths.map((p) => ({ path: p.path, access: p.access, ...(p.risk ? { risk: p.risk } : {}) })),
    programs: c.programs,
    risks: c.risks,
    ...(commands ? { command: c.command ?? null } : {}),
  };
}

const EVENT_FIELDS = ['inputTokens', 'outputTokens', 'cacheCreation5mTokens', 'cacheCreation1hTokens', 'cacheReadTokens', 'reasoningTokens', 'totalTokens', 'costUSD', 'fast'];
const CALL_FIELDS = ['callId', 'tool', 'category', 'mcpServer', 'status', 'durationMs', 'paths', 'programs', 'risks'];
const COMMON_FIELDS = ['schema', 'kind', 'device', 'provider', 'timestamp', 'sessionId', 'projectPath', 'model'];

/** The CSV header: every field of both kinds, always, so that the columns are the schema's whatever was exported. */
export function exportCsvColumns(commands: boolean): string[] {
  return [...COMMON_FIELDS, ...EVENT_FIELDS, ...CALL_FIELDS, ...(commands ? ['command'] : [])];
}

/**
 * The rows as JSON Lines (one object a line) or as CSV (the CSV sink's encoding under a fixed header;
 * a call's paths as `access:path` joined by `;`, lists of names joined by `;`).
 */
export function encodeExport(rows: readonly Record<string, unknown>[], format: ExportFormat, commands: boolean): string {
  if (format === 'csv') {
    const flat = rows.map((r) => (Array.isArray(r.paths) ? { ...r, paths: (r.paths as ToolCall['paths']).map((p) => `${p.access}:${p.path}`) } : r));
    return encodeCsv(flat, { columns: exportCsvColumns(commands) });
  }
  let out = '';
  for (const row of rows) out += `${JSON.stringify(row)}\n`;
  return out;
}
