/**
 * `usage statusline`: exact lines for the fixture inputs of fixtures/statusline/ (with a pinned clock),
 * the degraded cases, freshness after a transcript grows, and --install/--uninstall on a temp HOME.
 *
 * Fixture figures (claude-sonnet-4-5: input 3e-6, 5m write 3.75e-6, 1h write 6e-6, read 3e-7, output 1.5e-5;
 * haiku-4-5: input 1e-6, output 5e-6), now = 2026-05-02T12:30:00Z:
 *   session A (/Users/me/app, transcript + one sub-agent):
 *     10:05 r1 1000 in + 500 out (streamed: a placeholder line with 1 out first)   0.0105
 *     11:10 r2 2000 in + 10000 5m-write + 20000 read + 1000 out                      0.0645
 *     11:30 sub-agent (haiku) 5000 in + 1000 out                                    0.0100
 *     12:20 r3 100 in + 4000 1h-write + 30000 read + 2000 out                        0.0633
 *     = $0.1483; context = r3's prompt 100 + 4000 + 30000 = 34,100 (17% of 200k)
 *   session B (/Users/me/lib): 05-01 22:00 10000 in + 2000 out 0.06; 05-02 01:00 30000 in 0.09;
 *     05-02 08:30 20000 in + 4000 out 0.12
 *   today (UTC) = 0.1483 + 0.09 + 0.12 = $0.3583; today in Tokyo (from 05-01 15:00Z) adds 0.06 = $0.4183
 *   active block 08:00–13:00Z: 0.12 + 0.1483 = $0.2683, 30m left; burn over 08:30→12:30 (240 min)
 *     = $0.0671/h and 100,600 tokens / 240 = 419 tok/min; projected to 13:00: 0.2683 + 0.0335 = $0.30
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Template } from '../src/statusline/format.js';
import { parseStatusInput } from '../src/statusline/input.js';
import { install, isOurs, statusLineCommand, uninstall } from '../src/statusline/settings.js';
import { startOfDay, windowStart } from '../src/statusline/figures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// USAGE_TEST_CLI runs the suite against another build (e.g. a private copy while others rebuild dist/).
const CLI = process.env.USAGE_TEST_CLI ?? path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'fixtures', 'statusline');
const NOW = '2026-05-02T12:30:00Z';
const SESSION_A = '5a1e0000-0000-4aaa-8bbb-00000000000a';

const temps: string[] = [];
function tempDir(prefix = 'usage-sl-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of the fixture logs, a HOME and a cache folder. */
function workspace(): { root: string; env: Record<string, string> } {
  const root = tempDir();
  cpSync(path.join(FIXTURES, 'claude'), path.join(root, 'claude'), { recursive: true });
  cpSync(path.join(FIXTURES, 'claude-unknown-model'), path.join(root, 'claude-unknown-model'), { recursive: true });
  mkdirSync(path.join(root, 'home'));
  return {
    root,
    env: {
      HOME: path.join(root, 'home'),
      CLAUDE_CONFIG_DIR: path.join(root, 'claude'),
      USAGE_CACHE_DIR: path.join(root, 'cache'),
      USAGE_NOW: NOW,
    },
  };
}

/** A stdin fixture with $ROOT replaced by the workspace. */
function stdin(name: string, root: string): string {
  return readFileSync(path.join(FIXTURES, 'stdin', name), 'utf8').replaceAll('$ROOT', root);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js statusline …args` with only PATH from the parent environment. */
function run(args: readonly string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Run {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [CLI, 'statusline', ...args], {
    input: opts.input ?? '',
    env,
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function line(args: readonly string[], input: string, env: Record<string, string | undefined>): string {
  const r = run(args, { input, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.split('\n')).toHaveLength(2);
  return r.stdout.slice(0, -1);
}

/** The status line's ledger files (a state file and a rows file per session, and with `listings` its listing file) in the cache folder. */
function ledgerFiles(env: Record<string, string>, listings = false): string[] {
  const dir = env.USAGE_CACHE_DIR!;
  const wanted = (f: string): boolean => f.endsWith('.bin') || (listings && f.endsWith('.list.json'));
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('statusline-') && wanted(f)).map((f) => path.join(dir, f)) : [];
}

function problemLog(env: Record<string, string>): string {
  const file = path.join(env.USAGE_CACHE_DIR!, 'statusline.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

const PLAIN = ['--no-color', '-z', 'UTC'];
const FULL_LINE = 'Sonnet 4.5 | $1.23 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 60,050 (30%) | 5h 42% · 7d 86%';
const BARE_LINE = '$0.36 today | $0.27 block (30m left) | $0.07/h';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: build first (npx tsup)`);
});

describe('usage statusline: lines for fixture inputs', () => {
  let ws: ReturnType<typeof workspace>;
  beforeAll(() => {
    ws = workspace();
  });

  it('shows every figure for a full Claude Code input', () => {
    expect(line(PLAIN, stdin('full.json', ws.root), ws.env)).toBe(FULL_LINE);
  });

  it('computes the session cost and the context from the transcript when Claude Code sends neither', () => {
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(
      'Sonnet 4.5 | $0.15 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 34,100 (17%)',
    );
  });

  it('bare `usage statusline` (what Claude Code runs) is the same as with the defaults spelt out', () => {
    const input = stdin('full.json', ws.root);
    const bare = line([], input, ws.env);
    expect(bare).toBe(line(['--cost-source', 'cc', '--format', 'default', '--context-warn', '50', '--context-danger', '80'], input, ws.env));
    // Colored: the defaults include color. In the system zone, UTC here or not, the line has every figure.
    expect(bare).toContain('\u001b[32m');
    const bad = run([], { input, env: { ...ws.env, USAGE_NOW: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('usage: USAGE_NOW expects an ISO timestamp such as 2026-05-02T10:00:00Z, got "soon"\n');
  });

  it('--cost-source picks the session figure', () => {
    const input = stdin('full.json', ws.root);
    expect(line([...PLAIN, '--cost-source', 'usage'], input, ws.env)).toBe(FULL_LINE.replace('$1.23 session', '$0.15 session'));
    expect(line([...PLAIN, '--cost-source', 'both'], input, ws.env)).toBe(FULL_LINE.replace('$1.23 session', '($1.23 cc / $0.15 usage) session'));
    expect(line([...PLAIN, '--cost-source', 'cc'], input, ws.env)).toBe(FULL_LINE);
  });

  it("counts today in the zone given with -z (Tokyo's May 2 began at 15:00Z on May 1), else in the system's", () => {
    const tokyo = FULL_LINE.replace('$0.36 today', '$0.42 today');
    expect(line(['--no-color', '-z', 'Asia/Tokyo'], stdin('full.json', ws.root), ws.env)).toBe(tokyo);
    expect(line(['--no-color'], stdin('full.json', ws.root), { ...ws.env, TZ: 'Asia/Tokyo' })).toBe(tokyo);
    expect(line(['--no-color'], stdin('full.json', ws.root), { ...ws.env, TZ: 'UTC' })).toBe(FULL_LINE);
    expect(line(['--no-color'], stdin('full.json', ws.root), { ...ws.env, TZ: '' })).toBe(FULL_LINE);
  });

  it('--format presets and templates', () => {
    const input = stdin('full.json', ws.root);
    expect(line([...PLAIN, '--format', 'compact'], input, ws.env)).toBe('Sonnet 4.5 · $1.23 · $0.36 today · 30m left · 30%');
    expect(line([...PLAIN, '--format', 'full'], input, ws.env)).toBe(
      'Sonnet 4.5 | $1.23 session | $0.36 today | $0.27 block (30m left) → $0.30 | $0.07/h 419 tok/min | ctx 60,050 (30%) | 5h 42% (resets 1h 20m) · 7d 86% (resets 3d 4h)',
    );
    expect(line([...PLAIN, '--format', '{model}: {session_usage} of {today_cost} today, ctx {context_pct} of {context_window}'], input, ws.env)).toBe(
      'Sonnet 4.5: $0.15 of $0.36 today, ctx 30% of 200k',
    );
  });

  it('refuses an unknown field with one line and exit 2', () => {
    const r = run([...PLAIN, '--format', '{model} {nope}'], { input: stdin('full.json', ws.root), env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: --format: unknown field \{nope\} .*\n$/);
  });

  it('colors context and plan use green/yellow/red by the thresholds, unless --no-color or NO_COLOR', () => {
    const input = stdin('full.json', ws.root);
    const g = (s: string): string => `\u001b[32m${s}\u001b[39m`;
    const y = (s: string): string => `\u001b[33m${s}\u001b[39m`;
    const r = (s: string): string => `\u001b[31m${s}\u001b[39m`;
    const base = 'Sonnet 4.5 | $1.23 session | $0.36 today | $0.27 block (30m left) | $0.07/h';
    expect(line(['-z', 'UTC'], input, ws.env)).toBe(`${base} | ctx 60,050 (${g('30%')}) | 5h ${g('42%')} · 7d ${r('86%')}`);
    expect(line(['-z', 'UTC', '--context-warn', '20', '--context-danger', '40'], input, ws.env)).toBe(
      `${base} | ctx 60,050 (${y('30%')}) | 5h ${r('42%')} · 7d ${r('86%')}`,
    );
    expect(line(['-z', 'UTC'], input, { ...ws.env, NO_COLOR: '1' })).toBe(FULL_LINE);
  });

  it('refuses thresholds that are not percentages, or out of order', () => {
    expect(run([...PLAIN, '--context-warn', 'abc'], { env: ws.env }).code).toBe(2);
    const r = run([...PLAIN, '--context-warn', '90', '--context-danger', '80'], { env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('usage: --context-warn 90 is above --context-danger 80\n');
  });
});

describe('usage statusline: never breaks the bar', () => {
  it('empty stdin: what the logs say, nothing logged', () => {
    const ws = workspace();
    expect(line(PLAIN, stdin('empty.txt', ws.root), ws.env)).toBe(BARE_LINE);
    expect(problemLog(ws.env)).toBe('');
  });

  it('stdin that is not JSON: the same line, and the problem in the log', () => {
    const ws = workspace();
    expect(line(PLAIN, stdin('bad.txt', ws.root), ws.env)).toBe(BARE_LINE);
    expect(problemLog(ws.env)).toMatch(/^\S+Z stdin is not JSON \(\d+ bytes\)\n$/);
  });

  it('fields of the wrong type are ignored', () => {
    const ws = workspace();
    expect(line(PLAIN, stdin('wrong-types.json', ws.root), ws.env)).toBe(BARE_LINE);
  });

  it('a missing transcript: no session figure rather than a false $0.00', () => {
    const ws = workspace();
    expect(line(PLAIN, stdin('missing-transcript.json', ws.root), ws.env)).toBe(
      'Sonnet 4.5 | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 20,000 (10%)',
    );
    expect(problemLog(ws.env)).toContain('transcript not found: ');
  });

  it('a model without a price: costs are shown as lower bounds, and logged', () => {
    const ws = workspace();
    // The unknown model's request is the session's last: 500 in + 12000 read = 12,500 of the default 200k.
    // Priced part: sonnet 1000 in + 1000 out = $0.018 over 12:10→12:30 = $0.054/h.
    const env = { ...ws.env, CLAUDE_CONFIG_DIR: path.join(ws.root, 'claude-unknown-model') };
    expect(line(PLAIN, stdin('unknown-model.json', ws.root), env)).toBe(
      'opus-9-experimental | ≥$0.02 session | ≥$0.02 today | ≥$0.02 block (4h 30m left) | ≥$0.05/h | ctx 12,500 (6%)',
    );
    expect(problemLog(ws.env)).toContain('no price for claude-opus-9-experimental');
  });

  it('a corrupt ledger is rebuilt; an unusable cache folder costs nothing but speed', () => {
    const ws = workspace();
    const input = stdin('full.json', ws.root);
    expect(line(PLAIN, input, ws.env)).toBe(FULL_LINE);
    // The state file and the rows and listing files it names: each damaged in turn, whole or cut short.
    const kinds = (): string[] => ledgerFiles(ws.env, true).map((f) => path.basename(f).replace(/[0-9a-f]{16}/, 'ID').replace(/-[0-9a-z]+\.(rows|list)/, '-GEN.$1'));
    expect(kinds().sort()).toEqual(['statusline-ID-GEN.list.json', 'statusline-ID-GEN.rows.bin', 'statusline-ID.bin']);
    for (const kind of ['statusline-ID.bin', 'statusline-ID-GEN.rows.bin', 'statusline-ID-GEN.list.json']) {
      for (const damage of [() => Buffer.from('not a ledger'), (f: string) => readFileSync(f).subarray(0, 100)]) {
        const file = ledgerFiles(ws.env, true)[kinds().indexOf(kind)]!;
        writeFileSync(file, damage(file));
        expect(line(PLAIN, input, ws.env)).toBe(FULL_LINE);
      }
    }

    const blocked = path.join(ws.root, 'not-a-folder');
    writeFileSync(blocked, 'x');
    expect(line(PLAIN, input, { ...ws.env, USAGE_CACHE_DIR: blocked })).toBe(FULL_LINE);
  });

  it('a bare call runs from a code cache it makes; a damaged, foreign or stale one is not used, and made again', () => {
    const ws = workspace();
    const input = stdin('full.json', ws.root);
    const env = { ...ws.env, NO_COLOR: '1', TZ: 'UTC' };
    const dir = ws.env.USAGE_CACHE_DIR!;
    const caches = (): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('code-cache-')).map((f) => path.join(dir, f)) : []);
    expect(line([], input, env)).toBe(FULL_LINE);
    expect(caches()).toHaveLength(1);
    const [file] = caches() as [string];
    const made = readFileSync(file);
    // Two copies of V8's cache after an 8-byte header.
    const length = made.readUInt32LE(4);
    expect(made.length).toBe(8 + 2 * length);
    expect(line([], input, env)).toBe(FULL_LINE);
    expect(readFileSync(file).equals(made)).toBe(true); // used, not made again
    const damaged: Buffer[] = [
      Buffer.concat([made.subarray(0, 8 + length), Buffer.from(made.subarray(8 + length)).fill(1, 1000, 1100)]), // the copies differ
      (() => {
        const b = Buffer.from(made); // both copies damaged alike: V8's own checks must catch it, or the copies do not matter
        b.fill(0, 8, 8 + 64);
        b.fill(0, 8 + length, 8 + length + 64);
        return b;
      })(),
      made.subarray(0, made.length - 1), // cut short
      Buffer.from('not a code cache'),
      Buffer.alloc(0),
    ];
    for (const bytes of damaged) {
      writeFileSync(file, bytes);
      const r = run([], { input, env });
      expect(r).toEqual({ code: 0, stdout: `${FULL_LINE}\n`, stderr: '' });
      const again = readFileSync(file);
      expect(again.length).toBe(8 + 2 * again.readUInt32LE(4));
      expect(line([], input, env)).toBe(FULL_LINE);
    }
    // Another build's cache goes when this build makes its own.
    writeFileSync(path.join(dir, 'code-cache-0123456789abcdef.bin'), made);
    rmSync(file);
    expect(line([], input, env)).toBe(FULL_LINE);
    expect(caches()).toEqual([file]);
  });

  it('a configured log folder that does not exist: what stdin says, exit 0', () => {
    const ws = workspace();
    const env = { ...ws.env, CLAUDE_CONFIG_DIR: path.join(ws.root, 'nowhere') };
    const input = JSON.stringify({ model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' }, cost: { total_cost_usd: 2 } });
    expect(line(PLAIN, input, env)).toBe('Sonnet 4.5 | $2.00 session');
    expect(problemLog(ws.env)).toContain('could not read the logs: CLAUDE_CONFIG_DIR names');
  });

  it('a transcript outside the searched folders is still found, with its neighbours', () => {
    const ws = workspace();
    mkdirSync(path.join(ws.root, 'elsewhere'));
    const env = { ...ws.env, CLAUDE_CONFIG_DIR: path.join(ws.root, 'elsewhere') };
    expect(line([...PLAIN, '--cost-source', 'usage'], stdin('full.json', ws.root), env)).toBe(FULL_LINE.replace('$1.23 session', '$0.15 session'));
  });

  it('files last modified before the window are not read', () => {
    const ws = workspace();
    // Session B's file claims requests today but was last written in April: it is not even opened.
    const b = path.join(ws.root, 'claude', 'projects', '-Users-me-lib', '5a1e0000-0000-4aaa-8bbb-00000000000b.jsonl');
    utimesSync(b, new Date('2026-04-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    // Session A alone: block 10:00–15:00, $0.1483 over 10:05→12:30 (145 min) = $0.061/h.
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(
      'Sonnet 4.5 | $0.15 session | $0.15 today | $0.15 block (2h 30m left) | $0.06/h | ctx 34,100 (17%)',
    );
  });

  it("the session's own files count however old; an unchanged one is not read again", () => {
    const ws = workspace();
    const sub = path.join(ws.root, 'claude', 'projects', '-Users-me-app', SESSION_A, 'subagents', 'agent-a1b2c3d4e5f60718.jsonl');
    const april = new Date('2026-04-01T00:00:00Z');
    utimesSync(sub, april, april);
    const expected = 'Sonnet 4.5 | $0.15 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 34,100 (17%)';
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(expected);
    // Same size, same mtime, other figures: a call that read the file again would show them.
    writeFileSync(sub, readFileSync(sub, 'utf8').replace('"output_tokens":1000', '"output_tokens":9000'));
    utimesSync(sub, april, april);
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(expected);
    // Once the file is seen to change (here its mtime), it is read again: 9000 out instead of 1000 adds $0.04.
    const changed = 'Sonnet 4.5 | $0.19 session | $0.40 today | $0.31 block (30m left) | $0.08/h | ctx 34,100 (17%)';
    utimesSync(sub, new Date('2026-04-02T00:00:00Z'), new Date('2026-04-02T00:00:00Z'));
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(changed);
    // A damaged ledger is built again from the logs.
    for (const f of ledgerFiles(ws.env)) writeFileSync(f, Buffer.from('not a ledger'));
    expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(changed);
  });

  it("an old sub-agent file replaying one of the transcript's responses (/btw) still counts it once", () => {
    const ws = workspace();
    const sub = path.join(ws.root, 'claude', 'projects', '-Users-me-app', SESSION_A, 'subagents', 'agent-a1b2c3d4e5f60718.jsonl');
    const transcript = path.join(ws.root, 'claude', 'projects', '-Users-me-app', `${SESSION_A}.jsonl`);
    const r2 = readFileSync(transcript, 'utf8').split('\n').find((l) => l.includes('msg_01SlA2'))!;
    const replay = JSON.parse(r2) as Record<string, unknown>;
    appendFileSync(sub, `${JSON.stringify({ ...replay, isSidechain: true, requestId: 'req_01SlBtw', uuid: 'btw-1' })}\n`);
    const april = new Date('2026-04-01T00:00:00Z');
    utimesSync(sub, april, april);
    const expected = 'Sonnet 4.5 | $0.15 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 34,100 (17%)';
    // First built from the logs, then from the ledger.
    for (let i = 0; i < 3; i++) expect(line(PLAIN, stdin('minimal.json', ws.root), ws.env)).toBe(expected);
  });

  it('does not hang on a stdin that never closes', async () => {
    const ws = workspace();
    const runOpen = (write: string, args: readonly string[] = PLAIN, later = ''): Promise<{ stdout: string; ms: number }> =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const child = spawn(process.execPath, [CLI, 'statusline', ...args], { env: { PATH: process.env.PATH ?? '', ...ws.env, NO_COLOR: '1', TZ: 'UTC' } });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.on('error', reject);
        child.on('close', () => resolve({ stdout, ms: Date.now() - started }));
        if (write) child.stdin.write(write);
        if (later) setTimeout(() => child.stdin.write(later), 100);
        // The pipe is left open.
        setTimeout(() => child.kill(), 15_000);
      });
    const full = stdin('full.json', ws.root);
    // Through commander, and bare (which reads a pipe without process.stdin, where it can).
    for (const args of [PLAIN, []]) {
      const whole = await runOpen(full, args);
      expect(whole.stdout).toBe(`${FULL_LINE}\n`);
      // Written in two parts, the second a moment later: read until the document is whole.
      const split = await runOpen(full.slice(0, 100), args, full.slice(100));
      expect(split.stdout).toBe(`${FULL_LINE}\n`);
      const silent = await runOpen('', args);
      expect(silent.stdout).toBe(`${BARE_LINE}\n`);
      expect(silent.ms).toBeLessThan(10_000);
    }
  });
});

describe('usage statusline: fresh after the transcript grows', () => {
  it('the next call shows the appended requests, a streamed one at its final count', () => {
    const ws = workspace();
    const input = stdin('minimal.json', ws.root);
    const transcript = path.join(ws.root, 'claude', 'projects', '-Users-me-app', `${SESSION_A}.jsonl`);
    expect(line(PLAIN, input, ws.env)).toBe('Sonnet 4.5 | $0.15 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 34,100 (17%)');
    expect(ledgerFiles(ws.env)).toHaveLength(2);

    const r4 = (output: number): string =>
      `${JSON.stringify({
        parentUuid: null,
        isSidechain: false,
        cwd: '/Users/me/app',
        sessionId: SESSION_A,
        version: '2.1.120',
        type: 'assistant',
        uuid: `u-${output}`,
        timestamp: '2026-05-02T12:25:00.000Z',
        requestId: 'req_01SlA4',
        message: {
          id: 'msg_01SlA4',
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          content: [{ type: 'text', text: '…' }],
          usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 40000, output_tokens: output },
        },
      })}\n`;
    // The first line of a streamed response: 10 in + 40000 read + 1 out = $0.012045.
    appendFileSync(transcript, r4(1));
    expect(line(PLAIN, input, ws.env)).toBe('Sonnet 4.5 | $0.16 session | $0.37 today | $0.28 block (30m left) | $0.07/h | ctx 40,010 (20%)');
    // Its final line: 10000 out, $0.16203 in all; the placeholder is replaced, not added.
    appendFileSync(transcript, r4(10000));
    expect(line(PLAIN, input, ws.env)).toBe('Sonnet 4.5 | $0.31 session | $0.52 today | $0.43 block (30m left) | $0.11/h | ctx 40,010 (20%)');
  });
});

describe('usage statusline: the ledger kept between calls', () => {
  /** An assistant line of session A (or `over`), one response per id; `sidechain` as a /btw replay writes it. */
  function assistant(id: string, output: number, over: Record<string, unknown> = {}): string {
    return `${JSON.stringify({
      isSidechain: false,
      cwd: '/Users/me/app',
      sessionId: SESSION_A,
      type: 'assistant',
      timestamp: '2026-05-02T12:26:00.000Z',
      requestId: `req_${id}`,
      message: { id: `msg_${id}`, model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 1000, output_tokens: output } },
      ...over,
    })}\n`;
  }

  it('answers after every kind of change exactly as a call that reads everything again', () => {
    const ws = workspace();
    const input = stdin('minimal.json', ws.root);
    const app = path.join(ws.root, 'claude', 'projects', '-Users-me-app');
    const transcript = path.join(app, `${SESSION_A}.jsonl`);
    const sub = path.join(app, SESSION_A, 'subagents', 'agent-a1b2c3d4e5f60718.jsonl');
    const resumed = path.join(app, '5a1e0000-0000-4aaa-8bbb-0000000000aa.jsonl');
    const r2 = readFileSync(transcript, 'utf8').split('\n').find((l) => l.includes('msg_01SlA2'))!;
    /** The line, checked against one read from scratch; `how` is what --debug says the ledger did. */
    const expectFresh = (how: RegExp = /ledger updated, 1 file read/, env = ws.env): string => {
      const debug = run([...PLAIN, '--debug'], { input, env });
      expect(debug.stderr).toMatch(how);
      const cached = debug.stdout.slice(0, -1);
      expect(cached).toBe(line([...PLAIN, '--no-cache'], input, env));
      // A bare `usage statusline` (its own bundle, through the code cache) keeps a ledger of its own, in step.
      expect(line([], input, { ...env, NO_COLOR: '1', TZ: 'UTC' })).toBe(cached);
      return cached;
    };
    expect(expectFresh(/ledger built, 3 files read/)).toBe('Sonnet 4.5 | $0.15 session | $0.36 today | $0.27 block (30m left) | $0.07/h | ctx 34,100 (17%)');
    // A response streamed over two calls: the placeholder (1000 in + 1 out = $0.003015), then its final line (+ $0.015).
    appendFileSync(transcript, assistant('s1', 1));
    expectFresh();
    appendFileSync(transcript, assistant('s1', 1000));
    expect(expectFresh()).toBe('Sonnet 4.5 | $0.17 session | $0.38 today | $0.29 block (30m left) | $0.07/h | ctx 1,000 (1%)');
    // A /btw replay of r2 appended to the sub-agent file: the same response, still counted once.
    appendFileSync(sub, `${JSON.stringify({ ...JSON.parse(r2), isSidechain: true, requestId: 'req_01SlBtw' })}\n`);
    expectFresh();
    // A new file: a resumed session starting with a copy of r2 (counted once), then a response of its own
    // (1000 in + 2000 out = $0.033, today's and the block's, not this session's).
    writeFileSync(resumed, `${r2}\n${assistant('new', 2000, { sessionId: 'resumed' })}`);
    expect(expectFresh()).toBe('Sonnet 4.5 | $0.17 session | $0.41 today | $0.32 block (30m left) | $0.08/h | ctx 1,000 (1%)');
    // Another session's file grows.
    appendFileSync(path.join(ws.root, 'claude', 'projects', '-Users-me-lib', '5a1e0000-0000-4aaa-8bbb-00000000000b.jsonl'), assistant('lib', 10, { sessionId: 'b', cwd: '/Users/me/lib' }));
    expectFresh();
    // A file rewritten shorter, and a file removed: the ledger is built again.
    writeFileSync(sub, readFileSync(sub, 'utf8').split('\n').slice(0, 1).join('\n'));
    expectFresh(/ledger built, 4 files read/);
    rmSync(resumed);
    expectFresh(/ledger built, 3 files read/);
    // The next day: the window moves on, within what the ledger holds.
    expectFresh(/ledger updated, 0 files read/, { ...ws.env, USAGE_NOW: '2026-05-03T09:00:00Z' });
    // Two days on, the ledger holds more than it needs: built again.
    expectFresh(/ledger built, 3 files read/, { ...ws.env, USAGE_NOW: '2026-05-05T09:00:00Z' });
  });
});

describe('usage statusline: other sessions between rescans', () => {
  const B = '5a1e0000-0000-4aaa-8bbb-00000000000b';
  const april = new Date('2026-04-01T00:00:00Z');
  const at = (env: Record<string, string>, time: string): Record<string, string> => ({ ...env, USAGE_NOW: `2026-05-02T${time}Z` });

  /** Every file and folder under `dir`, with its size and mtime: what a call must leave as it was. */
  function snapshot(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((d) => path.join(d.parentPath, d.name))
      .map((f) => `${path.relative(dir, f)} ${statSync(f).size} ${statSync(f).mtimeMs}`)
      .sort();
  }

  /**
   * Session B's file as last written in April, with its prompt and 05-01 22:00 request only (outside the window);
   * its requests of today (01:00 and 08:30, $0.21) to be appended. The transcript's r5 at 12:26:
   * 1000 in + 3000 out = $0.048.
   */
  function setUp(): { ws: ReturnType<typeof workspace>; input: string; growB: () => void; growA: () => void } {
    const ws = workspace();
    const b = path.join(ws.root, 'claude', 'projects', '-Users-me-lib', `${B}.jsonl`);
    const lines = readFileSync(b, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(4); // a prompt, then the requests of 22:00, 01:00 and 08:30
    writeFileSync(b, `${lines.slice(0, 2).join('\n')}\n`);
    utimesSync(b, april, april);
    const transcript = path.join(ws.root, 'claude', 'projects', '-Users-me-app', `${SESSION_A}.jsonl`);
    const r5 = {
      isSidechain: false,
      cwd: '/Users/me/app',
      sessionId: SESSION_A,
      type: 'assistant',
      timestamp: '2026-05-02T12:26:00.000Z',
      requestId: 'req_01SlA5',
      message: { id: 'msg_01SlA5', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 1000, output_tokens: 3000 } },
    };
    return {
      ws,
      input: stdin('minimal.json', ws.root),
      growB: () => appendFileSync(b, `${lines.slice(2).join('\n')}\n`),
      growA: () => appendFileSync(transcript, `${JSON.stringify(r5)}\n`),
    };
  }

  // Session A alone (B's file outside the window): as in "files last modified before the window".
  const A_ALONE = 'Sonnet 4.5 | $0.15 session | $0.15 today | $0.15 block (2h 30m left) | $0.06/h | ctx 34,100 (17%)';
  // A with r5: $0.1483 + 0.048 = $0.1963, block 10:00–15:00 over 10:05→12:30 (145–146 min) = $0.081/h; context r5's 1,000.
  const A_GROWN = 'Sonnet 4.5 | $0.20 session | $0.20 today | $0.20 block (2h 29m left) | $0.08/h | ctx 1,000 (1%)';
  // B's requests of today in too: today 0.1963 + 0.21 = $0.4063; block 08:00–13:00 0.1963 + 0.12 = $0.3163,
  // over 08:30→12:30 (240–242 min) = $0.079/h.
  const both = (left: string): string => `Sonnet 4.5 | $0.20 session | $0.41 today | $0.32 block (${left} left) | $0.08/h | ctx 1,000 (1%)`;

  it("reads the session's transcript every call; another session's old file that grew shows once 15 s have passed", () => {
    const { ws, input, growA, growB } = setUp();
    expect(line(PLAIN, input, at(ws.env, '12:30:00'))).toBe(A_ALONE);
    growB();
    growA();
    const agents = snapshot(path.join(ws.root, 'claude'));
    // 14 s after the last look at every file: only the ledger's two (the transcript and its sub-agent) are
    // looked at; the transcript's r5 is in, B's requests not yet ...
    const between = run([...PLAIN, '--debug'], { input, env: at(ws.env, '12:30:14') });
    expect(between.stdout).toBe(`${A_GROWN}\n`);
    expect(between.stderr).toMatch(/load \(ledger updated, 1 file read, 2 files looked at\)/);
    // ... though they are on disk: a call that reads everything has them.
    expect(line([...PLAIN, '--no-cache'], input, at(ws.env, '12:30:14'))).toBe(both('29m'));
    // 15 s after it, every file is looked at again.
    const due = run([...PLAIN, '--debug'], { input, env: at(ws.env, '12:30:15') });
    expect(due.stdout).toBe(`${both('29m')}\n`);
    expect(due.stderr).toMatch(/load \(ledger updated, 1 file read, every file looked at\)/);
    expect(line([...PLAIN, '--no-cache'], input, at(ws.env, '12:30:15'))).toBe(both('29m'));
    // Nothing was written into the agents' folders.
    expect(snapshot(path.join(ws.root, 'claude'))).toEqual(agents);
  });

  it('--rescan, USAGE_STATUSLINE_RESCAN and statusline.rescan set the interval; 0 looks at every file every call', () => {
    const config = (ws: ReturnType<typeof workspace>, rescan: unknown): Record<string, string> => {
      const file = path.join(ws.root, 'usage.json');
      writeFileSync(file, JSON.stringify({ statusline: { rescan } }));
      return { USAGE_CONFIG: file };
    };
    const cases: [string, (ws: ReturnType<typeof workspace>) => { args: string[]; env: Record<string, string> }][] = [
      ['flag', () => ({ args: ['--rescan', '0'], env: {} })],
      ['env', () => ({ args: [], env: { USAGE_STATUSLINE_RESCAN: '0' } })],
      ['config', (ws) => ({ args: [], env: config(ws, 0) })],
      ['the flag over the config', (ws) => ({ args: ['--rescan', '0'], env: config(ws, 3600) })],
    ];
    for (const [, setting] of cases) {
      const { ws, input, growA, growB } = setUp();
      const { args, env } = setting(ws);
      expect(line([...PLAIN, ...args], input, { ...at(ws.env, '12:30:00'), ...env })).toBe(A_ALONE);
      growB();
      growA();
      expect(line([...PLAIN, ...args], input, { ...at(ws.env, '12:30:00'), ...env })).toBe(both('30m'));
    }
    // A longer interval: 60 s after the rescan B is still out, at 120 s in.
    const { ws, input, growA, growB } = setUp();
    expect(line([...PLAIN, '--rescan', '120'], input, at(ws.env, '12:30:00'))).toBe(A_ALONE);
    growB();
    growA();
    expect(line([...PLAIN, '--rescan', '120'], input, at(ws.env, '12:31:00'))).toBe(A_GROWN);
    expect(line([...PLAIN, '--rescan', '120'], input, at(ws.env, '12:32:00'))).toBe(both('28m'));

    const bad = run([...PLAIN, '--rescan', 'soon'], { input, env: ws.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('usage: --rescan expects a number of seconds from 0, got "soon"\n');
  });
});

describe('usage statusline --install / --uninstall', () => {
  const ORIGINAL =
    '{\n    "model": "opus",\n    "permissions": {\n        "allow": ["Bash(npm test)"],\n        "deny": []\n    },\n    "env": {"FOO": "1"},\n    "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say done"}]}]}\n}\n';

  function home(settings?: string): { home: string; file: string; env: Record<string, string> } {
    const dir = tempDir('usage-sl-home-');
    const file = path.join(dir, '.claude', 'settings.json');
    if (settings !== undefined) {
      mkdirSync(path.dirname(file));
      writeFileSync(file, settings);
    }
    // As after a global install: `usage` on PATH is this build's cli.js.
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(CLI, path.join(bin, 'usage'));
    return { home: dir, file, env: { HOME: dir, USAGE_CACHE_DIR: path.join(dir, 'cache'), PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } };
  }
  const backups = (file: string): string[] =>
    readdirSync(path.dirname(file))
      .filter((f) => f.startsWith('settings.json.') && f.endsWith('.bak'))
      .sort();

  it('adds the status line, keeps every other setting, backs up first, and is idempotent', () => {
    const h = home(ORIGINAL);
    const first = run(['--install'], { env: h.env });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(`installed the status line in ${h.file} (command: usage statusline) (backup: ${h.file}.bak)\n`);
    const after = JSON.parse(readFileSync(h.file, 'utf8'));
    expect(after).toEqual({ ...JSON.parse(ORIGINAL), statusLine: { type: 'command', command: 'usage statusline', padding: 0 } });
    expect(Object.keys(after)).toEqual(['model', 'permissions', 'env', 'hooks', 'statusLine']);
    expect(readFileSync(`${h.file}.bak`, 'utf8')).toBe(ORIGINAL);
    // The file's own indentation is kept.
    expect(readFileSync(h.file, 'utf8')).toMatch(/^\{\n {4}"model": "opus",\n/);

    const installed = readFileSync(h.file, 'utf8');
    const again = run(['--install'], { env: h.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`already installed in ${h.file} (command: usage statusline)\n`);
    expect(readFileSync(h.file, 'utf8')).toBe(installed);
    expect(backups(h.file)).toEqual(['settings.json.bak']);
  });

  it('--uninstall reverts to the original settings, backing up again without overwriting the first backup', () => {
    const h = home(ORIGINAL);
    expect(run(['--install'], { env: h.env }).code).toBe(0);
    const installed = readFileSync(h.file, 'utf8');
    const r = run(['--uninstall'], { env: h.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^removed the status line from .*settings\.json \(backup: .*settings\.json\.\d{8}T\d{6}Z\.bak\)\n$/);
    expect(JSON.parse(readFileSync(h.file, 'utf8'))).toEqual(JSON.parse(ORIGINAL));
    expect(readFileSync(`${h.file}.bak`, 'utf8')).toBe(ORIGINAL);
    const second = backups(h.file).filter((f) => f !== 'settings.json.bak');
    expect(second).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(h.file), second[0]!), 'utf8')).toBe(installed);

    const none = run(['--uninstall'], { env: h.env });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`no statusLine in ${h.file}: nothing to remove\n`);
  });

  it('creates the settings file when there is none (nothing to back up)', () => {
    const h = home();
    expect(run(['--install'], { env: h.env }).stdout).toBe(`installed the status line in ${h.file} (command: usage statusline)\n`);
    expect(JSON.parse(readFileSync(h.file, 'utf8'))).toEqual({ statusLine: { type: 'command', command: 'usage statusline', padding: 0 } });
    expect(backups(h.file)).toEqual([]);
  });

  it('refuses to touch a settings file it cannot parse: one line, exit 2, file and folder unchanged', () => {
    const bad = '{\n  "model": "opus",\n}\n';
    const h = home(bad);
    for (const flag of ['--install', '--uninstall']) {
      const r = run([flag], { env: h.env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^usage: cannot parse ${h.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(.*\\); not touching it — fix it, or add "statusLine" by hand\\n$`));
      expect(readFileSync(h.file, 'utf8')).toBe(bad);
      expect(readdirSync(path.dirname(h.file))).toEqual(['settings.json']);
    }
    const array = home('[]');
    expect(run(['--install'], { env: array.env }).stderr).toBe(`usage: ${array.file} does not hold a JSON object; not touching it\n`);
  });

  it("leaves someone else's statusLine alone unless --force; --uninstall removes only ours", () => {
    const theirs = '{"statusLine":{"type":"command","command":"~/bin/my-line.sh"},"model":"opus"}';
    const h = home(theirs);
    const refused = run(['--install'], { env: h.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`usage: ${h.file} already has a statusLine (command: ~/bin/my-line.sh); rerun with --force to replace it (the file is backed up first)\n`);
    expect(run(['--uninstall'], { env: h.env }).stdout).toBe(`the statusLine in ${h.file} is not this tool's: left as it is\n`);
    expect(readFileSync(h.file, 'utf8')).toBe(theirs);

    expect(run(['--install', '--force'], { env: h.env }).code).toBe(0);
    expect(JSON.parse(readFileSync(h.file, 'utf8')).statusLine.command).toBe('usage statusline');
    expect(readFileSync(`${h.file}.bak`, 'utf8')).toBe(theirs);
  });

  it('--project writes ./.claude/settings.json; USERPROFILE stands in for a missing HOME', () => {
    const project = tempDir('usage-sl-project-');
    const h = home(ORIGINAL);
    const r = run(['--install', '--project'], { env: h.env, cwd: project });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(project, '.claude', 'settings.json'), 'utf8')).statusLine.command).toBe('usage statusline');
    expect(readFileSync(h.file, 'utf8')).toBe(ORIGINAL);

    const w = home();
    expect(run(['--install'], { env: { USERPROFILE: w.home, USAGE_CACHE_DIR: w.env.USAGE_CACHE_DIR } }).code).toBe(0);
    expect(existsSync(w.file)).toBe(true);
  });

  it('--project alone, or both --install and --uninstall, is a usage error', () => {
    expect(run(['--project'], { env: home().env }).stderr).toBe('usage: --project goes with --install or --uninstall\n');
    expect(run(['--install', '--uninstall'], { env: home().env }).code).toBe(2);
  });

  it('the library functions keep CRLF line ends and tabs', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{\r\n\t"a": 1\r\n}\r\n');
    expect(install(file, { now: Date.parse(NOW) }).changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{\r\n\t"a": 1,\r\n\t"statusLine": {\r\n\t\t"type": "command",\r\n\t\t"command": "usage statusline",\r\n\t\t"padding": 0\r\n\t}\r\n}\r\n');
    expect(uninstall(file, { now: Date.parse(NOW) }).backup).toBe(`${file}.20260502T123000Z.bak`);
    expect(readFileSync(file, 'utf8')).toBe('{\r\n\t"a": 1\r\n}\r\n');
  });

  it('without `usage` on PATH (a clone, or npx), installs this build by its full path, and knows it again', () => {
    const h = home();
    const script = realpathSync(CLI);
    const command = `"${process.execPath}" "${script}" statusline`;
    // node_modules/.bin is on PATH only while npx runs: a `usage` there does not count.
    const npxBin = path.join(h.home, 'project', 'node_modules', '.bin');
    mkdirSync(npxBin, { recursive: true });
    symlinkSync(CLI, path.join(npxBin, 'usage'));
    const env = { ...h.env, PATH: `${npxBin}${path.delimiter}${path.dirname(process.execPath)}` };
    expect(run(['--install'], { env }).stdout).toBe(`installed the status line in ${h.file} (command: ${command})\n`);
    expect(JSON.parse(readFileSync(h.file, 'utf8')).statusLine).toEqual({ type: 'command', command, padding: 0 });
    expect(run(['--install'], { env }).stdout).toBe(`already installed in ${h.file} (command: ${command})\n`);
    // What Claude Code then runs gives the line.
    const shell = spawnSync('/bin/sh', ['-c', command], { input: '{}', env: { HOME: h.home, USAGE_CACHE_DIR: h.env.USAGE_CACHE_DIR, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(shell.status).toBe(0);
    expect(shell.stdout.split('\n')).toHaveLength(2);
    expect(run(['--uninstall'], { env }).stdout).toMatch(/^removed the status line from /);
  });

  it('statusLineCommand quotes paths for the shell', () => {
    const launcher = { execPath: "/opt/it's/node", script: CLI, pathEnv: '', platform: 'linux' as const };
    expect(statusLineCommand(launcher)).toBe(`"/opt/it's/node" "${realpathSync(CLI)}" statusline`);
    // Where double quotes would expand or end it: single quotes, a quote inside spelt '\''.
    expect(statusLineCommand({ ...launcher, execPath: "/opt/it's $x/node" })).toBe(`'/opt/it'\\''s $x/node' "${realpathSync(CLI)}" statusline`);
    expect(statusLineCommand({ ...launcher, execPath: 'C:\\node\\node.exe', platform: 'win32' })).toBe(`"C:\\node\\node.exe" "${realpathSync(CLI)}" statusline`);
  });

  it('recognises its own status line by command', () => {
    expect(isOurs({ type: 'command', command: '"/usr/bin/node" "/home/me/src/usage/dist/cli.js" statusline' })).toBe(true);
    expect(isOurs({ type: 'command', command: 'node /home/me/src/usage/dist/cli.js statusline --no-color' })).toBe(true);
    expect(isOurs({ type: 'command', command: 'node /home/me/src/usage/dist/cli.js daily' })).toBe(false);
    expect(isOurs({ type: 'command', command: 'usage statusline' })).toBe(true);
    expect(isOurs({ type: 'command', command: '/usr/local/bin/usage statusline --format compact' })).toBe(true);
    expect(isOurs({ type: 'command', command: 'npx usage statusline' })).toBe(true);
    expect(isOurs({ type: 'command', command: 'ccusage statusline' })).toBe(false);
    expect(isOurs({ type: 'command', command: 'usage daily' })).toBe(false);
    expect(isOurs('usage statusline')).toBe(false);
  });
});

describe('statusline units', () => {
  it('parses stdin defensively', () => {
    expect(parseStatusInput('')).toEqual({ input: {} });
    expect(parseStatusInput('[1]').problem).toBe('stdin is JSON but not an object');
    const { input } = parseStatusInput(
      JSON.stringify({
        context_window: { current_usage: { input_tokens: 5, cache_read_input_tokens: 10 } },
        rate_limits: { five_hour: { used_percentage: 120, resets_at: 1777729800 }, seven_day: { used_percentage: null } },
      }),
    );
    expect(input).toEqual({ contextTokens: 15, fiveHour: { usedPercent: 100, resetsAt: 1777729800000 } });
  });

  it('drops a segment whose fields are all empty, with its separator', () => {
    const t = new Template('{model} | {today} today | {context_pct} · x {five_hour}');
    const opts = { color: false, costSource: 'cc' as const, warnPercent: 50, dangerPercent: 80, now: 0 };
    expect(t.render({ unpricedModels: [], model: 'M' }, opts)).toBe('M');
    expect(t.render({ unpricedModels: [], fiveHour: { usedPercent: 3 } }, opts)).toBe('x 3%');
  });

  it('finds the start of the day and of the window in a zone', () => {
    const now = Date.parse(NOW);
    expect(new Date(startOfDay(now, 'UTC')).toISOString()).toBe('2026-05-02T00:00:00.000Z');
    expect(new Date(startOfDay(now, 'Asia/Tokyo')).toISOString()).toBe('2026-05-01T15:00:00.000Z');
    expect(new Date(startOfDay(now, 'America/Los_Angeles')).toISOString()).toBe('2026-05-02T07:00:00.000Z');
    // The day of a spring-forward change is 23 hours long; it still starts at local midnight.
    expect(new Date(startOfDay(Date.parse('2026-03-08T20:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    const w = windowStart(now, 'UTC');
    expect(new Date(w.blocksFromMs).toISOString()).toBe('2026-05-02T02:00:00.000Z');
    expect(w.sinceMs).toBe(Date.parse('2026-05-02T00:00:00Z'));
  });
});
