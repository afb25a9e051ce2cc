/** Tool names → categories and MCP servers, per agent (src/activity/categories.ts). */
import { describe, expect, it } from 'vitest';
import { claudeToolKind, codexToolKind, geminiToolKind } from '../src/activity/categories.js';

describe('tool categories', () => {
  it.each([
    ['Read', { category: 'read' }],
    ['LS', { category: 'read' }],
    ['Write', { category: 'write' }],
    ['MultiEdit', { category: 'edit' }],
    ['NotebookEdit', { category: 'edit' }],
    ['Bash', { category: 'shell' }],
    ['KillShell', { category: 'shell' }],
    ['Grep', { category: 'search' }],
    ['Glob', { category: 'search' }],
    ['WebSearch', { category: 'web' }],
    ['Task', { category: 'task' }],
    ['Agent', { category: 'task' }],
    ['TodoWrite', { category: 'plan' }],
    ['ExitPlanMode', { category: 'plan' }],
    ['Skill', { category: 'other' }],
    ['mcp__github__create_issue', { category: 'mcp', mcpServer: 'github' }],
    ['mcp__plugin_x__y__z', { category: 'mcp', mcpServer: 'plugin_x' }],
  ])('Claude %s', (name, kind) => {
    expect(claudeToolKind(name)).toEqual(kind);
  });

  it.each([
    ['exec_command', { category: 'shell' }],
    ['shell', { category: 'shell' }],
    ['shell_command', { category: 'shell' }],
    ['local_shell', { category: 'shell' }],
    ['apply_patch', { category: 'edit' }],
    ['update_plan', { category: 'plan' }],
    ['web_search_call', { category: 'web' }],
    ['view_image', { category: 'read' }],
    ['spawn_agent', { category: 'task' }],
    ['mcp__linear__list_issues', { category: 'mcp', mcpServer: 'linear' }],
    ['linear__list_issues', { category: 'mcp', mcpServer: 'linear' }],
    ['something_new', { category: 'other' }],
  ])('Codex %s', (name, kind) => {
    expect(codexToolKind(name)).toEqual(kind);
  });

  it.each([
    ['read_file', undefined, { category: 'read' }],
    ['read_many_files', undefined, { category: 'read' }],
    ['list_directory', undefined, { category: 'read' }],
    ['write_file', undefined, { category: 'write' }],
    ['replace', undefined, { category: 'edit' }],
    ['run_shell_command', undefined, { category: 'shell' }],
    ['grep_search', undefined, { category: 'search' }],
    ['search_file_content', undefined, { category: 'search' }],
    ['google_web_search', undefined, { category: 'web' }],
    ['write_todos', undefined, { category: 'plan' }],
    ['invoke_agent', undefined, { category: 'task' }],
    ['save_memory', undefined, { category: 'other' }],
    ['mcp_github_create_issue', undefined, { category: 'mcp', mcpServer: 'github' }],
    ['github__create_issue', undefined, { category: 'mcp', mcpServer: 'github' }],
    ['create_issue', 'github', { category: 'mcp', mcpServer: 'github' }],
  ])('Gemini %s (server %s)', (name, server, kind) => {
    expect(geminiToolKind(name, server)).toEqual(kind);
  });
});
