/**
 * Claude Code's tool calls: `tool_use` blocks on assistant lines, `tool_result` blocks on the user
 * lines that answer them. The call's `toolu_…` id is global: resumed sessions and sidechains copy
 * the block with the same id, so it is the key as it stands.
 */
import type { ToolCallPart, ToolCategory, ToolStatus } from '../core/tool-call.js';
import { asObject, asString, responseKey, timestampMs, type JsonObject } from '../core/values.js';
import { claudeToolKind } from '../activity/categories.js';
import { fileToolPaths, recordContext, shellFacts, type CallFacts } from '../activity/call-facts.js';
import { compilePick } from '../pipeline/json-pick.js';
import type { ToolOutput, ToolReader } from './adapter.js';

/** What the file's path says, for records that do not (the usage side's own fallbacks). */
export interface ClaudeToolState {
  fallbackSession: string;
  fallbackProject: string;
}

/**
 * Rejections and interruptions, from the line's `toolUseResult` when it is a string: "User rejected
 * tool use" (2026, beside `toolDenialKind`), "Error: The user doesn't want to proceed…" and
 * "Error: [Request interrupted by user for tool use]" (2025).
 */
const CANCELLED = /^(?:User rejected tool use|(?:Error: )?The user doesn't want to proceed|(?:Error: )?\[Request interrupted)/;

/** The inputs that name paths or a command; file contents, edits and prompts are never built. */
const INPUT_PICK = { file_path: true, notebook_path: true, path: true, command: true } as const;

/** `newState` is the usage side's (its file-name fallbacks), passed in so this module needs no import of claude.ts. */
export function claudeToolReader(newState: (file: string) => ClaudeToolState): ToolReader<ClaudeToolState> {
  return {
    newState,
    // Every line with a call or a result holds one of these (`"tool_use_id"` does not hold the first).
    needles: ['"tool_use"', '"tool_result"'],
    // A successful result's `toolUseResult` is an object (of it only `interrupted` is built); a
    // rejection's, an interruption's or an error's is a short string, kept whole. The tool_result's
    // own `content` (file contents, command output) is never built.
    pick: compilePick({
      type: true,
      timestamp: true,
      sessionId: true,
      cwd: true,
      isSidechain: true,
      toolUseResult: { interrupted: true },
      toolDenialKind: true,
      message: {
        model: true,
        content: [{ type: true, id: true, name: true, input: INPUT_PICK, tool_use_id: true, is_error: true }],
      },
    }),
    onRecord(record, state, out) {
      const message = asObject(record.message);
      const content = message?.content;
      if (!Array.isArray(content)) return;
      if (record.type === 'assistant') onCalls(record, message!, content, state, out);
      else if (record.type === 'user') onResults(record, content, out);
    },
  };
}

function onCalls(record: JsonObject, message: JsonObject, content: unknown[], state: ClaudeToolState, out: ToolOutput): void {
  const uses = content.map(asObject).filter((b) => b?.type === 'tool_use');
  if (uses.length === 0) return;
  const timestamp = timestampMs(record.timestamp);
  if (timestamp === undefined) {
    out.skip('invalid timestamp');
    return;
  }
  const cwd = asString(record.cwd);
  for (const block of uses) {
    const id = asString(block!.id);
    const tool = asString(block!.name);
    if (!id || !tool) {
      out.skip('tool call without id or name');
      continue;
    }
    const kind = claudeToolKind(tool);
    const facts = callFacts(kind.category, asObject(block!.input), cwd);
    const part: ToolCallPart = {
      part: 'call',
      provider: 'claude',
      key: responseKey('claude', id),
      timestamp,
      sessionId: asString(record.sessionId) ?? state.fallbackSession,
      projectPath: cwd ?? state.fallbackProject,
      model: asString(message.model) ?? 'unknown',
      tool,
      category: kind.category,
      ...facts,
    };
    if (kind.mcpServer) part.mcpServer = kind.mcpServer;
    if (record.isSidechain === true) part.sidechain = true;
    out.emit(part);
  }
}

function callFacts(category: ToolCategory, input: JsonObject | undefined, cwd: string | undefined): CallFacts & { command?: string } {
  const ctx = recordContext(cwd);
  const command = asString(input?.command);
  if (category === 'shell' && command) return { ...shellFacts(command, ctx), command };
  return { paths: fileToolPaths(category, [input?.file_path, input?.notebook_path, input?.path], ctx), programs: [], risks: [] };
}

function onResults(record: JsonObject, content: unknown[], out: ToolOutput): void {
  const results = content.map(asObject).filter((b) => b?.type === 'tool_result');
  if (results.length === 0) return;
  const timestamp = timestampMs(record.timestamp);
  if (timestamp === undefined) {
    out.skip('invalid timestamp');
    return;
  }
  // The line's own outcome fields describe its result only when it holds one.
  const single = results.length === 1;
  for (const block of results) {
    const id = asString(block!.tool_use_id);
    if (!id) {
      out.skip('tool result without id');
      continue;
    }
    out.emit({ part: 'result', provider: 'claude', key: responseKey('claude', id), timestamp, status: resultStatus(record, block!, single) });
  }
}

function resultStatus(record: JsonObject, block: JsonObject, single: boolean): Exclude<ToolStatus, 'unknown'> {
  if (single) {
    if (asString(record.toolDenialKind)) return 'cancelled';
    const outcome = record.toolUseResult;
    if (typeof outcome === 'string' && CANCELLED.test(outcome)) return 'cancelled';
    if (asObject(outcome)?.interrupted === true) return 'cancelled';
  }
  return block.is_error === true ? 'error' : 'ok';
}
