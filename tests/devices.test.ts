import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, runJson, tempDir } from './helpers.js';

const LAPTOP = fixture('devices', 'laptop');
const DESKTOP = fixture('devices', 'desktop-claude');
const ENV = { USAGE_DEVICE: 'here' };

interface Row {
  date: string;
  device?: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: number;
  modelBreakdowns: { device?: string; requests: number; inputTokens: number }[];
}
interface Daily {
  daily: Row[];
  totals: { inputTokens: number; outputTokens: number; totalTokens: number; totalCost: number };
}

const daily = (...args: string[]): Promise<Daily> => runJson<Daily>(['daily', '-z', 'UTC', ...args], ENV);
const brief = (r: Row): unknown[] => [r.date, r.device, r.inputTokens, r.outputTokens, Number(r.totalCost.toFixed(6))];

describe('devices: --source', () => {
  it('merges two machines, counting the transcript both hold once', async () => {
    const out = await daily('--source', `a=${LAPTOP}`, '--source', `b=${DESKTOP}`);
    expect(out.daily.map(brief)).toEqual([
      ['2026-05-01', undefined, 4000, 1300, 0.0315],
      ['2026-05-02', undefined, 4000, 400, 0.018],
    ]);
    expect(out.totals).toMatchObject({ inputTokens: 8000, outputTokens: 1700, totalTokens: 9700 });
    expect(out.totals.totalCost).toBeCloseTo(0.0495, 12);
    // With several devices the breakdown names each one's share.
    expect(out.daily[0]!.modelBreakdowns).toMatchObject([{ device: 'a', requests: 3, inputTokens: 4000 }]);
    expect(out.daily[1]!.modelBreakdowns).toMatchObject([{ device: 'b', requests: 1, inputTokens: 4000 }]);
  });

  it('--by device: a row per device; the shared transcript is the first source\'s', async () => {
    const laptopFirst = await daily('--by', 'device', '--source', `a=${LAPTOP}`, '--source', `b=${DESKTOP}`);
    expect(laptopFirst.daily.map(brief)).toEqual([
      ['2026-05-01', 'a', 4000, 1300, 0.0315],
      ['2026-05-02', 'b', 4000, 400, 0.018],
    ]);
    const desktopFirst = await daily('--by', 'device', '--source', `b=${DESKTOP}`, '--source', `a=${LAPTOP}`);
    expect(desktopFirst.daily.map(brief)).toEqual([
      ['2026-05-01', 'a', 1000, 1000, 0.018],
      ['2026-05-01', 'b', 3000, 300, 0.0135],
      ['2026-05-02', 'b', 4000, 400, 0.018],
    ]);
    expect(desktopFirst.totals).toMatchObject({ inputTokens: 8000, outputTokens: 1700 });
  });

  it('the same run from the cache and its saved result keeps every device', async () => {
    const cache = tempDir('usage-devices-cache-');
    const env = { ...ENV, USAGE_CACHE_DIR: cache, HOME: tempDir('usage-devices-home-') };
    const args = ['daily', '-z', 'UTC', '--by', 'device', '--source', `b=${DESKTOP}`, '--source', `a=${LAPTOP}`];
    const first = await runJson<Daily>(args, env);
    // Other arguments: not a replay of the memoized output, a run from the saved result (same files, same folders).
    const second = await runJson<Daily>([...args, '--order', 'asc'], env);
    expect(second.daily.map(brief)).toEqual(first.daily.map(brief));
    // Another home: another run, from the per-file cache entries, which hold no device and are stamped on load.
    const third = await runJson<Daily>(args, { ...env, HOME: tempDir('usage-devices-home-') });
    expect(third.daily.map(brief)).toEqual(first.daily.map(brief));
    const fresh = await runJson<Daily>([...args, '--no-cache'], ENV);
    expect(fresh.daily.map(brief)).toEqual(first.daily.map(brief));
  });

  it('this machine alone shows no device field; --by device names it', async () => {
    const home = tempDir('usage-devices-home-');
    const out = await runJson<Daily>(['daily', '-z', 'UTC'], { ...ENV, CLAUDE_CONFIG_DIR: DESKTOP, HOME: home });
    expect(JSON.stringify(out)).not.toContain('"device"');
    const by = await runJson<Daily>(['daily', '-z', 'UTC', '--by', 'device'], { ...ENV, CLAUDE_CONFIG_DIR: DESKTOP, HOME: home });
    expect(by.daily.map((r) => r.device)).toEqual(['here', 'here']);
  });

  it("the config file's sources are read as --source is", async () => {
    const dir = tempDir('usage-devices-config-');
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ sources: [{ label: 'a', path: LAPTOP }, { label: 'b', path: DESKTOP }] }));
    const out = await runJson<Daily>(['daily', '-z', 'UTC', '--by', 'device'], { ...ENV, USAGE_CONFIG: config });
    expect(out.daily.map(brief)).toEqual([
      ['2026-05-01', 'a', 4000, 1300, 0.0315],
      ['2026-05-02', 'b', 4000, 400, 0.018],
    ]);
  });

  it('a missing or unknown folder is one line and exit 2', async () => {
    const missing = await runCli(['daily', '--source', 'x=/no/such/folder'], ENV);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('usage: --source x=/no/such/folder: no such folder\n');
    const neither = await runCli(['daily', '--source', `x=${fixture('devices')}`], ENV);
    expect(neither.code).toBe(2);
    expect(neither.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await runCli(['daily', '--source', 'nolabel'], ENV);
    expect([bad.code, bad.stderr]).toEqual([2, 'usage: --source nolabel: expected LABEL=PATH\n']);
  });

  it('tools --by device and audit rows carry the device', async () => {
    const tools = await runJson<{ tools: { device: string; tool: string; calls: number; errors: number }[]; totals: { calls: number } }>(
      ['tools', '--by', 'device', '--source', `a=${LAPTOP}`, '--source', `b=${DESKTOP}`],
      ENV,
    );
    expect(tools.tools.map((t) => [t.device, t.tool, t.calls, t.errors])).toEqual([
      ['a', 'Bash', 1, 0],
      ['b', 'Read', 1, 1],
    ]);
    expect(tools.totals.calls).toBe(2);
  });
});

describe('usage export', () => {
  const sources = ['--source', `a=${LAPTOP}`, '--source', `b=${DESKTOP}`];

  it('JSON Lines: one line per response and per call, summing to the daily totals', async () => {
    const r = await runCli(['export', '-z', 'UTC', ...sources], ENV);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.every((l) => l.schema === 'usage.export/1')).toBe(true);
    const events = lines.filter((l) => l.kind === 'event');
    const calls = lines.filter((l) => l.kind === 'tool_call');
    expect([events.length, calls.length]).toEqual([4, 2]);
    const totals = (await daily(...sources)).totals;
    const sum = (key: string): number => events.reduce((s, e) => s + (e[key] as number), 0);
    expect([sum('inputTokens'), sum('outputTokens'), sum('totalTokens')]).toEqual([totals.inputTokens, totals.outputTokens, totals.totalTokens]);
    expect(sum('costUSD')).toBeCloseTo(totals.totalCost, 12);
    expect(events.map((e) => e.device)).toEqual(['a', 'a', 'a', 'b']);
    expect(calls.map((c) => [c.device, c.callId, c.tool, c.status])).toEqual([
      ['a', 'toolu_dev_1', 'Bash', 'ok'],
      ['b', 'toolu_dev_2', 'Read', 'error'],
    ]);
    // No command text unless asked; nothing of the prompts or outputs.
    expect(r.stdout).not.toContain('"command"');
    expect(r.stdout).not.toContain('PLANTED');
    const withCommands = await runCli(['export', ...sources, '--commands'], ENV);
    expect(withCommands.stdout).toContain('"command":"ls -la /home/me/app"');
  });

  it('--since, --project and --output FILE', async () => {
    const file = path.join(tempDir('usage-export-'), 'out.jsonl');
    const r = await runCli(['export', '-z', 'UTC', '--since', '2026-05-02', '--output', file, ...sources], ENV);
    expect([r.code, r.stdout]).toEqual([0, '']);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.kind, l.sessionId])).toEqual([
      ['event', 's-desktop'],
      ['tool_call', 's-desktop'],
    ]);
    const app = await runCli(['export', '--project', '/home/me/app', ...sources], ENV);
    expect(app.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('CSV: the fixed header of both kinds, a row per record', async () => {
    const r = await runCli(['export', '--format', 'csv', '-z', 'UTC', ...sources], ENV);
    const rows = r.stdout.split('\r\n');
    expect(rows[0]).toBe(
      'schema,kind,device,provider,timestamp,sessionId,projectPath,model,inputTokens,outputTokens,cacheCreation5mTokens,cacheCreation1hTokens,' +
        'cacheReadTokens,reasoningTokens,totalTokens,costUSD,fast,callId,tool,category,mcpServer,status,durationMs,paths,programs,risks',
    );
    expect(rows).toHaveLength(1 + 6 + 1);
    expect(rows[5]).toBe('usage.export/1,tool_call,a,claude,2026-05-01T10:00:01.000Z,s-shared,/home/me/app,claude-sonnet-4-5-20250929,,,,,,,,,,toolu_dev_1,Bash,shell,,ok,1000,exec:/home/me/app,ls,');
    const json = await runCli(['export', '--json'], ENV);
    expect([json.code, json.stderr]).toEqual([2, 'usage: export takes --format jsonl|csv, not --json or --csv\n']);
  });
});
