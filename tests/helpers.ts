/**
 * Shared test helpers: run the built CLI as a user would, in a controlled environment, and
 * fingerprint a folder tree. Keep this file small; other test files import it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { addTokens, emptyTokens, type Tokens, type UsageEvent } from '../src/core/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** fixtures/<...parts>, absolute. */
export const fixture = (...parts: string[]): string => path.join(ROOT, 'fixtures', ...parts);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh empty folder under the system temp folder. */
export function tempDir(prefix = 'usage-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Runs `node dist/cli.js ...args` with a controlled environment: only PATH from the parent, HOME
 * (and USERPROFILE) set to an empty temp folder, TZ unset, NO_COLOR=1, USAGE_CACHE_DIR a temp
 * folder. `env` is merged on top; a value of `undefined` removes the variable (e.g. `NO_COLOR`).
 * `stdin`, when given, is what the command reads on standard input. The working directory is the
 * repository root, so relative fixture paths work.
 */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliResult> {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: build first (\`npx tsup\`, or run the suite with \`npm test\`)`);
  }
  // Temp folders made here are removed once the process ends; folders passed in `env` are left alone.
  const made: string[] = [];
  const makeTemp = (prefix: string): string => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir;
  };
  const home = 'HOME' in env ? env.HOME : makeTemp('usage-home-');
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    NO_COLOR: '1',
    ...('USAGE_CACHE_DIR' in env ? {} : { USAGE_CACHE_DIR: makeTemp('usage-cache-') }),
    ...env,
  };
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) childEnv[k] = v;

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) {
      // A command that exits without reading it closes the pipe first: not an error of the test.
      child.stdin!.on('error', () => {});
      child.stdin!.end(stdin);
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** runCli, then JSON.parse of stdout; throws with stderr when the exit code is not 0. */
export async function runJson<T = Record<string, unknown>>(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<T> {
  const r = await runCli([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * sha256 over every file below `dir` (relative path, size and content, sorted by path; folders
 * included so an added empty folder counts too): equal before and after means nothing was written.
 */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        hash.update(`d ${child}\n`);
        walk(child);
      } else {
        // The mtime too: a write of identical bytes is still a write into someone else's folder.
        const body = readFileSync(path.join(dir, child));
        hash.update(`f ${child} ${body.length} ${statSync(path.join(dir, child)).mtimeMs}\n`).update(body);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** A maker of temp folders for one test file; every folder it made is removed after the file's tests. */
export function tempDirs(prefix: string): (name?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (name = prefix) => {
    const dir = tempDir(name);
    made.push(dir);
    return dir;
  };
}

/**
 * Whole numbers below `n` from a seeded generator, so that a failure can be replayed. Taken from the
 * high bits: the low bits of this generator repeat with short periods.
 */
export function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * n);
  };
}

export function sumTokens(events: readonly UsageEvent[]): Tokens {
  const t = emptyTokens();
  for (const e of events) addTokens(t, e.tokens);
  return t;
}

export function tokensByModel(events: readonly UsageEvent[]): Record<string, Tokens> {
  const out: Record<string, Tokens> = {};
  for (const e of events) addTokens((out[e.model] ??= emptyTokens()), e.tokens);
  return out;
}

/** Tokens of an agent without cache writes (Codex, Gemini). */
export const uncachedWriteTokens = (input: number, cacheRead: number, output: number, reasoning: number): Tokens => ({
  input,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead,
  output,
  reasoning,
});

/** Events as a saved whole-run result gives them back: without the keys dedupe used. */
export function withoutDedupeKeys(events: readonly UsageEvent[]): UsageEvent[] {
  return events.map(({ dedupeKey: _key, responseId: _response, ...rest }) => rest);
}

/**
 * `usage session --json` without the rows' `toolCalls` and `toolErrors`: what the sinks that show the
 * session report without tool calls (usage mcp's session tool, the HTML page) are compared with.
 */
export function withoutToolCounts<T>(json: T): T {
  const j = json as { sessions?: Record<string, unknown>[] };
  if (!Array.isArray(j.sessions)) return json;
  return { ...j, sessions: j.sessions.map(({ toolCalls: _calls, toolErrors: _errors, ...row }) => row) } as T;
}
