import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-read.js';
import { fixture, runCli, tempDir } from './helpers.js';

// Calls per session as fixtures/activity/claude/README.md and audit/README.md count them.
const claude = ['basic', 'resumed', 'windows', 'audit'].map((c) => fixture('activity', 'claude', c)).join(',');

describe('session --json: toolCalls and toolErrors', () => {
  it('per session: s1 15 (13 + its sub-agent\'s 2), 2 errors; s2 2, 1; w1 4, 0; a1 14, 1', async () => {
    const cache = tempDir();
    const r = await runCli(['session', '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).sessions as { sessionId: string; toolCalls: number; toolErrors: number }[];
    expect(rows.map((s) => `${s.sessionId} ${s.toolCalls} ${s.toolErrors}`).sort()).toEqual(['a1 14 1', 's1 15 2', 's2 2 1', 'w1 4 0']);
    // The session report is the one that reads tool parts; warm, from both saved results, the same rows.
    expect(readdirSync(cache).some((n) => n.startsWith('tools-result'))).toBe(true);
    const warm = await runCli(['session', '--provider', 'claude', '-z', 'UTC', '--json', '--until', '2099-12-31'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache });
    expect(JSON.parse(warm.stdout).sessions).toEqual(rows);
  });

  it('--since keeps the calls of the days shown; --csv carries the two columns', async () => {
    const later = await runCli(['session', '--provider', 'claude', '-z', 'UTC', '--json', '--since', '2026-05-03'], { CLAUDE_CONFIG_DIR: claude });
    const rows = JSON.parse(later.stdout).sessions as { sessionId: string; toolCalls: number }[];
    expect(rows.map((s) => `${s.sessionId} ${s.toolCalls}`)).toEqual(['a1 14']);
    const csv = await runCli(['session', '--provider', 'claude', '-z', 'UTC', '--csv', '--since', '2026-05-03'], { CLAUDE_CONFIG_DIR: claude });
    const [head, row] = parseCsv(csv.stdout);
    expect(row![head!.indexOf('toolCalls')]).toBe('14');
    expect(row![head!.indexOf('toolErrors')]).toBe('1');
  });

  it('daily builds no tool part; session opens each log once for both kinds', async () => {
    // Counts the opens of every file (fs.openSync is how logs are read), written out as the process exits.
    const dir = tempDir();
    const preload = path.join(dir, 'count-opens.cjs');
    writeFileSync(
      preload,
      `const fs = require('node:fs');
const opened = {};
const open = fs.openSync;
fs.openSync = (file, ...rest) => { opened[file] = (opened[file] ?? 0) + 1; return open(file, ...rest); };
require('node:module').syncBuiltinESMExports();
process.on('exit', () => fs.writeFileSync(process.env.OPENS_OUT, JSON.stringify(opened)));
`,
    );
    const opens = async (args: string[], cache: string): Promise<Record<string, number>> => {
      const out = path.join(dir, `opens-${args[0]}.json`);
      const r = await runCli([...args, '--provider', 'claude', '-z', 'UTC', '--json'], { CLAUDE_CONFIG_DIR: claude, USAGE_CACHE_DIR: cache, NODE_OPTIONS: `--require ${preload}`, OPENS_OUT: out });
      expect(r.code, r.stderr).toBe(0);
      const all = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>;
      return Object.fromEntries(Object.entries(all).filter(([file]) => file.endsWith('.jsonl')));
    };
    const dailyCache = tempDir();
    const daily = await opens(['daily'], dailyCache);
    expect(readdirSync(dailyCache).some((n) => n.startsWith('tools'))).toBe(false);
    // 5 logs: basic's s1 and its sub-agent, resumed's s2, windows' w1, audit's a1.
    expect(Object.values(daily)).toEqual([1, 1, 1, 1, 1]);
    const sessionCache = tempDir();
    const session = await opens(['session'], sessionCache);
    expect(session).toEqual(daily);
    expect(readdirSync(sessionCache).some((n) => n.startsWith('tools-v'))).toBe(true);
  });
});
