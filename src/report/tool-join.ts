import type { ToolCall, ToolCallPart, ToolPart, ToolResultPart } from '../core/tool-call.js';

export interface JoinedCalls {
  calls: ToolCall[];
  /** Results whose call is in no file read: dropped, and counted for `--debug`. */
  orphanResults: number;
}

/**
 * Joins deduplicated parts (one call part and at most one result part per key) into calls, in the
 * order of the call parts. Status: the result's, else the call's own (Gemini logs it with the call),
 * else `unknown`. Duration: the agent's own figure (result's, then call's), else result − call
 * timestamps, never negative; undefined when neither is known.
 */
export function joinToolCalls(parts: readonly ToolPart[]): JoinedCalls {
  // A run's dedupe puts each call's result right after it (eachResultAfterItsCall): those pair by
  // position, in one pass; only a result elsewhere goes through the table, which the calls left
  // without one look in once it holds every such result.
  const results = new Map<string, ToolResultPart>();
  const calls: ToolCall[] = [];
  const alone: { at: number; call: ToolCallPart }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.part === 'result') {
      results.set(p.key, p);
      continue;
    }
    const next = parts[i + 1];
    if (next !== undefined && next.part === 'result' && next.key === p.key) {
      calls.push(joinOne(p, next));
      i++;
    } else {
      alone.push({ at: calls.length, call: p });
      calls.push(joinOne(p, undefined));
    }
  }
  let joined = 0;
  if (results.size > 0) {
    for (const { at, call } of alone) {
      const result = results.get(call.key);
      if (result === undefined) continue;
      calls[at] = joinOne(call, result);
      joined++;
    }
  }
  return { calls, orphanResults: results.size - joined };
}

function joinOne(call: ToolCallPart, result: ToolResultPart | undefined): ToolCall {
  const status = result?.status ?? call.status ?? 'unknown';
  const own = result?.durationMs ?? call.durationMs;
  const durationMs = own ?? (result ? Math.max(0, result.timestamp - call.timestamp) : undefined);
  // The fields every call has in one literal, the optional ones set after it (spreads in the literal
  // built each call through the runtime's slow path): absent where the parts had none, as before.
  const joined: ToolCall = {
    provider: call.provider,
    key: call.key,
    timestamp: call.timestamp,
    sessionId: call.sessionId,
    projectPath: call.projectPath,
    model: call.model,
    tool: call.tool,
    category: call.category,
    status,
    paths: call.paths,
    programs: call.programs,
    risks: call.risks,
    device: call.device ?? '',
  };
  if (call.mcpServer !== undefined) joined.mcpServer = call.mcpServer;
  if (durationMs !== undefined) joined.durationMs = durationMs;
  if (call.command !== undefined) joined.command = call.command;
  return joined;
}
