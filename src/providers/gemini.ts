import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { usageEvent, type Tokens, type UsageEvent } from '../core/types.js';
import { BadCount, asObject, asString, responseKey, timestampMs, tokenCount } from '../core/values.js';
import { MAX_LINE_BYTES } from '../pipeline/lines.js';
import { compilePick, compileStreamedObject, streamObject, type Pick } from '../pipeline/json-pick.js';
import type { Adapter, ParseOutput, SourceRoot } from './adapter.js';
import { geminiToolReader } from './gemini-tools.js';

/** What a chat file's path says about it. Plain JSON: the cache persists it. */
interface GeminiFileState {
  /** The file's name without extension, for a chat whose sessionId is never given. */
  fallbackSession: string;
  /** The chat's own sessionId, from its metadata line (first one wins). */
  sessionId: string | null;
  /** For a sub-agent chat `chats/<parentSessionId>/<sub>.jsonl`: the parent session, which owns its usage. */
  parentSession: string | null;
  projectPath: string;
  /** .jsonl 1, .json 0: see `rank` below. */
  rank: number;
}

/** A counted message before its session is known (a legacy document may name it after the messages). */
interface PendingMessage {
  id: string | undefined;
  timestamp: number;
  model: string;
  tokens: Tokens;
}

/** What `readMessage` reads of a message; its content, thoughts and tool calls are never built. */
const MESSAGE_PICK = { id: true, timestamp: true, type: true, model: true, tokens: true } as const satisfies Pick;

/** A legacy session document: its sessionId, and its messages one at a time. */
const DOCUMENT = compileStreamedObject({ sessionId: true }, 'messages', MESSAGE_PICK);

export const gemini: Adapter<GeminiFileState> = {
  provider: 'gemini',

  roots({ env, home }): SourceRoot[] {
    // GEMINI_CLI_HOME replaces the home folder (one folder, as Gemini CLI reads it).
    const configured = env.GEMINI_CLI_HOME?.trim();
    if (configured) {
      return [{ dir: path.join(path.resolve(configured), '.gemini', 'tmp'), explicit: true, fromEnv: 'GEMINI_CLI_HOME' }];
    }
    return [{ dir: path.join(home, '.gemini', 'tmp'), explicit: false }];
  },

  // <project>/chats/session-….json(l); sub-agent chats one folder deeper, under the parent session's id.
  patterns: ['*/chats/**/*.json', '*/chats/**/*.jsonl'],

  // Counted messages hold "tokens" (so does a $set.messages checkpoint holding one); the metadata line
  // holds "sessionId". $rewindTo and metadata-only $set lines change nothing that is counted.
  needles: ['"tokens"', '"sessionId"'],

  // A line is a message, the metadata (sessionId, maybe messages) or a $set of either.
  pick: compilePick({
    ...MESSAGE_PICK,
    sessionId: true,
    messages: [MESSAGE_PICK],
    $rewindTo: true,
    $set: { sessionId: true, messages: [MESSAGE_PICK] },
  }),

  fileKind: (file) => (file.endsWith('.jsonl') ? 'lines' : 'document'),

  tools: geminiToolReader((file) => gemini.newState(file)),

  newState(file) {
    return { ...chatFile(file), sessionId: null };
  },

  onRecord(record, state, out) {
    const set = asObject(record.$set);
    if (set) {
      if (!state.sessionId) state.sessionId = asString(set.sessionId) ?? null;
      // A full checkpoint of the conversation: every message in it is a message record.
      if (Array.isArray(set.messages)) eachMessage(set.messages, state, out);
      return;
    }
    // Rewound messages were billed: what was counted stays counted.
    if (record.$rewindTo !== undefined) return;
    if (typeof record.type === 'string') {
      eachMessage([record], state, out);
      return;
    }
    const sessionId = asString(record.sessionId);
    if (sessionId) {
      // The metadata line.
      if (!state.sessionId) state.sessionId = sessionId;
      if (Array.isArray(record.messages)) eachMessage(record.messages, state, out);
    } else if (hasTokens(record)) {
      out.skip('unknown shape');
    }
  },

  readDocument(chunks, file, out): void {
    const state: GeminiFileState = { ...chatFile(file), sessionId: null };
    // sessionId may come after messages in key order: keep the (small) counted messages until the end.
    const pending: PendingMessage[] = [];
    const complete = streamObject(
      chunks,
      DOCUMENT,
      (name, value) => {
        if (name === 'sessionId' && !state.sessionId) state.sessionId = asString(value) ?? null;
      },
      (value) =>
        guarded(out, () => {
          const m = readMessage(value, out);
          if (m) pending.push(m);
        }),
      MAX_LINE_BYTES,
    );
    // What was read before any damage (a document caught mid-rewrite) still counts.
    for (const m of pending) out.emit(toEvent(m, state));
    if (!complete) out.skip('invalid JSON');
  },
};

/** Runs `fn` for one message: a damaged message is skipped, the rest of its file or checkpoint is not. */
function guarded(out: ParseOutput, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    out.skip(err instanceof BadCount ? err.message : 'unreadable record');
  }
}

function eachMessage(values: readonly unknown[], state: GeminiFileState, out: ParseOutput): void {
  for (const value of values) {
    guarded(out, () => {
      const m = readMessage(value, out);
      if (m) out.emit(toEvent(m, state));
    });
  }
}

/** A counted message, or undefined for one that carries no usage. Throws BadCount. */
function readMessage(value: unknown, out: ParseOutput): PendingMessage | undefined {
  const m = asObject(value);
  // Only responses carry usage; `tokens` may be null (not arrived yet, or an aborted response).
  if (!m || !hasTokens(m)) return undefined;
  const t = asObject(m.tokens);
  if (m.type !== 'gemini' || !t) {
    // What is not a response (a user turn, an info or error message) is not billed: a rule, as
    // Claude's local API errors. Anything else holding tokens is a shape we do not know.
    if (!NOT_RESPONSES.has(String(m.type))) out.skip('unknown shape');
    return undefined;
  }
  const timestamp = timestampMs(m.timestamp);
  if (timestamp === undefined) {
    out.skip('invalid timestamp');
    return undefined;
  }
  const input = tokenCount(t.input);
  const cached = tokenCount(t.cached);
  const output = tokenCount(t.output);
  const thoughts = tokenCount(t.thoughts);
  const tool = tokenCount(t.tool);
  // input includes cached; tool-use prompt tokens are extra input; thoughts are extra output.
  const tokens: Tokens = {
    input: Math.max(0, input - cached) + tool,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: cached,
    output: output + thoughts,
    reasoning: thoughts,
  };
  if (tokens.input + tokens.cacheRead + tokens.output === 0) return undefined;
  return { id: asString(m.id), timestamp, model: asString(m.model) ?? 'unknown', tokens };
}

/** Message types that are not responses: tokens on them are not billed usage. */
const NOT_RESPONSES = new Set(['user', 'info', 'error']);

/** Whether a record holds tokens at all (null is "none yet", not damage). */
function hasTokens(m: Record<string, unknown>): boolean {
  return m.tokens !== undefined && m.tokens !== null;
}

function toEvent(m: PendingMessage, state: GeminiFileState): UsageEvent {
  const own = state.sessionId ?? state.fallbackSession;
  return usageEvent({
    provider: 'gemini',
    timestamp: m.timestamp,
    sessionId: state.parentSession ?? own,
    projectPath: state.projectPath,
    model: m.model,
    tokens: m.tokens,
    // The last version wins: within a file the later line (a tie), across a .json/.jsonl twin the
    // .jsonl, which is the one still being written after a resume.
    rank: state.rank,
    // A message id is rewritten whenever its tokens or tool calls change, and a resumed legacy
    // session is copied with the same ids from session-….json into session-….jsonl.
    dedupeKey: m.id ? responseKey('gemini', own, m.id) : undefined,
  });
}

/** The parts of a chat's path: `<home>/.gemini/tmp/<project>/chats/[<parentSessionId>/]<name>.json(l)`. */
function chatFile(file: string): Omit<GeminiFileState, 'sessionId'> {
  const parts = file.split(/[\\/]/);
  const chatsAt = parts.lastIndexOf('chats');
  const name = parts[parts.length - 1] ?? file;
  const fallbackSession = name.replace(/\.jsonl?$/, '');
  const rank = file.endsWith('.jsonl') ? 1 : 0;
  if (chatsAt < 2) return { fallbackSession, parentSession: null, projectPath: 'unknown', rank };
  const folder = parts[chatsAt - 1]!;
  const tmpDir = parts.slice(0, chatsAt - 1).join(path.sep);
  const registry = path.join(path.dirname(tmpDir), 'projects.json');
  const parentSession = parts.length - chatsAt > 2 ? parts[chatsAt + 1]! : null;
  return { fallbackSession, parentSession, projectPath: projectFolders(registry).get(folder) ?? folder, rank };
}

const registries = new Map<string, { stamp: string; folders: Map<string, string> }>();

/**
 * `~/.gemini/projects.json` (`{"projects":{"<path>":"<slug>"}}`) as folder → path, for both the
 * readable slug and the SHA-256 of the path (the folder name before early 2026). Read only, and
 * again only when it has changed.
 */
function projectFolders(registry: string): Map<string, string> {
  let stamp = 'missing';
  try {
    const st = statSync(registry);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // no registry: folder names stand
  }
  const known = registries.get(registry);
  if (known && known.stamp === stamp) return known.folders;
  const folders = new Map<string, string>();
  if (stamp !== 'missing') {
    try {
      const projects = asObject(asObject(JSON.parse(readFileSync(registry, 'utf8')))?.projects);
      for (const [projectPath, slug] of Object.entries(projects ?? {})) {
        if (projectPath.length === 0) continue;
        folders.set(createHash('sha256').update(projectPath).digest('hex'), projectPath);
        if (typeof slug === 'string' && slug.length > 0) folders.set(slug, projectPath);
      }
    } catch {
      // damaged registry: folder names stand
    }
  }
  registries.set(registry, { stamp, folders });
  return folders;
}
