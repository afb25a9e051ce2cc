import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeEnv } from '../src/core/env.js';
import { emptyTokens, type Tokens, type UsageEvent } from '../src/core/types.js';
import { EventStore } from '../src/pipeline/store.js';
import { ZonedCalendar } from '../src/report/calendar.js';
import { buildLiveState } from '../src/report/live-state.js';
import { priceEvents } from '../src/report/price-events.js';
import { claudeLine } from './metrics-helpers.js';
import { fitLine, renderFrame, renderLine, visibleLength } from '../src/render/live.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURE = path.join(ROOT, 'fixtures/blocks');
const NOW = '2026-05-02T12:50:00Z';
const SESSION_A = 'b10c0001-0000-4aaa-8bbb-000000000001';

/** Polls until `check` holds or the deadline passes: no fixed sleeps. */
async function waitFor<T>(what: string, check: () => T | undefined, deadlineMs = 10_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('usage watch, not a terminal', () => {
  let dir: string | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
    child = undefined;
    dir = undefined;
  });

  it('prints one line, then an updated line soon after a transcript grows or a new one appears', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'usage-watch-'));
    const config = path.join(dir, 'claude');
    cpSync(FIXTURE, config, { recursive: true });
    child = spawn(process.execPath, [CLI, 'watch', '--no-cache', '-z', 'UTC', '--interval', '0.2'], {
      cwd: ROOT,
      env: { ...process.env, CLAUDE_CONFIG_DIR: config, USAGE_NOW: NOW, USAGE_CACHE_DIR: path.join(dir, 'cache'), NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = (): string[] => stdout.split('\n').filter((l) => l.length > 0);
    const lineWith = (text: string) => () => lines().find((l) => l.includes(text));

    // The fixture at 12:50: window 09:00–14:00 with 14,000 tokens; the p90 of the two ended windows
    // (16,700 and 1,220 tokens) is 16,700.
    const first = await waitFor('the first line', () => lines()[0]);
    expect(first).toBe(
      '2026-05-02 12:50:00 claude · 14k/16.7k tok 83.8% (p90) · $0.06 · 70 tok/min · $0.02/h · reset 1h 10m · ' +
        'proj 18.9k $0.08 · today $0.06 · 0 active',
    );

    // An appended response: 1,000 in + 234 out on sonnet-4-5 = $0.00651. Window: 15,234 tokens, $0.06741;
    // 15,234 / 200 min = 76 tok/min, rising (nothing in the 30 minutes before); projection
    // 15,234 + 76.17 × 70 = 20,566 tokens, $0.0910; the session is active.
    const transcript = path.join(config, 'projects', '-Users-me-app', `${SESSION_A}.jsonl`);
    const appendedAt = Date.now();
    appendFileSync(
      transcript,
      claudeLine({ session: SESSION_A, cwd: '/Users/me/app', id: 'w1', at: '2026-05-02T12:40:00.000Z', model: 'claude-sonnet-4-5-20250929', input: 1000, output: 234 }),
    );
    const second = await waitFor('the line after the append', lineWith('15.2k/16.7k'));
    const latency = Date.now() - appendedAt;
    expect(second).toBe(
      '2026-05-02 12:50:00 claude · 15.2k/16.7k tok 91.2% (p90) · $0.07 · 76 tok/min ↑ $0.02/h · reset 1h 10m · ' +
        'proj 20.6k $0.09 · today $0.07 · 1 active',
    );
    // Within a second of the append on a quiet machine; the bound leaves room for a loaded CI runner.
    expect(latency).toBeLessThan(5000);

    // A new transcript in a new project folder: 2,000 haiku output tokens = $0.01, a second active session.
    const project = path.join(config, 'projects', '-Users-me-new');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'c0ffee00-0000-4aaa-8bbb-000000000003.jsonl'),
      claudeLine({ session: 'c0ffee00-0000-4aaa-8bbb-000000000003', cwd: '/Users/me/new', id: 'w2', at: '2026-05-02T12:45:00.000Z', model: 'claude-haiku-4-5-20251001', output: 2000 }),
    );
    const third = await waitFor('the line after a new transcript', lineWith('17.2k/16.7k'));
    expect(third).toContain('17.2k/16.7k tok 103% (p90) · $0.08 ·');
    expect(third).toContain('today $0.08 · 2 active');

    // Lines are printed per change, not per tick: three changes, three lines.
    expect(lines()).toHaveLength(3);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child!.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('the live frame', () => {
  const tokens = (t: Partial<Tokens>): Tokens => ({ ...emptyTokens(), ...t });
  const codexEvent = (at: string, t: Partial<Tokens>, extra: Partial<UsageEvent> = {}): UsageEvent => ({
    provider: 'codex',
    device: '',
    timestamp: Date.parse(at),
    sessionId: 'cx1',
    projectPath: '/Users/me/app',
    model: 'gpt-5',
    tokens: tokens(t),
    rank: 0,
    ...extra,
  });

  async function fixedState() {
    const loaded = await new EventStore({
      providers: ['claude'],
      renv: runtimeEnv({ CLAUDE_CONFIG_DIR: FIXTURE, HOME: '/nonexistent' }),
      useCache: false,
    }).refresh();
    const events = [
      ...loaded.events,
      // gpt-5: 10,000 in × $1.25/M + 1,000 out × $10/M = $0.0225.
      codexEvent('2026-05-02T12:30:00Z', { input: 10_000, output: 1_000 }),
      // A rate-limit-only update.
      codexEvent('2026-05-02T12:45:00Z', {}, {
        rateLimits: {
          fiveHour: { usedPercent: 12, windowMinutes: 300, resetsAt: Date.parse('2026-05-02T13:20:00Z') },
          weekly: { usedPercent: 31, windowMinutes: 10080, resetsAt: Date.parse('2026-05-07T09:00:00Z') },
          plan: 'plus',
        },
      }),
    ];
    const priced = priceEvents(events);
    return buildLiveState(
      priced.events,
      { providers: ['claude', 'codex'], now: Date.parse(NOW), calendar: new ZonedCalendar('UTC'), sessionMs: 5 * 3_600_000, activeMinutes: 10 },
      { files: loaded.files.length, unpricedModels: priced.unpricedModels },
    );
  }

  // Claude at 12:50: as in tests/blocks.test.ts — 14,000 of a 16,700 p90 = 83.8% (25 of 30 cells), 70 tok/min,
  // 18,900 at reset = 113% of the limit; nothing in the last hour. Codex: window 12:00–17:00 from the 12:30
  // event, 11,000 tokens over 20 min = 550 tok/min and $0.0675/h; 250 min left: 11,000 + 550 × 250 = 148,500
  // tokens, $0.0225 + $0.0675 × 250/60 = $0.30; the 12:45 rate-limit update makes its session active.
  it('renders a fixed state as this exact text', async () => {
    const frame = renderFrame(await fixedState(), { columns: 100, rows: 40, color: false });
    expect(frame).toBe(
      [
        'usage watch · 2026-05-02 12:50:00 UTC                                                        q quits',
        '',
        'CLAUDE CODE  window 09:00–14:00 · 3h 50m elapsed · resets in 1h 10m',
        '  tokens   [█████████████████████████░░░░░]  83.8%  14,000 / 16,700  limit: p90 of 2 past windows',
        '  cost     $0.06 this window · $0.06 today',
        '  burn     70 tok/min · $0.02/h',
        '  trend    [            ] last hour · idle in the last hour',
        '  at reset 18,900 tokens · $0.08 · 113% of limit (over)',
        '  sessions 0 active now (activity in the last 10 min)',
        '',
        'CODEX CLI  window 12:00–17:00 · 50m elapsed · resets in 4h 10m',
        '  tokens   11,000  no limit: no ended window yet to measure against',
        '  cost     $0.02 this window · $0.02 today',
        '  burn     550 tok/min · $0.07/h',
        '  trend    [        █   ] last hour · ↑ started in the last 30m',
        '  at reset 148,500 tokens · $0.30',
        '  sessions 1 active now (activity in the last 10 min)',
        '  5h limit [████░░░░░░░░░░░░░░░░░░░░░░░░░░]  12.0%  resets 13:20 (in 30m) · reported 12:45 (plus)',
        '  wk limit [█████████░░░░░░░░░░░░░░░░░░░░░]  31.0%  resets Thu 09:00 (in 4d 20h)',
        '',
        '5h windows · 2 log files',
      ].join('\n'),
    );
  });

  it('names a model without a price only when its cost belongs in what is shown (this window, today)', () => {
    const options = { providers: ['codex' as const], now: Date.parse(NOW), calendar: new ZonedCalendar('UTC'), sessionMs: 5 * 3_600_000, activeMinutes: 10 };
    const state = (at: string) => {
      const priced = priceEvents([codexEvent(at, { input: 1_000 }, { model: 'gpt-mystery-1' })]);
      expect(priced.unpricedModels).toEqual(['gpt-mystery-1']);
      return buildLiveState(priced.events, options, { files: 1, unpricedModels: priced.unpricedModels });
    };
    // Weeks before: in no cost the screen shows.
    expect(state('2026-04-10T12:00:00Z').unpricedModels).toEqual([]);
    // Earlier today, in no active window: in today's cost.
    expect(state('2026-05-02T01:00:00Z').unpricedModels).toEqual(['gpt-mystery-1']);
    // In the active window.
    expect(state('2026-05-02T12:40:00Z').unpricedModels).toEqual(['gpt-mystery-1']);
  });

  it('fits every line to a narrow terminal and to its height', async () => {
    const frame = renderFrame(await fixedState(), { columns: 60, rows: 8, color: true });
    const lines = frame.split('\n');
    expect(lines).toHaveLength(8);
    for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(60);
    expect(fitLine('\x1b[31mabcdef\x1b[39m', 4)).toBe('\x1b[31mabc…\x1b[0m');
  });

  it('renders the compact line of the same state', async () => {
    expect(renderLine(await fixedState())).toBe(
      '2026-05-02 12:50:00 claude · 14k/16.7k tok 83.8% (p90) · $0.06 · 70 tok/min · $0.02/h · reset 1h 10m · proj 18.9k $0.08 · today $0.06 · 0 active' +
        ' | codex · 11k tok · $0.02 · 550 tok/min ↑ $0.07/h · reset 4h 10m · proj 149k $0.30 · today $0.02 · 1 active · 5h 12.0% · wk 31.0%',
    );
  });
});
