/**
 * `usage sync` and `--db` against a real PostgreSQL (tests/pg-cluster.ts), no mock: the reports
 * from the database equal the reports from the logs byte for byte, syncs are idempotent and
 * incremental, and faults (a killed sync, a server gone, a newer schema) leave no duplicate and
 * no gap. Figures are in fixtures/postgres/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, fixture, runCli, tempDirs } from './helpers.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/sinks/postgres/migrations.js';
import { usePgCluster } from './pg-cluster.js';
import { copyNumber, copyText, timestampText } from '../src/sinks/postgres/encoder.js';

const cluster = usePgCluster();
const temp = tempDirs('usage-pg-test-');

/** Claude, Codex and Gemini fixtures: 6 + 2 + 3 responses in 3 + 1 + 2 files (fixtures/postgres/README.md). */
const LOGS = {
  CLAUDE_CONFIG_DIR: fixture('claude', 'reports'),
  CODEX_HOME: fixture('codex', 'model-switch'),
  GEMINI_CLI_HOME: fixture('gemini', 'twin'),
};

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = [], url = cluster().url): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A database of its own for a test, so that the tests do not see each other's rows. */
async function freshDatabase(name: string): Promise<string> {
  await query(`DROP DATABASE IF EXISTS ${name}`);
  await query(`CREATE DATABASE ${name}`);
  return cluster().url.replace(/\/usage$/, `/${name}`);
}

const SUMMARY = /^synced to postgres:\/\/usage@127\.0\.0\.1:\d+\/\w+ as device (\S+): (\d+) events, (\d+) tool calls, (\d+) files sent$/;

type Sent = { events: number; toolCalls: number; files: number };

/** A sync that succeeds with `stderr`: what it says it sent, per device, in the order it says it. */
async function syncDevices(url: string, env: Record<string, string | undefined>, stderr = '', args: string[] = []): Promise<Record<string, Sent>> {
  const r = await runCli(['sync', url, ...args], env);
  expect(r.stderr).toBe(stderr);
  expect(r.code).toBe(0);
  const sent: Record<string, Sent> = {};
  for (const line of r.stdout.replace(/\n$/, '').split('\n')) {
    const m = SUMMARY.exec(line);
    expect(m, r.stdout).not.toBeNull();
    sent[m![1]!] = { events: Number(m![2]), toolCalls: Number(m![3]), files: Number(m![4]) };
  }
  return sent;
}

/** A sync of one device's logs: what it sent. */
async function sync(url: string, env: Record<string, string | undefined>, stderr = ''): Promise<Sent> {
  const sent = Object.values(await syncDevices(url, env, stderr));
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

/** The same command from the logs and from the database: byte-identical stdout, both exit 0. */
async function expectSameOutput(args: string[], logsEnv: Record<string, string>, url: string, localOnly: string[] = []): Promise<string> {
  const local = await runCli([...args, ...localOnly], logsEnv);
  const fromDb = await runCli([...args, '--db', url], { HOME: temp('usage-empty-home-'), ...(logsEnv.USAGE_NOW ? { USAGE_NOW: logsEnv.USAGE_NOW } : {}) });
  expect(local.code).toBe(0);
  expect(fromDb.stderr).toBe('');
  expect(fromDb.code).toBe(0);
  expect(fromDb.stdout).toBe(local.stdout);
  return local.stdout;
}

/** The same report's JSON from the logs and from the database. */
const expectSameReport = (args: string[], logsEnv: Record<string, string>, url: string, localOnly: string[] = []): Promise<string> =>
  expectSameOutput([...args, '--json'], logsEnv, url, localOnly);

/** One Claude response line; `output` is its rank. */
function claudeLine(session: string, n: number, output: number, model = 'claude-sonnet-4-5-20250929'): string {
  const ts = new Date(Date.UTC(2026, 0, 10, 8, 0, 0) + n * 1000).toISOString();
  return `${JSON.stringify({
    type: 'assistant',
    sessionId: session,
    cwd: '/work/big',
    timestamp: ts,
    requestId: `req_${session}_${n}`,
    message: { id: `msg_${session}_${n}`, model, role: 'assistant', usage: { input_tokens: 10, output_tokens: output, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 } },
  })}\n`;
}

/** A Claude folder of `files` sessions with `perFile` responses each: big enough to catch a sync midway. */
function bigClaudeFolder(files: number, perFile: number): string {
  const dir = path.join(temp(), 'projects', '-work-big');
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const session = `s${f}`;
    const lines: string[] = [];
    for (let n = 0; n < perFile; n++) lines.push(claudeLine(session, n, 1 + (n % 7)));
    writeFileSync(path.join(dir, `${session}.jsonl`), lines.join(''));
  }
  return path.dirname(path.dirname(dir));
}

/** A Claude response line of a session, at an instant (ms), `output` tokens (its rank). */
function response(session: string, cwd: string, at: number, id: string, output: number): string {
  return `${JSON.stringify({
    type: 'assistant', sessionId: session, cwd, timestamp: new Date(at).toISOString(), requestId: `req_${id}`,
    message: { id: `msg_${id}`, model: 'claude-sonnet-4-5-20250929', role: 'assistant', usage: { input_tokens: 1000, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
  })}\n`;
}

/** Sets a file's mtime to a whole second (exact in every clock), `s` seconds after 2026-02-01. */
function setMtime(file: string, s: number): void {
  const at = Date.UTC(2026, 1, 1) / 1000 + s;
  utimesSync(file, at, at);
}

/** Where the database holds a response from, as read back. */
async function heldFrom(url: string, id: string): Promise<{ file: string; session: string; out: number }[]> {
  return query<{ file: string; session: string; out: number }>('SELECT file_path AS file, session_id AS session, output_tokens AS out FROM usage_events WHERE response_id = $1', [`msg_${id}`], url);
}

function startSync(url: string, env: Record<string, string>): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, 'sync', url], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: temp('usage-home-'), USAGE_CACHE_DIR: temp('usage-cache-'), NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Waits (at most 60 s, polling every 5 ms) until a sync is sending events into `database`. */
async function untilSendingEvents(database: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster().url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    for (let i = 0; i < 12_000; i++) {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND (query LIKE 'COPY usage_events%' OR query LIKE 'INSERT INTO usage_events%')", [database]);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no sync was seen sending events');
  } finally {
    await client.end();
  }
}

describe('usage sync and --db', () => {
  it('fixtures synced give, through --db, byte-identical JSON to the reports from the logs; a second sync sends nothing', async () => {
    const url = await freshDatabase('fixtures');
    const env = { ...LOGS, USAGE_DEVICE: 'laptop' };
    expect(await sync(url, env)).toEqual({ events: 11, toolCalls: 0, files: 6 });
    for (const args of [['daily'], ['weekly'], ['monthly'], ['session'], ['model'], ['project'], ['daily', '--breakdown', '--since', '2026-01-31'], ['daily', '-p', 'codex'], ['blocks']]) {
      await expectSameReport(args, LOGS, url);
    }
    const daily = JSON.parse(await expectSameReport(['daily'], LOGS, url));
    expect(daily.totals.totalTokens).toBeGreaterThan(0);

    expect(await sync(url, env)).toEqual({ events: 0, toolCalls: 0, files: 0 });
    const [rows] = await query<{ n: number; keys: number }>('SELECT count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys FROM usage_events', [], url);
    expect(rows).toEqual({ n: 11, keys: 11 });
    const [version] = await query<{ v: number }>('SELECT max(version)::int AS v FROM usage_schema_version', [], url);
    expect(version!.v).toBe(SCHEMA_VERSION);
  });

  it('keeps no command text, prompt or output: tool calls carry names, paths, programs', async () => {
    const url = await freshDatabase('tools');
    const env = { CLAUDE_CONFIG_DIR: fixture('activity', 'claude', 'basic'), USAGE_DEVICE: 'laptop' };
    const sent = await sync(url, env);
    expect(sent.toolCalls).toBeGreaterThan(0);
    const dump = await query<{ row: string }>('SELECT row_to_json(t)::text AS row FROM usage_tool_calls t', [], url);
    const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM usage_tool_calls', [], url) as [{ n: number }];
    expect(n).toBe(sent.toolCalls);
    const columns = await query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'usage_tool_calls'", [], url);
    expect(columns.map((c) => c.column_name)).not.toContain('command');
    for (const { row } of dump) expect(row).not.toMatch(/"command"/);
  });

  it('a better line of a response replaces the worse one; the report follows', async () => {
    const url = await freshDatabase('better');
    const home = temp();
    cpSync(fixture('claude', 'reports'), home, { recursive: true });
    const file = path.join(home, 'projects', '-Users-me-work-api', 'aa000001-0000-4aaa-8bbb-00000000000a.jsonl');
    const env = { CLAUDE_CONFIG_DIR: home, USAGE_DEVICE: 'laptop' };
    await sync(url, env);
    const key = (await query<{ k: string; out: number }>("SELECT dedupe_key AS k, output_tokens AS out FROM usage_events WHERE response_id = 'msg_01RepA1xxxxxxxxxxxxxxxxx'", [], url))[0]!;
    expect(key.out).toBe(50);
    // The same response written again with its final output count (the streamed response's last line).
    const line = '{"type":"assistant","sessionId":"aa000001-0000-4aaa-8bbb-00000000000a","cwd":"/Users/me/work/api","timestamp":"2026-01-30T10:00:01.000Z","requestId":"req_011CRepA1xxxxxxxxxxxxxxx","message":{"id":"msg_01RepA1xxxxxxxxxxxxxxxxx","model":"claude-sonnet-4-5-20250929","role":"assistant","usage":{"input_tokens":100,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":0},"output_tokens":80}}}\n';
    // …and a damaged line, which both reports count in `skipped`.
    appendFileSync(file, `${line}{"type":"assistant","requestId":"r","message":{"id":"m","usage":{"input_tokens":1,"output_tokens":\n`);
    // A1 is now read last in its file: A2 and A3 moved up one place, so the three rows of the file are sent.
    expect(await sync(url, env, 'note: skipped 1 in 1 file (1 invalid JSON); --debug lists them\n')).toEqual({ events: 3, toolCalls: 0, files: 1 });
    const after = await query<{ k: string; out: number }>("SELECT dedupe_key AS k, output_tokens AS out FROM usage_events WHERE response_id = 'msg_01RepA1xxxxxxxxxxxxxxxxx'", [], url);
    expect(after).toEqual([{ k: key.k, out: 80 }]);
    expect(JSON.parse(await expectSameReport(['daily'], { CLAUDE_CONFIG_DIR: home }, url)).skipped).toBe(1);
    await expectSameReport(['session'], { CLAUDE_CONFIG_DIR: home }, url);
  });

  it('ten syncs at once from ten devices with overlapping events: each event once per device, reports dedupe across devices', async () => {
    const url = await freshDatabase('ten');
    const runs = Array.from({ length: 10 }, (_, i) => {
      const env = i < 5 ? { CLAUDE_CONFIG_DIR: LOGS.CLAUDE_CONFIG_DIR, CODEX_HOME: LOGS.CODEX_HOME } : { CLAUDE_CONFIG_DIR: LOGS.CLAUDE_CONFIG_DIR, GEMINI_CLI_HOME: LOGS.GEMINI_CLI_HOME };
      return sync(url, { ...env, USAGE_DEVICE: `d${i + 1}` });
    });
    const sent = await Promise.all(runs);
    expect(sent.map((s) => s.events)).toEqual([8, 8, 8, 8, 8, 9, 9, 9, 9, 9]);
    const perDevice = await query<{ device: string; n: number; keys: number }>('SELECT device, count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys FROM usage_events GROUP BY device ORDER BY device', [], url);
    expect(perDevice).toEqual(['d1', 'd10', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'].map((device) => {
      const n = ['d1', 'd2', 'd3', 'd4', 'd5'].includes(device) ? 8 : 9;
      return { device, n, keys: n };
    }));
    // Every device's copy of a response is one response, on a tie the device first by name (d1 < d10 <
    // d2 …): the report is that of the logs read locally as two machines' folders, d1 (Claude and
    // Codex) and d10 (Claude and Gemini), in that order.
    const d1 = temp('usage-d1-'), d10 = temp('usage-d10-');
    // Linked, not copied: a copy's new mtimes would change which file is oldest.
    symlinkSync(LOGS.CLAUDE_CONFIG_DIR, path.join(d1, '.claude'));
    symlinkSync(LOGS.CODEX_HOME, path.join(d1, '.codex'));
    symlinkSync(LOGS.CLAUDE_CONFIG_DIR, path.join(d10, '.claude'));
    symlinkSync(path.join(LOGS.GEMINI_CLI_HOME, '.gemini'), path.join(d10, '.gemini'));
    const asTwoMachines = ['--source', `d1=${d1}`, '--source', `d10=${d10}`];
    const daily = await expectSameReport(['daily'], { HOME: temp('usage-empty-home-') }, url, asTwoMachines);
    expect(daily).toContain('"device": "d10"');
    expect(daily).not.toContain('"device": "d2"');
    await expectSameReport(['session'], { HOME: temp('usage-empty-home-') }, url, asTwoMachines);
  });

  it('two folders synced in one run under their labels: daily --db equals daily --source over both, with the figures worked out by hand', async () => {
    const url = await freshDatabase('two');
    const a = temp('usage-a-'), b = temp('usage-b-');
    cpSync(fixture('postgres', 'two-devices', 'a'), a, { recursive: true });
    cpSync(fixture('postgres', 'two-devices', 'b'), b, { recursive: true });
    // a's file older than b's: the same order of files whichever way they are read.
    setMtime(path.join(a, '.claude', 'projects', '-work-alpha', 'aa000000-0000-4000-8000-00000000000a.jsonl'), 0);
    setMtime(path.join(b, 'projects', '-work-beta', 'bb000000-0000-4000-8000-00000000000b.jsonl'), 60);
    const env = { HOME: temp('usage-empty-home-'), USAGE_DEVICE: 'here' };
    const args = ['--source', `a=${a}`, '--source', `b=${b}`];
    expect(await syncDevices(url, env, '', args)).toEqual({
      here: { events: 0, toolCalls: 0, files: 0 },
      a: { events: 2, toolCalls: 0, files: 1 },
      b: { events: 2, toolCalls: 0, files: 1 },
    });
    // The response both folders hold is a row of each device; reports count it once, b's line (output 250 > 200).
    const rows = await query<{ device: string; out: number }>('SELECT device, output_tokens AS out FROM usage_events ORDER BY device, ts_ms, output_tokens', [], url);
    expect(rows).toEqual([{ device: 'a', out: 100 }, { device: 'a', out: 200 }, { device: 'b', out: 250 }, { device: 'b', out: 300 }]);
    const daily = JSON.parse(await expectSameReport(['daily', '-z', 'UTC'], env, url, args));
    expect(daily.daily.map((d: { date: string; inputTokens: number; outputTokens: number; totalCost: number }) => [d.date, d.inputTokens, d.outputTokens, d.totalCost])).toEqual([
      ['2026-01-10', 3000, 350, 0.01425],
      ['2026-01-11', 3000, 300, 0.013500000000000002],
    ]);
    expect(daily.daily[0].modelBreakdowns.map((m: { device: string; outputTokens: number }) => [m.device, m.outputTokens])).toEqual([['a', 100], ['b', 250]]);
    expect(daily.totals).toMatchObject({ inputTokens: 6000, outputTokens: 650, totalTokens: 6650, totalCost: 0.027750000000000004 });
    await expectSameReport(['session'], env, url, args);
    expect(await syncDevices(url, env, '', args)).toEqual({ here: { events: 0, toolCalls: 0, files: 0 }, a: { events: 0, toolCalls: 0, files: 0 }, b: { events: 0, toolCalls: 0, files: 0 } });
  });

  it('text with a tab, a newline, a carriage return and a backslash goes through COPY unchanged', async () => {
    expect(copyText('a\tb\nc\rd\\e\u0000f')).toBe('a\\tb\\nc\\rd\\\\e\ufffdf');
    expect([copyNumber(null), copyNumber(1e21), copyNumber(0.1)]).toEqual(['\\N', '1e+21', '0.1']);
    expect([timestampText(Date.UTC(2026, 0, 5, 12)), timestampText(Date.UTC(2026, 0, 5, 12) + 0.25), timestampText(Date.UTC(2026, 0, 5, 12) + 0.9999)])
      .toEqual(['2026-01-05T12:00:00.000Z', '2026-01-05T12:00:00.000250Z', '2026-01-05T12:00:00.001Z']);
    for (const ms of [Date.UTC(2026, 0, 5, 12, 34, 56, 789), Date.UTC(2026, 0, 5, 12) - 1, -1, 0, Date.UTC(1969, 6, 20, 20, 17, 40, 5)]) expect(timestampText(ms)).toBe(new Date(ms).toISOString());
    const url = await freshDatabase('escapes');
    const home = temp();
    const cwd = '/work/odd\tname\nline\rreturn\\back\\\\slash \\N';
    mkdirSync(path.join(home, 'projects', '-work-odd'), { recursive: true });
    writeFileSync(path.join(home, 'projects', '-work-odd', 's.jsonl'), response('s\\1', cwd, Date.UTC(2026, 0, 5, 12), 'odd', 7));
    await sync(url, { CLAUDE_CONFIG_DIR: home, USAGE_DEVICE: 'laptop' });
    expect(await query('SELECT project_path, session_id, ts = to_timestamp(ts_ms / 1000) AS same_instant FROM usage_events', [], url)).toEqual([{ project_path: cwd, session_id: 's\\1', same_instant: true }]);
    await expectSameReport(['session'], { CLAUDE_CONFIG_DIR: home }, url);
  });

  it('a sync over files the database holds at their size and mtime reads none of them', async () => {
    const url = await freshDatabase('unread');
    const home = temp();
    cpSync(fixture('claude', 'reports'), home, { recursive: true });
    const file = path.join(home, 'projects', '-Users-me-work-api', 'aa000001-0000-4aaa-8bbb-00000000000a.jsonl');
    setMtime(file, 0);
    const env = { CLAUDE_CONFIG_DIR: home, USAGE_DEVICE: 'laptop' };
    expect(await sync(url, env)).toEqual({ events: 6, toolCalls: 0, files: 3 });
    // The same size and mtime over damaged bytes: read, they would be skipped lines and a file sent.
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.alloc(bytes.length, '{'));
    setMtime(file, 0);
    expect(await sync(url, env)).toEqual({ events: 0, toolCalls: 0, files: 0 });
    writeFileSync(file, bytes);
    setMtime(file, 0);
    // Rows made by another build or under other prices are all sent again.
    await query("UPDATE usage_devices SET rows_identity = 'another build'", [], url);
    expect(await sync(url, env)).toEqual({ events: 6, toolCalls: 0, files: 3 });
    await expectSameReport(['daily'], { CLAUDE_CONFIG_DIR: home }, url);
  });

  it('a response in two files: when a file changes, the winner over all the device\'s files is sent (the oldest file on a tie)', async () => {
    const url = await freshDatabase('moved');
    const home = temp();
    const dir = path.join(home, 'projects', '-work-r');
    mkdirSync(dir, { recursive: true });
    const t = Date.UTC(2026, 0, 20, 9);
    // `r` is in both sessions' files at the same rank (a resumed session's copy); o1 and n1 in one each.
    const o = path.join(dir, 'o.jsonl'), n = path.join(dir, 'n.jsonl');
    writeFileSync(o, response('o', '/work/r', t, 'o1', 10) + response('o', '/work/r', t + 1000, 'r', 40));
    writeFileSync(n, response('n', '/work/r', t + 1000, 'r', 40) + response('n', '/work/r', t + 2000, 'n1', 20));
    setMtime(o, 0);
    setMtime(n, 60);
    const env = { CLAUDE_CONFIG_DIR: home, USAGE_DEVICE: 'laptop' };
    expect(await sync(url, env)).toEqual({ events: 3, toolCalls: 0, files: 2 });
    expect(await heldFrom(url, 'r')).toEqual([{ file: o, session: 'o', out: 40 }]);
    // o grows and is now the newer file: n's copy, unread this time, wins the tie.
    appendFileSync(o, response('o', '/work/r', t + 3000, 'o2', 30));
    setMtime(o, 120);
    expect(await sync(url, env)).toEqual({ events: 3, toolCalls: 0, files: 1 });
    expect(await heldFrom(url, 'r')).toEqual([{ file: n, session: 'n', out: 40 }]);
    await expectSameReport(['session'], { CLAUDE_CONFIG_DIR: home }, url);
    // n is rewritten without it: the row held as read from n goes back to o's line.
    writeFileSync(n, response('n', '/work/r', t + 2000, 'n1', 20));
    setMtime(n, 180);
    expect(await sync(url, env)).toEqual({ events: 2, toolCalls: 0, files: 1 });
    expect(await heldFrom(url, 'r')).toEqual([{ file: o, session: 'o', out: 40 }]);
    await expectSameReport(['session'], { CLAUDE_CONFIG_DIR: home }, url);
    await expectSameReport(['daily'], { CLAUDE_CONFIG_DIR: home }, url);
  });

  it('a sync killed with SIGKILL midway, then run again, leaves no duplicate and no gap', async () => {
    const url = await freshDatabase('killed');
    const env = { CLAUDE_CONFIG_DIR: bigClaudeFolder(8, 10_000), USAGE_DEVICE: 'vm' };
    const { child, done } = startSync(url, env);
    await untilSendingEvents('killed');
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const [{ n: afterKill }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events', [], url) as [{ n: number }];
    expect(afterKill).toBe(0);
    expect(await sync(url, env)).toEqual({ events: 80_000, toolCalls: 0, files: 8 });
    const [rows] = await query<{ n: number; keys: number; out: number }>('SELECT count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys, sum(output_tokens)::int AS out FROM usage_events', [], url);
    // Output 1..7 in turn: 10 000 lines per file sum to 1428 × 28 + (1+2+3+4) = 39 994.
    expect(rows).toEqual({ n: 80_000, keys: 80_000, out: 8 * 39_994 });
    await expectSameReport(['daily'], { CLAUDE_CONFIG_DIR: env.CLAUDE_CONFIG_DIR }, url);
  });

  it('the server stopped mid-sync: one line on stderr, exit 1; the next sync completes', async () => {
    const url = await freshDatabase('stopped');
    const env = { CLAUDE_CONFIG_DIR: bigClaudeFolder(8, 10_000), USAGE_DEVICE: 'vm' };
    const { done } = startSync(url, env);
    await untilSendingEvents('stopped');
    cluster().stop();
    const r = await done;
    cluster().start();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: PostgreSQL at postgres:\/\/usage@127\.0\.0\.1:\d+\/stopped: [^\n]+\n$/);
    expect(await sync(url, env)).toEqual({ events: 80_000, toolCalls: 0, files: 8 });
  });

  it('refuses a database whose schema is newer than this build, in one line', async () => {
    const url = await freshDatabase('newer');
    await sync(url, { ...LOGS, USAGE_DEVICE: 'laptop' });
    await query('INSERT INTO usage_schema_version (version) VALUES ($1)', [SCHEMA_VERSION + 1], url);
    for (const args of [['sync', url], ['daily', '--json', '--db', url], ['tools', '--db', url]]) {
      const r = await runCli(args, LOGS);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`usage: PostgreSQL at ${url}: the database's usage schema is version ${SCHEMA_VERSION + 1}, newer than this build's ${SCHEMA_VERSION}: upgrade usage to use it\n`);
    }
  });

  it('an unreachable server: one line, exit 1, the password never shown', async () => {
    const closed = `postgres://usage:s3cr%40t-pw@127.0.0.1:1/usage`;
    for (const args of [['sync', closed], ['daily', '--db', closed], ['tools', '--db', closed], ['audit', '--db', closed], ['report', '--json', '--db', closed], ['export', '--db', closed], ['session', '--tools', '--json', '--db', closed]]) {
      const r = await runCli(args, { ...LOGS, PGPASSWORD: 'also-secret' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^usage: PostgreSQL at postgres:\/\/usage:\*\*\*@127\.0\.0\.1:1\/usage: [^\n]*ECONNREFUSED[^\n]*\n$/);
      expect(r.stderr).not.toMatch(/s3cr|also-secret/);
    }
    // Command text stays on the machines: what shows it cannot read it from the database.
    for (const command of ['audit', 'export']) {
      const r = await runCli([command, '--commands', '--db', closed], LOGS);
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'usage: --commands cannot go with --db: `usage sync` stores no command text\n' });
    }
    const bad = await runCli(['sync', 'mysql://x@y/z'], LOGS);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'usage: sync expects a postgres:// URL, got mysql://…\n' });
  });
});

/** Tool-call fixtures of every agent (fixtures/postgres/README.md "Tool calls"): Claude 31 calls, Codex 12, Gemini 6. */
const ACTIVITY = {
  CLAUDE_CONFIG_DIR: ['basic', 'resumed', 'audit'].map((f) => fixture('activity', 'claude', f)).join(','),
  CODEX_HOME: fixture('activity', 'codex', 'basic'),
  GEMINI_CLI_HOME: fixture('activity', 'gemini', 'basic'),
  USAGE_DEVICE: 'laptop',
};

/** Copies of fixture folders' `projects/` into one Claude folder, every file with this mtime (the order a run reads them in). */
function claudeFolder(folders: string[], mtime: string): string {
  const dir = temp();
  for (const f of folders) cpSync(fixture('activity', 'claude', f, 'projects'), path.join(dir, 'projects'), { recursive: true });
  const at = new Date(mtime);
  const touch = (p: string): void => {
    for (const entry of readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) touch(full);
      else utimesSync(full, at, at);
    }
  };
  touch(dir);
  return dir;
}

type ToolsJson = { tools: { device?: string; provider: string; tool: string; calls: number; errors: number }[]; totals: { calls: number; errors: number } };
type AuditJson = { findings: { device?: string; sessionId: string; path: string | null; access: string; sensitive: boolean; risk?: string }[] };

describe('tools, audit, report and export from the database', () => {
  it('one device: every flag gives the output of the local run, byte for byte, with the fixtures\' figures', async () => {
    const url = await freshDatabase('activity');
    expect(await sync(url, ACTIVITY)).toMatchObject({ toolCalls: 49 });
    const tools = JSON.parse(await expectSameReport(['tools'], ACTIVITY, url)) as ToolsJson;
    expect(tools.totals).toEqual({ calls: 49, errors: 10 });
    const perAgent = (json: ToolsJson, provider: string): { calls: number; errors: number } =>
      json.tools.filter((t) => t.provider === provider).reduce((sum, t) => ({ calls: sum.calls + t.calls, errors: sum.errors + t.errors }), { calls: 0, errors: 0 });
    expect(['claude', 'codex', 'gemini'].map((p) => perAgent(tools, p))).toEqual([{ calls: 31, errors: 4 }, { calls: 12, errors: 4 }, { calls: 6, errors: 2 }]);
    expect(tools.tools[0]).toEqual({ provider: 'claude', tool: 'Bash', category: 'shell', calls: 11, errors: 3, durationMsMedian: 1000, durationMsP95: 30000, sessions: 3 });
    for (const by of ['day', 'session', 'project', 'model', 'device']) await expectSameReport(['tools', '--by', by, '--breakdown'], ACTIVITY, url);
    for (const args of [['tools', '-p', 'codex'], ['tools', '--since', '2026-05-03', '-z', 'UTC'], ['tools', '--project', '/Users/me', '--order', 'asc'], ['session', '--tools']]) await expectSameReport(args, ACTIVITY, url);
    for (const args of [['tools'], ['tools', '--by', 'session', '--breakdown'], ['tools', '--csv', '--breakdown'], ['audit'], ['audit', '--csv'], ['export'], ['export', '--format', 'csv', '--since', '2026-05-02', '-z', 'UTC']]) await expectSameOutput(args, ACTIVITY, url);

    const audit = JSON.parse(await expectSameReport(['audit', '--project', '/home/dev/proj'], ACTIVITY, url)) as AuditJson;
    // fixtures/activity/claude/audit/README.md: 10 findings, no device (one machine's).
    expect(audit.findings.map((x) => `${x.path ?? '-'} ${x.access} ${x.sensitive}${x.risk ? ` ${x.risk}` : ''}`)).toEqual([
      '/home/dev/shared/lib.ts read false', '/home/dev/.aws/credentials read true', '/home/dev/.zshrc write true', '/home/dev/other/.env.local read true',
      '/etc/hosts exec true', '/home/dev/cache write false rm-rf', '- exec false pipe-to-shell', '- exec false sudo', '/home/dev/.ssh/id_ed25519 read true', 'C:\\Users\\dev\\notes.txt read false',
    ]);
    expect(audit.findings[0]).not.toHaveProperty('device');
    // --fail-on: the same exit 1, after the same output.
    const failing = await runCli(['audit', '--json', '--fail-on', 'outside-write', '--db', url]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe(await runCli(['audit', '--json'], ACTIVITY).then((r) => r.stdout));

    // The page and its data, at one pinned instant.
    const pinned = { ...ACTIVITY, USAGE_NOW: '2026-05-04T00:00:00Z' };
    const page = JSON.parse(await expectSameReport(['report'], pinned, url)) as { tools: ToolsJson; audit: AuditJson };
    expect(page.tools.totals).toEqual({ calls: 49, errors: 10 });
    const dir = temp();
    const local = await runCli(['report', '--html', path.join(dir, 'local.html')], pinned);
    const fromDb = await runCli(['report', '--html', path.join(dir, 'db.html'), '--db', url], { USAGE_NOW: pinned.USAGE_NOW });
    expect([local.code, fromDb.code, fromDb.stderr]).toEqual([0, 0, '']);
    expect(readFileSync(path.join(dir, 'db.html'), 'utf8')).toBe(readFileSync(path.join(dir, 'local.html'), 'utf8'));
  });

  it('two devices: a call synced from both counts once, under the device of the older file, as the local run over both folders', async () => {
    const url = await freshDatabase('two');
    // laptop: session s1 (15 calls, 2 errors); desktop, a day newer: s2, which copies two of s1's
    // calls, and a1 (14 calls). By name desktop would come first: the older file must decide.
    const laptop = claudeFolder(['basic'], '2026-05-05T00:00:00Z');
    const desktop = claudeFolder(['resumed', 'audit'], '2026-05-06T00:00:00Z');
    expect(await sync(url, { CLAUDE_CONFIG_DIR: laptop, USAGE_DEVICE: 'laptop' })).toMatchObject({ toolCalls: 15 });
    expect(await sync(url, { CLAUDE_CONFIG_DIR: desktop, USAGE_DEVICE: 'desktop' })).toMatchObject({ toolCalls: 18 });
    const asTwoMachines = ['--source', `laptop=${laptop}`, '--source', `desktop=${desktop}`];
    const home = { HOME: temp('usage-empty-home-') };
    const totals = JSON.parse(await expectSameReport(['tools'], home, url, asTwoMachines)) as ToolsJson;
    // 15 + 18 stored, the two copies once: 31 calls; errors 2 (laptop) + toolu_30new and toolu_a07 (desktop).
    expect(totals.totals).toEqual({ calls: 31, errors: 4 });
    const byDevice = JSON.parse(await expectSameReport(['tools', '--by', 'device'], home, url, asTwoMachines)) as ToolsJson;
    const sum = (device: string): number => byDevice.tools.filter((t) => t.device === device).reduce((n, t) => n + t.calls, 0);
    expect([sum('laptop'), sum('desktop')]).toEqual([15, 16]);
    const audit = JSON.parse(await expectSameReport(['audit'], home, url, asTwoMachines)) as AuditJson;
    // Several devices: every finding says whose; the copied toolu_02ssh (~/.ssh/config) is the laptop's.
    expect(audit.findings.filter((x) => x.sessionId === 'a1').map((x) => x.device)).toEqual(new Array(10).fill('desktop'));
    expect(audit.findings.filter((x) => x.path === '/Users/me/.ssh/config').map((x) => `${x.device} ${x.sessionId}`)).toEqual(['laptop s1']);
    for (const args of [['audit'], ['export'], ['tools', '--by', 'device', '--breakdown']]) await expectSameOutput(args, home, url, asTwoMachines);
  });

  it('a copy made before the call was answered, in the older file: the call is that device\'s, its result the other\'s', async () => {
    const url = await freshDatabase('unanswered');
    // desktop, a day older: s2 copies toolu_04chain without its result (its row: unknown, no duration);
    // laptop: s1 with the result (30 s). Local, desktop first: the call part is desktop's, the result laptop's.
    const desktop = claudeFolder(['resumed', 'audit'], '2026-05-05T00:00:00Z');
    const laptop = claudeFolder(['basic'], '2026-05-06T00:00:00Z');
    await sync(url, { CLAUDE_CONFIG_DIR: desktop, USAGE_DEVICE: 'desktop' });
    await sync(url, { CLAUDE_CONFIG_DIR: laptop, USAGE_DEVICE: 'laptop' });
    const [stored] = await query<{ status: string; duration: number | null }>("SELECT status, duration_ms AS duration FROM usage_tool_calls WHERE device = 'desktop' AND call_key LIKE '%toolu_04chain'", [], url);
    expect(stored).toEqual({ status: 'unknown', duration: null });
    const asTwoMachines = ['--source', `desktop=${desktop}`, '--source', `laptop=${laptop}`];
    const home = { HOME: temp('usage-empty-home-') };
    const byDevice = JSON.parse(await expectSameReport(['tools', '--by', 'device'], home, url, asTwoMachines)) as ToolsJson & { tools: { durationMsMedian: number | null; durationMsP95: number | null }[] };
    // desktop's Bash: toolu_04chain (30 s, laptop's answer), toolu_30new (5 s), a06–a10 (1 s each): 7 calls, nearest-rank
    // median the 4th of 1,1,1,1,1,5,30 and p95 the 7th. Without laptop's answer, p95 would be 5 s (6 durations).
    expect(byDevice.tools.find((t) => t.device === 'desktop' && t.tool === 'Bash')).toMatchObject({ calls: 7, errors: 2, durationMsMedian: 1000, durationMsP95: 30000 });
    expect(byDevice.totals).toEqual({ calls: 31, errors: 4 });
    const exported = (await expectSameOutput(['export'], home, url, asTwoMachines)).split('\n').filter((l) => l.includes('"callId":"toolu_04chain"'));
    expect(exported.map((l) => JSON.parse(l) as { device: string; status: string; durationMs: number })).toMatchObject([{ device: 'desktop', status: 'ok', durationMs: 30000 }]);
  });

  it('a database of schema 1 is migrated by the next sync, which sends every call again with where it was read', async () => {
    const url = await freshDatabase('upgrade');
    await query(`CREATE TABLE usage_schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); ${MIGRATIONS[0]}; INSERT INTO usage_schema_version (version) VALUES (1)`, [], url);
    const before = await runCli(['tools', '--db', url]);
    expect(before).toEqual({ code: 1, stdout: '', stderr: `usage: PostgreSQL at ${url}: the database has no usage data of this version (schema 1, this build reads ${SCHEMA_VERSION}): run \`usage sync\` into it first\n` });
    expect(await sync(url, ACTIVITY)).toMatchObject({ toolCalls: 49 });
    const [row] = await query<{ v: number; placed: number }>('SELECT (SELECT max(version)::int FROM usage_schema_version) AS v, count(file_path)::int AS placed FROM usage_tool_calls', [], url);
    expect(row).toEqual({ v: SCHEMA_VERSION, placed: 49 });
    await expectSameReport(['tools', '--by', 'session'], ACTIVITY, url);
  });
});
