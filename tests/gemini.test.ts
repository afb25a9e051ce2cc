import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/core/diagnostics.js';
import { runtimeEnv } from '../src/core/env.js';
import type { UsageEvent } from '../src/core/types.js';
import { loadEvents } from '../src/pipeline/load.js';
import { sumTokens, tokensByModel, uncachedWriteTokens, withoutDedupeKeys, hashTree } from './helpers.js';
import type { ParseOutput } from '../src/providers/adapter.js';
import { gemini } from '../src/providers/gemini.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gemini');
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'usage-gemini-home-'));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

/** Reads one GEMINI_CLI_HOME; without `cacheDir`, nothing is read from or written to a cache. */
async function loadFrom(home: string, cacheDir?: string): Promise<{ events: UsageEvent[]; diagnostics: Diagnostics }> {
  const diagnostics = new Diagnostics();
  const { events } = await loadEvents({
    providers: ['gemini'],
    renv: runtimeEnv({ GEMINI_CLI_HOME: home, HOME: EMPTY_HOME, USAGE_CACHE_DIR: cacheDir }),
    useCache: cacheDir !== undefined,
    diagnostics,
  });
  return { events, diagnostics };
}

const load = (pitfall: string) => loadFrom(join(FIXTURES, pitfall));

const sum = sumTokens;
const byModel = tokensByModel;
const tok = uncachedWriteTokens;

// Per message: input = input − cached + tool, cacheRead = cached, output = output + thoughts,
// reasoning = thoughts.
describe('gemini adapter', () => {
  it('streams a legacy .json document whose sessionId comes after its messages', async () => {
    // g1 (pro) {input 12000, output 800, cached 4000, thoughts 300, tool 200}
    //   → input 12000−4000+200 = 8200, cacheRead 4000, output 1100, reasoning 300
    // g2 (flash) {input 20000, output 1500, cached 16000, thoughts 500, tool 0}
    //   → input 4000, cacheRead 16000, output 2000, reasoning 500
    // user/info messages and the "tokens"/"sessionId" inside g1's tool-call args count nothing.
    const { events, diagnostics } = await load('legacy-json');
    expect(diagnostics.skips).toEqual([]);
    expect(events).toHaveLength(2);
    expect(byModel(events)).toEqual({
      'gemini-2.5-pro': tok(8200, 4000, 1100, 300),
      'gemini-2.5-flash': tok(4000, 16000, 2000, 500),
    });
    expect(events.map((e) => e.dedupeKey)).toEqual([
      'gemini\u0000aaaa1111-0000-4000-8000-000000000001\u0000g1',
      'gemini\u0000aaaa1111-0000-4000-8000-000000000001\u0000g2',
    ]);
    // The folder is the SHA-256 of the path; projects.json names the path.
    expect(events.every((e) => e.projectPath === '/home/me/legacy-app')).toBe(true);
    expect(events[0]!.timestamp).toBe(Date.parse('2026-05-01T10:00:30.000Z'));
  });

  it('applies .jsonl updates: last version per id, $set.messages checkpoint, $rewindTo keeps billed messages', async () => {
    // g1 written twice: output 100 then 500 → the last: input 10000−2000 = 8000, cacheRead 2000, output 500
    // g2 {15000, 700, 8000, 100, 0} → 7000/8000/800/100, then rewound: still billed, still counted
    // g3 {18000, 900, 10000, 200, 500} → 8500/10000/1100/200
    // $set.messages = [u1, g1, u2, g3, g4]: g1 and g3 again (counted once), g4 {5000, 100, 0, 0, 0} → 5000/0/100/0
    // Sum: input 8000+7000+8500+5000 = 28500, cacheRead 2000+8000+10000 = 20000,
    // output 500+800+1100+100 = 2500, reasoning 300.
    // (Counting both g1 versions: output +100; dropping the rewound g2: input −7000; ignoring the
    // checkpoint: input −5000; counting the checkpoint's copies again: input +16500.)
    const { events, diagnostics } = await load('jsonl-ops');
    expect(diagnostics.skips).toEqual([]);
    expect(events).toHaveLength(4);
    expect(sum(events)).toEqual(tok(28500, 20000, 2500, 300));
    expect(events.every((e) => e.projectPath === '/home/me/myapp')).toBe(true);
    expect(events.every((e) => e.sessionId === 'bbbb2222-0000-4000-8000-000000000002')).toBe(true);
  });

  it('counts a session once across its .json and .jsonl twin, the .jsonl version winning', async () => {
    // .json: g1, g2 (written mid-response: output 1500); .jsonl (resumed copy): g1, g2 (output 2000), g3.
    // g1 {30000, 1000, 20000, 0, 0} → 10000/20000/1000/0
    // g2 {40000, 2000, 30000, 400, 0} → 10000/30000/2400/400 (the .json's 1500 would give 1900)
    // g3 {50000, 1500, 40000, 0, 100} → 10100/40000/1500/0
    // Sum: input 30100, cacheRead 90000, output 4900, reasoning 400.
    const { events } = await load('twin');
    expect(events).toHaveLength(3);
    expect(sum(events)).toEqual(tok(30100, 90000, 4900, 400));
    // No projects.json: the folder name stands.
    expect(events.every((e) => e.projectPath === 'twinproj')).toBe(true);
  });

  it('counts a sub-agent chat under its parent session, keyed by its own', async () => {
    // parent g1 {8000, 400, 0, 0, 0} → 8000/0/400/0
    // sub-agent g1 {6000, 300, 1000, 50, 0} → 5000/1000/350/50 (same message id, other session: kept)
    // Sum: input 13000, cacheRead 1000, output 750, reasoning 50.
    const { events } = await load('subagent');
    expect(events).toHaveLength(2);
    expect(sum(events)).toEqual(tok(13000, 1000, 750, 50));
    expect(events.every((e) => e.sessionId === 'dddd4444-0000-4000-8000-000000000004')).toBe(true);
    expect(new Set(events.map((e) => e.dedupeKey))).toEqual(
      new Set(['gemini\u0000dddd4444-0000-4000-8000-000000000004\u0000g1', 'gemini\u0000eeee5555-0000-4000-8000-000000000005\u0000g1']),
    );
  });

  it('counts only gemini messages with tokens', async () => {
    // g1 and g3 tokens null; e1 (an error) carries tokens {9000, 900} but is not a response;
    // g2 {1000, 100, 0, 0, 0} → input 1000, output 100.
    const { events, diagnostics } = await load('tokens-null');
    expect(diagnostics.skips).toEqual([]);
    expect(events).toHaveLength(1);
    expect(sum(events)).toEqual(tok(1000, 0, 100, 0));
  });

  it('emits what came before a damaged document and skips the rest', async () => {
    const text = readFileSync(
      join(FIXTURES, 'twin/.gemini/tmp/twinproj/chats/session-2026-05-03T08-00-cccc3333.json'),
      'utf8',
    );
    // Cut inside the last message (g2): g1 survives, under the sessionId that came first.
    const cut = text.slice(0, text.lastIndexOf('"g2"'));
    const events: UsageEvent[] = [];
    const skips: string[] = [];
    const out: ParseOutput = { emit: (e) => events.push(e), skip: (r) => skips.push(r) };
    gemini.readDocument!([Buffer.from(cut)], '/x/.gemini/tmp/p/chats/session-a.json', out);
    expect(skips).toEqual(['invalid JSON']);
    expect(events.map((e) => e.dedupeKey)).toEqual(['gemini\u0000cccc3333-0000-4000-8000-000000000003\u0000g1']);
    expect(events[0]!.tokens).toEqual(tok(10000, 20000, 1000, 0));
  });

  it('gives the same events from the cache, and from a .jsonl resumed after it grew', async () => {
    const work = mkdtempSync(join(tmpdir(), 'usage-gemini-grow-'));
    try {
      const cache = join(work, 'cache');
      for (const pitfall of readdirSync(FIXTURES)) {
        const fresh = await load(pitfall);
        expect((await loadFrom(join(FIXTURES, pitfall), cache)).events).toEqual(fresh.events);
        expect((await loadFrom(join(FIXTURES, pitfall), cache)).events).toEqual(withoutDedupeKeys(fresh.events));
      }
      // jsonl-ops cut after g2 (line 6), then appended to: the session and project carried in the
      // persisted state, and the later versions of g1/g3 in the checkpoint, must come out as in a whole read.
      const rel = '.gemini/tmp/myapp/chats/session-2026-05-02T09-00-bbbb2222.jsonl';
      const lines = readFileSync(join(FIXTURES, 'jsonl-ops', rel), 'utf8').split('\n').filter(Boolean);
      const home = join(work, 'home');
      mkdirSync(dirname(join(home, rel)), { recursive: true });
      writeFileSync(join(home, '.gemini/projects.json'), readFileSync(join(FIXTURES, 'jsonl-ops/.gemini/projects.json')));
      writeFileSync(join(home, rel), lines.slice(0, 6).join('\n') + '\n');
      // g1 (8000/2000/500/0) + g2 (7000/8000/800/100)
      expect(sum((await loadFrom(home, cache)).events)).toEqual(tok(15000, 10000, 1300, 100));
      appendFileSync(join(home, rel), lines.slice(6).join('\n') + '\n');
      const grown = await loadFrom(home, cache);
      expect(sum(grown.events)).toEqual(tok(28500, 20000, 2500, 300));
      expect(grown.events).toEqual((await load('jsonl-ops')).events);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('never writes into the folders it reads', async () => {
    const before = hashTree(FIXTURES);
    const cache = mkdtempSync(join(tmpdir(), 'usage-gemini-cache-'));
    try {
      for (const pitfall of readdirSync(FIXTURES)) {
        await load(pitfall);
        await loadFrom(join(FIXTURES, pitfall), cache);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    expect(hashTree(FIXTURES)).toBe(before);
  });
});
