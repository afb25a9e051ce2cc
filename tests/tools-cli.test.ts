import { describe, expect, it } from 'vitest';
import { fixture, runCli, tempDir } from './helpers.js';

// Figures worked out by hand in fixtures/activity/claude/README.md.
const basic = fixture('activity', 'claude', 'basic');
const resumed = fixture('activity', 'claude', 'resumed');
const summary = (stdout: string): string[] =>
  (JSON.parse(stdout) as { tools: { tool: string; calls: number; errors: number; sessions: number; durationMsMedian: number | null; durationMsP95: number | null }[] }).tools.map(
    (t) => `${t.tool} ${t.calls} ${t.errors} ${t.sessions} ${t.durationMsMedian} ${t.durationMsP95}`,
  );

describe('usage tools', () => {
  it('one session: 15 calls (13 + 2 of its sub-agent), nearest-rank median and p95', async () => {
    const r = await runCli(['tools', '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: basic });
    expect(r.code).toBe(0);
    // Bash durations 1, 3, 4, 7, 30 s: median the 3rd, p95 the 5th; Write has no result.
    expect(summary(r.stdout)).toEqual([
      'Bash 5 1 1 4000 30000',
      'Read 2 0 1 1000 2000',
      'Edit 1 0 1 3000 3000',
      'Glob 1 0 1 1000 1000',
      'Grep 1 0 1 1000 1000',
      'LS 1 1 1 1000 1000',
      'Task 1 0 1 30000 30000',
      'WebFetch 1 0 1 2000 2000',
      'Write 1 0 1 null null',
      'mcp__github__create_issue 1 0 1 2000 2000',
    ]);
    expect(JSON.parse(r.stdout).totals).toEqual({ calls: 15, errors: 2 });
    expect(JSON.parse(r.stdout).tools[0]).toEqual({ provider: 'claude', tool: 'Bash', category: 'shell', calls: 5, errors: 1, durationMsMedian: 4000, durationMsP95: 30000, sessions: 1 });
  });

  it('a resumed copy counts its copied calls once: 17 calls, 3 errors; cached, warm and --no-cache agree', async () => {
    const env = { CLAUDE_CONFIG_DIR: `${basic},${resumed}`, USAGE_CACHE_DIR: tempDir() };
    const args = ['tools', '--provider', 'claude', '-z', 'UTC', '--json'];
    const cold = await runCli(args, env);
    const warm = await runCli(args, env);
    const uncached = await runCli([...args, '--no-cache'], env);
    expect(JSON.parse(cold.stdout).totals).toEqual({ calls: 17, errors: 3 });
    // Bash: s1's five and s2's force push (an error, t 120 → 125): 1, 3, 4, 5, 7, 30 s, median the 3rd,
    // p95 the 6th. Read: s1's 2 s and 1 s and s2's README.md (t 121 → 125): 1, 2, 4 s.
    expect(summary(cold.stdout).slice(0, 2)).toEqual(['Bash 6 2 2 4000 30000', 'Read 3 0 2 2000 4000']);
    expect(warm.stdout).toBe(cold.stdout);
    expect(uncached.stdout).toBe(cold.stdout);
  });

  it('--by session and --since', async () => {
    const r = await runCli(['tools', '--provider', 'claude', '-z', 'UTC', '--json', '--by', 'session'], { CLAUDE_CONFIG_DIR: `${basic},${resumed}` });
    const rows = JSON.parse(r.stdout).tools as { sessionId: string; tool: string; calls: number }[];
    expect(rows.filter((t) => t.sessionId === 's2').map((t) => `${t.tool} ${t.calls}`)).toEqual(['Bash 1', 'Read 1']);
    const later = await runCli(['tools', '--provider', 'claude', '-z', 'UTC', '--json', '--since', '2026-05-03'], { CLAUDE_CONFIG_DIR: basic });
    expect(JSON.parse(later.stdout)).toEqual({ tools: [], totals: { calls: 0, errors: 0 } });
  });

  it('daily over the same logs reads no tool parts (no tools cache files)', async () => {
    const cache = tempDir();
    await runCli(['daily', '--json'], { CLAUDE_CONFIG_DIR: basic, USAGE_CACHE_DIR: cache });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cache).filter((n) => n.startsWith('tools'))).toEqual([]);
  });

  it('prints no prompt, file content, tool output or command text', async () => {
    const env = { CLAUDE_CONFIG_DIR: `${basic},${resumed}` };
    const outputs = await Promise.all([
      runCli(['tools', '--provider', 'claude', '--json'], env),
      runCli(['tools', '--provider', 'claude'], env),
      runCli(['tools', '--provider', 'claude', '--by', 'session', '--debug'], env),
    ]);
    // Planted in the fixtures' prompts, outputs and command lines (see tests/claude-tools.test.ts).
    const planted = ['const secret', 'private text', 'private file content', 'find the config', 'Host x', 'created #1', 'summarise', "doesn't want", 'git status', 'rm -rf', 'curl', '.ssh'];
    for (const r of outputs) for (const text of planted) expect(`${r.stdout}${r.stderr}`).not.toContain(text);
  });

  it('an append that splits a call from its result: the resumed cache gives what --no-cache gives', async () => {
    const { cpSync, readFileSync, writeFileSync, appendFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = tempDir();
    cpSync(basic, dir, { recursive: true });
    const log = path.join(dir, 'projects', '-Users-me-app', 's1.jsonl');
    const lines = readFileSync(log, 'utf8').split(/(?<=\n)/);
    // Line 8 is toolu_04chain's call, line 9 its result.
    writeFileSync(log, lines.slice(0, 8).join(''));
    const env = { CLAUDE_CONFIG_DIR: dir, USAGE_CACHE_DIR: tempDir() };
    const args = ['tools', '--provider', 'claude', '-z', 'UTC', '--json'];
    const before = JSON.parse((await runCli(args, env)).stdout);
    // toolu_01read … toolu_04chain (no result yet) and the sub-agent's two calls.
    expect(before.totals).toEqual({ calls: 6, errors: 1 });
    appendFileSync(log, lines.slice(8).join(''));
    const resumed = await runCli(args, env);
    const whole = await runCli([...args, '--no-cache'], env);
    expect(JSON.parse(resumed.stdout).totals).toEqual({ calls: 15, errors: 2 });
    expect(resumed.stdout).toBe(whole.stdout);
  });
});
