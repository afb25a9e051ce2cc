/**
 * fixtures/old-home/home: the home of a user with an older history (Claude Code logs of early 2025,
 * lines other tools write without a top-level type, a Codex rollout and a Gemini chat with damaged
 * records). Every figure is worked out by hand in fixtures/old-home/README.md and below.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFile } from '../src/pipeline/read-file.js';
import { claude } from '../src/providers/claude.js';
import { codex } from '../src/providers/codex.js';
import { gemini } from '../src/providers/gemini.js';
import { fixture, runCli, runJson } from './helpers.js';

const HOME = fixture('old-home', 'home');
const CLAUDE_DIR = path.join(HOME, '.claude', 'projects', '-Users-me-legacy');
const claudeFile = (n: number): string => path.join(CLAUDE_DIR, `a1000000-0000-4000-8000-00000000000${n}.jsonl`);
const CODEX_FILE = path.join(HOME, '.codex', 'sessions', '2026', '05', '01', 'rollout-2026-05-01T10-00-00-0196a000-0000-7000-8000-0000000000f1.jsonl');
const GEMINI_FILE = path.join(HOME, '.gemini', 'tmp', 'legacy', 'chats', 'session-2026-05-02T09-00-ffff0001.jsonl');

interface Breakdown {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}
interface Day {
  date: string;
  totalTokens: number;
  totalCost: number;
  modelBreakdowns: Breakdown[];
}
interface Daily {
  daily: Day[];
  totals: { totalTokens: number; totalCost: number };
  unpricedModels: string[];
}

const daily = (): Promise<Daily> => runJson<Daily>(['daily', '-z', 'UTC'], { HOME });

async function model(date: string, name: string): Promise<Breakdown> {
  const day = (await daily()).daily.find((d) => d.date === date)!;
  return day.modelBreakdowns.find((b) => b.modelName === name)!;
}

const skipsOf = (file: string, adapter: typeof claude | typeof codex | typeof gemini): [number, string][] =>
  readFile(adapter as typeof claude, file).skips.map((s) => [s.line, s.reason]);

describe('older Claude models are priced (2025-01-10: input 1000, 5m writes 1000, 1h writes 1000, reads 10000, output 500)', () => {
  it('claude-3-5-haiku: 1000×8e-7 + 1000×1e-6 + 1000×1.6e-6 + 10000×8e-8 + 500×4e-6 = 0.0008 + 0.001 + 0.0016 + 0.0008 + 0.002 = 0.0062', async () => {
    const b = await model('2025-01-10', 'claude-3-5-haiku-20241022');
    expect([b.inputTokens, b.outputTokens, b.cacheCreationTokens, b.cacheReadTokens]).toEqual([1000, 500, 2000, 10000]);
    expect(b.cost).toBeCloseTo(0.0062, 12);
  });

  it('claude-3-5-sonnet (both dates): 1000×3e-6 + 1000×3.75e-6 + 1000×6e-6 + 10000×3e-7 + 500×1.5e-5 = 0.003 + 0.00375 + 0.006 + 0.003 + 0.0075 = 0.02325', async () => {
    for (const name of ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-20241022']) {
      expect((await model('2025-01-10', name)).cost).toBeCloseTo(0.02325, 12);
    }
  });

  it('claude-3-sonnet: input 2000, writes 4000 without a split (5-minute), output 1000: 2000×3e-6 + 4000×3.75e-6 + 1000×1.5e-5 = 0.006 + 0.015 + 0.015 = 0.036', async () => {
    const b = await model('2025-01-10', 'claude-3-sonnet-20240229');
    expect([b.inputTokens, b.outputTokens, b.cacheCreationTokens, b.cacheReadTokens]).toEqual([2000, 1000, 4000, 0]);
    expect(b.cost).toBeCloseTo(0.036, 12);
  });
});

describe('a line without a top-level type whose message.role is "assistant"', () => {
  // msg_u1/req_u1: untyped (output 1, a placeholder), untyped (output 300), typed copy (300): one response,
  //   100×3e-6 + 300×1.5e-5 = 0.0003 + 0.0045 = 0.0048
  // msg_u2 (haiku 3.5, untyped): 50×8e-7 + 20×4e-6 = 0.00004 + 0.00008 = 0.00012; the day 470 tokens, 0.00492
  it('is an assistant message, deduplicated with its typed copy as any other', async () => {
    const day = (await daily()).daily.find((d) => d.date === '2025-01-11')!;
    expect(day.totalTokens).toBe(470);
    expect(day.totalCost).toBeCloseTo(0.00492, 12);
    const sonnet = day.modelBreakdowns.find((b) => b.modelName === 'claude-3-5-sonnet-20241022')!;
    expect([sonnet.inputTokens, sonnet.outputTokens]).toEqual([100, 300]);
    expect(readFile(claude, claudeFile(2)).skips).toEqual([]);
  });
});

describe('nothing is dropped unseen: each usage that cannot be used is skipped by reason', () => {
  it('Claude: invalid timestamp (4, 14), unknown shape (5 user line, 6 untyped user role, 7 usage not an object, 13 untyped without role), invalid token count (8), invalid JSON (12)', () => {
    // Not skipped, by rule: 3 (a dedupe loser), 9 (a <synthetic> API error), 10 (a progress copy), 11 (text naming output_tokens).
    expect(skipsOf(claudeFile(3), claude)).toEqual([
      [4, 'invalid timestamp'],
      [5, 'unknown shape'],
      [6, 'unknown shape'],
      [7, 'unknown shape'],
      [8, 'invalid token count'],
      [12, 'invalid JSON'],
      [13, 'unknown shape'],
      [14, 'invalid timestamp'],
    ]);
    expect(skipsOf(claudeFile(1), claude)).toEqual([]);
  });

  it('Codex: invalid timestamp (6), unknown shape (7 info a string, 8 info without usage), invalid token count (9)', () => {
    // Not skipped, by rule: 4 (a total that did not grow), 5 (info: null, rate limits only).
    expect(skipsOf(CODEX_FILE, codex)).toEqual([
      [6, 'invalid timestamp'],
      [7, 'unknown shape'],
      [8, 'unknown shape'],
      [9, 'invalid token count'],
    ]);
  });

  it('Gemini: invalid timestamp (5), unknown shape (6 a message of a type we do not know, 7 tokens a number, 8 tokens on no message), invalid token count (9)', () => {
    // Not skipped, by rule: 4 (tokens null), 10 ($rewindTo), 11 (all zero), 12 (m2 written again).
    expect(skipsOf(GEMINI_FILE, gemini)).toEqual([
      [5, 'invalid timestamp'],
      [6, 'unknown shape'],
      [7, 'unknown shape'],
      [8, 'unknown shape'],
      [9, 'invalid token count'],
    ]);
  });

  it('the note counts them by reason, and --debug names each line', async () => {
    const r = await runCli(['daily', '--json', '-z', 'UTC'], { HOME });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: skipped 17 in 3 files (4 invalid timestamp, 9 unknown shape, 3 invalid token count, 1 invalid JSON); --debug lists them\n');
    const debug = await runCli(['daily', '--json', '-z', 'UTC', '--debug'], { HOME });
    expect(debug.stderr).toContain(`skipped ${claudeFile(3)}:13: unknown shape\n`);
    expect(debug.stderr).toContain(`skipped ${CODEX_FILE}:8: unknown shape\n`);
    expect(debug.stderr).toContain(`skipped ${GEMINI_FILE}:8: unknown shape\n`);
    expect(debug.stderr.match(/^skipped /gm)).toHaveLength(17);
  });
});

describe('the whole home, as a user runs it', () => {
  // Days: 0.0887 (old models) + 0.00492 (untyped) + 0.00018 (the one good line of file 3: 10×3e-6 + 10×1.5e-5)
  //   + Codex gpt-5 0.007625 (input 2000×1.25e-6 + reads 1000×1.25e-7 + output 500×1e-5)
  //   + Gemini 2.5 Pro 0.002525 (input 800×1.25e-6 + reads 200×1.25e-7 + output 150×1e-5) = 0.10395
  it('daily --json prices every model and counts every usable line', async () => {
    const j = await daily();
    expect(j.unpricedModels).toEqual([]);
    expect(j.daily.map((d) => d.date)).toEqual(['2025-01-10', '2025-01-11', '2025-01-12', '2026-05-01', '2026-05-02']);
    expect(j.totals.totalTokens).toBe(52640);
    expect(j.totals.totalCost).toBeCloseTo(0.10395, 12);
  });

  it('every report and blocks say unpricedModels: [] here, and name the unknown model of fixtures/claude/unknown-model', async () => {
    for (const kind of ['daily', 'weekly', 'monthly', 'session']) {
      expect((await runJson<{ unpricedModels: string[] }>([kind, '-z', 'UTC'], { HOME })).unpricedModels).toEqual([]);
      expect((await runJson<{ unpricedModels: string[] }>([kind, '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model') })).unpricedModels).toEqual(['claude-mystery-9-20270101']);
    }
    const blocks = await runCli(['blocks', '--json', '-z', 'UTC'], { HOME });
    expect((JSON.parse(blocks.stdout) as { unpricedModels: string[] }).unpricedModels).toEqual([]);
    const unknown = await runCli(['blocks', '--json', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'unknown-model') });
    expect((JSON.parse(unknown.stdout) as { unpricedModels: string[] }).unpricedModels).toEqual(['claude-mystery-9-20270101']);
  });
});
