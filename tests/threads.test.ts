/**
 * Reading on worker threads gives what reading on the main thread gives. On a 60 MB corpus from the
 * bench's generator (every pitfall of formats.md is in it; a scan is shared out only past 48 MB):
 * the built worker's answer for every file equals the file read here, and the CLI prints the same
 * reports with USAGE_THREADS=1 and with three readers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../src/core/types.js';
import { decodeEvents } from '../src/pipeline/event-codec.js';
import { PARALLEL_FROM_BYTES, type ReadRequest, type WorkerReply, type WorkerTask } from '../src/pipeline/pool.js';
import { readFile } from '../src/pipeline/read-file.js';
import { ADAPTERS } from '../src/providers/index.js';
import { ROOT, runCli, tempDir } from './helpers.js';

let corpus = '';
let env: Record<string, string> = {};

beforeAll(() => {
  corpus = tempDir('usage-threads-');
  const gen = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--size', '60MB', '--seed', '7', '--out', corpus, '--quiet'], {
    encoding: 'utf8',
  });
  expect(gen.status, gen.stderr).toBe(0);
  env = {
    CLAUDE_CONFIG_DIR: path.join(corpus, 'claude'),
    CODEX_HOME: path.join(corpus, 'codex'),
    GEMINI_CLI_HOME: path.join(corpus, 'gemini'),
    TZ: 'UTC',
  };
}, 120_000);

afterAll(() => rmSync(corpus, { recursive: true, force: true }));

/** Every log of the corpus, as the store would ask for it. */
function requests(): ReadRequest[] {
  const out: ReadRequest[] = [];
  const add = (provider: Provider, dir: string, match: RegExp): void => {
    for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(dir, rel);
      if (match.test(file) && statSync(file).isFile()) out.push({ provider, path: file, bytes: statSync(file).size });
    }
  };
  add('claude', path.join(corpus, 'claude', 'projects'), /\.jsonl$/);
  add('codex', path.join(corpus, 'codex'), /\.jsonl(\.zst)?$/);
  add('gemini', path.join(corpus, 'gemini', '.gemini', 'tmp'), /[\\/]chats[\\/].*\.jsonl?$/);
  return out;
}

describe('worker threads', () => {
  it('the built worker reads every file as the main thread does', async () => {
    const all = requests();
    expect(all.reduce((sum, r) => sum + r.bytes, 0)).toBeGreaterThan(PARALLEL_FROM_BYTES);
    expect(new Set(all.map((r) => r.provider)).size).toBe(3);
    const task: WorkerTask = { kind: 'usage', requests: all, order: all.map((_, i) => i), next: new SharedArrayBuffer(4) };
    const replies = new Map<number, NonNullable<WorkerReply['result']>>();
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(path.join(ROOT, 'dist', 'worker.js'), { workerData: task });
      worker.on('message', ({ index, result }: WorkerReply) => {
        if (index === undefined || !result) {
          void worker.terminate().then(() => resolve());
          return;
        }
        replies.set(index, result);
      });
      worker.on('error', reject);
    });
    expect(replies.size).toBe(all.length);
    all.forEach((r, i) => {
      const { events, ...rest } = replies.get(i)!;
      expect({ ...rest, events: decodeEvents(events) }, r.path).toEqual(readFile(ADAPTERS[r.provider]!, r.path));
    });
  }, 60_000);

  it.each([['daily'], ['session'], ['model', '--breakdown']])('%s: the same JSON with one reader and with three', async (...args) => {
    const one = await runCli([...args, '--json', '--no-cache'], { ...env, USAGE_THREADS: '1' });
    const three = await runCli([...args, '--json', '--no-cache'], { ...env, USAGE_THREADS: '3' });
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(JSON.parse(three.stdout).totals.totalTokens).toBeGreaterThan(100_000_000);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
  });

  it('a USAGE_THREADS that is not a whole number from 1 is one line and exit 2', async () => {
    const r = await runCli(['daily', '--json', '--no-cache'], { ...env, USAGE_THREADS: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('usage: USAGE_THREADS expects a whole number from 1, got "0"\n');
  });
});
