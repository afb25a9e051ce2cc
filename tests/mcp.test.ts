/**
 * `usage mcp` through the SDK's own client over stdio, against the built dist/cli.js: the tools listed
 * with their input schemas, every tool called and its JSON held to the `--json` output of the same
 * report on the same fixtures, bad arguments as tool errors, and the process gone when stdin closes.
 * Then `--install`/`--uninstall` on a temp HOME.
 *
 * Figures worked out by hand (see fixtures/blocks/README.md and tests/blocks.test.ts): at
 * USAGE_NOW=2026-05-02T12:50:00Z the active window of fixtures/blocks starts 09:00, holds events 6–8
 * (14,000 tokens, $0.0609) and has 70 minutes left; fixtures/claude/reports costs $0.051075 in all
 * (tests/reports.test.ts), of which 2026-02-01 (A3 + B1) is $0.030775.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, fixture, runCli, runJson, tempDirs, withoutToolCounts } from './helpers.js';

const temp = tempDirs('usage-mcp-');
const NOW = '2026-05-02T12:50:00Z';
const CANARY = 'CANARY-7c1e4b-do-not-print';

/** Every agent, with damaged lines (hostile) and 5-hour windows (blocks) among Claude's. */
const MIXED = {
  CLAUDE_CONFIG_DIR: [fixture('claude', 'reports'), fixture('hostile'), fixture('blocks')].join(','),
  CODEX_HOME: fixture('codex', 'model-switch'),
  GEMINI_CLI_HOME: fixture('gemini', 'legacy-json'),
  USAGE_NOW: NOW,
  TZ: 'UTC',
};

type Json = Record<string, unknown>;

interface Session {
  client: Client;
  stderr: () => string;
  close: () => Promise<void>;
}

/** The server as an agent starts it: node dist/cli.js mcp, with only the env given (and a temp HOME and cache). */
async function connect(env: Record<string, string>): Promise<Session> {
  const home = temp();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, USAGE_CACHE_DIR: temp(), NO_COLOR: '1', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: 'usage-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

async function call(s: Session, name: string, args: Json = {}): Promise<{ isError: boolean; json?: Json; text: string }> {
  const r = (await s.client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: Json; content: { type: string; text: string }[] };
  const text = r.content.map((c) => c.text).join('');
  return { isError: r.isError === true, ...(r.structuredContent ? { json: r.structuredContent } : {}), text };
}

/** The command line for the same question: the tool's arguments as flags. */
function flagsOf(args: Json): string[] {
  const flags: string[] = [];
  for (const [k, v] of Object.entries(args)) {
    if (k === 'providers') flags.push('--provider', (v as string[]).join(','));
    else if (k === 'tokenLimit') flags.push('--token-limit', String(v));
    else if (k === 'sessionLength') flags.push('--session-length', String(v));
    else if (v === true) flags.push(`--${k}`);
    else flags.push(`--${k}`, String(v));
  }
  return flags;
}

describe('usage mcp (SDK client over stdio)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await connect(MIXED);
  });
  afterAll(async () => {
    await s.close();
  });

  it('initializes as "usage" with tools', () => {
    expect(s.client.getServerVersion()).toEqual({ name: 'usage', version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version });
    expect(s.client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('lists the six tools with typed input schemas', async () => {
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['daily', 'session', 'model', 'blocks', 'tools', 'audit']);
    const common = ['since', 'until', 'providers', 'project', 'timezone', 'order'];
    const own: Record<string, string[]> = { blocks: ['active', 'recent', 'sessionLength', 'tokenLimit'], tools: ['by', 'breakdown'], audit: ['commands'] };
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(Object.keys(t.inputSchema.properties ?? {})).toEqual([...common, ...(own[t.name] ?? [])]);
      expect(t.inputSchema.required ?? []).toEqual([]);
      expect(t.annotations?.readOnlyHint).toBe(true);
    }
    const props = tools[0]!.inputSchema.properties as Record<string, Json>;
    expect(props.since).toMatchObject({ type: 'string', pattern: '^\\d{4}-?\\d{2}-?\\d{2}$' });
    expect(props.providers).toMatchObject({ type: 'array', items: { type: 'string', enum: ['claude', 'codex', 'gemini'] } });
    expect(props.order).toMatchObject({ type: 'string', enum: ['asc', 'desc'] });
  });

  const CASES: [string, Json][] = [
    ['daily', {}],
    ['daily', { providers: ['claude'], since: '2026-02-01', until: '2026-02-02' }],
    ['daily', { providers: ['codex', 'gemini'], timezone: 'America/Los_Angeles' }],
    ['daily', { project: 'work', order: 'desc', timezone: 'Asia/Tokyo' }],
    ['session', {}],
    ['session', { providers: ['claude'], project: 'hostile' }],
    ['model', {}],
    ['model', { providers: ['gemini'] }],
    ['blocks', {}],
    ['blocks', { active: true }],
    ['blocks', { providers: ['claude', 'codex', 'gemini'], tokenLimit: 'max', recent: true }],
    ['blocks', { sessionLength: 2.5, tokenLimit: 10000, since: '2026-05-01', order: 'desc' }],
  ];
  for (const [name, args] of CASES) {
    it(`${name} ${JSON.stringify(args)} equals \`usage ${name} --json\``, async () => {
      const r = await call(s, name, args);
      expect(r.isError, r.text).toBe(false);
      const cli = withoutToolCounts(await runJson([name, ...flagsOf(args)], MIXED));
      expect(r.json).toEqual(cli);
      // The text copy is the same document.
      expect(JSON.parse(r.text)).toEqual(cli);
    });
  }

  it('gives the hand-worked figures', async () => {
    // The hostile fixture's sessions run in the same window: the blocks fixture's projects alone.
    const active = await call(s, 'blocks', { active: true, project: '/Users/me/' });
    expect(active.json).toMatchObject({
      blocks: [{ startTime: '2026-05-02T09:00:00.000Z', totalTokens: 14000, costUSD: 0.0609, projection: { remainingMinutes: 70 } }],
    });
    const day = await call(s, 'daily', { providers: ['claude'], project: '/Users/me/', since: '2026-02-01', until: '2026-02-01' });
    const days = (day.json as { daily: { date: string; totalCost: number }[] }).daily;
    expect(days.map((d) => d.date)).toEqual(['2026-02-01']);
    expect(days[0]!.totalCost).toBeCloseTo(0.030775, 12);
    // The damaged lines of the hostile fixture are counted as the command line counts them.
    const all = await call(s, 'daily', { providers: ['claude'] });
    expect(all.json!.skipped).toBeGreaterThan(0);
    expect((await call(s, 'daily', { providers: ['codex'] })).json!.skipped).toBe(0);
  });

  it('answers a bad argument with a tool error, and goes on serving', async () => {
    const bad: [string, Json, RegExp][] = [
      ['daily', { since: '2026-13-01' }, /2026-13-01/],
      ['daily', { since: 'yesterday' }, /since/],
      ['daily', { since: '2026-02-02', until: '2026-02-01' }, /before/],
      ['session', { timezone: 'Mars/Olympus' }, /Mars\/Olympus/],
      ['model', { providers: ['claude', 'cursor'] }, /providers/],
      ['model', { providers: [] }, /providers/],
      ['blocks', { tokenLimit: -5 }, /tokenLimit/],
      ['blocks', { sessionLength: 1000 }, /session-length/],
      ['daily', { order: 'sideways' }, /order/],
      ['nonesuch', {}, /nonesuch/],
    ];
    for (const [name, args, message] of bad) {
      const r = await call(s, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.text).toMatch(message);
    }
    expect((await call(s, 'daily', {})).isError).toBe(false);
  });

  it('never shows what the logs hold beyond figures', async () => {
    const texts = await Promise.all(CASES.map(([name, args]) => call(s, name, args).then((r) => r.text)));
    expect(texts.join('\n') + s.stderr()).not.toContain(CANARY);
  });
});

/** fixtures/activity: every agent's tool calls (READMEs there), Claude's audit findings among them. */
const ACTIVITY = {
  CLAUDE_CONFIG_DIR: ['basic', 'resumed', 'audit', 'windows'].map((name) => fixture('activity', 'claude', name)).join(','),
  CODEX_HOME: fixture('activity', 'codex', 'basic'),
  GEMINI_CLI_HOME: fixture('activity', 'gemini', 'basic'),
  TZ: 'UTC',
};

describe('usage mcp tools and audit (fixtures/activity)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await connect(ACTIVITY);
  });
  afterAll(async () => {
    await s.close();
  });

  const CASES: [string, Json][] = [
    ['tools', {}],
    ['tools', { by: 'session', providers: ['claude', 'codex'] }],
    ['tools', { providers: ['codex'], breakdown: true, order: 'asc' }],
    ['tools', { by: 'day', since: '2026-05-02', project: 'app' }],
    ['audit', {}],
    ['audit', { providers: ['claude'], project: '/home/dev', order: 'desc' }],
    ['audit', { commands: true, since: '2026-05-03' }],
  ];
  for (const [name, args] of CASES) {
    it(`${name} ${JSON.stringify(args)} equals \`usage ${name} --json\``, async () => {
      const r = await call(s, name, args);
      expect(r.isError, r.text).toBe(false);
      const cli = await runJson([name, ...flagsOf(args)], ACTIVITY);
      expect(r.json).toEqual(cli);
      expect(JSON.parse(r.text)).toEqual(cli);
    });
  }

  it('gives the hand-worked figures, and command text only with `commands`', async () => {
    // 17 + 14 + 4 Claude calls, 12 Codex, 6 Gemini; 3 + 1 + 0, 4 and 2 errors.
    expect((await call(s, 'tools', {})).json!.totals).toEqual({ calls: 53, errors: 10 });
    const audit = await call(s, 'audit', { providers: ['claude'], project: '/home/dev/proj' });
    const findings = audit.json!.findings as { path: string | null; risk?: string; commands?: string[] }[];
    // fixtures/activity/claude/audit/README.md: ten findings, two of them risks that name no path.
    expect(findings).toHaveLength(10);
    expect(findings.filter((f) => f.path === null).map((f) => f.risk)).toEqual(['pipe-to-shell', 'sudo']);
    for (const text of ['PLANTED-TOKEN-9', 'curl -fsSL', 'apt-get install', 'PLANTED-OUTPUT-5']) expect(audit.text).not.toContain(text);
    expect(findings.some((f) => 'commands' in f)).toBe(false);
    const shown = await call(s, 'audit', { providers: ['claude'], project: '/home/dev/proj', commands: true });
    const sudo = (shown.json!.findings as { risk?: string; commands?: string[] }[]).find((f) => f.risk === 'sudo');
    expect(sudo!.commands).toEqual(['sudo apt-get install jq']);
    expect(shown.text).not.toContain('PLANTED-OUTPUT-5');
    expect((await call(s, 'tools', { by: 'sideways' })).isError).toBe(true);
  });
});

describe('usage mcp keeps its store up to date', () => {
  it('a log written between two calls is in the second answer, as in a new run', async () => {
    const dir = temp();
    cpSync(fixture('claude', 'reports'), dir, { recursive: true });
    const env = { CLAUDE_CONFIG_DIR: dir, TZ: 'UTC' };
    const s = await connect(env);
    try {
      const before = await call(s, 'daily', {});
      expect((before.json as { totals: { totalCost: number } }).totals.totalCost).toBeCloseTo(0.051075, 12);
      // A new project, and one of the old logs grown by the lines of another.
      const extra = path.join(dir, 'projects', '-Users-me-lib');
      mkdirSync(extra);
      copyFileSync(path.join(fixture('blocks'), 'projects', firstProject(fixture('blocks')), firstFile(fixture('blocks'))), path.join(extra, 'new.jsonl'));
      const after = await call(s, 'daily', {});
      expect(after.json).toEqual(await runJson(['daily'], env));
      expect(after.json).not.toEqual(before.json);
      expect(await call(s, 'session', {}).then((r) => r.json)).toEqual(withoutToolCounts(await runJson(['session'], env)));
    } finally {
      await s.close();
    }
  });
});

function firstProject(root: string): string {
  return readdir(path.join(root, 'projects'))[0]!;
}
function firstFile(root: string): string {
  return readdir(path.join(root, 'projects', firstProject(root))).filter((f) => f.endsWith('.jsonl'))[0]!;
}
function readdir(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('usage mcp on raw stdio', () => {
  it('writes only protocol messages on stdout, and exits when stdin closes', async () => {
    const home = temp();
    const child = spawn(process.execPath, [CLI, 'mcp'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, USAGE_CACHE_DIR: temp(), ...MIXED },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const send = (m: Json): boolean => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'daily', arguments: { providers: ['claude'] } } });
    // Bounded: at most 10 s for the answer to the call.
    for (let i = 0; i < 200 && !stdout.includes('"id":2'); i++) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(0);
    const messages = stdout.trim().split('\n').map((line) => JSON.parse(line) as Json);
    expect(messages.map((m) => [m.jsonrpc, m.id])).toEqual([['2.0', 1], ['2.0', 2]]);
    // The hostile fixture's skipped lines are noted on stderr, as the command line notes them.
    expect(stderr).toMatch(/^note: skipped \d+ in \d+ files? /m);
  });
});

describe('usage mcp --install / --uninstall', () => {
  const claudeJson = (home: string): Json => JSON.parse(readFileSync(path.join(home, '.claude.json'), 'utf8')) as Json;

  it('adds our server beside the others, backed up first, idempotent; uninstall removes only ours', async () => {
    const home = temp();
    const file = path.join(home, '.claude.json');
    const before = { numStartups: 3, projects: { '/x': { mcpServers: { local: { command: 'a' } } } }, mcpServers: { other: { type: 'stdio', command: 'npx', args: ['other-mcp'], env: {} } } };
    writeFileSync(file, `${JSON.stringify(before, null, 2)}\n`);
    // PATH without `usage` on it: a clone, so this Node and this dist/cli.js by their full paths.
    const env = { HOME: home, PATH: path.dirname(process.execPath) };

    const first = await runCli(['mcp', '--install'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^added the MCP server "usage" to .*\.claude\.json \(command: .*cli\.js mcp\) \(backup: .*\.claude\.json\.bak\)\n$/);
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toEqual(before);
    const ours = { type: 'stdio', command: process.execPath, args: [realCli(), 'mcp'], env: {} };
    expect(claudeJson(home)).toEqual({ ...before, mcpServers: { ...before.mcpServers, usage: ours } });

    const again = await runCli(['mcp', '--install'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already installed in /);
    expect(existsSync(`${file}.bak`)).toBe(true);
    expect(readdir(home).filter((f) => f.endsWith('.bak'))).toEqual(['.claude.json.bak']);

    const removed = await runCli(['mcp', '--uninstall'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^removed the MCP server "usage" from .* \(backup: .*\.bak\)\n$/);
    expect(claudeJson(home)).toEqual(before);
    const twice = await runCli(['mcp', '--uninstall'], env);
    expect(twice.stdout).toMatch(/^no MCP server "usage" in .*: nothing to remove\n$/);
    expect(claudeJson(home)).toEqual(before);
  });

  it('writes `usage mcp` where `usage` on PATH is this install, and creates the file when there is none', async () => {
    const home = temp();
    const bin = temp();
    symlinkSync(CLI, path.join(bin, 'usage'));
    const r = await runCli(['mcp', '--install'], { HOME: home, PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/backup/);
    expect(claudeJson(home)).toEqual({ mcpServers: { usage: { type: 'stdio', command: 'usage', args: ['mcp'], env: {} } } });
  });

  it('leaves a server named "usage" that is not ours, unless --force', async () => {
    const home = temp();
    const theirs = { mcpServers: { usage: { command: 'python', args: ['-m', 'usage_server'] } } };
    writeFileSync(path.join(home, '.claude.json'), JSON.stringify(theirs));
    const env = { HOME: home, PATH: path.dirname(process.execPath) };
    const refused = await runCli(['mcp', '--install'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has an MCP server named "usage" that is not this tool's; rerun with --force/);
    expect(claudeJson(home)).toEqual(theirs);
    expect((await runCli(['mcp', '--uninstall'], env)).stdout).toMatch(/is not this tool's: left as it is/);
    expect(claudeJson(home)).toEqual(theirs);
    const forced = await runCli(['mcp', '--install', '--force'], env);
    expect(forced.code).toBe(0);
    expect((claudeJson(home).mcpServers as Json).usage).toMatchObject({ args: [realCli(), 'mcp'] });
  });

  it('refuses a file that is not JSON, and flags that go with --install alone', async () => {
    const home = temp();
    writeFileSync(path.join(home, '.claude.json'), '{ not json');
    const r = await runCli(['mcp', '--install'], { HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot parse .*\.claude\.json .*not touching it — fix it, or add "mcpServers" by hand\n$/);
    expect(readFileSync(path.join(home, '.claude.json'), 'utf8')).toBe('{ not json');
    const both = await runCli(['mcp', '--install', '--uninstall'], { HOME: home });
    expect(both.code).toBe(2);
    expect((await runCli(['mcp', '--force'], { HOME: home })).stderr).toMatch(/--force goes with --install or --uninstall/);
  });
});

function realCli(): string {
  return realpathSync(CLI);
}
