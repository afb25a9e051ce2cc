import { asObject, asString, timestampMs, type JsonObject } from '../core/values.js';

/**
 * What both Codex readers (usage and tool calls) follow of a rollout's thread. Plain JSON: the cache
 * persists it inside each reader's state to resume an appended rollout.
 */
export interface CodexThread {
  /** The uuid at the end of the rollout's name, for a rollout without session_meta. */
  fallbackSession: string;
  /** From the first session_meta (later ones can be a parent's, copied into a fork). */
  sessionId: string | null;
  /** `session_meta.payload.source` is `{subagent:{thread_spawn:…}}`: the thread starts with a replay. */
  fork: boolean;
  /** A fork's parent thread: the session its replayed items belong to. */
  parentSession: string | null;
  /** UTC seconds (epoch s) of the first session_meta and of the first line seen: a fork's replay window. */
  startSeconds: number[];
  sawFirstLine: boolean;
  sawSessionMeta: boolean;
  model: string | null;
  projectPath: string | null;
}

export function newThread(fallbackSession: string): CodexThread {
  return {
    fallbackSession,
    sessionId: null,
    fork: false,
    parentSession: null,
    startSeconds: [],
    sawFirstLine: false,
    sawSessionMeta: false,
    model: null,
    projectPath: null,
  };
}

/** Notes the first line's second, the start of a fork's replay window. Called for every line. */
export function noteLine(thread: CodexThread, timestamp: number | undefined): void {
  if (thread.sawFirstLine) return;
  thread.sawFirstLine = true;
  if (timestamp !== undefined) addStartSecond(thread, timestamp);
}

/** Takes a session_meta or turn_context line into the thread; false for any other line. */
export function followThread(type: unknown, payload: JsonObject, timestamp: number | undefined, thread: CodexThread): boolean {
  if (type === 'turn_context') {
    thread.model = asString(payload.model) ?? thread.model;
    thread.projectPath = asString(payload.cwd) ?? thread.projectPath;
    return true;
  }
  if (type !== 'session_meta') return false;
  // Later session_meta lines are a parent's, copied into a fork.
  if (thread.sawSessionMeta) return true;
  thread.sawSessionMeta = true;
  thread.sessionId = asString(payload.id) ?? null;
  thread.projectPath = asString(payload.cwd) ?? thread.projectPath;
  const spawn = asObject(asObject(payload.source)?.subagent)?.thread_spawn;
  thread.fork = spawn !== undefined && spawn !== null;
  thread.parentSession = asString(asObject(spawn)?.parent_thread_id) ?? null;
  const metaTime = timestamp ?? timestampMs(payload.timestamp);
  if (metaTime !== undefined) addStartSecond(thread, metaTime);
  return true;
}

/** Whether a line at `timestamp` is a fork's replay of its parent's (usage or items). */
export function inReplayWindow(thread: CodexThread, timestamp: number): boolean {
  return thread.fork && thread.startSeconds.includes(Math.floor(timestamp / 1000));
}

function addStartSecond(thread: CodexThread, ms: number): void {
  const second = Math.floor(ms / 1000);
  if (!thread.startSeconds.includes(second)) thread.startSeconds.push(second);
}
