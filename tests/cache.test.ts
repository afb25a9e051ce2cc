import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { beforeEach, describe, expect, it } from 'vitest';
import { newestFirst } from '../src/pipeline/cache-dir.js';
import { CACHE_FORMAT } from '../src/pipeline/file-cache.js';
import { runCli, runJson, tempDir } from './helpers.js';

/**
 * The cache must never change a number: every case compares a cached run with a --no-cache run.
 * A few cases also prove the cache was used (or bypassed) by changing a file behind its back.
 */

interface Daily {
  daily: { date: string; inputTokens: number; outputTokens: number }[];
  totals: { inputTokens: number; outputTokens: number; totalTokens: number };
}

// One response per line, output = 10 × n and input = n, so a total names exactly which lines counted.
function line(n: number, day = '2026-05-02'): string {
  const ts = `${day}T10:${String(n % 60).padStart(2, '0')}:00.000Z`;
  return `${JSON.stringify({
    type: 'assistant',
    sessionId: 's1',
    cwd: '/work/app',
    timestamp: ts,
    requestId: `req_${n}`,
    message: { id: `msg_${n}`, model: 'claude-sonnet-4-5', usage: { input_tokens: n, output_tokens: 10 * n } },
  })}\n`;
}

let config: string;
let transcript: string;
let cache: string;
let home: string;
// A fixed HOME: the report memo answers only the same environment again.
const env = (): Record<string, string> => ({ CLAUDE_CONFIG_DIR: config, USAGE_CACHE_DIR: cache, HOME: home });
const cached = (): Promise<Daily> => runJson<Daily>(['daily'], env());
const fresh = (): Promise<Daily> => runJson<Daily>(['daily', '--no-cache'], env());
/** Forget printed reports, so that the next run goes through the cache layer under test. */
const dropReportMemo = (): void => {
  for (const f of readdirSync(cache)) if (f.startsWith('reports-')) rmSync(path.join(cache, f), { recursive: true });
};
/** Removes every cache file but those whose name starts with `keep`. */
const dropAllBut = (keep: string): void => {
  for (const f of readdirSync(cache)) if (!f.startsWith(keep)) rmSync(path.join(cache, f), { recursive: true });
};
/** The report memo's files (one per run recorded). */
const memoFiles = (): string[] => {
  const dir = readdirSync(cache).find((f) => f.startsWith('reports-'));
  return dir ? readdirSync(path.join(cache, dir)).map((f) => path.join(cache, dir, f)) : [];
};
/** Puts the mtime of every folder under `dir` well in the past, as for logs written a while ago. */
function settle(dir: string): void {
  const past = new Date('2026-05-02T12:00:00Z');
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) settle(path.join(dir, e.name));
  utimesSync(dir, past, past);
}

beforeEach(() => {
  config = tempDir('usage-cache-logs-');
  cache = tempDir('usage-cache-dir-');
  home = tempDir('usage-cache-home-');
  mkdirSync(path.join(config, 'projects', '-work-app'), { recursive: true });
  transcript = path.join(config, 'projects', '-work-app', 's1.jsonl');
  writeFileSync(transcript, line(1) + line(2) + line(3));
});

/** Every value of a cache file, which must hold nothing else: the saved result is pieces, each after its u32 length. */
function readWhole(file: string): unknown[] {
  const bytes = readFileSync(file);
  if (!path.basename(file).startsWith('result-')) return [deserialize(bytes)];
  const values: unknown[] = [];
  for (let at = 0; at < bytes.length; at += 4 + bytes.readUInt32LE(at)) {
    values.push(deserialize(bytes.subarray(at + 4, at + 4 + bytes.readUInt32LE(at))));
  }
  return values;
}

describe('the per-file cache', () => {
  it('removes what other formats left in the cache folder, and nothing else', async () => {
    const old = ['files-v3-00.bin', 'files-v3-63.bin', 'result-v3.bin', 'reports-v1'];
    for (const name of old.slice(0, 3)) writeFileSync(path.join(cache, name), 'old');
    mkdirSync(path.join(cache, 'reports-v1'));
    writeFileSync(path.join(cache, 'reports-v1', 'x.bin'), 'old');
    writeFileSync(path.join(cache, 'notes.txt'), 'not ours to remove');
    settle(config);
    expect(await cached()).toEqual(await fresh());
    const left = readdirSync(cache);
    for (const name of old) expect(left).not.toContain(name);
    expect(left).toContain('notes.txt');
    // This format's own files are there, and serve the next run.
    expect(left.filter((f) => /^files-v\d+-\d\d\.bin$/.test(f)).length).toBeGreaterThan(0);
    expect(left.some((f) => /^result-v\d+-[0-9a-f]{8}\.bin$/.test(f))).toBe(true);
    expect(left.some((f) => /^reports-v\d+$/.test(f))).toBe(true);
  });

  it('fills on the first run and answers the same as a run without it', async () => {
    const first = await cached();
    expect(first.totals.inputTokens).toBe(6);
    expect(readdirSync(cache).some((f) => f.endsWith('.bin'))).toBe(true);
    expect(await cached()).toEqual(await fresh());
  });

  it('does not read an unchanged file again', async () => {
    // A whole-second mtime, so that setting it again restores it exactly.
    const mtime = new Date('2026-05-02T12:00:00Z');
    utimesSync(transcript, mtime, mtime);
    await cached();
    // Same size, same mtime, other numbers: only a run that trusts the cache still sees 1+2+3.
    const { size } = statSync(transcript);
    const swapped = readFileSync(transcript, 'utf8').replace('"input_tokens":1,', '"input_tokens":7,');
    expect(swapped.length).toBe(size);
    writeFileSync(transcript, swapped);
    utimesSync(transcript, mtime, mtime);
    expect((await cached()).totals.inputTokens).toBe(6);
    // The same through the per-file shards alone, without the whole-run result and report memo.
    for (const f of readdirSync(cache)) if (f.startsWith('result-') || f.startsWith('reports-')) rmSync(path.join(cache, f), { recursive: true });
    expect((await cached()).totals.inputTokens).toBe(6);
    expect((await fresh()).totals.inputTokens).toBe(12);
  });

  it('reads a grown file from where it was left', async () => {
    await cached();
    appendFileSync(transcript, line(4));
    const after = await cached();
    expect(after.totals.inputTokens).toBe(10);
    expect(after).toEqual(await fresh());
  });

  it('resumes rather than re-reads: an edit far before the resume point is not seen', async () => {
    await cached();
    // Line 1 changes (same length) and a line is appended. The 64 bytes before the old end are
    // intact, so the file counts as appended-to: line 1 keeps its cached value.
    writeFileSync(transcript, readFileSync(transcript, 'utf8').replace('"input_tokens":1,', '"input_tokens":7,') + line(4));
    expect((await cached()).totals.inputTokens).toBe(1 + 2 + 3 + 4);
  });

  it('re-reads a file rewritten with different bytes before the resume point', async () => {
    await cached();
    writeFileSync(transcript, line(5) + line(6) + line(7) + line(8));
    const after = await cached();
    expect(after.totals.inputTokens).toBe(5 + 6 + 7 + 8);
    expect(after).toEqual(await fresh());
  });

  it('re-reads a file that shrank', async () => {
    await cached();
    truncateSync(transcript, line(1).length);
    const after = await cached();
    expect(after.totals.inputTokens).toBe(1);
    expect(after).toEqual(await fresh());
  });

  it('counts a renamed file once and forgets a deleted one', async () => {
    await cached();
    const moved = path.join(path.dirname(transcript), 's2.jsonl');
    renameSync(transcript, moved);
    expect((await cached()).totals.inputTokens).toBe(6);
    rmSync(moved);
    const after = await cached();
    expect(after.totals.inputTokens).toBe(0);
    expect(after).toEqual(await fresh());
  });

  it('picks up a line that was torn on the previous run once it is complete', async () => {
    const torn = line(4);
    appendFileSync(transcript, torn.slice(0, 40));
    expect((await cached()).totals.inputTokens).toBe(6);
    appendFileSync(transcript, torn.slice(40));
    const after = await cached();
    expect(after.totals.inputTokens).toBe(10);
    expect(after).toEqual(await fresh());
    const debug = await runCli(['daily', '--json', '--debug'], env());
    expect(debug.stderr).not.toContain('torn');
  });

  it('discards corrupt, partial and older-format shards instead of trusting them', async () => {
    await cached();
    // Without the saved whole-run result, the next runs must go through the per-file shards.
    const result = readdirSync(cache).find((f) => f.startsWith('result-'))!;
    const dropResult = (): void => {
      rmSync(path.join(cache, result), { force: true });
      dropReportMemo();
    };
    const shards = readdirSync(cache).filter((f) => f.startsWith('files-'));
    expect(shards.length).toBeGreaterThan(0);
    const shard = path.join(cache, shards[0]!);
    const good = readFileSync(shard);

    for (const damaged of [
      Buffer.from('not a cache at all'),
      good.subarray(0, Math.floor(good.length / 2)),
      Buffer.alloc(0),
    ]) {
      writeFileSync(shard, damaged);
      dropResult();
      const r = await runCli(['daily', '--json'], env());
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(await fresh());
    }

    // A shard of another format version under the current name: its numbers must not be used.
    const body = deserialize(good) as { format: number; entries: { events: { tokens: Float64Array } }[] };
    body.format -= 1;
    body.entries[0]!.events.tokens[0] = 1_000_000;
    writeFileSync(shard, serialize(body));
    dropResult();
    expect((await cached()).totals.inputTokens).toBe(6);
  });

  it('answers from the saved whole-run result while nothing changed, and discards it when damaged', async () => {
    const mtime = new Date('2026-05-02T12:00:00Z');
    utimesSync(transcript, mtime, mtime);
    await cached();
    const result = path.join(cache, readdirSync(cache).find((f) => f.startsWith('result-'))!);
    // The result alone answers: with every shard (and the printed-report memo) gone, an unchanged
    // listing still gives 1+2+3.
    for (const f of readdirSync(cache)) if (f.startsWith('files-') || f.startsWith('reports-')) rmSync(path.join(cache, f), { recursive: true });
    expect((await cached()).totals.inputTokens).toBe(6);
    // A result made for another listing is not used: a grown file is counted.
    appendFileSync(transcript, line(4));
    expect((await cached()).totals.inputTokens).toBe(10);
    writeFileSync(result, Buffer.from('garbage'));
    dropReportMemo();
    expect(await cached()).toEqual(await fresh());
  });

  it('keeps a saved result for each kind of run: Claude-only runs (blocks) and all-agent reports do not replace each other', async () => {
    const mtime = new Date('2026-05-02T12:00:00Z');
    utimesSync(transcript, mtime, mtime);
    settle(config);
    const all = (): Promise<Daily> => runJson<Daily>(['daily'], env());
    const claudeOnly = (): Promise<Daily> => runJson<Daily>(['daily', '--provider', 'claude'], env());
    expect((await all()).totals.inputTokens).toBe(6);
    expect((await claudeOnly()).totals.inputTokens).toBe(6);
    expect(readdirSync(cache).filter((f) => f.startsWith('result-')).length).toBe(2);
    // Same size and mtime, other numbers, and neither shards nor printed reports left: only a saved
    // result still says 1+2+3, and each kind finds its own.
    const { size } = statSync(transcript);
    const swapped = readFileSync(transcript, 'utf8').replace('"input_tokens":1,', '"input_tokens":7,');
    expect(swapped.length).toBe(size);
    writeFileSync(transcript, swapped);
    utimesSync(transcript, mtime, mtime);
    dropAllBut('result-');
    expect((await claudeOnly()).totals.inputTokens).toBe(6);
    expect((await all()).totals.inputTokens).toBe(6);
    expect((await fresh()).totals.inputTokens).toBe(12);
  });

  it('keeps the saved results of the last few kinds of run, and not the one of builds before kinds', async () => {
    const kindless = `result-v${CACHE_FORMAT}.bin`;
    writeFileSync(path.join(cache, kindless), 'a result without a kind');
    for (const provider of ['claude', 'codex', 'gemini', 'claude,codex', 'codex,gemini']) await runJson<Daily>(['daily', '--provider', provider], env());
    const results = readdirSync(cache).filter((f) => f.startsWith('result-'));
    expect(results.length).toBe(4);
    expect(results).not.toContain(kindless);
  });

  it('discards a saved whole-run result that was cut short or names a piece longer than itself', async () => {
    await cached();
    const result = path.join(cache, readdirSync(cache).find((f) => f.startsWith('result-'))!);
    const whole = readFileSync(result);
    // Its first piece (the header: digest, skips, event count) ends here; the events' pieces follow.
    const headerEnd = 4 + whole.readUInt32LE(0);
    expect(whole.length).toBeGreaterThan(headerEnd);
    const overlong = Buffer.from(whole);
    overlong.writeUInt32LE(0xffffffff, headerEnd);
    for (const damaged of [whole.subarray(0, headerEnd), whole.subarray(0, whole.length - 1), overlong]) {
      writeFileSync(result, damaged);
      dropReportMemo();
      // Trusted, the header alone would answer with no events at all.
      expect((await cached()).totals.inputTokens).toBe(6);
    }
  });

  it('prints an unchanged report again without computing it, and never across a change', async () => {
    settle(config);
    const first = await runCli(['daily', '--json'], env());
    // With every other cache file gone, only the memo can answer: same bytes, same stderr.
    dropAllBut('reports-');
    const again = await runCli(['daily', '--json'], env());
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toBe(first.stderr);
    // Other options are another report.
    expect((await runJson<Record<string, unknown>>(['session'], env())).sessions).toBeDefined();
    // A change to any file is another listing: the memo is not used.
    appendFileSync(transcript, line(4));
    expect((await cached()).totals.inputTokens).toBe(10);
    // A damaged memo is a miss, never an error.
    for (const f of memoFiles()) writeFileSync(f, Buffer.from('garbage'));
    const r = await runCli(['daily', '--json'], env());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(await fresh());
  });

  it('replays a run only for the same environment, and never across a new file', async () => {
    // A whole-second mtime, so that setting it again restores it exactly.
    const mtime = new Date('2026-05-02T12:00:00Z');
    utimesSync(transcript, mtime, mtime);
    settle(config);
    await cached();
    dropAllBut('reports-');
    // Same size, same mtime, other numbers: a replay still says 1+2+3, a run that computes says 7+2+3.
    writeFileSync(transcript, readFileSync(transcript, 'utf8').replace('"input_tokens":1,', '"input_tokens":7,'));
    utimesSync(transcript, mtime, mtime);
    expect((await cached()).totals.inputTokens).toBe(6);
    expect((await runJson<Daily>(['daily'], { ...env(), SOME_VAR: '1' })).totals.inputTokens).toBe(12);
    // A new file changes its folder: the run is computed again (the grown listing, from the logs).
    dropAllBut('reports-');
    writeFileSync(path.join(path.dirname(transcript), 's2.jsonl'), line(5));
    expect((await cached()).totals.inputTokens).toBe(12 + 5);
  });

  it('does not record a run whose folders changed too recently to be trusted', async () => {
    // The folder was written just now: a file added in the same clock tick might not show in its mtime.
    await cached();
    expect(memoFiles()).toEqual([]);
  });

  it('survives processes writing it at once', async () => {
    settle(config); // so that the report memo is written too
    for (let round = 0; round < 3; round++) {
      appendFileSync(transcript, line(10 + round));
      const results = await Promise.all([cached(), cached(), cached(), cached()]);
      for (const r of results) expect(r).toEqual(results[0]);
    }
    const expected = await fresh();
    expect(expected.totals.inputTokens).toBe(6 + 10 + 11 + 12);
    expect(await cached()).toEqual(expected);
    const files = [...readdirSync(cache).filter((f) => !f.startsWith('reports-')).map((f) => path.join(cache, f)), ...memoFiles()];
    expect(memoFiles().length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.endsWith('.tmp')).toBe(false);
      expect(() => readWhole(f)).not.toThrow();
    }
  });

  it('a cache folder that cannot be used costs a re-read, never the report', async () => {
    const blocked = path.join(cache, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const r = await runCli(['daily', '--json'], { CLAUDE_CONFIG_DIR: config, USAGE_CACHE_DIR: path.join(blocked, 'usage') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(await fresh());
  });

  it('--no-cache neither reads nor writes the cache folder', async () => {
    await fresh();
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('newestFirst (what the report memo and the status line keep of their last runs)', () => {
  it('orders files by when they were last written, newest first, and a vanished one last', () => {
    const dir = tempDir('usage-newest-');
    const written = { a: '2026-05-02T10:00:00Z', b: '2026-05-03T10:00:00Z', c: '2026-05-01T10:00:00Z' };
    for (const [name, at] of Object.entries(written)) {
      writeFileSync(path.join(dir, name), name);
      utimesSync(path.join(dir, name), new Date(at), new Date(at));
    }
    expect(newestFirst(dir, ['gone', 'a', 'b', 'c'])).toEqual(['b', 'a', 'c', 'gone']);
  });
});
