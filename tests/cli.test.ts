/**
 * The CLI as a user meets it: user errors (exit 2, one line on stderr, no stack trace), no logs at
 * all (a friendly message, exit 0), and the log folders left untouched.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_KINDS } from '../src/report/reports.js';
import { CLI, ROOT, fixture, hashTree, runCli, type CliResult, tempDirs } from './helpers.js';

const emptyDir = tempDirs('usage-cli-');

const STACK = /\n\s+at .+[:(]\d+/;
const ROWS_KEY: Record<string, string> = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  session: 'sessions',
  model: 'models',
  project: 'projects',
};

/** Exit 2, nothing on stdout, exactly one line on stderr matching `message`, no stack trace. */
function expectUserError(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.split('\n').slice(0, -1);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('user errors: exit 2, one line, no stack trace', () => {
  const logs = { CLAUDE_CONFIG_DIR: fixture('claude', 'streaming') };
  const cases: Array<[string, string[], RegExp, Record<string, string>?]> = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown flag', ['daily', '--frobnicate'], /unknown option '--frobnicate'/],
    ['unknown flag without a command', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['bad --since (not a date)', ['daily', '--since', 'yesterday'], /--since .*"yesterday"/],
    ['bad --since (no such day)', ['daily', '--since', '2026-02-30'], /--since .*"2026-02-30"/],
    ['bad --since (other separator)', ['daily', '--since', '2026/03/01'], /--since .*"2026\/03\/01"/],
    ['bad --until', ['weekly', '--until', '20261301'], /--until .*"20261301"/],
    ['--until before --since', ['daily', '--since', '2026-03-10', '--until', '20260309'], /--until 2026-03-09 is before --since 2026-03-10/],
    ['unknown zone', ['daily', '-z', 'Mars/Olympus_Mons'], /unknown time zone "Mars\/Olympus_Mons"/],
    ['unknown provider', ['daily', '--provider', 'claude,cursor'], /unknown provider "cursor"/],
    ['empty provider list', ['session', '--provider', ','], /unknown provider/],
    ['bad --order', ['model', '--order', 'sideways'], /sideways/],
    ['bad --start-of-week', ['weekly', '--start-of-week', 'someday'], /--start-of-week .*"someday"/],
    ['missing option value', ['daily', '--since'], /--since/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => expectUserError(await runCli(args, logs), message));
  }

  it('a CLAUDE_CONFIG_DIR entry that does not exist (among existing ones)', async () => {
    const missing = path.join(emptyDir(), 'no-such-claude-dir');
    const r = await runCli(['daily'], { CLAUDE_CONFIG_DIR: `${fixture('claude', 'streaming')},${missing}` });
    expectUserError(r, new RegExp(`CLAUDE_CONFIG_DIR.*${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('the same with --json: no half-written JSON on stdout', async () => {
    const r = await runCli(['daily', '--json'], { CLAUDE_CONFIG_DIR: '/no/such/claude/config' });
    expectUserError(r, /\/no\/such\/claude\/config/);
  });

  // A near-miss name gets commander's "(Did you mean …?)" hint on a second line: still exit 2 and
  // no stack trace. (See the report: that is two stderr lines, not one.)
  it('a misspelt command or flag: exit 2, no stack trace, the error first', async () => {
    for (const args of [['dayly'], ['daily', '--jsn']]) {
      const r = await runCli(args, logs);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr.split('\n')[0]).toMatch(/^error: unknown (command|option) '(dayly|--jsn)'/);
    }
  });
});

describe('no logs at all', () => {
  it('lists the folders searched, exit 0', async () => {
    const home = emptyDir();
    const r = await runCli(['daily'], { HOME: home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/no usage logs found/i);
    expect(r.stdout).toContain(path.join(home, '.config', 'claude'));
    expect(r.stdout).toContain(path.join(home, '.claude'));
    expect(r.stdout).not.toMatch(STACK);
  });

  it('names $XDG_CONFIG_HOME/claude when it is set', async () => {
    const home = emptyDir();
    const xdg = path.join(home, 'xdg-config');
    const r = await runCli([], { HOME: home, XDG_CONFIG_HOME: xdg });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join(xdg, 'claude'));
    expect(r.stdout).toContain(path.join(home, '.claude'));
  });

  it('an existing but empty CLAUDE_CONFIG_DIR is no logs, not an error', async () => {
    const dir = emptyDir();
    mkdirSync(path.join(dir, 'projects'));
    const r = await runCli(['monthly'], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no usage logs found/i);
    expect(r.stdout).toContain(dir);
  });

  for (const kind of REPORT_KINDS) {
    it(`${kind} --json: valid empty JSON on stdout, exit 0`, async () => {
      const r = await runCli([kind, '--json'], { HOME: emptyDir() });
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(j[ROWS_KEY[kind]!]).toEqual([]);
      expect(j.totals).toMatchObject({
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        reasoningTokens: 0,
        totalTokens: 0,
        totalCost: 0,
      });
      expect(j.unpricedModels).toEqual([]);
    });
  }
});

describe('other invocations', () => {
  it('--no-cache is accepted', async () => {
    const r = await runCli(['daily', '--no-cache', '--json', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: fixture('claude', 'streaming') });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { totals: { totalTokens: number } }).totals.totalTokens).toBe(28650);
  });

  it('TZ set but empty is UTC, as for POSIX and Date (ICU calls it Etc/Unknown and then refuses it)', async () => {
    const r = await runCli(['daily', '--json'], { CLAUDE_CONFIG_DIR: fixture('claude', 'streaming'), TZ: '' });
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { timezone: string }).timezone).toBe('UTC');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const kind of REPORT_KINDS) expect(help.stdout).toContain(kind);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('never writes into the log folders', async () => {
    const dir = fixture('claude', 'subagent-layouts');
    const before = hashTree(dir);
    for (const kind of REPORT_KINDS) {
      expect((await runCli([kind], { CLAUDE_CONFIG_DIR: dir })).code).toBe(0);
      expect((await runCli([kind, '--json', '--breakdown'], { CLAUDE_CONFIG_DIR: dir })).code).toBe(0);
    }
    // and with the cache in its default place ($HOME/.cache/usage, HOME being an empty temp folder)
    expect((await runCli(['daily'], { CLAUDE_CONFIG_DIR: dir, USAGE_CACHE_DIR: undefined })).code).toBe(0);
    expect(hashTree(dir)).toBe(before);
  });
});

describe('a reader that stops reading (`usage daily | head`)', () => {
  // The pipe is closed before the command writes: every write gets EPIPE.
  const closedPipe = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: emptyDir(), USAGE_CACHE_DIR: emptyDir(), NO_COLOR: '1', CLAUDE_CONFIG_DIR: fixture('claude', 'streaming') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });

  for (const args of [['daily'], ['daily', '--json'], ['session', '--json', '--no-cache'], ['blocks'], ['blocks', '--json']]) {
    it(`usage ${args.join(' ')}: exits 0, no stack trace`, async () => {
      const r = await closedPipe(args);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toMatch(/EPIPE/);
      expect(r.code).toBe(0);
    });
  }
});

describe('an install whose ES module build is missing (a failed build, a partial copy)', () => {
  it('says so in one line and exits 1, without a stack trace', async () => {
    const dist = path.join(emptyDir(), 'dist');
    cpSync(path.dirname(CLI), dist, { recursive: true });
    rmSync(path.join(dist, 'esm'), { recursive: true });
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(dist, 'cli.js'), 'daily'], { env: { PATH: process.env.PATH, HOME: emptyDir() }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^usage: this install is incomplete \(.*esm.*cli\.js.*\): run `npm run build`, or install it again\n$/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('loading the build', () => {
  // Node 24 made fs.F_OK a getter that prints a deprecation warning when read: the bundles must
  // never read a built-in's export through a getter. Here one export none of our code uses is made
  // such a getter (F_OK itself cannot be redefined on this Node), before the bundles load.
  it('reads no export of a built-in module through a getter (a later Node may warn there)', async () => {
    const dir = emptyDir();
    const preload = path.join(dir, 'trap.cjs');
    writeFileSync(
      preload,
      "const fs = require('node:fs'); Object.defineProperty(fs, 'lchownSync', { get() { process.stderr.write('getter read\\n'); return () => {}; } });\n",
    );
    const run = (args: string[], stdin: 'ignore' | 'pipe' = 'ignore') =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', preload, CLI, ...args], {
          env: { PATH: process.env.PATH, HOME: emptyDir(), USAGE_CACHE_DIR: emptyDir(), CLAUDE_CONFIG_DIR: fixture('claude', 'streaming') },
          stdio: [stdin, 'ignore', 'pipe'],
        });
        if (stdin === 'pipe') child.stdin!.end('{}');
        let stderr = '';
        child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    for (const [args, stdin] of [[['daily', '--json'], 'ignore'], [['statusline'], 'pipe']] as const) {
      const r = await run([...args], stdin);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('getter read');
    }
  });
});

describe('public Node APIs only', () => {
  // Internals change without notice between Node majors (process.binding is deprecated, DEP0111), and a
  // V8 flag flipped once code has run can abort V8 (on Node 26.12 `--no-liftoff` did, on every read
  // over 4 MB). None of them anywhere in src/.
  it('no internal bindings, V8 flags set at run time or undocumented Buffer methods', () => {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          for (const m of readFileSync(file, 'utf8').matchAll(/process\.binding|internalBinding|setFlagsFromString|\b(?:utf8|latin1|ascii|ucs2|hex|base64)(?:Slice|Write)\b|%[A-Z][A-Za-z]+\(/g)) {
            found.push(`${path.relative(ROOT, file)}: ${m[0]}`);
          }
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(found).toEqual([]);
  });
});
