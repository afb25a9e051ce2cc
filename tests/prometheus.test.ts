import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { claudeLine, freePort, metricsFixture, startServe, stop, waitFor } from './metrics-helpers.js';

const PROMETHEUS = '/usr/bin/prometheus';
const APP_SESSION = '3e700001-0000-4aaa-8bbb-000000000001';

// Debian's prometheus scraping `usage serve` on loopback every second; figures in fixtures/metrics/README.md
// (tool counters: one call appended at the end).
describe('usage serve scraped by a real Prometheus', () => {
  const dir = tempDir('usage-prom-');
  let serve: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  afterAll(async () => {
    await stop(prometheus);
    await stop(serve);
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the fixture totals, and they grow when a line is appended', async () => {
    // Not skipped when missing: .ci/run installs it (apt-get install prometheus).
    expect(existsSync(PROMETHEUS), `${PROMETHEUS} is missing: apt-get install prometheus`).toBe(true);
    const { env, claudeDir } = metricsFixture(path.join(dir, 'logs'));
    const served = await startServe(env);
    serve = served.child;
    const target = new URL(served.url).host;
    const port = await freePort();
    const config = path.join(dir, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: usage\n    static_configs:\n      - targets: ['${target}']\n`);
    mkdirSync(path.join(dir, 'tsdb'));
    let promLog = '';
    prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    prometheus.stderr!.on('data', (d: Buffer) => (promLog = (promLog + d.toString()).slice(-4000)));

    const query = async (q: string): Promise<number | undefined> => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
        const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
        const v = body.data?.result?.[0]?.value[1];
        return v === undefined ? undefined : Number(v);
      } catch {
        return undefined; // not up yet
      }
    };
    const until = (q: string, want: (v: number) => boolean) => waitFor(q, async () => {
      const v = await query(q);
      return v !== undefined && want(v) ? v : undefined;
    }, 40_000).catch((err: Error) => { throw new Error(`${err.message}\n${promLog}`); });

    // Tokens: claude 13,500 + 3,000 + 200, codex 1,300 = 18,000; sonnet in /home/me/app: 13,500.
    expect(await until('sum(usage_tokens_total)', () => true)).toBe(18_000);
    expect(await query('sum(usage_tokens_total{agent="claude",model="claude-sonnet-4-5",project="/home/me/app"})')).toBe(13_500);
    expect(await query('usage_tokens_total{agent="codex",type="input",device="laptop"}')).toBe(800);
    expect(await query('usage_tokens_total{agent="codex",type="cacheRead"}')).toBe(200);
    expect(await query('sum(usage_tokens_total{type="cacheCreation"})')).toBe(2000);
    // Cost: 0.021 + 0.007 + 0.0018 + 0.004025 = 0.033825.
    expect(await query('sum(usage_cost_usd_total)')).toBeCloseTo(0.033825, 12);
    expect(await query('usage_cost_usd_total{agent="codex"}')).toBe(0.004025);
    expect(await query('sum(usage_requests_total)')).toBe(4);
    expect(await query('usage_window_tokens{agent="claude"}')).toBe(16_700);
    expect(await query('usage_window_minutes_left{agent="claude"}')).toBe(210);
    expect(await query('usage_rate_limit_used_percent{agent="codex",window="5h"}')).toBe(25);

    // One more sonnet response: 2,000 in + 1,000 out = 3,000 tokens, $0.006 + $0.015 = $0.021.
    appendFileSync(
      path.join(claudeDir, 'projects', '-home-me-app', `${APP_SESSION}.jsonl`),
      claudeLine({ session: APP_SESSION, cwd: '/home/me/app', id: 'm4', at: '2026-05-02T11:20:00.000Z', model: 'claude-sonnet-4-5', input: 2000, output: 1000 }),
    );
    expect(await until('sum(usage_tokens_total)', (v) => v !== 18_000)).toBe(21_000);
    expect(await query('sum(usage_cost_usd_total)')).toBeCloseTo(0.054825, 12);
    expect(await query('sum(usage_requests_total)')).toBe(5);

    // No tool call in the fixture: then a Bash call whose result is an error (`usage tools` counts 1 and 1).
    expect(await query('sum(usage_tool_calls_total)')).toBeUndefined();
    const at = '2026-05-02T11:25:00.000Z';
    appendFileSync(
      path.join(claudeDir, 'projects', '-home-me-app', `${APP_SESSION}.jsonl`),
      `${JSON.stringify({ type: 'assistant', cwd: '/home/me/app', sessionId: APP_SESSION, timestamp: at, requestId: 'req_t1', message: { id: 'msg_t1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_t1', name: 'Bash', input: { command: 'false' } }], usage: { input_tokens: 0, output_tokens: 0 } } })}\n` +
        `${JSON.stringify({ type: 'user', cwd: '/home/me/app', sessionId: APP_SESSION, timestamp: at, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_t1', content: 'exit 1', is_error: true }] } })}\n`,
    );
    expect(await until('sum(usage_tool_calls_total)', () => true)).toBe(1);
    expect(await query('usage_tool_errors_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/home/me/app"}')).toBe(1);
  }, 120_000);
});
