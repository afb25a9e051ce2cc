/**
 * Codex CLI's tool calls over fixtures/activity/codex/basic (figures worked out in its README):
 * through the built CLI, and the reader's parts (paths, programs) through the shared line reader.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolCallPart } from '../src/core/tool-call.js';
import { codex } from '../src/providers/codex.js';
import { fixture, runCli, tempDir } from './helpers.js';
import { readTools, readWhole } from './tool-reading.js';

const home = fixture('activity', 'codex', 'basic');
const day = path.join(home, 'sessions', '2026', '05', '01');
const PARENT = path.join(day, 'rollout-2026-05-01T10-00-00-0196a000-0000-7000-8000-0000000000a1.jsonl');
const FORK = path.join(day, 'rollout-2026-05-01T11-00-00-0196a000-0000-7000-8000-0000000000b2.jsonl');
const args = ['tools', '--provider', 'codex', '-z', 'UTC', '--json'];
const row = (tool: string, category: string, calls: number, errors: number, median: number | null, p95: number | null, sessions: number) => ({
  provider: 'codex',
  tool,
  category,
  calls,
  errors,
  durationMsMedian: median,
  durationMsP95: p95,
  sessions,
});

describe('codex tool calls', () => {
  it('usage tools --json: 12 calls, 4 errors; the fork replay counted once; cached, warm and --no-cache agree', async () => {
    const env = { CODEX_HOME: home, USAGE_CACHE_DIR: tempDir() };
    const cold = await runCli(args, env);
    expect(cold.code).toBe(0);
    expect(JSON.parse(cold.stdout)).toEqual({
      tools: [
        // call_1 1.5 s (exec_command_end), call_2 2.25 s (exit 1), call_8 0.5 s (unparsable), the fork's
        // own call_1 0.5 s, call_7 no output: 500, 500, 1500, 2250.
        row('exec_command', 'shell', 5, 2, 500, 2250, 2),
        row('apply_patch', 'edit', 1, 0, 1000, 1000, 1),
        row('github__create_issue', 'mcp', 1, 1, 2500, 2500, 1),
        // A bare name in namespace `mcp__computer_use__` (newer builds), 0.25 s.
        row('mcp__computer_use__list_apps', 'mcp', 1, 0, 250, 250, 1),
        // No end event: its output's `err: ` says it failed.
        row('mcp__docs__search', 'mcp', 1, 1, 1000, 1000, 1),
        row('shell', 'shell', 1, 0, 400, 400, 1),
        row('update_plan', 'plan', 1, 0, 1000, 1000, 1),
        row('web_search_call', 'web', 1, 0, null, null, 1),
      ],
      totals: { calls: 12, errors: 4 },
    });
    const warm = await runCli(args, env);
    const uncached = await runCli([...args, '--no-cache'], env);
    expect(warm.stdout).toBe(cold.stdout);
    expect(uncached.stdout).toBe(cold.stdout);
  });

  it('--by session: the replayed calls stay the parent\'s, the fork has its own call_1', async () => {
    const r = await runCli([...args, '--by', 'session'], { CODEX_HOME: home });
    const rows = JSON.parse(r.stdout).tools as { sessionId: string; tool: string; calls: number }[];
    expect(rows.filter((t) => t.sessionId.endsWith('b2')).map((t) => `${t.tool} ${t.calls}`)).toEqual(['exec_command 1']);
    expect(rows.filter((t) => t.sessionId.endsWith('a1')).reduce((n, t) => n + t.calls, 0)).toBe(11);
  });

  it('prints no prompt, argument, patch or output text', async () => {
    const outputs = await Promise.all([runCli(args, { CODEX_HOME: home }), runCli(['tools', '--provider', 'codex', '--by', 'session', '--debug'], { CODEX_HOME: home })]);
    for (const r of outputs) for (const text of ['private', 'const secret', 'find the config', 'git status', 'boom', 'timeout', 'rm -rf']) expect(`${r.stdout}${r.stderr}`).not.toContain(text);
  });

  it('paths, programs and chains; the needles and pick lose nothing', () => {
    const reader = codex.tools!;
    for (const file of [PARENT, FORK]) expect(readTools(reader, file)).toEqual(readWhole(reader, file));
    const calls = readTools(reader, PARENT).parts.filter((p): p is ToolCallPart => p.part === 'call');
    const facts = (tool: string) => calls.filter((c) => c.tool === tool).map((c) => ({ paths: c.paths, programs: c.programs }));
    expect(facts('exec_command')[0]).toEqual({ paths: [{ path: '/Users/me/app', access: 'exec' }], programs: ['git', 'npm'] });
    expect(facts('shell')[0]!.programs).toEqual(['ls']);
    expect(facts('apply_patch')[0]!.paths).toEqual(
      ['new.ts', 'old.ts', 'renamed.ts', 'gone.ts'].map((f) => ({ path: `/Users/me/app/src/${f}`, access: 'write' })),
    );
    expect(calls.filter((c) => c.category === 'mcp').map((c) => c.mcpServer)).toEqual(['github', 'docs', 'computer_use']);
    // The web search Codex writes without an id: the fork's restamped replay of it is dropped.
    expect(readTools(reader, FORK).parts.filter((p) => p.part === 'call').map((c) => (c as ToolCallPart).tool)).toEqual(['exec_command', 'exec_command', 'exec_command']);
    // The fork's own call runs in its relative workdir, a pipe of two programs.
    const own = readTools(reader, FORK).parts.filter((p): p is ToolCallPart => p.part === 'call' && p.sidechain !== true);
    expect(own.map((c) => [c.sessionId, c.programs, c.paths])).toEqual([
      ['0196a000-0000-7000-8000-0000000000b2', ['git', 'head'], [{ path: '/Users/me/app/src', access: 'exec' }]],
    ]);
  });
});
