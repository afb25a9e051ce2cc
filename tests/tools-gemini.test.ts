/**
 * Gemini CLI's tool calls over fixtures/activity/gemini/basic (figures worked out in its README):
 * through the built CLI, and the reader's parts through the shared line and document readers.
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolCallPart } from '../src/core/tool-call.js';
import { gemini } from '../src/providers/gemini.js';
import { fixture, runCli, tempDir } from './helpers.js';
import { readTools, readWhole } from './tool-reading.js';

const home = fixture('activity', 'gemini', 'basic');
const chats = path.join(home, '.gemini', 'tmp', 'app', 'chats');
const LEGACY = path.join(chats, 'session-2026-05-02T10-00-g1aaaaaa.json');
const RESUMED = path.join(chats, 'session-2026-05-02T10-00-g1aaaaaa.jsonl');
const args = ['tools', '--provider', 'gemini', '-z', 'UTC', '--json'];
const row = (tool: string, category: string, errors: number) => ({
  provider: 'gemini',
  tool,
  category,
  calls: 1,
  errors,
  durationMsMedian: null,
  durationMsP95: null,
  sessions: 1,
});

describe('gemini tool calls', () => {
  it('usage tools --json: .json and its resumed .jsonl count each call once, final statuses; cached, warm and --no-cache agree', async () => {
    const env = { GEMINI_CLI_HOME: home, USAGE_CACHE_DIR: tempDir() };
    const cold = await runCli(args, env);
    expect(cold.code).toBe(0);
    expect(JSON.parse(cold.stdout)).toEqual({
      tools: [
        // c5 was first written `executing`, then `error`.
        row('create_issue', 'mcp', 1),
        row('glob', 'search', 0),
        row('google_web_search', 'web', 0),
        row('read_file', 'read', 0),
        row('run_shell_command', 'shell', 1),
        row('write_file', 'write', 0),
      ],
      totals: { calls: 6, errors: 2 },
    });
    const warm = await runCli(args, env);
    const uncached = await runCli([...args, '--no-cache'], env);
    expect(warm.stdout).toBe(cold.stdout);
    expect(uncached.stdout).toBe(cold.stdout);
  });

  it('the legacy document alone: its 3 calls, 1 error', async () => {
    const dir = tempDir();
    cpSync(home, dir, { recursive: true });
    rmSync(path.join(dir, '.gemini', 'tmp', 'app', 'chats', path.basename(RESUMED)));
    const r = await runCli(args, { GEMINI_CLI_HOME: dir });
    expect(JSON.parse(r.stdout).totals).toEqual({ calls: 3, errors: 1 });
  });

  it('prints no prompt, argument or result text', async () => {
    const outputs = await Promise.all([runCli(args, { GEMINI_CLI_HOME: home }), runCli(['tools', '--provider', 'gemini', '--by', 'session', '--debug'], { GEMINI_CLI_HOME: home })]);
    for (const r of outputs) for (const text of ['private', 'const secret', 'find the config', 'summarise', 'npm test']) expect(`${r.stdout}${r.stderr}`).not.toContain(text);
  });

  it('statuses, paths, programs and MCP servers; the needles and pick lose nothing', () => {
    const reader = gemini.tools!;
    expect(readTools(reader, RESUMED)).toEqual(readWhole(reader, RESUMED));
    const calls = (file: string) => readTools(reader, file).parts.filter((p): p is ToolCallPart => p.part === 'call');
    // The document's calls are the .jsonl's first three, key for key.
    expect(calls(LEGACY)).toEqual(calls(RESUMED).slice(0, 3));
    // Every version of every call, in line order: c4 and c5 first without an outcome.
    expect(calls(RESUMED).map((c) => `${c.tool}:${c.status ?? '-'}`)).toEqual([
      'read_file:ok', 'run_shell_command:error', 'write_file:cancelled',
      'google_web_search:-', 'create_issue:-', 'google_web_search:ok', 'create_issue:error',
      'read_file:ok', 'run_shell_command:error', 'write_file:cancelled', 'google_web_search:ok', 'create_issue:error',
      'glob:-',
    ]);
    const [read, shell, write] = calls(LEGACY);
    expect(read!.paths).toEqual([{ path: '/Users/me/app/README.md', access: 'read' }]);
    expect([shell!.programs, shell!.paths]).toEqual([['npm', 'git'], [{ path: '/Users/me/app', access: 'exec' }]]);
    expect(write!.paths).toEqual([{ path: '/Users/me/app/src/a.ts', access: 'write' }]);
    expect(calls(RESUMED).find((c) => c.tool === 'create_issue')!.mcpServer).toBe('github');
    expect(calls(RESUMED).at(-1)!.paths).toEqual([{ path: '/etc', access: 'read' }]);
  });
});
