/**
 * Each agent's tool names, mapped to the normalized categories, and the MCP server of an MCP tool.
 * A name no table knows is `other` (or `mcp` when its form says it is an MCP tool).
 */
import type { ToolCategory } from '../core/tool-call.js';

export interface ToolKind {
  category: ToolCategory;
  mcpServer?: string;
}

const CLAUDE: Record<string, ToolCategory> = {
  Read: 'read',
  LS: 'read',
  NotebookRead: 'read',
  Write: 'write',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Bash: 'shell',
  BashOutput: 'shell',
  KillShell: 'shell',
  KillBash: 'shell',
  Grep: 'search',
  Glob: 'search',
  ToolSearch: 'search',
  WebFetch: 'web',
  WebSearch: 'web',
  Task: 'task',
  Agent: 'task',
  TaskOutput: 'task',
  TodoWrite: 'plan',
  TodoRead: 'plan',
  ExitPlanMode: 'plan',
  EnterPlanMode: 'plan',
  TaskCreate: 'plan',
  TaskUpdate: 'plan',
  TaskList: 'plan',
  TaskGet: 'plan',
};

/** `mcp__<server>__<tool>` (Claude Code; Codex's newer builds). */
const MCP_DOUBLE = /^mcp__(.+?)__(.+)$/;

export function claudeToolKind(name: string): ToolKind {
  const mcp = MCP_DOUBLE.exec(name);
  if (mcp) return { category: 'mcp', mcpServer: mcp[1]! };
  return { category: CLAUDE[name] ?? 'other' };
}

const CODEX: Record<string, ToolCategory> = {
  shell: 'shell',
  shell_command: 'shell',
  local_shell: 'shell',
  'container.exec': 'shell',
  exec_command: 'shell',
  write_stdin: 'shell',
  unified_exec: 'shell',
  apply_patch: 'edit',
  read_file: 'read',
  list_dir: 'read',
  view_image: 'read',
  grep_files: 'search',
  web_search: 'web',
  web_search_call: 'web',
  update_plan: 'plan',
  spawn_agent: 'task',
  send_input: 'task',
  wait: 'task',
  close_agent: 'task',
  resume_agent: 'task',
};

/**
 * Codex: built-ins by name; an MCP tool is `mcp__server__tool` in newer builds, `server__tool` in
 * older ones (a built-in never holds `__`).
 */
export function codexToolKind(name: string): ToolKind {
  const known = CODEX[name];
  if (known) return { category: known };
  const mcp = MCP_DOUBLE.exec(name) ?? /^(.+?)__(.+)$/.exec(name);
  if (mcp) return { category: 'mcp', mcpServer: mcp[1]! };
  return { category: 'other' };
}

const GEMINI: Record<string, ToolCategory> = {
  read_file: 'read',
  read_many_files: 'read',
  list_directory: 'read',
  get_internal_docs: 'read',
  write_file: 'write',
  replace: 'edit',
  edit: 'edit',
  run_shell_command: 'shell',
  glob: 'search',
  search_file_content: 'search',
  grep_search: 'search',
  web_fetch: 'web',
  google_web_search: 'web',
  write_todos: 'plan',
  enter_plan_mode: 'plan',
  exit_plan_mode: 'plan',
  tracker_create_task: 'plan',
  tracker_update_task: 'plan',
  tracker_get_task: 'plan',
  tracker_list_tasks: 'plan',
  tracker_add_dependency: 'plan',
  tracker_visualize: 'plan',
  invoke_agent: 'task',
  delegate_to_agent: 'task',
  read_mcp_resource: 'mcp',
  list_mcp_resources: 'mcp',
};

/**
 * Gemini CLI: built-ins by name. MCP tools are `mcp_<server>_<tool>` since March 2026 (the server is
 * the first `_`-separated part, as Gemini CLI itself splits it), `<server>__<tool>` before (only
 * when two servers clashed, in the oldest builds: otherwise the bare tool name, which reads as
 * `other`). A `serverName` the record gives wins.
 */
export function geminiToolKind(name: string, serverName?: string): ToolKind {
  if (serverName) return { category: 'mcp', mcpServer: serverName };
  const known = GEMINI[name];
  if (known) return { category: known };
  const mcp = /^mcp_([^_]+)_(.+)$/.exec(name) ?? /^(.+?)__(.+)$/.exec(name);
  if (mcp) return { category: 'mcp', mcpServer: mcp[1]! };
  return { category: 'other' };
}
