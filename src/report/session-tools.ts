import type { ToolCall } from '../core/tool-call.js';
import { pairKey } from './aggregate.js';
import { keepsCall, type CallFilter } from './tools.js';

export interface SessionToolCounts {
  toolCalls: number;
  toolErrors: number;
}

/**
 * Tool calls and errors per session (keyed as the session report keys its groups), of the calls in
 * the days and projects the report shows.
 */
export function toolCountsBySession(calls: readonly ToolCall[], f: CallFilter): Map<string, SessionToolCounts> {
  const counts = new Map<string, SessionToolCounts>();
  for (const c of calls) {
    if (!keepsCall(c, f)) continue;
    const key = pairKey(c.provider, c.sessionId);
    let held = counts.get(key);
    if (!held) counts.set(key, (held = { toolCalls: 0, toolErrors: 0 }));
    held.toolCalls++;
    if (c.status === 'error') held.toolErrors++;
  }
  return counts;
}

/** The session rows of the JSON with `toolCalls` and `toolErrors` (0 for a session without calls). */
export function withToolCounts(rows: readonly Record<string, unknown>[], counts: ReadonlyMap<string, SessionToolCounts>): Record<string, unknown>[] {
  return rows.map((row) => ({ ...row, ...(counts.get(pairKey(String(row.provider), String(row.sessionId))) ?? { toolCalls: 0, toolErrors: 0 }) }));
}
