import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/core/diagnostics.js';
import { runtimeEnv } from '../src/core/env.js';
import { totalTokens, type UsageEvent } from '../src/core/types.js';
import { loadEvents } from '../src/pipeline/load.js';
import { sumTokens, tokensByModel, uncachedWriteTokens, withoutDedupeKeys, hashTree } from './helpers.js';
import { readFile } from '../src/pipeline/read-file.js';
import { codex } from '../src/providers/codex.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'codex');
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'usage-codex-home-'));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

const sid = (n: number): string => `0196a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Reads the given CODEX_HOME folders; without `cacheDir`, nothing is read from or written to a cache. */
async function loadFrom(
  codexHomes: readonly string[],
  cacheDir?: string,
): Promise<{ events: UsageEvent[]; diagnostics: Diagnostics }> {
  const diagnostics = new Diagnostics();
  const { events } = await loadEvents({
    providers: ['codex'],
    renv: runtimeEnv({ CODEX_HOME: codexHomes.join(','), HOME: EMPTY_HOME, USAGE_CACHE_DIR: cacheDir }),
    useCache: cacheDir !== undefined,
    diagnostics,
  });
  return { events, diagnostics };
}

const load = (...pitfalls: string[]) => loadFrom(pitfalls.map((p) => join(FIXTURES, p)));

const usageOf = (events: readonly UsageEvent[]): UsageEvent[] => events.filter((e) => totalTokens(e.tokens) > 0);

const sum = sumTokens;
const byModel = tokensByModel;
const tok = uncachedWriteTokens;

describe('codex adapter', () => {
  it('counts the growth of total_token_usage, not re-emitted totals or last_token_usage', async () => {
    // totals (input, cached, output, reasoning): 10000/4000/1000/200, same again (UI refresh),
    // 25000/12000/3000/500, same again.
    // growth: 10000/4000/1000/200, then 15000/8000/2000/300 → input 25000−12000 = 13000,
    // cacheRead 12000, output 3000, reasoning 500.
    // Summing last_token_usage over all four lines would give input (6000+7000)×2 = 26000.
    const { events, diagnostics } = await load('reemit');
    expect(events).toHaveLength(2);
    expect(sum(events)).toEqual(tok(13000, 12000, 3000, 500));
    expect(events.map((e) => totalTokens(e.tokens))).toEqual([6000 + 4000 + 1000, 7000 + 8000 + 2000]);
    expect(events.every((e) => e.model === 'gpt-5' && e.projectPath === '/home/me/app' && e.sessionId === sid(1))).toBe(true);
    expect(diagnostics.skips).toEqual([]);
  });

  it('adds nothing for info: null; keeps its rate limits on a zero-token event', async () => {
    // info null (with rate limits) → zero-token event; total 8000/2000/500/100 → 6000/2000/500/100;
    // info null without rate limits → nothing; total 20000/10000/1500/300 → growth 12000/8000/1000/200
    // → input 4000. Sum: input 6000+4000 = 10000, cacheRead 10000, output 1500, reasoning 300.
    const { events } = await load('info-null');
    expect(events).toHaveLength(3);
    expect(usageOf(events)).toHaveLength(2);
    expect(sum(events)).toEqual(tok(10000, 10000, 1500, 300));
    const limits = events[0]!;
    expect(totalTokens(limits.tokens)).toBe(0);
    expect(limits.rateLimits).toEqual({
      fiveHour: { usedPercent: 10, windowMinutes: 300, resetsAt: 1777640000_000 },
      weekly: { usedPercent: 30, windowMinutes: 10080, resetsAt: 1778100000_000 },
      plan: 'plus',
    });
  });

  it('treats a lower total as a new baseline and counts the growth from it', async () => {
    // totals (input, cached, output): T1 10000/5000/1000 → 5000/5000/1000
    // T2 30000/20000/3000 → growth 20000/15000/2000 → 5000/15000/2000
    // T3 4000/1000/400 (drop: resume/rollback) → new baseline, nothing counted
    // T4 9000/3000/900 → growth 5000/2000/500 → 3000/2000/500
    // T5 30000/20000/3000 (same total as T2, an hour later) → growth 21000/17000/2100 → 4000/17000/2100
    // Sum: input 5000+5000+3000+4000 = 17000, cacheRead 5000+15000+2000+17000 = 39000,
    // output 1000+2000+500+2100 = 5600.
    // Counting T3 as usage from zero would add 3000/1000/400; a dedupe key of the total alone would
    // merge T5 into T2 and lose 4000/17000/2100.
    const { events } = await load('decreasing');
    expect(events).toHaveLength(4);
    expect(sum(events)).toEqual(tok(17000, 39000, 5600, 0));
    expect(events.every((e) => Object.values(e.tokens).every((n) => n >= 0))).toBe(true);
  });

  it('does not count the parent replay at the start of a sub-agent thread', async () => {
    // parent: 10000/6000/800/300 → 4000/6000/800/300; 24000/16000/1600/500 → growth 14000/10000/800/200
    //   → 4000/10000/800/200. Parent: input 8000, cacheRead 16000, output 1600, reasoning 500.
    // child (thread_spawn, session_meta at 10:02:00): the two totals above replayed at 10:02:00.2/.3
    //   set the baseline 24000/16000/1600/500; 30000/20000/2000/600 at 10:02:40 → growth 6000/4000/400/100
    //   → input 2000, cacheRead 4000, output 400, reasoning 100.
    // Sum: input 10000, cacheRead 20000, output 2000, reasoning 600. Counting the replay would add
    // the parent's 8000/16000/1600/500 again.
    const { events } = await load('fork');
    expect(events).toHaveLength(3);
    expect(sum(events)).toEqual(tok(10000, 20000, 2000, 600));
    const child = events.filter((e) => e.sessionId === sid(5));
    expect(child).toHaveLength(1);
    expect(child[0]!.tokens).toEqual(tok(2000, 4000, 400, 100));
    expect(child[0]!.rateLimits).toBeUndefined();
    expect(sum(events.filter((e) => e.sessionId === sid(4)))).toEqual(tok(8000, 16000, 1600, 500));
  });

  it('counts a rollout in sessions/ and archived_sessions/ once', async () => {
    // 50000/30000/2000/1000 → 20000/30000/2000/1000; 120000/90000/5000/2500 → growth 70000/60000/3000/1500
    // → 10000/60000/3000/1500. Sum: input 30000, cacheRead 90000, output 5000, reasoning 2500 (twice
    // that if both copies counted).
    const { events } = await load('archived-twin');
    expect(events).toHaveLength(2);
    expect(sum(events)).toEqual(tok(30000, 90000, 5000, 2500));
  });

  it('reads a .jsonl.zst rollout', async () => {
    // 40000/20000/3000/1000 → input 20000, cacheRead 20000, output 3000, reasoning 1000.
    const { events, diagnostics } = await load('zst');
    expect(diagnostics.skips).toEqual([]);
    expect(events).toHaveLength(1);
    expect(sum(events)).toEqual(tok(20000, 20000, 3000, 1000));
    expect(events[0]!.sessionId).toBe(sid(7));
  });

  it('counts a .jsonl / .jsonl.zst pair once, the .zst being a prefix of the .jsonl', async () => {
    // .zst: 10000/0/1000, 30000/10000/2000; .jsonl: the same two, then 60000/30000/4000.
    // 10000/0/1000; growth 20000/10000/1000 → 10000/10000/1000; growth 30000/20000/2000 → 10000/20000/2000.
    // Sum: input 30000, cacheRead 30000, output 4000.
    const { events } = await load('zst-pair');
    expect(events).toHaveLength(3);
    expect(sum(events)).toEqual(tok(30000, 30000, 4000, 0));
  });

  it('reads a pre-September-2025 rollout without error and counts nothing', async () => {
    const { events, diagnostics } = await load('old-bare');
    expect(events).toEqual([]);
    expect(diagnostics.skips).toEqual([]);
  });

  it('follows the model of the latest turn_context', async () => {
    // gpt-5: 10000/5000/1000/400 → input 5000, cacheRead 5000, output 1000, reasoning 400.
    // gpt-5-codex: 26000/12000/1600/600 − 10000/5000/1000/400 = 16000/7000/600/200 → input 9000,
    // cacheRead 7000, output 600, reasoning 200.
    const { events } = await load('model-switch');
    expect(byModel(events)).toEqual({
      'gpt-5': tok(5000, 5000, 1000, 400),
      'gpt-5-codex': tok(9000, 7000, 600, 200),
    });
  });

  it('puts counts before any turn_context under model unknown, and takes the session from the file name', async () => {
    // unknown: 6000/2000/500 → input 4000, cacheRead 2000, output 500.
    // gpt-5: 18000/8000/1500 − 6000/2000/500 = 12000/6000/1000 → input 6000, cacheRead 6000, output 1000.
    const { events } = await load('unknown-model');
    expect(byModel(events)).toEqual({
      unknown: tok(4000, 2000, 500, 0),
      'gpt-5': tok(6000, 6000, 1000, 0),
    });
    expect(events.map((e) => e.sessionId)).toEqual([sid(10), sid(10)]);
    expect(events.map((e) => e.projectPath)).toEqual(['unknown', '/home/me/other']);
  });

  it('classifies rate-limit windows by window_minutes and resolves resets_in_seconds', async () => {
    const { events } = await load('rate-limits');
    // usage at 10:00:10, info null at 10:00:20, re-emissions at 10:00:30 (new snapshot) and 10:00:40
    // (the same snapshot again: nothing to emit).
    expect(events).toHaveLength(3);
    expect(sum(events)).toEqual(tok(1000, 0, 100, 0));
    // primary is the weekly window here, secondary the 5-hour one: only window_minutes tells.
    expect(events[0]!.tokens).toEqual(tok(1000, 0, 100, 0));
    expect(events[0]!.rateLimits).toEqual({
      fiveHour: { usedPercent: 40, windowMinutes: 300, resetsAt: 1777640000_000 },
      weekly: { usedPercent: 12.5, windowMinutes: 10080, resetsAt: 1777900000_000 },
      plan: 'plus',
    });
    // info: null at 10:00:20Z with resets_in_seconds 3600 / 86400.
    const at = Date.parse('2026-05-01T10:00:20.000Z');
    expect(totalTokens(events[1]!.tokens)).toBe(0);
    expect(events[1]!.rateLimits).toEqual({
      fiveHour: { usedPercent: 15, windowMinutes: 300, resetsAt: at + 3_600_000 },
      weekly: { usedPercent: 41, windowMinutes: 10080, resetsAt: at + 86_400_000 },
    });
    expect(totalTokens(events[2]!.tokens)).toBe(0);
    expect(events[2]!.timestamp).toBe(Date.parse('2026-05-01T10:00:30.000Z'));
    expect(events[2]!.rateLimits).toEqual({
      fiveHour: { usedPercent: 16, windowMinutes: 300, resetsAt: 1777640000_000 },
      weekly: { usedPercent: 42, windowMinutes: 10080, resetsAt: 1777900000_000 },
      plan: 'plus',
    });
  });

  it('adds up every pitfall read together', async () => {
    const all = readdirSync(FIXTURES);
    const { events, diagnostics } = await load(...all);
    // 13000+10000+17000+10000+30000+20000+30000+(5000+9000)+(4000+6000)+1000 = 155000
    expect(sum(events).input).toBe(155000);
    expect(diagnostics.skips).toEqual([]);
  });

  it('keeps its parse state plain JSON', async () => {
    const file = join(
      FIXTURES,
      'fork/sessions/2026/05/01/rollout-2026-05-01T10-02-00-0196a000-0000-7000-8000-000000000005.jsonl',
    );
    const result = await readFile(codex, file);
    const state = result.resume!.state;
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    // Resuming from the persisted state at the end of the file finds nothing more to count.
    const again = await readFile(codex, file, JSON.parse(JSON.stringify(result.resume)));
    expect(again.events).toEqual([]);
  });

  it('gives the same events from the cache, and from a rollout resumed after it grew', async () => {
    const work = mkdtempSync(join(tmpdir(), 'usage-codex-grow-'));
    try {
      const cache = join(work, 'cache');
      const all = readdirSync(FIXTURES).map((p) => join(FIXTURES, p));
      const fresh = await loadFrom(all);
      expect((await loadFrom(all, cache)).events).toEqual(fresh.events);
      expect((await loadFrom(all, cache)).events).toEqual(withoutDedupeKeys(fresh.events)); // served from the saved result

      // The decreasing-total rollout, first up to the drop, then appended to: the baseline carried in
      // the persisted state must make the resumed read count exactly what a whole read counts.
      const rel = 'sessions/2026/05/01/rollout-2026-05-01T10-00-00-0196a000-0000-7000-8000-000000000003.jsonl';
      const lines = readFileSync(join(FIXTURES, 'decreasing', rel), 'utf8').split('\n').filter(Boolean);
      const home = join(work, 'home');
      mkdirSync(dirname(join(home, rel)), { recursive: true });
      writeFileSync(join(home, rel), lines.slice(0, 5).join('\n') + '\n');
      const partial = await loadFrom([home], cache);
      expect(sum(partial.events)).toEqual(tok(10000, 20000, 3000, 0));
      appendFileSync(join(home, rel), lines.slice(5).join('\n') + '\n');
      const grown = await loadFrom([home], cache);
      expect(sum(grown.events)).toEqual(tok(17000, 39000, 5600, 0));
      expect(grown.events).toEqual((await load('decreasing')).events);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('never writes into the folders it reads', async () => {
    const before = hashTree(FIXTURES);
    const cache = mkdtempSync(join(tmpdir(), 'usage-codex-cache-'));
    try {
      await load(...readdirSync(FIXTURES));
      await loadFrom(readdirSync(FIXTURES).map((p) => join(FIXTURES, p)), cache);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    expect(hashTree(FIXTURES)).toBe(before);
  });
});
