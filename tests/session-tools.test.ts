import { TOOL_PARTS } from '../src/pipeline/tool-parts.js';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-read.js';
import { fixture, runCli, tempDir } from './helpers.js';

// Calls per session as fixtures/activity/claude/README.md and audit/README.md count them.
const claude = ['basic', 'resumed', 'windows', 'audit'].map((c) => fixture('activity', 'claude', c)).join(',');

describe('session --tools --json: toolCalls and toolErrors', () => {
  it('per session: s1 15 (13 + its sub-agent\'s 2), 2 errors; s2 2, 1; w1 4, 0; a1 14, 1', async () => {
    const cache = tempDir();
    const r = await runCli(['session', '--tools', '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).sessions as { sessionId: string; toolCalls: number; toolErrors: number }[];
    expect(rows.map((s) => `${s.sessionId} ${s.toolCalls} ${s.toolErrors}`).sort()).toEqual(['a1 14 1', 's1 15 2', 's2 2 1', 'w1 4 0']);
    // The session report is the one that reads tool parts.
    expect(readdirSync(cache).some((n) => n.startsWith('tools'))).toBe(true);
  });

  it('--since keeps the calls of the days shown; --csv carries the two columns', async () => {
    const later = await runCli(['session', '--tools', '--provider', 'claude', '-z', 'UTC', '--json', '--since', '2026-05-03'], { CLAUDE_CONFIG_DIR: claude });
    const rows = JSON.parse(later.stdout).sessions as { sessionId: string; toolCalls: number }[];
    expect(rows.map((s) => `${s.sessionId} ${s.toolCalls}`)).toEqual(['a1 14']);
    const csv = await runCli(['session', '--tools', '--provider', 'claude', '-z', 'UTC', '--csv', '--since', '2026-05-03'], { CLAUDE_CONFIG_DIR: claude });
    const [head, row] = parseCsv(csv.stdout);
    expect(row![head!.indexOf('toolCalls')]).toBe('14');
    expect(row![head!.indexOf('toolErrors')]).toBe('1');
  });

  it('without --tools: no tool fields, and no tool part is read', async () => {
    const cache = tempDir();
    const r = await runCli(['session', '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).sessions as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows.some((s) => 'toolCalls' in s || 'toolErrors' in s)).toBe(false);
    expect(readdirSync(cache).some((n) => n.startsWith('tools'))).toBe(false);
    // Nor does daily.
    expect((await runCli(['daily', '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache })).code).toBe(0);
    expect(readdirSync(cache).some((n) => n.startsWith('files'))).toBe(true);
    expect(readdirSync(cache).some((n) => n.startsWith('tools'))).toBe(false);
  });

  it('warm, from both saved results, the same rows as cold', async () => {
    const env = { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: tempDir() };
    const cold = await runCli(['session', '--tools', '--provider', 'claude', '-z', 'UTC', '--json'], env);
    const warm = await runCli(['session', '--tools', '--provider', 'claude', '-z', 'UTC', '--json', '--until', '2099-12-31'], env);
    expect(readdirSync(env.USAGE_CACHE_DIR).some((n) => n.startsWith(`tools-result-v${TOOL_PARTS.format}-`))).toBe(true);
    expect(JSON.parse(warm.stdout).sessions).toEqual(JSON.parse(cold.stdout).sessions);
  });
});
