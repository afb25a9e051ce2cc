import type { Provider } from './types.js';

/**
 * The second normalized record: one tool call an agent made. Adapters do not make it whole: a call
 * and its result are often on different lines (Claude: the call on an assistant line, the result on
 * the next user line; Codex: function_call and function_call_output items), sometimes in different
 * files (a resumed session copies the call, not always the result). So adapters emit parts, each
 * keyed by the call's id; the pipeline dedupes parts by key and joins one call part with its best
 * result part into a ToolCall.
 */

export const TOOL_CATEGORIES = ['read', 'edit', 'write', 'shell', 'search', 'web', 'task', 'mcp', 'plan', 'other'] as const;
export type ToolCategory = (typeof TOOL_CATEGORIES)[number];

export const TOOL_STATUSES = ['ok', 'error', 'cancelled', 'unknown'] as const;
export type ToolStatus = (typeof TOOL_STATUSES)[number];

/** How a tool touched a path, as the audit reports it. */
export type PathAccess = 'read' | 'write' | 'exec';

/** A path a call named: absolute (resolved against the record's cwd), normalized, as the log wrote it. */
export interface ToolPath {
  path: string;
  access: PathAccess;
  /** Set on the targets of a risky command (`rm -rf`): the audit flags it when such a path is outside the project. */
  risk?: CommandRisk;
}

/** Risky shell patterns, flagged without keeping the command's text. */
export const COMMAND_RISKS = ['rm-rf', 'pipe-to-shell', 'sudo', 'chmod-777', 'force-push'] as const;
export type CommandRisk = (typeof COMMAND_RISKS)[number];

/** The call itself, from the line that asked for it. */
export interface ToolCallPart {
  part: 'call';
  provider: Provider;
  /** The call's id, unique across files of one agent (`responseKey(provider, …)`): copies share it. */
  key: string;
  /** Epoch ms of the line holding the call. */
  timestamp: number;
  sessionId: string;
  /** The record's cwd: the project root the audit measures against. */
  projectPath: string;
  model: string;
  /** As the agent wrote it (`Bash`, `exec_command`, `mcp__github__create_issue`, `run_shell_command`). */
  tool: string;
  category: ToolCategory;
  /** For MCP tools: the server's name. */
  mcpServer?: string;
  paths: ToolPath[];
  /** Shell calls: each command of a `&&`/`||`/`;`/`|` chain, as its program's name (`git`, `npm`, `rm`). */
  programs: string[];
  risks: CommandRisk[];
  /** The whole command line, kept only for `--commands`; never printed otherwise. */
  command?: string;
  /** Claude's `/btw` replays and sub-agent copies: a sidechain copy never beats the original. */
  sidechain?: boolean;
  /** Gemini logs status with the call: the result is in the same record. */
  status?: ToolStatus;
  /** The agent's own duration for the call, when it logs one with the call. */
  durationMs?: number;
  /** As UsageEvent.device: stamped by the store when the source's parts are loaded, never by a reader. */
  device?: string;
}

/** The outcome of a call, from the line that reported it. */
export interface ToolResultPart {
  part: 'result';
  provider: Provider;
  /** The key of the call it answers. */
  key: string;
  /** Epoch ms of the line holding the result. */
  timestamp: number;
  status: Exclude<ToolStatus, 'unknown'>;
  /** The agent's own figure (Codex `duration_seconds`, `Wall time`), which beats timestamps. */
  durationMs?: number;
}

export type ToolPart = ToolCallPart | ToolResultPart;

/** A call joined with its result: what `usage tools`, `usage audit` and every sink see. */
export interface ToolCall {
  provider: Provider;
  key: string;
  timestamp: number;
  sessionId: string;
  projectPath: string;
  model: string;
  tool: string;
  category: ToolCategory;
  mcpServer?: string;
  /** `unknown` when no result was logged (interrupted, or the session ended). */
  status: ToolStatus;
  /** The agent's own figure, else result − call timestamps; undefined when neither is known. */
  durationMs?: number;
  paths: ToolPath[];
  programs: string[];
  risks: CommandRisk[];
  command?: string;
  /** The label of the machine whose logs held the call (UsageEvent.device). */
  device: string;
}
