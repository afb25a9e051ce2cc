/**
 * Reports and their options, through the built CLI, on fixtures/claude/reports (three sessions in
 * three projects, three models, five days across two months) — numbers worked out by hand:
 *
 *   A1 2026-01-30T10:00Z api  sonnet-4-5  in 100  5m 1000        read 2000  out 50
 *      100×3e-6 + 1000×3.75e-6 + 2000×3e-7 + 50×1.5e-5 = 0.0003 + 0.00375 + 0.0006 + 0.00075 = 0.0054
 *   A2 2026-01-31T10:00Z api  sonnet-4-5  in 200                read 3000  out 60
 *      200×3e-6 + 3000×3e-7 + 60×1.5e-5                = 0.0006 + 0.0009 + 0.0009           = 0.0024
 *   A3 2026-02-01T09:00Z api  haiku-4-5   in 300  5m 500                   out 70
 *      300×1e-6 + 500×1.25e-6 + 70×5e-6                = 0.0003 + 0.000625 + 0.00035        = 0.001275
 *   B1 2026-02-01T12:00Z web  opus-4-5    in 400  1h 2000       read 10000 out 100
 *      400×5e-6 + 2000×1e-5 + 10000×5e-7 + 100×2.5e-5  = 0.002 + 0.02 + 0.005 + 0.0025      = 0.0295
 *   B2 2026-02-02T12:00Z web  opus-4-5    in 500                read 12000 out 120
 *      500×5e-6 + 12000×5e-7 + 120×2.5e-5              = 0.0025 + 0.006 + 0.003             = 0.0115
 *   C1 2026-02-15T08:00Z game haiku-4-5   in 600                           out 80
 *      600×1e-6 + 80×5e-6                              = 0.0006 + 0.0004                    = 0.001
 *   totals: in 2100, out 480, writes 3500, reads 27000, total 33080, cost 0.051075
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Diagnostics } from '../src/core/diagnostics.js';
import { runtimeEnv } from '../src/core/env.js';
import { loadEvents } from '../src/pipeline/load.js';
import { renderTable } from '../src/render/table.js';
import { ZonedCalendar } from '../src/report/calendar.js';
import { priceEvents } from '../src/report/price-events.js';
import { buildReport } from '../src/report/reports.js';
import { CLI, fixture, runCli, runJson } from './helpers.js';

const ENV = { CLAUDE_CONFIG_DIR: fixture('claude', 'reports') };
const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';
const OPUS = 'claude-opus-4-5-20251101';
const SA = 'aa000001-0000-4aaa-8bbb-00000000000a';
const SB = 'bb000002-0000-4aaa-8bbb-00000000000b';
const SC = 'cc000003-0000-4aaa-8bbb-00000000000c';

type Json = Record<string, unknown>;
type Rows = Json[];

const ROW_NUMBERS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'reasoningTokens', 'totalTokens'] as const;

/** Checks the ROW contract of issue 2 item 8 (extra keys are allowed). */
function expectRowShape(row: Json): void {
  for (const k of ROW_NUMBERS) expect(typeof row[k], k).toBe('number');
  expect(typeof row.totalCost).toBe('number');
  expect(Array.isArray(row.modelsUsed)).toBe(true);
  for (const m of row.modelsUsed as unknown[]) expect(typeof m).toBe('string');
  expect(Array.isArray(row.modelBreakdowns)).toBe(true);
  for (const b of row.modelBreakdowns as Json[]) {
    expect(typeof b.modelName).toBe('string');
    expect(typeof b.provider).toBe('string');
    for (const k of ROW_NUMBERS) expect(typeof b[k], `modelBreakdowns.${k}`).toBe('number');
    expect(typeof b.cost).toBe('number');
  }
  // totalTokens is the sum of the four; outputTokens includes reasoning.
  const r = row as Record<(typeof ROW_NUMBERS)[number], number>;
  expect(r.totalTokens).toBe(r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens);
  expect(r.reasoningTokens).toBeLessThanOrEqual(r.outputTokens);
}

function expectTotals(j: Json, tokens: number[], cost: number): void {
  const t = j.totals as Json;
  for (const k of ROW_NUMBERS) expect(typeof t[k], `totals.${k}`).toBe('number');
  expect([t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheReadTokens, t.totalTokens]).toEqual(tokens);
  expect(t.totalCost as number).toBeCloseTo(cost, 10);
}

/** [input, output, cacheCreation, cacheRead, total] of a row. */
const counts = (r: Json): unknown[] => [r.inputTokens, r.outputTokens, r.cacheCreationTokens, r.cacheReadTokens, r.totalTokens];
const ALL = [2100, 480, 3500, 27000, 33080];
const ALL_COST = 0.051075;

const json = (args: string[], env: Record<string, string | undefined> = ENV): Promise<Json> => runJson<Json>(args, env);

describe('JSON contract (issue 2, item 8)', () => {
  it('daily: {"daily":[ROW+date], "totals"}', async () => {
    const j = await json(['daily', '-z', 'UTC']);
    const rows = j.daily as Rows;
    rows.forEach(expectRowShape);
    expect(rows.map((r) => r.date)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02', '2026-02-15']);
    expect(rows.map(counts)).toEqual([
      [100, 50, 1000, 2000, 3150],
      [200, 60, 0, 3000, 3260],
      [700, 170, 2500, 10000, 13370],
      [500, 120, 0, 12000, 12620],
      [600, 80, 0, 0, 680],
    ]);
    // 02-01 = A3 + B1 = 0.001275 + 0.0295 = 0.030775
    [0.0054, 0.0024, 0.030775, 0.0115, 0.001].forEach((c, i) => expect(rows[i]!.totalCost as number).toBeCloseTo(c, 10));
    expect([...(rows[2]!.modelsUsed as string[])].sort()).toEqual([HAIKU, OPUS]);
    const breakdowns = rows[2]!.modelBreakdowns as Json[];
    const opus = breakdowns.find((b) => b.modelName === OPUS)!;
    expect(opus.provider).toBe('claude');
    expect(counts(opus)).toEqual([400, 100, 2000, 10000, 12500]);
    expect(opus.cost as number).toBeCloseTo(0.0295, 10);
    const haiku = breakdowns.find((b) => b.modelName === HAIKU)!;
    expect(counts(haiku)).toEqual([300, 70, 500, 0, 870]);
    expect(haiku.cost as number).toBeCloseTo(0.001275, 10);
    expectTotals(j, ALL, ALL_COST);
    expect(j.unpricedModels).toEqual([]);
  });

  it('weekly: rows with "week" (its first day, monday by default)', async () => {
    const j = await json(['weekly', '-z', 'UTC']);
    const rows = j.weekly as Rows;
    rows.forEach(expectRowShape);
    // 01-30 Fri, 01-31 Sat, 02-01 Sun → week of Mon 01-26; 02-02 Mon → 02-02; 02-15 Sun → 02-09
    expect(rows.map((r) => r.week)).toEqual(['2026-01-26', '2026-02-02', '2026-02-09']);
    // 01-26: A1+A2+A3+B1 = 0.0054 + 0.0024 + 0.001275 + 0.0295 = 0.038575
    expect(counts(rows[0]!)).toEqual([1000, 280, 3500, 15000, 19780]);
    expect(rows[0]!.totalCost as number).toBeCloseTo(0.038575, 10);
    expectTotals(j, ALL, ALL_COST);
  });

  it('monthly: rows with "month" YYYY-MM', async () => {
    const j = await json(['monthly', '-z', 'UTC']);
    const rows = j.monthly as Rows;
    rows.forEach(expectRowShape);
    expect(rows.map((r) => r.month)).toEqual(['2026-01', '2026-02']);
    // 01: A1+A2 = 0.0078; 02: A3+B1+B2+C1 = 0.001275 + 0.0295 + 0.0115 + 0.001 = 0.043275
    expect(counts(rows[0]!)).toEqual([300, 110, 1000, 5000, 6410]);
    expect(rows[0]!.totalCost as number).toBeCloseTo(0.0078, 10);
    expect(counts(rows[1]!)).toEqual([1800, 370, 2500, 22000, 26670]);
    expect(rows[1]!.totalCost as number).toBeCloseTo(0.043275, 10);
    expectTotals(j, ALL, ALL_COST);
  });

  it('session: "sessions" rows with sessionId, provider, projectPath, firstActivity, lastActivity', async () => {
    const j = await json(['session', '-z', 'UTC']);
    const rows = j.sessions as Rows;
    rows.forEach(expectRowShape);
    for (const r of rows) {
      expect(typeof r.sessionId).toBe('string');
      expect(r.firstActivity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(r.lastActivity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    // oldest last activity first
    expect(rows.map((r) => [r.sessionId, r.provider, r.projectPath, r.firstActivity, r.lastActivity])).toEqual([
      [SA, 'claude', '/Users/me/work/api', '2026-01-30T10:00:00.000Z', '2026-02-01T09:00:00.000Z'],
      [SB, 'claude', '/Users/me/work/web', '2026-02-01T12:00:00.000Z', '2026-02-02T12:00:00.000Z'],
      [SC, 'claude', '/Users/me/play/game', '2026-02-15T08:00:00.000Z', '2026-02-15T08:00:00.000Z'],
    ]);
    // A = 0.0054 + 0.0024 + 0.001275 = 0.009075; B = 0.0295 + 0.0115 = 0.041; C = 0.001
    expect(rows.map(counts)).toEqual([
      [600, 180, 1500, 5000, 7280],
      [900, 220, 2000, 22000, 25120],
      [600, 80, 0, 0, 680],
    ]);
    [0.009075, 0.041, 0.001].forEach((c, i) => expect(rows[i]!.totalCost as number).toBeCloseTo(c, 10));
    expect([...(rows[0]!.modelsUsed as string[])].sort()).toEqual([HAIKU, SONNET]);
    expectTotals(j, ALL, ALL_COST);
  });

  it('model: "models" rows with modelName, provider, requests (highest cost first)', async () => {
    const j = await json(['model', '-z', 'UTC']);
    const rows = j.models as Rows;
    rows.forEach(expectRowShape);
    // opus 0.0295 + 0.0115 = 0.041; sonnet 0.0054 + 0.0024 = 0.0078; haiku 0.001275 + 0.001 = 0.002275
    expect(rows.map((r) => [r.modelName, r.provider, r.requests])).toEqual([
      [OPUS, 'claude', 2],
      [SONNET, 'claude', 2],
      [HAIKU, 'claude', 2],
    ]);
    expect(rows.map(counts)).toEqual([
      [900, 220, 2000, 22000, 25120],
      [300, 110, 1000, 5000, 6410],
      [900, 150, 500, 0, 1550],
    ]);
    [0.041, 0.0078, 0.002275].forEach((c, i) => expect(rows[i]!.totalCost as number).toBeCloseTo(c, 10));
    expectTotals(j, ALL, ALL_COST);
  });

  it('project: "projects" rows with projectPath (highest cost first)', async () => {
    const j = await json(['project', '-z', 'UTC']);
    const rows = j.projects as Rows;
    rows.forEach(expectRowShape);
    expect(rows.map((r) => r.projectPath)).toEqual(['/Users/me/work/web', '/Users/me/work/api', '/Users/me/play/game']);
    [0.041, 0.009075, 0.001].forEach((c, i) => expect(rows[i]!.totalCost as number).toBeCloseTo(c, 10));
    expectTotals(j, ALL, ALL_COST);
  });

  it('top level carries timezone, unpricedModels and skipped', async () => {
    const j = await json(['daily', '-z', 'Europe/Berlin']);
    expect(j.timezone).toBe('Europe/Berlin');
    expect(j.unpricedModels).toEqual([]);
    expect(j.skipped).toBe(0);
  });
});

describe('--since / --until', () => {
  it('both formats, inclusive at both ends', async () => {
    const j = await json(['daily', '-z', 'UTC', '--since', '2026-01-31', '--until', '20260201']);
    expect((j.daily as Rows).map((r) => r.date)).toEqual(['2026-01-31', '2026-02-01']);
    // A2 + A3 + B1 = 0.0024 + 0.001275 + 0.0295 = 0.033175
    expectTotals(j, [900, 230, 2500, 13000, 16630], 0.033175);
  });

  it('a single day: --since = --until', async () => {
    const j = await json(['daily', '-z', 'UTC', '--since', '20260215', '--until', '2026-02-15']);
    expect((j.daily as Rows).map((r) => r.date)).toEqual(['2026-02-15']);
  });

  it('day boundaries are those of the report zone', async () => {
    // midnight fixture: 2026-03-10T22:30Z (in 100), 23:30Z (in 200), 2026-03-11T00:30Z (in 400)
    const env = { CLAUDE_CONFIG_DIR: fixture('claude', 'midnight') };
    const range = ['--since', '2026-03-11', '--until', '20260311'];
    const utc = await json(['daily', '-z', 'UTC', ...range], env);
    expect((utc.daily as Rows).map((r) => [r.date, r.inputTokens])).toEqual([['2026-03-11', 400]]);
    const tokyo = await json(['daily', '-z', 'Asia/Tokyo', ...range], env);
    expect((tokyo.daily as Rows).map((r) => [r.date, r.inputTokens])).toEqual([['2026-03-11', 700]]);
    const la = await json(['daily', '-z', 'America/Los_Angeles', ...range], env);
    expect(la.daily).toEqual([]);
    expectTotals(la, [0, 0, 0, 0, 0], 0);
  });

  it('filters every report, not only daily', async () => {
    const s = await json(['session', '-z', 'UTC', '--since', '2026-02-01', '--until', '2026-02-01']);
    // A3 and B1 only; session A's activity is clipped to the range
    expect((s.sessions as Rows).map((r) => [r.sessionId, r.firstActivity, r.inputTokens])).toEqual([
      [SA, '2026-02-01T09:00:00.000Z', 300],
      [SB, '2026-02-01T12:00:00.000Z', 400],
    ]);
    const m = await json(['monthly', '-z', 'UTC', '--until', '2026-01-31']);
    expect((m.monthly as Rows).map((r) => [r.month, r.inputTokens])).toEqual([['2026-01', 300]]);
  });
});

describe('--start-of-week', () => {
  it('sunday', async () => {
    const j = await json(['weekly', '-z', 'UTC', '--start-of-week', 'sunday']);
    // 01-30, 01-31 → Sun 01-25; 02-01, 02-02 → Sun 02-01; 02-15 → 02-15
    expect((j.weekly as Rows).map((r) => [r.week, r.inputTokens])).toEqual([
      ['2026-01-25', 300],
      ['2026-02-01', 1200],
      ['2026-02-15', 600],
    ]);
    // 02-01 week: A3 + B1 + B2 = 0.001275 + 0.0295 + 0.0115 = 0.042275
    expect((j.weekly as Rows)[1]!.totalCost as number).toBeCloseTo(0.042275, 10);
  });

  it('monday (explicit, same as the default)', async () => {
    const j = await json(['weekly', '-z', 'UTC', '--start-of-week', 'monday']);
    expect((j.weekly as Rows).map((r) => [r.week, r.inputTokens])).toEqual([
      ['2026-01-26', 1000],
      ['2026-02-02', 500],
      ['2026-02-09', 600],
    ]);
  });
});

describe('--order', () => {
  it('daily desc', async () => {
    const j = await json(['daily', '-z', 'UTC', '--order', 'desc']);
    expect((j.daily as Rows).map((r) => r.date)).toEqual(['2026-02-15', '2026-02-02', '2026-02-01', '2026-01-31', '2026-01-30']);
  });

  it('session desc', async () => {
    const j = await json(['session', '-z', 'UTC', '--order', 'desc']);
    expect((j.sessions as Rows).map((r) => r.sessionId)).toEqual([SC, SB, SA]);
  });

  it('model asc (cheapest first)', async () => {
    const j = await json(['model', '-z', 'UTC', '--order', 'asc']);
    expect((j.models as Rows).map((r) => r.modelName)).toEqual([HAIKU, SONNET, OPUS]);
  });

  it('project asc', async () => {
    const j = await json(['project', '-z', 'UTC', '--order', 'asc']);
    expect((j.projects as Rows).map((r) => r.projectPath)).toEqual(['/Users/me/play/game', '/Users/me/work/api', '/Users/me/work/web']);
  });
});

describe('--project (substring of the project path)', () => {
  it('matches several projects', async () => {
    const j = await json(['project', '-z', 'UTC', '--project', 'me/work']);
    expect((j.projects as Rows).map((r) => r.projectPath)).toEqual(['/Users/me/work/web', '/Users/me/work/api']);
    // A + B = 0.009075 + 0.041 = 0.050075
    expectTotals(j, [1500, 400, 3500, 27000, 32400], 0.050075);
  });

  it('narrows daily rows to one project', async () => {
    const j = await json(['daily', '-z', 'UTC', '--project', 'work/api']);
    expect((j.daily as Rows).map((r) => [r.date, r.inputTokens])).toEqual([
      ['2026-01-30', 100],
      ['2026-01-31', 200],
      ['2026-02-01', 300],
    ]);
    expectTotals(j, [600, 180, 1500, 5000, 7280], 0.009075);
  });

  it('no match: empty rows, zero totals', async () => {
    const j = await json(['daily', '-z', 'UTC', '--project', 'nowhere']);
    expect(j.daily).toEqual([]);
    expectTotals(j, [0, 0, 0, 0, 0], 0);
  });
});

describe('--provider', () => {
  it('claude: the same report as the default', async () => {
    const dflt = await json(['daily', '-z', 'UTC']);
    const claude = await json(['daily', '-z', 'UTC', '--provider', 'claude']);
    expect(claude).toEqual(dflt);
    expectTotals(claude, ALL, ALL_COST);
  });
});

describe('table', () => {
  const table = async (args: string[], env: Record<string, string | undefined> = ENV): Promise<string> => {
    const r = await runCli(args, env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  // A line of the table whose first cell starts with `first`.
  const line = (out: string, first: string): string | undefined => out.split('\n').find((l) => l.startsWith(`│ ${first}`));

  it('has a totals row', async () => {
    const out = await table(['daily', '-z', 'UTC']);
    const total = line(out, 'Total');
    expect(total).toBeDefined();
    for (const cell of ['2,100', '480', '3,500', '27,000', '33,080', '$0.05']) expect(total).toContain(cell);
    // the totals row is the last row
    const rows = out.split('\n').filter((l) => l.startsWith('│'));
    expect(rows[rows.length - 1]).toBe(total);
  });

  it('--breakdown adds a sub-row per model under each row', async () => {
    const plain = await table(['daily', '-z', 'UTC']);
    expect(plain).not.toMatch(/│\s+└ /);
    const out = await table(['daily', '-z', 'UTC', '--breakdown']);
    const lines = out.split('\n').filter((l) => l.startsWith('│'));
    const at = lines.findIndex((l) => l.startsWith('│ 2026-02-01'));
    // 02-01 (a second line lists its second model), then one sub-row per model with its own figures
    const subRows = lines.slice(at + 1, at + 4).filter((l) => /│\s+└ /.test(l));
    expect(subRows).toHaveLength(2);
    const haiku = subRows.find((l) => l.includes('└ haiku-4-5'))!;
    const opus = subRows.find((l) => l.includes('└ opus-4-5'))!;
    for (const cell of ['300', '70', '500', '870']) expect(haiku).toContain(` ${cell} `);
    for (const cell of ['400', '100', '2,000', '10,000', '12,500', '$0.03']) expect(opus).toContain(` ${cell} `);
  });

  it('model --breakdown and session tables render', async () => {
    const m = await table(['model', '-z', 'UTC', '--breakdown']);
    expect(line(m, OPUS)).toContain('2');
    expect(m).toContain('└ opus-4-5');
    const s = await table(['session', '-z', 'UTC']);
    expect(s).toContain('Last Activity');
    expect(line(s, SA.slice(0, 12))).toContain('api');
  });

  it('is wide when stdout is not a terminal', async () => {
    const out = await table(['daily', '-z', 'UTC']);
    for (const head of ['Cache Create', 'Cache Read', 'Total Tokens']) expect(out).toContain(head);
  });

  it('renderTable: compact below 100 columns, wide at 120', async () => {
    const loaded = await loadEvents({
      providers: ['claude'],
      renv: runtimeEnv({ HOME: '/nonexistent-home', CLAUDE_CONFIG_DIR: ENV.CLAUDE_CONFIG_DIR }),
      diagnostics: new Diagnostics(),
      useCache: false,
    });
    const calendar = new ZonedCalendar('UTC');
    const report = buildReport('daily', priceEvents(loaded.events).events, { calendar, weekStartsOn: 1 });
    const opts = { breakdown: false, localDay: (ms: number) => calendar.day(ms) };
    const narrow = renderTable(report, { ...opts, columns: 80 });
    const wide = renderTable(report, { ...opts, columns: 120 });
    for (const head of ['Cache Create', 'Cache Read', 'Total Tokens']) {
      expect(narrow).not.toContain(head);
      expect(wide).toContain(head);
    }
    for (const text of ['Date', 'Input', 'Output', 'Cost (USD)', 'Total', '2,100', '$0.05']) expect(narrow).toContain(text);
    expect(Math.max(...narrow.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').length))).toBeLessThanOrEqual(80);
  });

  // A real terminal of 80 columns, through util-linux `script` (a pty): the CLI reads process.stdout.columns.
  const hasScript = (() => {
    if (process.platform !== 'linux') return false;
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasScript)('the CLI is compact in a narrow terminal', () => {
    const out = execFileSync('script', ['-qfec', `stty cols 80; '${process.execPath}' '${CLI}' daily -z UTC --no-color`, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', ...ENV },
      encoding: 'utf8',
    });
    expect(out).toContain('Date');
    expect(out).not.toContain('Cache Create');
    expect(out).toContain('2,100');
  });
});

describe('colors', () => {
  const ESC = '\x1b[';
  const run = async (args: string[], env: Record<string, string | undefined>): Promise<string> => {
    const r = await runCli(args, { ...ENV, ...env });
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('FORCE_COLOR=1 and no flag: escapes present', async () => {
    expect(await run(['daily', '-z', 'UTC'], { NO_COLOR: undefined, FORCE_COLOR: '1' })).toContain(ESC);
  });

  it('--no-color: no escapes, even with FORCE_COLOR=1', async () => {
    expect(await run(['daily', '-z', 'UTC', '--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' })).not.toContain(ESC);
  });

  it('NO_COLOR: no escapes, even with FORCE_COLOR=1', async () => {
    expect(await run(['daily', '-z', 'UTC'], { NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain(ESC);
  });

  it('--no-color keeps the stderr warning plain too', async () => {
    const r = await runCli(['daily', '-z', 'UTC', '--no-color'], {
      CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model'),
      NO_COLOR: undefined,
      FORCE_COLOR: '1',
    });
    expect(r.stderr).toContain('claude-mystery-9-20270101');
    expect(r.stderr).not.toContain(ESC);
  });
});

describe('`usage` with no command', () => {
  it('is `usage daily`', async () => {
    const bare = await runCli([], ENV);
    const daily = await runCli(['daily'], ENV);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Date');
    expect(bare.stdout).toBe(daily.stdout);
  });

  it('with options only, is `usage daily <options>`', async () => {
    const bare = await json(['-z', 'UTC', '--since', '2026-02-01']);
    const daily = await json(['daily', '-z', 'UTC', '--since', '2026-02-01']);
    expect(bare).toEqual(daily);
    expect((bare.daily as Rows).map((r) => r.date)).toEqual(['2026-02-01', '2026-02-02', '2026-02-15']);
  });
});
