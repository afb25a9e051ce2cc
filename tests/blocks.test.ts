import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emptyTokens, type Tokens, type UsageEvent } from '../src/core/types.js';
import type { PricedEvent } from '../src/report/aggregate.js';
import { burnRate, computeBlocks, percentile, projectBlock } from '../src/report/blocks.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURE = path.join(ROOT, 'fixtures/blocks');
/** The test hook: USAGE_NOW freezes the clock of `blocks` and `watch`. */
const NOW = '2026-05-02T12:50:00Z';

async function usage(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, CLAUDE_CONFIG_DIR: FIXTURE, USAGE_NOW: NOW, NO_COLOR: '1', TZ: 'UTC', ...env },
  });
}

/** The blocks of `usage blocks --json`; every model of the fixture has a price, which the JSON says. */
async function blocksJson(...args: string[]): Promise<{ blocks: Record<string, unknown>[] }> {
  const { stdout } = await usage(['blocks', '--json', '--no-cache', ...args]);
  const { unpricedModels, ...rest } = JSON.parse(stdout) as { blocks: Record<string, unknown>[]; unpricedModels: unknown };
  expect(unpricedModels).toEqual([]);
  return rest;
}

const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';
const counts = (input: number, output: number, cacheCreation: number, cacheRead: number) => ({
  inputTokens: input,
  outputTokens: output,
  cacheCreationInputTokens: cacheCreation,
  cacheReadInputTokens: cacheRead,
});

// Worked out by hand from fixtures/blocks/README.md (prices: sonnet-4-5 $3/$15 in/out per Mtok, 5m write
// $3.75, 1h write $6, read $0.30; haiku-4-5 $1/$5, read $0.10).
//  window 1 08:00–13:00: events 1, 2, 3 (3 at 12:59:59 is still inside).
//    tokens 13500 + 3000 + 200 = 16700; cost 0.021 + 0.007 + 0.0018 = 0.0298
//  window 2 13:00–18:00: event 4 comes exactly at window 1's end, so it opens a new one; event 5.
//    tokens 20 + 1200 = 1220; cost 0.00018 + 0.009 = 0.00918
//  gap 18:00 → 09:00 next day (the next event, 09:30, floors to 09:00)
//  window 3 09:00–14:00, active at 12:50: events 6, 7, 8. tokens 2000 + 10000 + 2000 = 14000,
//    cost 0.018 + 0.0378 + 0.0051 = 0.0609. Burn: first activity 09:30 → now 12:50 = 200 min:
//    14000 / 200 = 70 tokens/min, 0.0609 / 200 × 60 = $0.01827/h. 70 min left:
//    projection 14000 + 70 × 70 = 18900 tokens, 0.0609 + 0.01827 × 70/60 = $0.082215.
const WINDOW_1 = {
  id: '2026-05-01T08:00:00.000Z',
  startTime: '2026-05-01T08:00:00.000Z',
  endTime: '2026-05-01T13:00:00.000Z',
  actualEndTime: '2026-05-01T12:59:59.000Z',
  isActive: false,
  isGap: false,
  entries: 3,
  tokenCounts: counts(3100, 1600, 2000, 10000),
  totalTokens: 16700,
  costUSD: 0.0298,
  models: [SONNET, HAIKU],
  burnRate: null,
  projection: null,
};
const WINDOW_2 = {
  id: '2026-05-01T13:00:00.000Z',
  startTime: '2026-05-01T13:00:00.000Z',
  endTime: '2026-05-01T18:00:00.000Z',
  actualEndTime: '2026-05-01T14:30:00.000Z',
  isActive: false,
  isGap: false,
  entries: 2,
  tokenCounts: counts(10, 210, 1000, 0),
  totalTokens: 1220,
  costUSD: 0.00918,
  models: [SONNET],
  burnRate: null,
  projection: null,
};
const GAP = {
  id: '2026-05-01T18:00:00.000Z',
  startTime: '2026-05-01T18:00:00.000Z',
  endTime: '2026-05-02T09:00:00.000Z',
  actualEndTime: '2026-05-02T09:00:00.000Z',
  isActive: false,
  isGap: true,
  entries: 0,
  tokenCounts: counts(0, 0, 0, 0),
  totalTokens: 0,
  costUSD: 0,
  models: [],
  burnRate: null,
  projection: null,
};
const WINDOW_3 = {
  id: '2026-05-02T09:00:00.000Z',
  startTime: '2026-05-02T09:00:00.000Z',
  endTime: '2026-05-02T14:00:00.000Z',
  actualEndTime: '2026-05-02T11:45:00.000Z',
  isActive: true,
  isGap: false,
  entries: 3,
  tokenCounts: counts(3000, 4000, 0, 7000),
  totalTokens: 14000,
  costUSD: 0.0609,
  models: [SONNET, HAIKU],
  burnRate: { tokensPerMinute: 70, costPerHour: 0.01827 },
  projection: { totalTokens: 18900, totalCost: 0.082215, remainingMinutes: 70 },
};

describe('usage blocks --json', () => {
  it('matches the fixture exactly: windows, the gap, tokens, cost, burn rate and projection', async () => {
    expect(await blocksJson()).toEqual({ blocks: [WINDOW_1, WINDOW_2, GAP, WINDOW_3] });
  });

  it('keeps the key order of the contract', async () => {
    const { blocks } = await blocksJson();
    expect(Object.keys(blocks[0]!)).toEqual([
      'id', 'startTime', 'endTime', 'actualEndTime', 'isActive', 'isGap', 'entries', 'tokenCounts',
      'totalTokens', 'costUSD', 'models', 'burnRate', 'projection',
    ]);
  });

  it('--active keeps the active window only', async () => {
    expect(await blocksJson('--active')).toEqual({ blocks: [WINDOW_3] });
  });

  it('--active is empty when the last window has ended', async () => {
    expect(await blocksJson('--active', '--order', 'desc')).toEqual({ blocks: [WINDOW_3] });
    const later = await usage(['blocks', '--json', '--no-cache', '--active'], { USAGE_NOW: '2026-05-02T14:00:00Z' });
    expect(JSON.parse(later.stdout)).toEqual({ blocks: [], unpricedModels: [] });
  });

  it('--recent keeps the last 3 days; a week later only nothing is left', async () => {
    expect((await blocksJson('--recent')).blocks).toHaveLength(4);
    const weekLater = await usage(['blocks', '--json', '--no-cache', '--recent'], { USAGE_NOW: '2026-05-09T12:00:00Z' });
    expect(JSON.parse(weekLater.stdout)).toEqual({ blocks: [], unpricedModels: [] });
  });

  it('--since/--until select windows by their start day, in the -z zone, and drop gaps at the ends', async () => {
    expect(await blocksJson('--until', '2026-05-01', '-z', 'UTC')).toEqual({ blocks: [WINDOW_1, WINDOW_2] });
    expect(await blocksJson('--since', '20260502', '-z', 'UTC')).toEqual({ blocks: [WINDOW_3] });
    // In Auckland (UTC+12) window 2 starts at 01:00 on May 2nd: it joins window 3, with the gap between.
    expect(await blocksJson('--since', '2026-05-02', '-z', 'Pacific/Auckland')).toEqual({ blocks: [WINDOW_2, GAP, WINDOW_3] });
  });

  it('--order desc puts the newest window first', async () => {
    expect(await blocksJson('--order', 'desc')).toEqual({ blocks: [WINDOW_3, GAP, WINDOW_2, WINDOW_1] });
  });

  it('--token-limit max measures against the largest ended window (16,700 tokens)', async () => {
    const { blocks } = await blocksJson('--token-limit', 'max');
    expect(blocks.map((b) => b.tokenLimitStatus)).toEqual([
      { limit: 16700, source: 'max', percentUsed: 100, status: 'warning' },
      // 1220 / 16700 = 7.305…%
      { limit: 16700, source: 'max', percentUsed: 7.31, status: 'ok' },
      undefined,
      // 14000 / 16700 = 83.83%; projected 18900 / 16700 = 113.17%: over the limit.
      { limit: 16700, source: 'max', percentUsed: 83.83, projectedUsage: 18900, projectedPercent: 113.17, status: 'exceeds' },
    ]);
    expect({ ...blocks[3], tokenLimitStatus: undefined }).toEqual({ ...WINDOW_3, tokenLimitStatus: undefined });
  });

  it('--token-limit N, and its table', async () => {
    const { blocks } = await blocksJson('--token-limit', '20k', '--active');
    expect(blocks[0]!.tokenLimitStatus).toEqual({
      limit: 20000,
      source: 'flag',
      percentUsed: 70,
      projectedUsage: 18900,
      projectedPercent: 94.5,
      status: 'warning',
    });
    const { stdout } = await usage(['blocks', '--no-cache', '--token-limit', '20000', '-z', 'UTC']);
    expect(stdout).toContain('% of Limit');
    expect(stdout).toContain('70.0%');
    expect(stdout).toContain('Limit       20,000 tokens (--token-limit): 70.0% used, projected 94.5% — close to the limit');
  });

  it('--session-length 2 cuts 2-hour windows', async () => {
    const { blocks } = await blocksJson('--session-length', '2');
    // 08:20 → [08,10); 10:15 → [10,12); 12:59:59 and 13:00 → [12,14); 14:30 → [14,16); gap to 09:00;
    // 09:30 and 10:45 → [09,11); 11:45 → [11,13), active at 12:50.
    expect(blocks.map((b) => [b.startTime, b.endTime, b.isGap, b.isActive, b.entries, b.totalTokens, b.costUSD])).toEqual([
      ['2026-05-01T08:00:00.000Z', '2026-05-01T10:00:00.000Z', false, false, 1, 13500, 0.021],
      ['2026-05-01T10:00:00.000Z', '2026-05-01T12:00:00.000Z', false, false, 1, 3000, 0.007],
      ['2026-05-01T12:00:00.000Z', '2026-05-01T14:00:00.000Z', false, false, 2, 220, 0.00198],
      ['2026-05-01T14:00:00.000Z', '2026-05-01T16:00:00.000Z', false, false, 1, 1200, 0.009],
      ['2026-05-01T16:00:00.000Z', '2026-05-02T09:00:00.000Z', true, false, 0, 0, 0],
      ['2026-05-02T09:00:00.000Z', '2026-05-02T11:00:00.000Z', false, false, 2, 12000, 0.0558],
      ['2026-05-02T11:00:00.000Z', '2026-05-02T13:00:00.000Z', false, true, 1, 2000, 0.0051],
    ]);
    // 2000 tokens over 11:45 → 12:50 = 65 min; 10 min left: 2000 + 2000/65 × 10 = 2307.7.
    expect(blocks[6]!.burnRate).toEqual({ tokensPerMinute: 30.77, costPerHour: 0.004707692 });
    expect(blocks[6]!.projection).toEqual({ totalTokens: 2308, totalCost: 0.005884615, remainingMinutes: 10 });
  });

  it('prints a table with the active window and its summary', async () => {
    const { stdout } = await usage(['blocks', '--no-cache', '-z', 'UTC']);
    expect(stdout).toContain('2026-05-01 18:00–05-02 09:00');
    expect(stdout).toContain('idle 15h 00m');
    expect(stdout).toContain('ACTIVE, 1h 10m left');
    expect(stdout).toContain('Active window (claude) 2026-05-02 09:00–14:00 UTC: 3h 50m elapsed, 1h 10m left');
    expect(stdout).toContain('Burn rate   70 tokens/min · $0.02/h');
    expect(stdout).toContain('Projection  18,900 tokens · $0.08 at 14:00');
  });

  it('rejects bad flags and a bad USAGE_NOW with one line and exit code 2', async () => {
    for (const [args, env, message] of [
      [['--session-length', '0'], {}, '--session-length expects'],
      [['--token-limit', 'lots'], {}, '--token-limit expects'],
      [[], { USAGE_NOW: 'yesterday' }, 'USAGE_NOW expects'],
    ] as const) {
      const err = await usage(['blocks', '--no-cache', ...args], env).catch((e: { code: number; stderr: string }) => e);
      expect(err).toMatchObject({ code: 2 });
      expect((err as { stderr: string }).stderr).toContain(message);
      expect((err as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('computeBlocks', () => {
  const H = 3_600_000;
  const T0 = Date.parse('2026-03-01T00:00:00Z');
  const ev = (atMs: number, tokens: Partial<Tokens>, cost = 1, extra: Partial<UsageEvent> = {}): PricedEvent => ({
    event: {
      provider: 'claude',
      device: '',
      timestamp: atMs,
      sessionId: 's',
      projectPath: '/p',
      model: 'm',
      tokens: { ...emptyTokens(), ...tokens },
      rank: 0,
      ...extra,
    },
    cost,
  });

  it('floors the start to the hour, and opens a new window at or after the end', () => {
    const blocks = computeBlocks([ev(T0 + 0.5 * H, { output: 1 }), ev(T0 + 5 * H, { output: 2 })], { now: T0 + 20 * H });
    expect(blocks.map((b) => [b.startMs - T0, b.endMs - T0, b.entries, b.isGap])).toEqual([
      [0, 5 * H, 1, false],
      [5 * H, 10 * H, 1, false],
    ]);
  });

  it('ignores events without tokens (rate-limit updates) and sorts by time', () => {
    const blocks = computeBlocks(
      [
        ev(T0 + 3 * H, { input: 5 }),
        ev(T0 + 1 * H, {}, 0, { rateLimits: { fiveHour: { usedPercent: 10, windowMinutes: 300 } } }),
        ev(T0 + 2.5 * H, { input: 7 }),
      ],
      { now: T0 + 3.5 * H },
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ startMs: T0 + 2 * H, firstActivityMs: T0 + 2.5 * H, actualEndMs: T0 + 3 * H, entries: 2, isActive: true });
  });

  it('never overlaps windows with a session length that is not whole hours', () => {
    const blocks = computeBlocks([ev(T0 + 0.1 * H, { output: 1 }), ev(T0 + 1.6 * H, { output: 1 })], {
      now: T0 + 10 * H,
      sessionMs: 1.5 * H,
    });
    expect(blocks.map((b) => [b.startMs - T0, b.endMs - T0, b.isGap])).toEqual([
      [0, 1.5 * H, false],
      [1.5 * H, 3 * H, false],
    ]);
  });

  it('a window is not active once its end has passed', () => {
    const [b] = computeBlocks([ev(T0 + 0.5 * H, { output: 60 })], { now: T0 + 5 * H });
    expect(b!.isActive).toBe(false);
    expect(projectBlock(b!, T0 + 5 * H)).toBeUndefined();
    // An ended window's rate runs from its first to its last activity, at least a minute.
    expect(burnRate(b!, T0 + 5 * H)).toEqual({ tokensPerMinute: 60, costPerHour: 60 });
  });

  it('a window is active only from its start, and not once idle for a whole session length', () => {
    const events = [ev(T0 + 2.5 * H, { output: 1 })];
    expect(computeBlocks(events, { now: T0 + 1 * H })[0]!.isActive).toBe(false);
    expect(computeBlocks(events, { now: T0 + 2 * H })[0]!.isActive).toBe(true);
    expect(computeBlocks(events, { now: T0 + 6.9 * H })[0]!.isActive).toBe(true);
    expect(computeBlocks(events, { now: T0 + 7 * H })[0]!.isActive).toBe(false);
  });

  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([3], 90)).toBe(3);
    expect(percentile([], 90)).toBeUndefined();
  });
});
