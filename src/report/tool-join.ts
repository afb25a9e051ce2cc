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
  // position; only a result elsewhere goes through the table.
  const pairedAt = (i: number): boolean => {
    const call = parts[i - 1];
    return call !== undefined && call.part === 'call' && call.key === parts[i]!.key;
  };
  const results = new Map<string, ToolResultPart>();
  parts.forEach((p, i) => {
    if (p.part === 'result' && !pairedAt(i)) results.set(p.key, p);
  });
  const calls: ToolCall[] = [];
  let joined = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.part !== 'call') continue;
    const next = parts[i + 1];
    let result = next !== undefined && next.part === 'result' && next.key === p.key ? next : undefined;
    if (result === undefined && results.size > 0) {
      result = results.get(p.key);
      if (result) joined++;
    }
    calls.push(joinOne(p, result));
  }
  return { calls, orphanResults: results.size - joined };
}

function joinOne(call: ToolCallPart, result: ToolResultPart | undefined): ToolCall {
  const status = result?.status ?? call.status ?? 'unknown';
  const own = result?.durationMs ?? call.durationMs;
  const durationMs = own ?? (result ? Math.max(0, result.timestamp - call.timestamp) : undefined);
  return {
    provider: call.provider,
    key: call.key,
    timestamp: call.timestamp,
    sessionId: call.sessionId,
    projectPath: call.projectPath,
    model: call.model,
    tool: call.tool,
    category: call.category,
    ...(call.mcpServer !== undefined ? { mcpServer: call.mcpServer } : {}),
    status,
    ...(durationMs !== undefined ? { durationMs } : {}),
    paths: call.paths,
    programs: call.programs,
    risks: call.risks,
    ...(call.command !== undefined ? { command: call.command } : {}),
    device: call.device ?? '',
  };
}
