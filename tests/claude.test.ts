/**
 * One describe per pitfall of formats.md (Claude Code), each on its own folder under fixtures/claude/.
 * Every expected number was worked out by hand from the fixture lines and pricing/prices.json; the
 * arithmetic is in the comments. Rates used (USD per token):
 *
 *   claude-sonnet-4-5-20250929  input 3e-6  5m write 3.75e-6  1h write 6e-6   read 3e-7  output 1.5e-5
 *     >200k prompt (whole request) input 6e-6  5m write 7.5e-6  1h write 1.2e-5  read 6e-7  output 2.25e-5
 *   claude-haiku-4-5-20251001   input 1e-6  5m write 1.25e-6  1h write 2e-6   read 1e-7  output 5e-6
 *   claude-opus-4-6             input 5e-6  5m write 6.25e-6  1h write 1e-5   read 5e-7  output 2.5e-5, fast ×6
 */
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/core/diagnostics.js';
import { runtimeEnv } from '../src/core/env.js';
import type { UsageEvent } from '../src/core/types.js';
import { loadEvents, type Loaded } from '../src/pipeline/load.js';
import { readFile } from '../src/pipeline/read-file.js';
import { claude } from '../src/providers/claude.js';
import { priceEvents } from '../src/report/price-events.js';
import { fixture, runCli, runJson, tempDirs } from './helpers.js';

const SONNET = 'claude-sonnet-4-5-20250929';
const OPUS46 = 'claude-opus-4-6';
const PROJ = 'projects/-Users-me-app';

interface Breakdown {
  modelName: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  cost: number;
}
interface Row {
  date?: string;
  week?: string;
  month?: string;
  sessionId?: string;
  firstActivity?: string;
  lastActivity?: string;
  projectPath?: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  cacheCreation5mTokens?: number;
  cacheCreation1hTokens?: number;
  totalCost: number;
  modelsUsed: string[];
  modelBreakdowns: Breakdown[];
}
type Report = Record<string, unknown> & {
  daily?: Row[];
  weekly?: Row[];
  monthly?: Row[];
  sessions?: Row[];
  totals: Omit<Row, 'modelsUsed' | 'modelBreakdowns'>;
  unpricedModels: string[];
};

/** The four token counts plus their sum, as [input, output, cacheCreation, cacheRead, total]. */
const counts = (r: Omit<Row, 'modelsUsed' | 'modelBreakdowns'>): number[] => [
  r.inputTokens,
  r.outputTokens,
  r.cacheCreationTokens,
  r.cacheReadTokens,
  r.totalTokens,
];

const emptyHome = tempDirs('usage-claude-home-');

/** `usage <kind> --json -z <zone>` over one pitfall folder. */
function report(kind: string, pitfall: string, zone = 'UTC', extra: string[] = []): Promise<Report> {
  return runJson<Report>([kind, '-z', zone, ...extra], { CLAUDE_CONFIG_DIR: fixture('claude', pitfall) });
}

function load(pitfall: string): Promise<Loaded> {
  return loadEvents({
    providers: ['claude'],
    renv: runtimeEnv({ HOME: emptyHome(), CLAUDE_CONFIG_DIR: fixture('claude', pitfall) }),
    diagnostics: new Diagnostics(),
    useCache: false,
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('streaming placeholder lines (one response written as thinking/text/tool_use lines)', () => {
  // msg A: 3 lines, output_tokens 1, 1, 412 (same usage otherwise); msg B: 2 lines, output 2, 230.
  // Kept: the line with the largest output_tokens of each response.
  // A: 3×3e-6 + 2000×3.75e-6 + 12000×3e-7 + 412×1.5e-5 = 0.000009 + 0.0075 + 0.0036 + 0.00618 = 0.017289
  // B: 5×3e-6 + 14000×3e-7 + 230×1.5e-5              = 0.000015 + 0.0042 + 0.00345          = 0.007665
  // day: input 8, output 642, writes 2000, reads 26000, total 28650, cost 0.024954
  it('counts each response once, at its final output_tokens', async () => {
    const j = await report('daily', 'streaming');
    expect(j.daily).toHaveLength(1);
    const day = j.daily![0]!;
    expect(day.date).toBe('2026-03-02');
    expect(counts(day)).toEqual([8, 642, 2000, 26000, 28650]);
    expect(day.totalCost).toBeCloseTo(0.024954, 10);
    expect(counts(j.totals)).toEqual([8, 642, 2000, 26000, 28650]);
    expect(j.totals.totalCost).toBeCloseTo(0.024954, 10);
  });

  it('keeps the whole final line (its timestamp too), not a mix of lines', async () => {
    const { events } = await load('streaming');
    expect(events.map((e) => [e.tokens.output, iso(e.timestamp)])).toEqual([
      [412, '2026-03-02T10:00:04.200Z'],
      [230, '2026-03-02T10:00:12.000Z'],
    ]);
  });
});

describe('resumed session (earlier lines copied, same ids, into a new session file)', () => {
  // R1 (2 lines, output 1 then 150) and R2 in session 1a2b…; session 2b3c… copies them, then R3.
  // R1: 10×1e-6 + 5000×1.25e-6 + 150×5e-6            = 0.00001 + 0.00625 + 0.00075            = 0.00701
  // R2: 4×1e-6 + 300×1.25e-6 + 5000×1e-7 + 80×5e-6   = 0.000004 + 0.000375 + 0.0005 + 0.0004  = 0.001279
  // R3: 6×1e-6 + 400×1.25e-6 + 5300×1e-7 + 60×5e-6   = 0.000006 + 0.0005 + 0.00053 + 0.0003   = 0.001336
  // 04-01 = R1+R2: input 14, output 230, writes 5300, reads 5000, total 10544, cost 0.008289
  // 04-02 = R3:    input 6,  output 60,  writes 400,  reads 5300, total 5766,  cost 0.001336
  it('counts the copied responses once', async () => {
    const j = await report('daily', 'resumed');
    expect(j.daily!.map((r) => r.date)).toEqual(['2026-04-01', '2026-04-02']);
    expect(counts(j.daily![0]!)).toEqual([14, 230, 5300, 5000, 10544]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.008289, 10);
    expect(counts(j.daily![1]!)).toEqual([6, 60, 400, 5300, 5766]);
    expect(j.daily![1]!.totalCost).toBeCloseTo(0.001336, 10);
    expect(j.totals.totalCost).toBeCloseTo(0.009625, 10);
  });

  it('session report: every response in exactly one session, totals unchanged', async () => {
    const j = await report('session', 'resumed');
    const rows = j.sessions!;
    expect(rows.reduce((s, r) => s + r.outputTokens, 0)).toBe(290);
    expect(rows.reduce((s, r) => s + r.totalTokens, 0)).toBe(16310);
    expect(rows.reduce((s, r) => s + r.totalCost, 0)).toBeCloseTo(0.009625, 10);
  });

  // BUG (src/pipeline/dedupe.ts, the `>=` tie rule, applied across files): the copies have the same
  // output_tokens as the originals, so the copy in whichever file sorts LAST by path wins. Here
  // 2b3c….jsonl sorts after 1a2b….jsonl, so R1 and R2 move into the resumed session: the original
  // session 1a2b… disappears from `usage session`, and 2b3c… reports a firstActivity (2026-04-01)
  // from before it existed. Rename the files and the attribution flips. Expected: a copy never
  // displaces the original; the original session keeps R1+R2, the resumed one has only R3.
  it('session report: the original session keeps its responses, the resumed one only its new ones', async () => {
    const j = await report('session', 'resumed');
    const byId = new Map(j.sessions!.map((r) => [r.sessionId, r]));
    const original = byId.get('1a2b3c4d-0000-4aaa-8bbb-000000000001');
    const resumed = byId.get('2b3c4d5e-0000-4aaa-8bbb-000000000002');
    expect(original && counts(original)).toEqual([14, 230, 5300, 5000, 10544]);
    expect(resumed && counts(resumed)).toEqual([6, 60, 400, 5300, 5766]);
    expect(resumed?.firstActivity).toBe('2026-04-02T09:00:05.000Z');
  });
});

describe('/btw sidechain replay (same message.id, new requestId, isSidechain true)', () => {
  // Main: M1 (output 1 then 300) and M2. Sub-agent file: replays of M1 and M2 (new requestIds), then
  // the side answer Q (its own message.id, sidechain) which IS new usage.
  // M1: 3×3e-6 + 1000×3.75e-6 + 20000×3e-7 + 300×1.5e-5 = 0.000009 + 0.00375 + 0.006 + 0.0045   = 0.014259
  // M2: 2×3e-6 + 500×3.75e-6 + 21000×3e-7 + 120×1.5e-5  = 0.000006 + 0.001875 + 0.0063 + 0.0018 = 0.009981
  // Q:  8×3e-6 + 21500×3e-7 + 45×1.5e-5                 = 0.000024 + 0.00645 + 0.000675         = 0.007149
  // day: input 13, output 465, writes 1500, reads 62500, total 64478, cost 0.031389
  it('counts a replayed response once and the side answer once', async () => {
    const j = await report('daily', 'sidechain-btw');
    expect(j.daily).toHaveLength(1);
    expect(counts(j.daily![0]!)).toEqual([13, 465, 1500, 62500, 64478]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.031389, 10);
  });

  it('prefers the non-sidechain record of a replayed response', async () => {
    const { events } = await load('sidechain-btw');
    const view = events.map((e) => [e.dedupeKey, e.sidechain === true, e.tokens.output]);
    expect(view).toHaveLength(3);
    expect(view).toContainEqual(['claude\u0000msg_01BtwMain1xxxxxxxxxxxxxx\u0000req_011CBtwMain1xxxxxxxxxxxx', false, 300]);
    expect(view).toContainEqual(['claude\u0000msg_01BtwMain2xxxxxxxxxxxxxx\u0000req_011CBtwMain2xxxxxxxxxxxx', false, 120]);
    expect(view).toContainEqual(['claude\u0000msg_01BtwQuestionxxxxxxxxxxx\u0000req_011CBtwQuestionxxxxxxxxx', true, 45]);
  });
});

describe('requestId-less lines (gateways): dedupe on message.id within a session', () => {
  // Session 4d5e…: msg_gw_000001 as 3 lines (output 1, 1, 200), msg_gw_000002 once.
  // Session 5e6f…: msg_gw_000001 again — another session, so another response.
  // 4d5e… #1: 1200×3e-6 + 200×1.5e-5 = 0.0036 + 0.003   = 0.0066
  // 4d5e… #2:  900×3e-6 +  50×1.5e-5 = 0.0027 + 0.00075 = 0.00345   → session 0.01005
  // 5e6f… #1: 1500×3e-6 +  70×1.5e-5 = 0.0045 + 0.00105 = 0.00555
  // day: input 3600, output 320, total 3920, cost 0.0156
  it('daily totals', async () => {
    const j = await report('daily', 'no-request-id');
    expect(counts(j.daily![0]!)).toEqual([3600, 320, 0, 0, 3920]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.0156, 10);
  });

  it('the same message.id in another session is another response', async () => {
    const j = await report('session', 'no-request-id');
    const byId = new Map(j.sessions!.map((r) => [r.sessionId, r]));
    const g1 = byId.get('4d5e6f70-0000-4eee-8fff-000000000004')!;
    const g2 = byId.get('5e6f7081-0000-4eee-8fff-000000000005')!;
    expect(counts(g1)).toEqual([2100, 250, 0, 0, 2350]);
    expect(g1.totalCost).toBeCloseTo(0.01005, 10);
    expect(counts(g2)).toEqual([1500, 70, 0, 0, 1570]);
    expect(g2.totalCost).toBeCloseTo(0.00555, 10);
  });
});

describe('<synthetic> API-error lines (isApiErrorMessage)', () => {
  // Two synthetic lines (zero usage) around one real response:
  // 3×3e-6 + 8000×3e-7 + 100×1.5e-5 = 0.000009 + 0.0024 + 0.0015 = 0.003909
  it('are not events at all', async () => {
    const { events } = await load('synthetic');
    expect(events.map((e) => e.model)).toEqual([SONNET]);
  });

  it('leave no trace in reports: no model, no unpriced warning', async () => {
    const r = await runCli(['daily', '--json', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'synthetic') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as Report;
    expect(j.daily![0]!.modelsUsed).toEqual([SONNET]);
    expect(j.unpricedModels).toEqual([]);
    expect(counts(j.daily![0]!)).toEqual([3, 100, 0, 8000, 8103]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.003909, 10);
  });
});

describe('progress lines carrying a sub-agent record under data.message', () => {
  // Parent file: P0 (sonnet) + 2 progress lines copying the sub-agent's P1, P2 (the second copy has
  // no requestId, so it would not even collapse with its original). Sub-agent file: P1, P2 (haiku).
  // P0: 4×3e-6 + 600×3.75e-6 + 15000×3e-7 + 150×1.5e-5 = 0.000012 + 0.00225 + 0.0045 + 0.00225 = 0.009012
  // P1: 20×1e-6 + 3000×1.25e-6 + 90×5e-6                = 0.00002 + 0.00375 + 0.00045           = 0.00422
  // P2: 6×1e-6 + 200×1.25e-6 + 3000×1e-7 + 40×5e-6      = 0.000006 + 0.00025 + 0.0003 + 0.0002  = 0.000756
  // day: input 30, output 280, writes 3800, reads 18000, total 22110, cost 0.013988
  it('counts the sub-agent usage once', async () => {
    const j = await report('daily', 'progress');
    expect(counts(j.daily![0]!)).toEqual([30, 280, 3800, 18000, 22110]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.013988, 10);
  });

  it('the parent file yields only its own response; the sub-agent file the originals', async () => {
    const dir = fixture('claude', 'progress', PROJ);
    const parent = await readFile(claude, path.join(dir, '708192a3-0000-4ccc-8ddd-000000000007.jsonl'));
    expect(parent.events.map((e) => e.tokens.output)).toEqual([150]);
    expect(parent.skips).toEqual([]);
    const sub = await readFile(claude, path.join(dir, 'agent-c0ffee12.jsonl'));
    expect(sub.events.map((e) => e.tokens.output)).toEqual([90, 40]);
  });

  it('sub-agent usage belongs to the parent session', async () => {
    const j = await report('session', 'progress');
    expect(j.sessions!.map((r) => r.sessionId)).toEqual(['708192a3-0000-4ccc-8ddd-000000000007']);
    expect(j.sessions![0]!.totalCost).toBeCloseTo(0.013988, 10);
  });
});

describe('both sub-agent layouts', () => {
  // Session 8192… (2025 layout): L0 in the session file, L1 in projects/<proj>/agent-1d2e3f40.jsonl.
  // Session 92a3… (2026 layout): L2 in the session file, L3 in <session>/subagents/agent-….jsonl
  // (with a .meta.json sidecar), L4 nested deeper in <session>/subagents/workflows/wf-7d3a/.
  // L0 sonnet: 3×3e-6 + 1000×3.75e-6 + 10000×3e-7 + 200×1.5e-5 = 0.000009 + 0.00375 + 0.003 + 0.003   = 0.009759
  // L1 haiku: 12×1e-6 + 2000×1.25e-6 + 80×5e-6                  = 0.000012 + 0.0025 + 0.0004           = 0.002912
  // L2 sonnet: 2×3e-6 + 500×3.75e-6 + 11000×3e-7 + 150×1.5e-5   = 0.000006 + 0.001875 + 0.0033 + 0.00225 = 0.007431
  // L3 haiku: 15×1e-6 + 2500×1.25e-6 + 60×5e-6                  = 0.000015 + 0.003125 + 0.0003         = 0.00344
  // L4 haiku: 9×1e-6 + 1500×1.25e-6 + 2500×1e-7 + 30×5e-6       = 0.000009 + 0.001875 + 0.00025 + 0.00015 = 0.002284
  // 8192…: input 15, output 280, writes 3000, reads 10000, total 13295, cost 0.012671
  // 92a3…: input 26, output 240, writes 4500, reads 13500, total 18266, cost 0.013155
  it('finds every transcript, recursively, and no sidecar', async () => {
    const { files } = await load('subagent-layouts');
    const root = fixture('claude', 'subagent-layouts', PROJ);
    expect(files.map((f) => path.relative(root, f.path).split(path.sep).join('/')).sort()).toEqual([
      '8192a3b4-0000-4aaa-8bbb-000000000008.jsonl',
      '92a3b4c5-0000-4aaa-8bbb-000000000009.jsonl',
      '92a3b4c5-0000-4aaa-8bbb-000000000009/subagents/agent-a5b6c7d8e9f00112.jsonl',
      '92a3b4c5-0000-4aaa-8bbb-000000000009/subagents/workflows/wf-7d3a/agent-f00dfeed12345678.jsonl',
      'agent-1d2e3f40.jsonl',
    ]);
  });

  it('sub-agent usage is part of its parent session', async () => {
    const j = await report('session', 'subagent-layouts');
    const byId = new Map(j.sessions!.map((r) => [r.sessionId, r]));
    expect(byId.size).toBe(2);
    const s1 = byId.get('8192a3b4-0000-4aaa-8bbb-000000000008')!;
    const s2 = byId.get('92a3b4c5-0000-4aaa-8bbb-000000000009')!;
    expect(counts(s1)).toEqual([15, 280, 3000, 10000, 13295]);
    expect(s1.totalCost).toBeCloseTo(0.012671, 10);
    expect(counts(s2)).toEqual([26, 240, 4500, 13500, 18266]);
    expect(s2.totalCost).toBeCloseTo(0.013155, 10);
    expect(s2.projectPath).toBe('/Users/me/app');
    expect(j.totals.totalCost).toBeCloseTo(0.025826, 10);
  });
});

describe('1-hour cache writes', () => {
  // C1 split present (1000 5m + 4000 1h, total 5000):
  //   3×3e-6 + 1000×3.75e-6 + 4000×6e-6 + 50×1.5e-5 = 0.000009 + 0.00375 + 0.024 + 0.00075 = 0.028509
  // C2 split present (0 5m + 3000 1h) beside cache_creation_input_tokens 0 — trust the split:
  //   2×3e-6 + 3000×6e-6 + 5000×3e-7 + 40×1.5e-5    = 0.000006 + 0.018 + 0.0015 + 0.0006 = 0.020106
  // C3 split absent, 2500 writes → all 5-minute:
  //   4×3e-6 + 2500×3.75e-6 + 8000×3e-7 + 30×1.5e-5 = 0.000012 + 0.009375 + 0.0024 + 0.00045 = 0.012237
  // day: input 9, output 120, writes 10500 (5m 3500, 1h 7000), reads 13000, total 23629, cost 0.060852
  it('splits writes by lifetime and prices them apart', async () => {
    const j = await report('daily', 'cache-1h');
    const day = j.daily![0]!;
    expect(counts(day)).toEqual([9, 120, 10500, 13000, 23629]);
    expect(day.cacheCreation5mTokens).toBe(3500);
    expect(day.cacheCreation1hTokens).toBe(7000);
    expect(day.totalCost).toBeCloseTo(0.060852, 10);
  });

  it('per line: split, split with a zero total, no split', async () => {
    const { events } = await load('cache-1h');
    expect(events.map((e) => [e.tokens.cacheWrite5m, e.tokens.cacheWrite1h])).toEqual([
      [1000, 4000],
      [0, 3000],
      [2500, 0],
    ]);
  });
});

describe('long context: above 200k prompt tokens the whole request is billed at the higher tier', () => {
  // 04-20 LC1 prompt 1001 + 9000 + 190000 = 200001 (> 200000): every token at the tier
  //   1001×6e-6 + 9000×7.5e-6 + 190000×6e-7 + 2000×2.25e-5 = 0.006006 + 0.0675 + 0.114 + 0.045 = 0.232506
  // 04-21 LC2 prompt exactly 200000: base rates
  //   1000×3e-6 + 9000×3.75e-6 + 190000×3e-7 + 2000×1.5e-5 = 0.003 + 0.03375 + 0.057 + 0.03 = 0.12375
  // 04-22 LC3 prompt 50000 + 60000 (1h) + 100000 = 210000: tier, 1h writes at 1.2e-5
  //   50000×6e-6 + 60000×1.2e-5 + 100000×6e-7 + 500×2.25e-5 = 0.3 + 0.72 + 0.06 + 0.01125 = 1.09125
  // 04-23 LC4, LC5 prompt 150010 each (300020 that day, but the tier is per request): base
  //   2 × (10×3e-6 + 150000×3e-7 + 100×1.5e-5) = 2 × (0.00003 + 0.045 + 0.0015) = 0.09306
  it('per day', async () => {
    const j = await report('daily', 'long-context');
    const days = j.daily!;
    expect(days.map((d) => d.date)).toEqual(['2026-04-20', '2026-04-21', '2026-04-22', '2026-04-23']);
    expect(counts(days[0]!)).toEqual([1001, 2000, 9000, 190000, 202001]);
    expect(days[0]!.totalCost).toBeCloseTo(0.232506, 10);
    expect(counts(days[1]!)).toEqual([1000, 2000, 9000, 190000, 202000]);
    expect(days[1]!.totalCost).toBeCloseTo(0.12375, 10);
    expect(counts(days[2]!)).toEqual([50000, 500, 60000, 100000, 210500]);
    expect(days[2]!.cacheCreation1hTokens).toBe(60000);
    expect(days[2]!.totalCost).toBeCloseTo(1.09125, 10);
    expect(counts(days[3]!)).toEqual([20, 200, 0, 300000, 300220]);
    expect(days[3]!.totalCost).toBeCloseTo(0.09306, 10);
    expect(j.totals.totalCost).toBeCloseTo(1.540566, 10);
  });
});

describe('fast mode (usage.speed "fast")', () => {
  // Same tokens twice on claude-opus-4-6; base cost of one:
  //   6×5e-6 + 2000×6.25e-6 + 30000×5e-7 + 500×2.5e-5 = 0.00003 + 0.0125 + 0.015 + 0.0125 = 0.04003
  // F1 fast: ×6 = 0.24018; F2 standard: 0.04003; day 0.28021
  it('prices the fast request at the multiplier, the other at base', async () => {
    const { events } = await load('fast-mode');
    expect(events.map((e) => e.fast === true)).toEqual([true, false]);
    const priced = priceEvents(events);
    expect(priced.events[0]!.cost).toBeCloseTo(0.24018, 10);
    expect(priced.events[1]!.cost).toBeCloseTo(0.04003, 10);
  });

  it('daily', async () => {
    const j = await report('daily', 'fast-mode');
    expect(counts(j.daily![0]!)).toEqual([12, 1000, 4000, 60000, 65012]);
    expect(j.daily![0]!.modelsUsed).toEqual([OPUS46]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.28021, 10);
  });
});

describe('unknown model', () => {
  // claude-mystery-9-20270101: input 100, reads 1000, output 50 — no price: $0 and named.
  // sonnet: 10×3e-6 + 20×1.5e-5 = 0.00003 + 0.0003 = 0.00033
  it('is named on stderr and in unpricedModels; its tokens still count', async () => {
    const r = await runCli(['daily', '--json', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*claude-mystery-9-20270101/);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.unpricedModels).toEqual(['claude-mystery-9-20270101']);
    const day = j.daily![0]!;
    expect(counts(day)).toEqual([110, 70, 0, 1000, 1180]);
    expect(day.totalCost).toBeCloseTo(0.00033, 10);
    const mystery = day.modelBreakdowns.find((b) => b.modelName === 'claude-mystery-9-20270101')!;
    expect([mystery.inputTokens, mystery.outputTokens, mystery.cacheReadTokens, mystery.cost]).toEqual([100, 50, 1000, 0]);
  });

  it('is not named where the range asked for leaves it out: the totals printed lack nothing', async () => {
    const env = { CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model') };
    const later = await runCli(['daily', '--json', '-z', 'UTC', '--since', '2026-07-02'], env);
    expect(later.code).toBe(0);
    expect(later.stderr).toBe('');
    expect((JSON.parse(later.stdout) as Report).unpricedModels).toEqual([]);
    for (const args of [['daily'], ['blocks']]) {
      expect((await runCli([...args, '-z', 'UTC', '--since', '2026-07-02'], env)).stderr).toBe('');
      expect((await runCli([...args, '-z', 'UTC', '--until', '2026-07-01'], env)).stderr).toMatch(/warning: no price for claude-mystery-9-20270101/);
    }
  });

  it('the table run warns too', async () => {
    const r = await runCli(['daily', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model') });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('claude-mystery-9-20270101');
    expect(r.stdout).not.toContain('warning');
  });

  // BUG (src/report/price-events.ts, the `input + output + cacheRead > 0` test): an unpriced event
  // whose only tokens are cache writes is counted in every report (totalTokens > 0) but priced at
  // $0 without being listed in unpricedModels — the silent $0 formats.md forbids. Expected: any
  // token kind (totalTokens > 0) makes the model unpriced.
  it('an unknown model with only cache writes is still listed as unpriced', () => {
    const event: UsageEvent = {
      provider: 'claude',
      device: '',
      timestamp: Date.parse('2026-07-01T10:00:00Z'),
      sessionId: 's',
      projectPath: '/p',
      model: 'claude-mystery-9-20270101',
      tokens: { input: 0, cacheWrite5m: 5000, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0 },
      rank: 0,
    };
    expect(priceEvents([event]).unpricedModels).toEqual(['claude-mystery-9-20270101']);
  });
});

describe('activity across midnight in non-UTC zones', () => {
  // E1 2026-03-10T22:30Z (input 100, output 10), E2 23:30Z (200, 20), E3 2026-03-11T00:30Z (400, 40).
  // E1: 100×3e-6 + 10×1.5e-5 = 0.0003 + 0.00015 = 0.00045; E2 = 2×E1 = 0.0009; E3 = 4×E1 = 0.0018
  // UTC: 03-10 = E1+E2 (0.00135), 03-11 = E3 (0.0018)
  // Asia/Tokyo (+09:00): 07:30, 08:30, 09:30 on 03-11 → one day, 0.00315
  // America/Los_Angeles (PDT −07:00 since 03-08): 15:30, 16:30, 17:30 on 03-10 → one day, 0.00315
  it('UTC', async () => {
    const j = await report('daily', 'midnight', 'UTC');
    expect(j.daily!.map((d) => [d.date, d.inputTokens, d.outputTokens])).toEqual([
      ['2026-03-10', 300, 30],
      ['2026-03-11', 400, 40],
    ]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.00135, 10);
    expect(j.daily![1]!.totalCost).toBeCloseTo(0.0018, 10);
  });

  it('Asia/Tokyo', async () => {
    const j = await report('daily', 'midnight', 'Asia/Tokyo');
    expect(j.daily!.map((d) => [d.date, d.inputTokens, d.outputTokens])).toEqual([['2026-03-11', 700, 70]]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.00315, 10);
    expect(j.timezone).toBe('Asia/Tokyo');
  });

  it('America/Los_Angeles', async () => {
    const j = await report('daily', 'midnight', 'America/Los_Angeles');
    expect(j.daily!.map((d) => [d.date, d.inputTokens, d.outputTokens])).toEqual([['2026-03-10', 700, 70]]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.00315, 10);
  });
});

describe('DST changes (America/New_York)', () => {
  // Haiku, output 10 each (10×5e-6 = 0.00005); input 100·2^(i−1) for D1…D8 so every day's sum is unique.
  // D1 03-08T04:59Z = Sat 03-07 23:59 EST | D2 03-08T05:00Z = Sun 03-08 00:00 EST
  // D3 03-09T03:59Z = Sun 03-08 23:59 EDT | D4 03-09T04:00Z = Mon 03-09 00:00 EDT (a fixed −05:00 would say 03-08)
  // D5 11-01T03:59Z = Sat 10-31 23:59 EDT | D6 11-01T04:00Z = Sun 11-01 00:00 EDT
  // D7 11-02T04:30Z = Sun 11-01 23:30 EST (a fixed −04:00 would say 11-02) | D8 11-02T05:00Z = Mon 11-02 00:00 EST
  // 03-07: 100 → 0.0001 + 0.00005 = 0.00015 | 03-08: 200+400 = 600 → 0.0006 + 0.0001 = 0.0007
  // 03-09: 800 → 0.00085 | 10-31: 1600 → 0.00165 | 11-01: 3200+6400 = 9600 → 0.0096 + 0.0001 = 0.0097
  // 11-02: 12800 → 0.01285
  const NY = 'America/New_York';

  it('daily', async () => {
    const j = await report('daily', 'dst', NY);
    expect(j.daily!.map((d) => [d.date, d.inputTokens, d.outputTokens])).toEqual([
      ['2026-03-07', 100, 10],
      ['2026-03-08', 600, 20],
      ['2026-03-09', 800, 10],
      ['2026-10-31', 1600, 10],
      ['2026-11-01', 9600, 20],
      ['2026-11-02', 12800, 10],
    ]);
    const costs = [0.00015, 0.0007, 0.00085, 0.00165, 0.0097, 0.01285];
    j.daily!.forEach((d, i) => expect(d.totalCost).toBeCloseTo(costs[i]!, 10));
  });

  it('weekly, weeks starting monday and sunday', async () => {
    // Monday weeks: 03-02 ∋ 03-07, 03-08 | 03-09 | 10-26 ∋ 10-31, 11-01 | 11-02
    const mon = await report('weekly', 'dst', NY);
    expect(mon.weekly!.map((w) => [w.week, w.inputTokens])).toEqual([
      ['2026-03-02', 700],
      ['2026-03-09', 800],
      ['2026-10-26', 11200],
      ['2026-11-02', 12800],
    ]);
    // Sunday weeks: 03-01 ∋ 03-07 | 03-08 ∋ 03-08, 03-09 | 10-25 ∋ 10-31 | 11-01 ∋ 11-01, 11-02
    const sun = await report('weekly', 'dst', NY, ['--start-of-week', 'sunday']);
    expect(sun.weekly!.map((w) => [w.week, w.inputTokens])).toEqual([
      ['2026-03-01', 100],
      ['2026-03-08', 1400],
      ['2026-10-25', 1600],
      ['2026-11-01', 22400],
    ]);
    // 11-01 week: (9600 + 12800)×1e-6 + 30×5e-6 = 0.0224 + 0.00015 = 0.02255
    expect(sun.weekly![3]!.totalCost).toBeCloseTo(0.02255, 10);
  });

  it('monthly', async () => {
    const j = await report('monthly', 'dst', NY);
    expect(j.monthly!.map((m) => [m.month, m.inputTokens, m.outputTokens])).toEqual([
      ['2026-03', 1500, 40],
      ['2026-10', 1600, 10],
      ['2026-11', 22400, 30],
    ]);
  });

  // dst-europe: the switch (01:00Z) comes BEFORE that UTC day's local midnight (22:00Z or 23:00Z),
  // so a calendar that takes one offset per UTC day gets these wrong (New York's cannot show it).
  // Haiku, output 10 each; input 100·2^(i−1):
  // B1 03-28T22:59Z = 03-28 23:59 CET | B2 03-28T23:00Z = 03-29 00:00 CET
  // B3 03-29T21:59Z = 03-29 23:59 CEST | B4 03-29T22:00Z = 03-30 00:00 CEST
  // B5 10-25T22:30Z = 10-25 23:30 CET  | B6 10-25T23:00Z = 10-26 00:00 CET
  // 03-28: 100 → 0.00015 | 03-29: 600 → 0.0007 | 03-30: 800 → 0.00085 | 10-25: 1600 → 0.00165
  // 10-26: 3200 → 0.0032 + 0.00005 = 0.00325
  it('Europe/Berlin: the switch before the local midnight of the same UTC day', async () => {
    const j = await report('daily', 'dst-europe', 'Europe/Berlin');
    expect(j.daily!.map((d) => [d.date, d.inputTokens, d.outputTokens])).toEqual([
      ['2026-03-28', 100, 10],
      ['2026-03-29', 600, 20],
      ['2026-03-30', 800, 10],
      ['2026-10-25', 1600, 10],
      ['2026-10-26', 3200, 10],
    ]);
    const costs = [0.00015, 0.0007, 0.00085, 0.00165, 0.00325];
    j.daily!.forEach((d, i) => expect(d.totalCost).toBeCloseTo(costs[i]!, 10));
  });

  it('the same instants in UTC fall on other days', async () => {
    const j = await report('daily', 'dst', 'UTC');
    expect(j.daily!.map((d) => [d.date, d.inputTokens])).toEqual([
      ['2026-03-08', 300],
      ['2026-03-09', 1200],
      ['2026-11-01', 4800],
      ['2026-11-02', 19200],
    ]);
  });
});

describe('lines without message.id are never deduplicated', () => {
  // Three lines, identical usage (input 50, output 25), no message.id (the third has a requestId):
  // 3 × (50×3e-6 + 25×1.5e-5) = 3 × (0.00015 + 0.000375) = 3 × 0.000525 = 0.001575
  it('counts every line', async () => {
    const { events } = await load('no-message-id');
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.dedupeKey === undefined)).toBe(true);
    const j = await report('daily', 'no-message-id');
    expect(counts(j.daily![0]!)).toEqual([150, 75, 0, 0, 225]);
    expect(j.daily![0]!.totalCost).toBeCloseTo(0.001575, 10);
  });
});

describe('discovery', () => {
  it('CLAUDE_CONFIG_DIR is a comma-separated list; a folder named twice is read once', async () => {
    // streaming (0.024954) + cache-1h (0.060852) = 0.085806
    const env = { CLAUDE_CONFIG_DIR: `${fixture('claude', 'streaming')}, ${fixture('claude', 'cache-1h')},${fixture('claude', 'streaming')}` };
    const j = await runJson<Report>(['daily', '-z', 'UTC'], env);
    expect(j.totals.totalTokens).toBe(28650 + 23629);
    expect(j.totals.totalCost).toBeCloseTo(0.085806, 10);
  });

  it('without CLAUDE_CONFIG_DIR: both ~/.config/claude (or $XDG_CONFIG_HOME/claude) and ~/.claude', async () => {
    const home = emptyHome();
    cpSync(fixture('claude', 'streaming'), path.join(home, '.claude'), { recursive: true });
    cpSync(fixture('claude', 'cache-1h'), path.join(home, '.config', 'claude'), { recursive: true });
    const both = await runJson<Report>(['daily', '-z', 'UTC'], { HOME: home });
    expect(both.totals.totalTokens).toBe(28650 + 23629);

    const xdg = path.join(home, 'xdg');
    mkdirSync(xdg);
    cpSync(fixture('claude', 'fast-mode'), path.join(xdg, 'claude'), { recursive: true });
    const withXdg = await runJson<Report>(['daily', '-z', 'UTC'], { HOME: home, XDG_CONFIG_HOME: xdg });
    // ~/.claude (streaming) + $XDG_CONFIG_HOME/claude (fast-mode); ~/.config/claude is not read.
    expect(withXdg.totals.totalTokens).toBe(28650 + 65012);
    expect(withXdg.totals.totalCost).toBeCloseTo(0.024954 + 0.28021, 10);
  });
});
