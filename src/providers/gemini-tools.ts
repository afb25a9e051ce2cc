/**
 * Gemini CLI's tool calls: the `toolCalls` of `gemini` messages, each with its own status. A message
 * is written again as its calls complete (a later line, a `$set.messages` checkpoint, a legacy
 * document rewritten whole), and a resumed legacy session is copied into a `.jsonl` with the same
 * ids: the call's id within its session is the key, and the later line within a file wins.
 * No duration is logged per call: it stays unknown.
 */
import type { ToolCallPart, ToolCategory, ToolStatus } from '../core/tool-call.js';
import { asObject, asString, responseKey, timestampMs, type JsonObject } from '../core/values.js';
import { geminiToolKind } from '../activity/categories.js';
import { fileToolPaths, recordContext, shellFacts, type CallFacts } from '../activity/call-facts.js';
import { MAX_LINE_BYTES } from '../pipeline/lines.js';
import { compilePick, compileStreamedObject, streamObject, type Pick } from '../pipeline/json-pick.js';
import type { ToolOutput, ToolReader } from './adapter.js';

/** What the usage side's state says of a chat file (its `newState`, passed in). Plain JSON. */
export interface GeminiToolState {
  fallbackSession: string;
  sessionId: string | null;
  /** A sub-agent chat's parent session, which owns its activity as it owns its usage. */
  parentSession: string | null;
  projectPath: string;
}

/** The args that name paths or a command; contents, edits and results are never built. */
const ARGS_PICK = { absolute_path: true, file_path: true, path: true, dir_path: true, paths: true, command: true, directory: true } as const;
const MESSAGE_PICK = {
  id: true,
  timestamp: true,
  type: true,
  model: true,
  toolCalls: [{ id: true, name: true, status: true, timestamp: true, serverName: true, args: ARGS_PICK }],
} as const satisfies Pick;
const DOCUMENT = compileStreamedObject({ sessionId: true }, 'messages', MESSAGE_PICK);

const STATUSES: Record<string, Exclude<ToolStatus, 'unknown'>> = { success: 'ok', error: 'error', cancelled: 'cancelled' };

export function geminiToolReader(newState: (file: string) => GeminiToolState): ToolReader<GeminiToolState> {
  return {
    newState,
    // Every message or checkpoint with a call holds `"toolCalls"`; the metadata line names the session.
    needles: ['"toolCalls"', '"sessionId"'],
    pick: compilePick({ ...MESSAGE_PICK, sessionId: true, messages: [MESSAGE_PICK], $set: { sessionId: true, messages: [MESSAGE_PICK] } }),
    onRecord(record, state, out) {
      const set = asObject(record.$set);
      if (set) {
        if (!state.sessionId) state.sessionId = asString(set.sessionId) ?? null;
        if (Array.isArray(set.messages)) for (const m of set.messages) onMessage(m, state, out);
        return;
      }
      if (typeof record.type === 'string') return onMessage(record, state, out);
      const sessionId = asString(record.sessionId);
      if (!sessionId) return;
      if (!state.sessionId) state.sessionId = sessionId;
      if (Array.isArray(record.messages)) for (const m of record.messages) onMessage(m, state, out);
    },
    readDocument(chunks, file, out) {
      const state = newState(file);
      // sessionId may follow the messages: their (small) calls wait for it.
      const messages: unknown[] = [];
      const complete = streamObject(
        chunks,
        DOCUMENT,
        (name, value) => {
          if (name === 'sessionId' && !state.sessionId) state.sessionId = asString(value) ?? null;
        },
        (value) => {
          if (Array.isArray(asObject(value)?.toolCalls)) messages.push(value);
        },
        MAX_LINE_BYTES,
      );
      for (const m of messages) onMessage(m, state, out);
      if (!complete) out.skip('invalid JSON');
    },
  };
}

function onMessage(value: unknown, state: GeminiToolState, out: ToolOutput): void {
  const m = asObject(value);
  if (!m || m.type !== 'gemini' || !Array.isArray(m.toolCalls)) return;
  const own = state.sessionId ?? state.fallbackSession;
  for (const raw of m.toolCalls) {
    const call = asObject(raw);
    const id = asString(call?.id);
    const tool = asString(call?.name);
    if (!call || !id || !tool) {
      out.skip('tool call without id or name');
      continue;
    }
    const timestamp = timestampMs(call.timestamp) ?? timestampMs(m.timestamp);
    if (timestamp === undefined) {
      out.skip('invalid timestamp');
      continue;
    }
    const kind = geminiToolKind(tool, asString(call.serverName));
    const part: ToolCallPart = {
      part: 'call',
      provider: 'gemini',
      key: responseKey('gemini', own, id),
      timestamp,
      sessionId: state.parentSession ?? own,
      projectPath: state.projectPath,
      model: asString(m.model) ?? 'unknown',
      tool,
      category: kind.category,
      ...callFacts(kind.category, asObject(call.args), state.projectPath),
    };
    if (kind.mcpServer) part.mcpServer = kind.mcpServer;
    // Scheduled, executing or awaiting approval: no outcome yet (a later version may have it).
    const status = STATUSES[String(call.status)];
    if (status) part.status = status;
    out.emit(part);
  }
}

function callFacts(category: ToolCategory, args: JsonObject | undefined, projectPath: string): CallFacts & { command?: string } {
  const ctx = recordContext(projectPath);
  const command = asString(args?.command);
  if (category === 'shell' && command) return { ...shellFacts(command, ctx, args?.directory), command };
  const many = Array.isArray(args?.paths) ? (args.paths as unknown[]) : [];
  return { paths: fileToolPaths(category, [args?.absolute_path, args?.file_path, args?.path, args?.dir_path, ...many], ctx), programs: [], risks: [] };
}
