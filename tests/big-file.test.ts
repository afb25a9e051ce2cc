/**
 * Issue 7, item 1: a 1 GB transcript. Generated here (streamed to a temp dir, never committed), mostly
 * lines that carry no usage — tool results, snapshots, progress — with a known set of responses, each
 * written twice (streaming placeholder, then final) as Claude Code does, a progress line holding a copy
 * of a sub-agent record, and a few damaged lines. The CLI must count it exactly with a peak resident set
 * under 300 MB.
 *
 * Slow (it writes and reads 1 GiB): runs only with USAGE_BIG_TESTS=1.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIG = process.env.USAGE_BIG_TESTS === '1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const GiB = 1024 ** 3;
const RSS_LIMIT_KB = 300 * 1024;

interface Expected {
  responses: number;
  usageLines: number;
  lines: number;
  skipped: number;
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
  bytes: number;
}

const SESSION = 'b16f11e0-0000-4aaa-8bbb-000000000001';
const CWD = '/home/dev/big';
const common = { parentUuid: 'p', isSidechain: false, userType: 'external', cwd: CWD, sessionId: SESSION, version: '2.1.120', gitBranch: 'main' };
const LOG_TEXT = 'npm test -- --reporter=verbose: PASS tests/example.test.ts (12 tests) 0.41s\n'.repeat(13);

/** Lines without "output_tokens": never parsed, only split. About 1 KB each. */
const FILLERS = [
  JSON.stringify({
    ...common,
    type: 'user',
    uuid: 'u',
    timestamp: '2026-01-01T00:00:00.000Z',
    message: { role: 'user', content: [{ tool_use_id: 'toolu_01', type: 'tool_result', content: LOG_TEXT }] },
  }),
  JSON.stringify({
    type: 'file-history-snapshot',
    messageId: 'm',
    snapshot: { messageId: 'm', trackedFileBackups: { 'src/a.ts': { backupFileName: 'abc@v2', version: 2, backupTime: '2026-01-01T00:00:00.000Z' } }, timestamp: '2026-01-01T00:00:00.000Z' },
    isSnapshotUpdate: true,
    padding: 'x'.repeat(700),
  }),
  JSON.stringify({
    ...common,
    type: 'progress',
    uuid: 'g',
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { type: 'bash_progress', output: LOG_TEXT.slice(0, 800), elapsedTimeSeconds: 3 },
    toolUseID: 'toolu_01',
  }),
  JSON.stringify({ ...common, type: 'system', subtype: 'informational', uuid: 's', timestamp: '2026-01-01T00:00:00.000Z', content: LOG_TEXT.slice(0, 900) }),
].map((l) => `${l}\n`);

const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');

function assistant(k: number, output: number | string, block: 'thinking' | 'text'): string {
  return JSON.stringify({
    ...common,
    type: 'assistant',
    uuid: `a${k}${block}`,
    timestamp: new Date(BASE_MS + k * 30_000).toISOString(),
    requestId: `req_big${k}`,
    message: {
      id: `msg_big${k}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: block === 'thinking' ? [{ type: 'thinking', thinking: '', signature: 'sig' }] : [{ type: 'text', text: 'Done.' }],
      stop_reason: null,
      usage: { input_tokens: 3, cache_creation_input_tokens: 1000, cache_read_input_tokens: 20000, output_tokens: output, service_tier: 'standard' },
    },
  });
}

/** A progress line of an older build, with a copy of a sub-agent's record: parsed, never counted. */
function progressCopy(k: number): string {
  return JSON.stringify({
    ...common,
    type: 'progress',
    uuid: `p${k}`,
    timestamp: new Date(BASE_MS + k * 30_000).toISOString(),
    data: { type: 'agent_progress', message: JSON.parse(assistant(k, 77, 'text').replace(`msg_big${k}`, `msg_sub${k}`)) },
  });
}

/**
 * Writes blocks of 100 lines (96 fillers, a progress copy, a placeholder and a final line of one
 * response, a user prompt — every 1000th block a damaged response instead) until `target` bytes.
 */
function generate(file: string, target: number): Expected {
  const e: Expected = { responses: 0, usageLines: 0, lines: 0, skipped: 0, input: 0, cacheWrite: 0, cacheRead: 0, output: 0, bytes: 0 };
  const fd = openSync(file, 'w');
  const batch: string[] = [];
  let batchBytes = 0;
  const put = (line: string): void => {
    batch.push(line);
    batchBytes += line.length; // every line is ASCII
    e.lines++;
    if (batchBytes >= 8 << 20) flush();
  };
  const flush = (): void => {
    writeSync(fd, batch.join(''));
    e.bytes += batchBytes;
    batch.length = 0;
    batchBytes = 0;
  };
  try {
    for (let k = 0; e.bytes + batchBytes < target; k++) {
      for (let i = 0; i < 96; i++) put(FILLERS[i % FILLERS.length]!);
      put(`${progressCopy(k)}\n`);
      const final = 100 + (k % 50);
      put(`${assistant(k, 1, 'thinking')}\n`);
      put(`${assistant(k, final, 'text')}\n`);
      e.usageLines += 2;
      e.responses++;
      e.input += 3;
      e.cacheWrite += 1000;
      e.cacheRead += 20000;
      e.output += final;
      if (k % 1000 === 999) {
        put(`${assistant(1_000_000 + k, 'x', 'text')}\n`);
        e.skipped++;
      } else {
        put(`${JSON.stringify({ ...common, type: 'user', uuid: `q${k}`, timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: 'go on' } })}\n`);
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return e;
}

describe.skipIf(!BIG)('a 1 GB transcript (USAGE_BIG_TESTS=1)', () => {
  let dir = '';
  let file = '';
  let expected: Expected;
  const dirs: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'usage-big-'));
    dirs.push(dir);
    file = path.join(dir, 'claude', 'projects', '-home-dev-big', `${SESSION}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    for (const d of ['home', 'codex', 'cache', path.join('gemini', '.gemini', 'tmp')]) mkdirSync(path.join(dir, d), { recursive: true });
    expected = generate(file, GiB);
  }, 600_000);

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the generated file is 1 GiB, with a known number of usage lines', () => {
    expect(statSync(file).size).toBe(expected.bytes);
    expect(expected.bytes).toBeGreaterThanOrEqual(GiB);
    expect(expected.usageLines).toBe(2 * expected.responses);
    expect(expected.usageLines / expected.lines).toBeLessThan(0.03);
  });

  it('is counted exactly, with a peak resident set under 300 MB', async () => {
    const rssFile = path.join(dir, 'maxrss');
    const preload = path.join(dir, 'rss.mjs');
    writeFileSync(
      preload,
      `import { writeFileSync } from 'node:fs';\n` +
        `process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: path.join(dir, 'home'),
      NO_COLOR: '1',
      TZ: 'UTC',
      USAGE_CACHE_DIR: path.join(dir, 'cache'),
      CLAUDE_CONFIG_DIR: path.join(dir, 'claude'),
      CODEX_HOME: path.join(dir, 'codex'),
      GEMINI_CLI_HOME: path.join(dir, 'gemini'),
    };
    const started = Date.now();
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', pathToFileURL(preload).href, CLI, 'daily', '--json', '-z', 'UTC'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const seconds = (Date.now() - started) / 1000;
    const maxRssKb = Number(readFileSync(rssFile, 'utf8'));
    // For the record (vitest prints it): how long and how much memory 1 GiB took.
    console.log(`1 GiB transcript: ${seconds.toFixed(1)} s, peak RSS ${(maxRssKb / 1024).toFixed(0)} MB, ${expected.responses} responses`);

    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { totals: Record<string, number>; skipped: number; daily: Array<{ modelBreakdowns: Array<{ requests: number }> }> };
    expect(report.totals).toMatchObject({
      inputTokens: expected.input,
      cacheCreationTokens: expected.cacheWrite,
      cacheCreation5mTokens: expected.cacheWrite,
      cacheCreation1hTokens: 0,
      cacheReadTokens: expected.cacheRead,
      outputTokens: expected.output,
      totalTokens: expected.input + expected.cacheWrite + expected.cacheRead + expected.output,
    });
    const requests = report.daily.flatMap((d) => d.modelBreakdowns).reduce((n, m) => n + m.requests, 0);
    expect(requests).toBe(expected.responses);
    expect(report.skipped).toBe(expected.skipped);
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(RSS_LIMIT_KB);
  }, 900_000);
});
