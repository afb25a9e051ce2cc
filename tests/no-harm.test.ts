/**
 * Issue 7, items 3 and 4: no harm, and privacy. For every command, run as a user would:
 * (a) the agents' folders (a copy of the fixtures) and HOME are byte-identical afterwards: every file and
 *     folder's path, type, size, mode, mtime, ctime and content;
 * (b) no network connection is attempted: a preload replaces every way Node opens one (net, tls, http,
 *     https, http2, dgram, dns, fetch) with a trap that leaves a marker file and throws;
 * (c) no prompt, command or file content reaches stdout or stderr, with or without --debug: a canary
 *     string sits in prompts, tool commands, answers and in damaged lines that are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_KINDS } from '../src/report/reports.js';
import { tempDirs } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'fixtures');
const CANARY = 'CANARY-7c1e4b-do-not-print';
const STACK = /\n\s+at .+[:(]\d+/;

const temp = tempDirs('usage-noharm-');

// ---------------------------------------------------------------------------------------------------
// The folders the CLI reads: copies of the fixtures of all three agents

interface Sandbox {
  home: string;
  claude: string;
  /** Each fixtures/codex/<case> copied, as a comma-separated CODEX_HOME list. */
  codexHomes: string[];
  codexParent: string;
  /** fixtures/gemini/<case>/.gemini/tmp/<proj> merged into one home as <case>-<proj>. */
  geminiHome: string;
  cache: string;
  preload: string;
  marker: string;
}

function makeSandbox(): Sandbox {
  const base = temp();
  const home = path.join(base, 'home');
  const claude = path.join(base, 'claude');
  const codexParent = path.join(base, 'codex');
  const geminiHome = path.join(base, 'gemini');
  const cache = path.join(base, 'cache');
  mkdirSync(home);
  mkdirSync(codexParent);
  mkdirSync(path.join(geminiHome, '.gemini', 'tmp'), { recursive: true });
  cpSync(path.join(FIXTURES, 'hostile'), claude, { recursive: true });

  const codexHomes: string[] = [];
  const codexFixtures = path.join(FIXTURES, 'codex');
  if (existsSync(codexFixtures)) {
    for (const c of readdirSync(codexFixtures, { withFileTypes: true })) {
      if (!c.isDirectory()) continue;
      const dest = path.join(codexParent, c.name);
      cpSync(path.join(codexFixtures, c.name), dest, { recursive: true });
      codexHomes.push(dest);
    }
  }
  if (codexHomes.length === 0) codexHomes.push(codexParent);

  const geminiFixtures = path.join(FIXTURES, 'gemini');
  if (existsSync(geminiFixtures)) {
    for (const c of readdirSync(geminiFixtures, { withFileTypes: true })) {
      const tmp = path.join(geminiFixtures, c.name, '.gemini', 'tmp');
      if (!c.isDirectory() || !existsSync(tmp)) continue;
      for (const proj of readdirSync(tmp)) {
        cpSync(path.join(tmp, proj), path.join(geminiHome, '.gemini', 'tmp', `${c.name}-${proj}`), { recursive: true });
      }
    }
  }

  const trapDir = path.join(base, 'trap');
  mkdirSync(trapDir);
  const marker = path.join(trapDir, 'network-attempts');
  const preload = path.join(trapDir, 'no-network.mjs');
  writeFileSync(preload, networkTrap(marker));
  return { home, claude, codexHomes, codexParent, geminiHome, cache, preload, marker };
}

/**
 * A module for `node --import`: every API that opens a connection or resolves a name appends its name
 * to `marker` and throws. `syncBuiltinESMExports` makes `import { request } from 'node:http'` see the
 * trap too, not only `http.request`.
 */
function networkTrap(marker: string): string {
  return `import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

const trap = (name) =>
  function () {
    appendFileSync(${JSON.stringify(marker)}, name + '\\n');
    throw new Error('no-harm test: network access through ' + name);
  };
net.Socket.prototype.connect = trap('net.Socket.prototype.connect');
net.connect = trap('net.connect');
net.createConnection = trap('net.createConnection');
tls.connect = trap('tls.connect');
http.request = trap('http.request');
http.get = trap('http.get');
https.request = trap('https.request');
https.get = trap('https.get');
http2.connect = trap('http2.connect');
dgram.createSocket = trap('dgram.createSocket');
dns.lookup = trap('dns.lookup');
dns.resolve = trap('dns.resolve');
dns.promises.lookup = trap('dns.promises.lookup');
dns.promises.resolve = trap('dns.promises.resolve');
globalThis.fetch = trap('fetch');
syncBuiltinESMExports();
`;
}

/**
 * One line per file, folder and link under `root` (links not followed): path, type, size, mode, mtime,
 * ctime, and the content's SHA-256 (a link's target). Reading changes none of these; writing,
 * renaming, deleting, touching or chmod-ing anything changes at least one.
 */
function fingerprint(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const s = lstatSync(p);
    const rel = path.relative(root, p) || '.';
    const meta = `${s.size}\t${s.mode.toString(8)}\t${s.mtimeMs}\t${s.ctimeMs}`;
    if (s.isSymbolicLink()) out.push(`${rel}\tlink\t${meta}\t${readlinkSync(p)}`);
    else if (s.isDirectory()) {
      out.push(`${rel}\tdir\t${meta}`);
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else out.push(`${rel}\tfile\t${meta}\t${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  };
  walk(root);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Running the CLI

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Fingerprints of every agent folder and HOME, before and after. */
  before: string[];
  after: string[];
  /** Names of the network APIs the run called (empty: none). */
  network: string[];
}

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});

const trees = (): string[] =>
  [box.claude, box.codexParent, box.geminiHome, box.home].flatMap((root) => fingerprint(root).map((l) => `${root}\t${l}`));

function run(args: readonly string[], stdin?: string): Promise<Run> {
  rmSync(box.marker, { force: true });
  const before = trees();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: box.home,
    USERPROFILE: box.home,
    NO_COLOR: '1',
    TZ: 'UTC',
    // Shared by every run: later runs read from (and update) what earlier ones cached.
    USAGE_CACHE_DIR: box.cache,
    CLAUDE_CONFIG_DIR: box.claude,
    CODEX_HOME: box.codexHomes.join(','),
    GEMINI_CLI_HOME: box.geminiHome,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(box.preload).href, CLI, ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // a command that does not read stdin may close it first
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const network = existsSync(box.marker) ? readFileSync(box.marker, 'utf8').split('\n').filter(Boolean) : [];
      resolve({ code, signal, stdout, stderr, before, after: trees(), network });
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The commands

const REPORTS = ['daily', 'weekly', 'monthly', 'session', 'model', 'project'];

interface Command {
  args: string[];
  stdin?: () => string;
}

/** Each report as a table and as JSON, plus `blocks` and `statusline` when the build has them. */
function commands(): Command[] {
  const list: Command[] = REPORT_KINDS.flatMap((k) => [{ args: [k] }, { args: [k, '--json'] }]);
  const help = existsSync(CLI) ? helpText() : '';
  if (/^\s+blocks\b/m.test(help)) list.push({ args: ['blocks'] }, { args: ['blocks', '--json'] });
  if (/^\s+statusline\b/m.test(help)) {
    list.push({
      args: ['statusline'],
      stdin: () =>
        JSON.stringify({
          session_id: 'good-1',
          transcript_path: path.join(box.claude, 'projects', '-home-dev-good', 'good-1.jsonl'),
          cwd: '/home/dev/good',
          version: '2.1.120',
          model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
          workspace: { current_dir: '/home/dev/good', project_dir: '/home/dev/good' },
          cost: { total_cost_usd: 0.0123, total_duration_ms: 60000 },
        }),
    });
  }
  return list;
}

/** `usage --help`, synchronously: the list of tests is built when this file is collected. */
function helpText(): string {
  const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  return r.stdout ?? '';
}
const COMMANDS = commands();

// ---------------------------------------------------------------------------------------------------

describe('the checks themselves', () => {
  it('every report of the issue is among the commands run', () => {
    for (const r of REPORTS) {
      expect(COMMANDS.some((c) => c.args.join(' ') === r)).toBe(true);
      expect(COMMANDS.some((c) => c.args.join(' ') === `${r} --json`)).toBe(true);
    }
  });

  it('the fingerprint sees a touched file and a new file', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'a.jsonl'), 'x\n');
    const before = fingerprint(dir);
    utimesSync(path.join(dir, 'a.jsonl'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(fingerprint(dir)).not.toEqual(before);
    const touched = fingerprint(dir);
    writeFileSync(path.join(dir, 'b.tmp'), '');
    expect(fingerprint(dir)).not.toEqual(touched);
  });

  it('the network trap catches each API, through default and named imports', async () => {
    rmSync(box.marker, { force: true });
    const attempts = [
      `net.connect(9, '127.0.0.1')`,
      `connect(9, '127.0.0.1')`,
      `new net.Socket().connect(9, '127.0.0.1')`,
      `tls.connect(9, '127.0.0.1')`,
      `http.request('http://127.0.0.1:9/')`,
      `request('http://127.0.0.1:9/')`,
      `https.get('https://127.0.0.1:9/')`,
      `http2.connect('http://127.0.0.1:9')`,
      `dgram.createSocket('udp4')`,
      `dns.lookup('example.com', () => {})`,
      `await dns.promises.lookup('example.com')`,
      `await fetch('http://127.0.0.1:9/')`,
    ];
    const script =
      `import net, { connect } from 'node:net'; import tls from 'node:tls'; import http, { request } from 'node:http';\n` +
      `import https from 'node:https'; import http2 from 'node:http2'; import dgram from 'node:dgram'; import dns from 'node:dns';\n` +
      attempts.map((a) => `try { ${a}; } catch {}\n`).join('');
    const r = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', pathToFileURL(box.preload).href, '--input-type=module', '-e', script], {
        stdio: 'ignore',
      });
      child.on('close', resolve);
    });
    expect(r).toBe(0);
    const caught = readFileSync(box.marker, 'utf8').split('\n').filter(Boolean);
    expect(caught).toEqual([
      'net.connect',
      'net.connect',
      'net.Socket.prototype.connect',
      'tls.connect',
      'http.request',
      'http.request',
      'https.get',
      'http2.connect',
      'dgram.createSocket',
      'dns.lookup',
      'dns.promises.lookup',
      'fetch',
    ]);
    rmSync(box.marker, { force: true });
  });

  it('the canary is in prompts, commands, answers and damaged lines of the fixture', () => {
    const holders = fingerprint(box.claude)
      .filter((l) => l.includes('\tfile\t'))
      .map((l) => l.split('\t')[0]!)
      .filter((rel) => rel.startsWith(`projects${path.sep}`))
      .filter((rel) => readFileSync(path.join(box.claude, rel)).includes(CANARY));
    expect(holders.sort()).toEqual(
      [
        'projects/-home-dev-good/good-1.jsonl',
        'projects/-home-dev-hostile/counts.jsonl',
        'projects/-home-dev-hostile/garbage.jsonl',
        'projects/-home-dev-hostile/nul.jsonl',
        'projects/-home-dev-hostile/timestamps.jsonl',
        'projects/-home-dev-hostile/torn.jsonl',
      ].map((p) => p.split('/').join(path.sep)),
    );
  });
});

describe.each(COMMANDS.map((c) => [c.args.join(' '), c] as const))('usage %s', (_name, command) => {
  let plain: Run;
  let debug: Run;
  beforeAll(async () => {
    plain = await run(command.args, command.stdin?.());
    debug = await run([...command.args, '--debug'], command.stdin?.());
  }, 120_000);

  it('runs to the end (exit 0, no stack trace)', () => {
    for (const r of [plain, debug]) {
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  });

  it('(a) leaves every file and folder of the agents and of HOME byte-identical', () => {
    expect(plain.before.length).toBeGreaterThan(10);
    expect(plain.after).toEqual(plain.before);
    expect(debug.after).toEqual(debug.before);
  });

  it('(b) opens no network connection', () => {
    expect(plain.network).toEqual([]);
    expect(debug.network).toEqual([]);
  });

  it('(c) prints no prompt, command or content, with or without --debug', () => {
    for (const r of [plain, debug]) {
      expect(r.stdout).not.toContain(CANARY);
      expect(r.stderr).not.toContain(CANARY);
      // Nor any piece of it long enough to be recognisable.
      expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/7c1e4b|do-not-print/);
    }
  });

  if (command.args[0] !== 'statusline') {
    it('--debug names the skipped lines that hold the canary, by file and line only', () => {
      for (const where of ['counts.jsonl:3:', 'garbage.jsonl:6:', 'nul.jsonl:4:', 'timestamps.jsonl:5:', 'torn.jsonl:3:']) {
        const line = debug.stderr.split('\n').find((l) => l.includes(`${path.sep}${where}`));
        expect(line, `no --debug line for ${where}`).toBeDefined();
        expect(line).toMatch(/^skipped \S+:\d+: [a-z ()A-Z]+$/);
      }
    });
  }
});
