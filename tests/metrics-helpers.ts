import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CLI, ROOT, fixture } from './helpers.js';

/** fixtures/metrics copied into `dir` (tests append to the copy), and the env that points the CLI at it. */
export function metricsFixture(dir: string): { env: Record<string, string>; claudeDir: string } {
  cpSync(fixture('metrics'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'home'));
  const claudeDir = path.join(dir, 'claude');
  return {
    claudeDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: path.join(dir, 'home'),
      CLAUDE_CONFIG_DIR: claudeDir,
      CODEX_HOME: path.join(dir, 'codex'),
      USAGE_CACHE_DIR: path.join(dir, 'cache'),
      USAGE_NOW: '2026-05-02T11:30:00Z',
      USAGE_DEVICE: 'laptop',
      NO_COLOR: '1',
    },
  };
}

/** A port free on 127.0.0.1 now (for a server that cannot be told to take port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Polls until `check` gives a value or the deadline passes: bounded in time, no fixed sleeps. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Serving {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** `usage serve --listen 127.0.0.1:0 …` started; resolves once it says where it listens. */
export async function startServe(env: Record<string, string>, args: string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await waitFor('serve to listen', () => /serving (http:\/\/\S+)\/metrics/.exec(stderr)?.[1], 15_000).catch((err: Error) => {
    throw new Error(`${err.message}: ${stderr}`);
  });
  return { child, url, stderr: () => stderr };
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** One Claude response line, as fixtures/metrics and fixtures/blocks write them. */
export function claudeLine(o: { session: string; cwd: string; id: string; at: string; model: string; input?: number; output?: number }): string {
  return `${JSON.stringify({
    type: 'assistant',
    cwd: o.cwd,
    sessionId: o.session,
    timestamp: o.at,
    requestId: `req_${o.id}`,
    message: {
      id: `msg_${o.id}`,
      role: 'assistant',
      model: o.model,
      usage: { input_tokens: o.input ?? 0, output_tokens: o.output ?? 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  })}\n`;
}

/**
 * fixtures/activity copied into `dir`: Claude's basic, resumed, audit and windows folders as four
 * config dirs, Codex's and Gemini's basic homes (READMEs there give each call).
 */
export function activityFixture(dir: string): { env: Record<string, string>; claudeBasic: string } {
  const claude = ['basic', 'resumed', 'audit', 'windows'].map((name) => {
    const to = path.join(dir, 'claude', name);
    cpSync(fixture('activity', 'claude', name), to, { recursive: true });
    return to;
  });
  cpSync(fixture('activity', 'codex', 'basic'), path.join(dir, 'codex'), { recursive: true });
  cpSync(fixture('activity', 'gemini', 'basic'), path.join(dir, 'gemini'), { recursive: true });
  mkdirSync(path.join(dir, 'home'));
  return {
    claudeBasic: claude[0]!,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: path.join(dir, 'home'),
      CLAUDE_CONFIG_DIR: claude.join(','),
      CODEX_HOME: path.join(dir, 'codex'),
      GEMINI_CLI_HOME: path.join(dir, 'gemini'),
      USAGE_CACHE_DIR: path.join(dir, 'cache'),
      USAGE_DEVICE: 'laptop',
      TZ: 'UTC',
      NO_COLOR: '1',
    },
  };
}

/** `usage tools --json` rows as `agent tool category calls errors`, sorted: what the tool counters must equal. */
export function toolRowsOf(json: { tools: { provider: string; tool: string; category: string; calls: number; errors: number }[] }): string[] {
  return json.tools.map((t) => `${t.provider} ${t.tool} ${t.category} ${t.calls} ${t.errors}`).sort();
}

/** Tool counter samples (labels and value, from any sink) summed over projects, in toolRowsOf's form. */
export function toolCounterRows(calls: { labels: Record<string, string>; value: number }[], errors: { labels: Record<string, string>; value: number }[]): string[] {
  const rows = new Map<string, { calls: number; errors: number }>();
  const add = (samples: typeof calls, field: 'calls' | 'errors'): void => {
    for (const s of samples) {
      const key = `${s.labels.agent} ${s.labels.tool} ${s.labels.category}`;
      const row = rows.get(key) ?? { calls: 0, errors: 0 };
      row[field] += s.value;
      rows.set(key, row);
    }
  };
  add(calls, 'calls');
  add(errors, 'errors');
  return [...rows].map(([key, r]) => `${key} ${r.calls} ${r.errors}`).sort();
}

/** The samples of one metric in a Prometheus exposition: labels parsed, value a number. */
export function exposition(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`))
    .map((l) => {
      const labels: Record<string, string> = {};
      for (const m of l.slice(name.length + 1, l.lastIndexOf('}')).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
      return { labels, value: Number(l.slice(l.lastIndexOf(' ') + 1)) };
    });
}
