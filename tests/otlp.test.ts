import http from 'node:http';
import type net from 'node:net';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson, tempDir } from './helpers.js';
import { activityFixture, metricsFixture, toolCounterRows, toolRowsOf } from './metrics-helpers.js';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback OTLP/HTTP receiver: keeps what it is sent, answers 200 (or `status`). */
async function receiver(status = 200): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, got, close: () => new Promise((r) => server.close(() => r())) };
}

type AnyValue = { stringValue?: string };
interface DataPoint {
  attributes: { key: string; value: AnyValue }[];
  asInt?: number | string;
  asDouble?: number;
}
interface Metric {
  name: string;
  unit: string;
  sum?: { aggregationTemporality: number; isMonotonic: boolean; dataPoints: DataPoint[] };
  gauge?: { dataPoints: DataPoint[] };
}

function metricsOf(body: string): Map<string, Metric> {
  const doc = JSON.parse(body) as { resourceMetrics: { scopeMetrics: { metrics: Metric[] }[] }[] };
  return new Map(doc.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).map((m) => [m.name, m]));
}
const attrs = (p: DataPoint): Record<string, string> => Object.fromEntries(p.attributes.map((a) => [a.key, a.value.stringValue ?? '']));
const value = (p: DataPoint): number => Number(p.asInt ?? p.asDouble);
const sumWhere = (m: Metric | undefined, where: Record<string, string>): number =>
  (m?.sum ?? m?.gauge)!.dataPoints.filter((p) => Object.entries(where).every(([k, v]) => attrs(p)[k] === v)).reduce((a, p) => a + value(p), 0);

describe('usage push --otlp', () => {
  const dir = tempDir('usage-otlp-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { env } = metricsFixture(path.join(dir, 'logs'));

  it('sends the fixture totals with Claude Code names, cumulative, headers from the env, to the URL named only', async () => {
    const named = await receiver();
    const other = await receiver();
    try {
      const r = await runCli(['push', '--otlp', `${named.url}/v1/metrics`], {
        ...env,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret-token',
        // Endpoints in the environment are not contacted: only the URL named.
        OTEL_EXPORTER_OTLP_ENDPOINT: other.url,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${other.url}/v1/metrics`,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('s3cret');
      expect(other.got).toHaveLength(0);
      expect(named.got).toHaveLength(1);
      const sent = named.got[0]!;
      expect(sent.url).toBe('/v1/metrics');
      expect(sent.headers.authorization).toBe('Bearer s3cret-token');
      const metrics = metricsOf(sent.body);

      const tokens = metrics.get('claude_code.token.usage')!;
      expect(tokens.unit).toBe('tokens');
      // Cumulative (2), monotonic: each push carries the totals.
      expect(tokens.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
      expect(sumWhere(tokens, {})).toBe(18_000);
      expect(sumWhere(tokens, { agent: 'claude', model: 'claude-sonnet-4-5', type: 'cacheRead', project: '/home/me/app', device: 'laptop' })).toBe(10_000);
      expect(sumWhere(tokens, { agent: 'claude', type: 'cacheCreation' })).toBe(2000);
      expect(sumWhere(tokens, { agent: 'codex', model: 'gpt-5', type: 'input' })).toBe(800);
      expect(sumWhere(tokens, { agent: 'codex', type: 'output' })).toBe(300);
      expect(new Set(tokens.sum!.dataPoints.map((p) => attrs(p).type))).toEqual(new Set(['input', 'output', 'cacheRead', 'cacheCreation']));

      const cost = metrics.get('claude_code.cost.usage')!;
      expect(cost.unit).toBe('USD');
      expect(sumWhere(cost, {})).toBeCloseTo(0.033825, 12);
      expect(sumWhere(cost, { agent: 'claude', model: 'claude-haiku-4-5' })).toBe(0.007);
      expect(sumWhere(metrics.get('usage.request.count'), {})).toBe(4);
      expect(sumWhere(metrics.get('usage.window.tokens'), { agent: 'claude' })).toBe(16_700);
      expect(sumWhere(metrics.get('usage.rate_limit.used'), { agent: 'codex', window: 'weekly' })).toBe(10);
    } finally {
      await named.close();
      await other.close();
    }
  });

  it('sends the tool counters: per agent and tool, `usage tools --json`', async () => {
    const named = await receiver();
    try {
      const activity = activityFixture(path.join(dir, 'activity')).env;
      const r = await runCli(['push', '--otlp', `${named.url}/v1/metrics`], activity);
      expect(r.code, r.stderr).toBe(0);
      const metrics = metricsOf(named.got[0]!.body);
      const samples = (name: string) => metrics.get(name)!.sum!.dataPoints.map((p) => ({ labels: attrs(p), value: value(p) }));
      expect(metrics.get('usage.tool.calls')!.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
      expect(toolCounterRows(samples('usage.tool.calls'), samples('usage.tool.errors'))).toEqual(toolRowsOf(await runJson(['tools'], activity)));
      // fixtures/activity READMEs: 53 calls, 10 errors; Codex's exec_command 5 calls, 2 errors.
      expect(sumWhere(metrics.get('usage.tool.calls'), {})).toBe(53);
      expect(sumWhere(metrics.get('usage.tool.errors'), {})).toBe(10);
      expect(sumWhere(metrics.get('usage.tool.calls'), { agent: 'codex', tool: 'exec_command', category: 'shell', device: 'laptop', project: '/Users/me/app' })).toBe(5);
      expect(sumWhere(metrics.get('usage.tool.errors'), { agent: 'codex', tool: 'exec_command' })).toBe(2);
    } finally {
      await named.close();
    }
  });

  it('--no-project-label leaves the attribute out', async () => {
    const named = await receiver();
    try {
      const r = await runCli(['push', '--otlp', `${named.url}/v1/metrics`, '--no-project-label'], env);
      expect(r.code).toBe(0);
      const tokens = metricsOf(named.got[0]!.body).get('claude_code.token.usage')!;
      expect(tokens.sum!.dataPoints.some((p) => 'project' in attrs(p))).toBe(false);
      // sonnet's two projects are one series now: 13,500 + 200.
      expect(sumWhere(tokens, { model: 'claude-sonnet-4-5' })).toBe(13_700);
    } finally {
      await named.close();
    }
  });

  it('a refused push is one line, exit 2, with no header value and no URL credential', async () => {
    const refusing = await receiver(401);
    try {
      const r = await runCli(['push', '--otlp', `${refusing.url.replace('http://', 'http://user:pw@')}/v1/metrics?token=q5ecret`], {
        ...env,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret-token',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`usage: push to ${refusing.url}/v1/metrics failed: HTTP 401\n`);
      expect(r.stdout + r.stderr).not.toMatch(/s3cret|q5ecret|pw@/);
    } finally {
      await refusing.close();
    }
    const bad = await runCli(['push', '--otlp', 'ftp://x'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('usage: --otlp expects an http(s) URL such as http://127.0.0.1:4318/v1/metrics\n');
  });
});
