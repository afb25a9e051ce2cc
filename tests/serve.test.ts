import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCall } from '../src/core/tool-call.js';
import { buildCounters } from '../src/sinks/metrics/metric-set.js';
import { MonotonicCounters } from '../src/sinks/metrics/monotonic.js';
import { isLoopback, parseListen } from '../src/sinks/prometheus/server.js';
import { runCli, runJson, tempDir } from './helpers.js';
import { activityFixture, claudeLine, exposition, metricsFixture, startServe, stop, toolCounterRows, toolRowsOf, waitFor, type Serving } from './metrics-helpers.js';

const APP_SESSION = '3e700001-0000-4aaa-8bbb-000000000001';

/** The value of one exposition line, matched by its start (`usage_requests_total{agent="codex"`). */
async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}
function sampleSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('usage serve', () => {
  let serving: Serving | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await stop(serving?.child);
    if (dir) rmSync(dir, { recursive: true, force: true });
    serving = undefined;
    dir = undefined;
  });

  it('answers /healthz, and a log rewritten shorter holds the counters until the totals pass them', async () => {
    dir = tempDir('usage-serve-');
    const { env, claudeDir } = metricsFixture(path.join(dir, 'logs'));
    serving = await startServe(env);
    expect(await (await fetch(`${serving.url}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${serving.url}/nothing`)).status).toBe(404);
    const first = await scrape(serving.url);
    expect(sampleSum(first, 'usage_tokens_total')).toBe(18_000);
    expect(first).toContain('usage_cost_usd_total{agent="codex",model="gpt-5",device="laptop",project="/home/me/app"} 0.004025');

    // The app transcript rewritten with only the haiku response: sonnet's /home/me/app total falls to 0.
    const file = path.join(claudeDir, 'projects', '-home-me-app', `${APP_SESSION}.jsonl`);
    writeFileSync(file, claudeLine({ session: APP_SESSION, cwd: '/home/me/app', id: 'm2', at: '2026-05-02T10:30:00.000Z', model: 'claude-haiku-4-5', input: 2000, output: 1000 }));
    await waitFor('the note on the held series', () => (/series held at their highest value/.test(serving!.stderr()) ? true : undefined));
    const held = await scrape(serving.url);
    // Held: nothing went down (sonnet's 4 app series and its cost and requests are held at their values).
    expect(sampleSum(held, 'usage_tokens_total')).toBe(18_000);
    expect(sampleSum(held, 'usage_requests_total')).toBe(4);

    // A new sonnet response of 20,000 tokens: the app sonnet total (20,000 input) passes the held 1,000 input.
    writeFileSync(
      file,
      claudeLine({ session: APP_SESSION, cwd: '/home/me/app', id: 'm2', at: '2026-05-02T10:30:00.000Z', model: 'claude-haiku-4-5', input: 2000, output: 1000 }) +
        claudeLine({ session: APP_SESSION, cwd: '/home/me/app', id: 'm9', at: '2026-05-02T11:10:00.000Z', model: 'claude-sonnet-4-5', input: 20_000, output: 0 }),
    );
    const grown = await waitFor('the new total', async () => {
      const text = await scrape(serving!.url);
      return text.includes('usage_tokens_total{agent="claude",model="claude-sonnet-4-5",device="laptop",project="/home/me/app",type="input"} 20000') ? text : undefined;
    });
    // The other sonnet app series stay held: output 500, cacheRead 10,000, cacheCreation 2,000.
    expect(grown).toContain('usage_tokens_total{agent="claude",model="claude-sonnet-4-5",device="laptop",project="/home/me/app",type="output"} 500');
    expect(sampleSum(grown, 'usage_tokens_total')).toBe(18_000 - 1000 + 20_000);
  });

  it('tool counters equal `usage tools --json` per agent and tool, and grow with the log', async () => {
    dir = tempDir('usage-serve-');
    const { env, claudeBasic } = activityFixture(path.join(dir, 'logs'));
    serving = await startServe(env);
    const text = await scrape(serving.url);
    const served = (t: string): string[] => toolCounterRows(exposition(t, 'usage_tool_calls_total'), exposition(t, 'usage_tool_errors_total'));
    const cli = await runJson<Parameters<typeof toolRowsOf>[0] & { totals: unknown }>(['tools'], env);
    expect(served(text)).toEqual(toolRowsOf(cli));
    // By hand (fixtures/activity READMEs): Claude 17 calls, 3 errors in basic + resumed, 14 and 1 in
    // audit, 4 and 0 in windows; Codex 12 and 4; Gemini 6 and 2.
    expect(sampleSum(text, 'usage_tool_calls_total')).toBe(17 + 14 + 4 + 12 + 6);
    expect(sampleSum(text, 'usage_tool_errors_total')).toBe(3 + 1 + 0 + 4 + 2);
    expect(cli.totals).toEqual({ calls: 53, errors: 10 });
    // Bash in basic (5 calls, 1 error), resumed's force push (an error), audit's five (toolu_a06–a10, a07 the error).
    expect(text).toContain('usage_tool_calls_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/Users/me/app"} 6');
    expect(text).toContain('usage_tool_errors_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/Users/me/app"} 2');
    expect(text).toContain('usage_tool_calls_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/home/dev/proj"} 5');
    expect(text).toContain('usage_tool_errors_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/home/dev/proj"} 1');
    expect(text).toContain('usage_tool_calls_total{agent="gemini",tool="create_issue",category="mcp",device="laptop",project="/Users/me/app"} 1');

    // One more Bash call in s1, and its error result: the follower reads the tool parts too.
    const at = '2026-05-02T10:05:00.000Z';
    appendFileSync(
      path.join(claudeBasic, 'projects', '-Users-me-app', 's1.jsonl'),
      `${JSON.stringify({ cwd: '/Users/me/app', sessionId: 's1', type: 'assistant', uuid: 'atoolu_99', timestamp: at, requestId: 'req_toolu_99', message: { id: 'msg_toolu_99', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'tool_use', id: 'toolu_99', name: 'Bash', input: { command: 'false' } }], usage: { input_tokens: 1, output_tokens: 1 } } })}\n` +
        `${JSON.stringify({ cwd: '/Users/me/app', sessionId: 's1', type: 'user', uuid: 'utoolu_99', timestamp: at, message: { role: 'user', content: [{ tool_use_id: 'toolu_99', type: 'tool_result', content: 'exit 1', is_error: true }] } })}\n`,
    );
    const grown = await waitFor('the new tool call', async () => {
      const t = await scrape(serving!.url);
      return sampleSum(t, 'usage_tool_calls_total') === 54 ? t : undefined;
    });
    expect(grown).toContain('usage_tool_calls_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/Users/me/app"} 7');
    expect(grown).toContain('usage_tool_errors_total{agent="claude",tool="Bash",category="shell",device="laptop",project="/Users/me/app"} 3');
    expect(served(grown)).toEqual(toolRowsOf(await runJson(['tools'], env)));
  });

  it('--no-project-label; beyond loopback it warns', async () => {
    dir = tempDir('usage-serve-');
    const { env } = metricsFixture(path.join(dir, 'logs'));
    serving = await startServe(env, ['--no-project-label', '--listen', '0.0.0.0:0']);
    expect(serving.stderr()).toMatch(/^usage serve: warning: listening on 0\.0\.0\.0:\d+, beyond loopback: anyone who can reach it reads the metrics\n/);
    const text = await scrape(serving.url.replace('0.0.0.0', '127.0.0.1'));
    expect(text).not.toContain('project=');
    expect(text).toContain('usage_requests_total{agent="claude",model="claude-sonnet-4-5",device="laptop"} 2');
  });

  it('a bad --listen, or a port in use, is one line and exit 2', async () => {
    dir = tempDir('usage-serve-');
    const { env } = metricsFixture(path.join(dir, 'logs'));
    const bad = await runCli(['serve', '--listen', 'localhost'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('usage: --listen expects HOST:PORT such as 127.0.0.1:9477 or [::1]:9477, got "localhost"\n');
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const inUse = await runCli(['serve', '--listen', `127.0.0.1:${port}`], env);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toBe(`usage: cannot listen on 127.0.0.1:${port}: the port is in use\n`);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});

describe('metric set', () => {
  it('parses --listen and knows loopback', () => {
    expect(parseListen('[::1]:9477')).toEqual({ host: '::1', port: 9477 });
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(() => parseListen('127.0.0.1:70000')).toThrow(/--listen expects/);
    expect(isLoopback('127.0.0.2')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.2')).toBe(false);
  });

  it('counts tool calls and errors by agent, tool and category', () => {
    const call = (tool: string, status: ToolCall['status']): ToolCall => ({
      provider: 'claude', key: `k${Math.random()}`, timestamp: 0, sessionId: 's', projectPath: '/p', model: 'm', tool, category: 'shell', status, paths: [], programs: [], risks: [], device: '',
    });
    const set = buildCounters([], [call('Bash', 'ok'), call('Bash', 'error'), call('Read', 'unknown')], { device: 'd', project: false });
    expect(set.toolCalls).toEqual([
      { labels: { agent: 'claude', tool: 'Bash', category: 'shell', device: 'd' }, value: 2 },
      { labels: { agent: 'claude', tool: 'Read', category: 'shell', device: 'd' }, value: 1 },
    ]);
    expect(set.toolErrors.map((s) => s.value)).toEqual([1, 0]);
  });

  it('holds a series at its highest value, and follows it up again', () => {
    const m = new MonotonicCounters();
    const set = (v: number) => ({ tokens: [{ labels: { agent: 'claude' }, value: v }], cost: [], requests: [], toolCalls: [], toolErrors: [] });
    expect(m.hold(set(10)).counters.tokens[0]!.value).toBe(10);
    expect(m.hold(set(4))).toMatchObject({ lowered: 1, counters: { tokens: [{ value: 10 }] } });
    expect(m.hold(set(12))).toMatchObject({ lowered: 0, counters: { tokens: [{ value: 12 }] } });
    // A series whose records vanished keeps its last value.
    expect(m.hold({ ...set(0), tokens: [] })).toEqual({ lowered: 1, counters: { ...set(12), tokens: [{ labels: { agent: 'claude' }, value: 12 }] } });
  });
});
