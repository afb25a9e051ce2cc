/**
 * Codex CLI's tool calls: `function_call`, `custom_tool_call` (apply_patch), `local_shell_call` and
 * `web_search_call` response items; their results are `function_call_output` /
 * `custom_tool_call_output` items by `call_id`, or the `*_end` events some persistence modes write
 * (which then beat the output line after them: one result per call either way).
 *
 * Call ids may be unique only within a session, so the key holds the session. A forked thread
 * replays the parent's items in its first second with the parent's call ids: those are keyed with
 * the parent's session (so they collide with the originals) and rank below them.
 */
import type { ToolCallPart, ToolStatus } from '../core/tool-call.js';
import { asObject, asString, responseKey, timestampMs, type JsonObject } from '../core/values.js';
import { codexToolKind } from '../activity/categories.js';
import { fileToolPaths, PathList, patchPaths, recordContext, shellFacts, type CallFacts } from '../activity/call-facts.js';
import { compilePick, jsonInString, ObjectInString } from '../pipeline/json-pick.js';
import type { ToolOutput, ToolReader } from './adapter.js';
import { followThread, inReplayWindow, newThread, noteLine, type CodexThread } from './codex-thread.js';

/** Plain JSON: the cache persists it to resume an appended rollout. */
export interface CodexToolState extends CodexThread {
  /** Call ids answered by an `*_end` event whose output item has not come yet: it is not a second result. */
  ended: string[];
}

/** How much of a text output is searched for its exit code and wall time (they head it). */
const TEXT_HEAD = 512;
const EXIT_CODE = /Process exited with code (-?\d+)/;
const WALL_TIME = /Wall time: ([\d.]+) seconds/;
const PARSE_FAILURE = /^failed to parse function arguments/;
/** An MCP call's `Err`, as its output item writes it (`format!("err: {e:?}")`); success is not written. */
const MCP_FAILURE = /^err: /;

type ResultStatus = Exclude<ToolStatus, 'unknown'>;

/** `fallbackSession` is the usage side's (the uuid in the rollout's name), passed in so this module needs no import of codex.ts. */
export function codexToolReader(fallbackSession: (file: string) => string): ToolReader<CodexToolState> {
  return {
    newState: (file) => ({ ...newThread(fallbackSession(file)), ended: [] }),
    // `"function_call` also holds `"function_call_output`, `"custom_tool_call` its output.
    needles: [
      '"session_meta"',
      '"turn_context"',
      '"function_call',
      '"custom_tool_call',
      '"local_shell_call"',
      '"web_search_call"',
      '"mcp_tool_call_end"',
      '"exec_command_end"',
      '"patch_apply_end"',
    ],
    // Of the `*_end` events only their outcome and duration; never their stdout/stderr. An output
    // that holds JSON is read for its metadata where it lies, never built (most of a cold read's time
    // was decoding those outputs, twice); a text output is built, but only its head is searched.
    pick: compilePick({
      timestamp: true,
      type: true,
      payload: {
        type: true,
        id: true,
        cwd: true,
        source: true,
        timestamp: true,
        model: true,
        name: true,
        namespace: true,
        arguments: true,
        input: true,
        call_id: true,
        status: true,
        action: { command: true, working_directory: true },
        output: jsonInString({ metadata: { exit_code: true, duration_seconds: true } }),
        invocation: { server: true, tool: true },
        duration: true,
        result: { Ok: { isError: true, is_error: true }, Err: true },
        exit_code: true,
        success: true,
      },
    }),
    onRecord(record, state, out) {
      const timestamp = timestampMs(record.timestamp);
      noteLine(state, timestamp);
      const payload = asObject(record.payload);
      if (!payload) return;
      if (followThread(record.type, payload, timestamp, state)) return;
      if (record.type !== 'response_item' && record.type !== 'event_msg') return;
      if (timestamp === undefined) {
        if (isToolRecord(payload)) out.skip('invalid timestamp');
        return;
      }
      if (record.type === 'response_item') onItem(payload, timestamp, state, out);
      else onEvent(payload, timestamp, state, out);
    },
  };
}

const TOOL_ITEMS = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'web_search_call', 'function_call_output', 'custom_tool_call_output']);
const END_EVENTS = new Set(['mcp_tool_call_end', 'exec_command_end', 'patch_apply_end']);

function isToolRecord(payload: JsonObject): boolean {
  const type = String(payload.type);
  return TOOL_ITEMS.has(type) || END_EVENTS.has(type);
}

/** The session a line's calls belong to: a fork's replay is the parent's. */
function sessionOf(state: CodexToolState, timestamp: number): string {
  const own = state.sessionId ?? state.fallbackSession;
  return inReplayWindow(state, timestamp) ? (state.parentSession ?? own) : own;
}

function keyOf(state: CodexToolState, timestamp: number, callId: string): string {
  return responseKey('codex', sessionOf(state, timestamp), callId);
}

function onItem(payload: JsonObject, timestamp: number, state: CodexToolState, out: ToolOutput): void {
  switch (payload.type) {
    case 'function_call':
    case 'custom_tool_call':
    case 'local_shell_call':
      return onCall(payload, timestamp, state, out);
    case 'web_search_call':
      return onWebSearch(payload, timestamp, state, out);
    case 'function_call_output':
    case 'custom_tool_call_output':
      return onOutput(payload, timestamp, state, out);
    default:
      return;
  }
}

function onCall(payload: JsonObject, timestamp: number, state: CodexToolState, out: ToolOutput): void {
  const callId = asString(payload.call_id) ?? asString(payload.id);
  const tool = payload.type === 'local_shell_call' ? 'local_shell' : qualifiedName(payload);
  if (!callId || !tool) {
    out.skip('tool call without id or name');
    return;
  }
  const kind = codexToolKind(tool);
  const part = callPart(state, timestamp, callId, tool, kind.category, callFacts(payload, tool, kind.category, state));
  if (kind.mcpServer) part.mcpServer = kind.mcpServer;
  out.emit(part);
}

/**
 * Newer builds write an MCP call as its bare tool name beside a `namespace` (`mcp__server` or
 * `mcp__server__`): named `mcp__server__tool` here, as the older builds and Claude Code name it.
 */
function qualifiedName(payload: JsonObject): string | undefined {
  const name = asString(payload.name);
  const namespace = asString(payload.namespace);
  if (!name || !namespace) return name;
  return namespace.endsWith('__') ? `${namespace}${name}` : `${namespace}__${name}`;
}

function onWebSearch(payload: JsonObject, timestamp: number, state: CodexToolState, out: ToolOutput): void {
  // A web search is its own record, result and all. Codex does not write its id, so it is keyed by
  // its time, which a fork's replay restamps: the replayed copy cannot meet the original and is dropped.
  if (inReplayWindow(state, timestamp)) return;
  const id = asString(payload.id) ?? `web_search@${timestamp}`;
  const part = callPart(state, timestamp, id, 'web_search_call', 'web', { paths: [], programs: [], risks: [] });
  const status = asString(payload.status);
  if (status === 'completed') part.status = 'ok';
  else if (status === 'failed') part.status = 'error';
  out.emit(part);
}

function callPart(state: CodexToolState, timestamp: number, callId: string, tool: string, category: ToolCallPart['category'], facts: CallFacts & { command?: string }): ToolCallPart {
  const part: ToolCallPart = {
    part: 'call',
    provider: 'codex',
    key: keyOf(state, timestamp, callId),
    timestamp,
    sessionId: sessionOf(state, timestamp),
    projectPath: state.projectPath ?? 'unknown',
    model: state.model ?? 'unknown',
    tool,
    category,
    ...facts,
  };
  // A fork's copy never beats the parent's own record of the call.
  if (inReplayWindow(state, timestamp)) part.sidechain = true;
  return part;
}

function callFacts(payload: JsonObject, tool: string, category: ToolCallPart['category'], state: CodexToolState): CallFacts & { command?: string } {
  const ctx = recordContext(state.projectPath ?? undefined);
  const list = new PathList(ctx);
  if (payload.type === 'custom_tool_call') {
    const input = asString(payload.input);
    if (tool === 'apply_patch' && input) patchPaths(input, list);
    return { paths: list.paths, programs: [], risks: [] };
  }
  const args = payload.type === 'local_shell_call' ? localShellArgs(payload) : parseArguments(payload.arguments);
  if (category === 'shell') {
    const command = args?.cmd ?? args?.command;
    if (typeof command === 'string') return { ...shellFacts(command, ctx, args?.workdir), command };
    if (Array.isArray(command) && command.every((w) => typeof w === 'string')) {
      const argv = command as string[];
      if (argv[0] === 'apply_patch' && typeof argv[1] === 'string') {
        patchPaths(argv[1], list);
        return { paths: list.paths, programs: ['apply_patch'], risks: [], command: argv.join(' ') };
      }
      return { ...shellFacts(argv, ctx, args?.workdir), command: commandLine(argv) };
    }
    return { paths: [], programs: [], risks: [] };
  }
  if (tool === 'apply_patch' && typeof args?.input === 'string') {
    patchPaths(args.input, list);
    return { paths: list.paths, programs: [], risks: [] };
  }
  return { paths: fileToolPaths(category, [args?.file_path, args?.dir_path, args?.path], ctx), programs: [], risks: [] };
}

function localShellArgs(payload: JsonObject): JsonObject | undefined {
  const action = asObject(payload.action);
  return action ? { command: action.command, workdir: action.working_directory } : undefined;
}

/** `arguments` is a JSON string; damaged arguments are a call with no facts (Codex answers it with an error). */
function parseArguments(raw: unknown): JsonObject | undefined {
  if (typeof raw !== 'string') return asObject(raw);
  try {
    return asObject(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** An argv as the user would have typed it: a shell's `-c` script, else the words. */
function commandLine(argv: readonly string[]): string {
  const c = argv.findIndex((w) => w === '-c' || w === '-lc');
  return c >= 0 && c === argv.length - 2 ? argv[c + 1]! : argv.join(' ');
}

function onOutput(payload: JsonObject, timestamp: number, state: CodexToolState, out: ToolOutput): void {
  const callId = asString(payload.call_id);
  if (!callId) {
    out.skip('tool result without id');
    return;
  }
  const endedAt = state.ended.indexOf(callId);
  if (endedAt >= 0) {
    // Its end event already gave the result (with the agent's own outcome).
    state.ended.splice(endedAt, 1);
    return;
  }
  const { status, durationMs } = outputOutcome(payload.output);
  out.emit({ part: 'result', provider: 'codex', key: keyOf(state, timestamp, callId), timestamp, status, ...(durationMs !== undefined ? { durationMs } : {}) });
}

/**
 * Status and wall time of an output (as picked, or a whole record's string): its JSON metadata
 * (older builds) or the head of its text.
 */
function outputOutcome(output: unknown): { status: ResultStatus; durationMs?: number } {
  if (output instanceof ObjectInString) return outcomeOf(output.object, output.text);
  if (typeof output === 'string') return outcomeOf(output.startsWith('{') ? parseArguments(output) : undefined, () => output);
  return { status: 'ok' };
}

/** `object`: what the output's text holds when it is a JSON object; `text` builds the text. */
function outcomeOf(object: JsonObject | undefined, text: () => string): { status: ResultStatus; durationMs?: number } {
  const metadata = asObject(object?.metadata);
  if (metadata) {
    const code = metadata.exit_code;
    const seconds = metadata.duration_seconds;
    return { status: typeof code === 'number' && code !== 0 ? 'error' : 'ok', ...msOf(seconds) };
  }
  const head = text().slice(0, TEXT_HEAD);
  if (PARSE_FAILURE.test(head) || MCP_FAILURE.test(head)) return { status: 'error' };
  const code = EXIT_CODE.exec(head);
  const wall = WALL_TIME.exec(head);
  return { status: code && Number(code[1]) !== 0 ? 'error' : 'ok', ...msOf(wall ? Number(wall[1]) : undefined) };
}

function msOf(seconds: unknown): { durationMs?: number } {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? { durationMs: Math.round(seconds * 1000) } : {};
}

/** A Rust `Duration` as serde writes it (`{secs, nanos}`), or plain seconds. */
function durationOf(v: unknown): { durationMs?: number } {
  const d = asObject(v);
  if (d && typeof d.secs === 'number') return msOf(d.secs + (typeof d.nanos === 'number' ? d.nanos / 1e9 : 0));
  return msOf(v);
}

function onEvent(payload: JsonObject, timestamp: number, state: CodexToolState, out: ToolOutput): void {
  if (!END_EVENTS.has(String(payload.type))) return;
  const callId = asString(payload.call_id);
  if (!callId) {
    out.skip('tool result without id');
    return;
  }
  let status: ResultStatus;
  if (payload.type === 'mcp_tool_call_end') {
    const result = asObject(payload.result);
    const ok = asObject(result?.Ok);
    status = result?.Err !== undefined || ok?.isError === true || ok?.is_error === true ? 'error' : 'ok';
  } else if (payload.type === 'exec_command_end') {
    status = typeof payload.exit_code === 'number' && payload.exit_code !== 0 ? 'error' : 'ok';
  } else {
    status = payload.success === false ? 'error' : 'ok';
  }
  if (!state.ended.includes(callId)) state.ended.push(callId);
  out.emit({ part: 'result', provider: 'codex', key: keyOf(state, timestamp, callId), timestamp, status, ...durationOf(payload.duration) });
}
