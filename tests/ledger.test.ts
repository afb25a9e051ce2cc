import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { totalTokens, type UsageEvent } from '../src/core/types.js';
import { dedupe, keepBestPerKey } from '../src/pipeline/dedupe.js';
import { priceModel } from '../src/pricing/prices.js';
import { Ledger, type Identity, type TotalsQuery } from '../src/statusline/ledger.js';
import { seededRandom } from './helpers.js';

/**
 * The status line's ledger against the reference: events fed to it file by file and read by read, as
 * calls would, must give the totals of `dedupe` over the same events (in the order they were read,
 * files numbered in the order first read) — with real identities, and with ones whose first half (the
 * hash the ledger indexes by) collides.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'usage-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H = 3_600_000;
const NOW = Date.parse('2026-05-02T12:30:00Z');
const QUERY: TotalsQuery = { now: NOW, todayStartMs: Date.parse('2026-05-02T00:00:00Z'), blocksFromMs: NOW - 10 * H, sessionId: 's1' };

/** Reads (file, events) with keys from a small pool, so that responses repeat within and across files. */
function reads(seed: number, sidechainShare: number): { file: number; events: UsageEvent[] }[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const out: { file: number; events: UsageEvent[] }[] = [];
  for (let r = 0; r < 40; r++) {
    const events: UsageEvent[] = [];
    for (let n = rnd(8); n > 0; n--) {
      const message = `msg_${rnd(25)}`;
      const sidechain = rnd(100) < sidechainShare * 100;
      const output = pick([1, 2, 50, 50, 300]);
      const e: UsageEvent = {
        provider: 'claude',
        device: '',
        timestamp: NOW - rnd(30) * H + (rnd(10) === 0 ? 2 * H : 0),
        sessionId: pick(['s1', 's1', 's2']),
        projectPath: '/p',
        model: pick(['claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-opus-9-experimental']),
        tokens: { input: rnd(1000), cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: pick([0, 5000]), output, reasoning: 0 },
        rank: output,
      };
      if (rnd(10) !== 0) {
        e.dedupeKey = `claude:${message}:req_${sidechain ? 'btw' : rnd(2)}`;
        // As other agents' events: a key without a response id.
        if (rnd(5) !== 0) e.responseId = `claude:${message}`;
      }
      if (sidechain) e.sidechain = true;
      events.push(e);
    }
    // Like readFile: one event per key within one read.
    out.push({ file: rnd(3), events: keepBestPerKey(events) });
  }
  return out;
}

/** The status line's figures the way they were computed from deduplicated events. */
function reference(events: readonly UsageEvent[], q: TotalsQuery) {
  const session = { usd: 0, partial: false };
  const today = { usd: 0, partial: false };
  const recent: { timestamp: number; cost: number }[] = [];
  const unpriced = new Set<string>();
  let lastMain: UsageEvent | undefined;
  for (const e of events) {
    const price = priceModel(e.model, e.tokens);
    const cost = price ?? 0;
    const lacks = price === undefined && totalTokens(e.tokens) > 0;
    if (e.sessionId === q.sessionId) {
      session.usd += cost;
      if (lacks) (session.partial = true), unpriced.add(e.model);
      if (!e.sidechain && totalTokens(e.tokens) > 0 && (!lastMain || e.timestamp >= lastMain.timestamp)) lastMain = e;
    }
    if (e.timestamp > q.now) continue;
    if (e.timestamp >= q.todayStartMs) {
      today.usd += cost;
      if (lacks) (today.partial = true), unpriced.add(e.model);
    }
    if (e.timestamp >= q.blocksFromMs) {
      if (lacks) unpriced.add(e.model);
      recent.push({ timestamp: e.timestamp, cost });
    }
  }
  return { session, today, recent, lastMain, unpricedModels: [...unpriced].sort() };
}

/** A number per distinct id: the exact second half of a test identity. */
const numbered = new Map<string, number>();
const exact = (s: string): number => numbered.get(s) ?? numbered.set(s, numbered.size).size - 1;

describe.each([
  ['real identities', undefined],
  ['identities whose hashes always collide', (s: string): Identity => [s.length % 2, exact(s)]],
  ['identities whose hashes sometimes collide', (s: string): Identity => [[...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 64, 0), exact(s)]],
] as const)('the ledger, %s', (_name, hash) => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    // Half the seeds with mostly sidechain events: replays of responses no main event has.
    const sidechainShare = seed % 2 === 0 ? 0.25 : 0.9;
    it(`matches dedupe after every read (seed ${seed}, ${sidechainShare * 100}% sidechain)`, () => {
      let ledger = new Ledger(0, hash);
      const fileOrder: number[] = [];
      const all: UsageEvent[] = [];
      const sources: number[] = [];
      const saved = path.join(dir, `ledger-${seed}.bin`);
      reads(seed, sidechainShare).forEach(({ file, events }, r) => {
        if (!fileOrder.includes(file)) fileOrder.push(file);
        const index = ledger.track({ path: `f${file}`, size: r, mtimeMs: r });
        ledger.add(index, events);
        for (const e of events) {
          all.push(e);
          sources.push(fileOrder.indexOf(file));
        }
        const want = reference(dedupe(all, sources), QUERY);
        const got = ledger.totals(QUERY);
        expect(got.session).toEqual(want.session);
        expect(got.today).toEqual(want.today);
        expect(got.recent.map((p) => ({ timestamp: p.event.timestamp, cost: p.cost }))).toEqual(want.recent);
        expect(got.lastMain?.timestamp).toBe(want.lastMain?.timestamp);
        expect(got.lastMain?.tokens).toEqual(want.lastMain?.tokens);
        expect(got.unpricedModels).toEqual(want.unpricedModels);
        // Now and then through the disk, as from one call to the next (real identities only: a loaded ledger has them).
        if (hash === undefined && r % 7 === 6) {
          ledger.save(saved, 'test');
          ledger = Ledger.load(saved, 'test')!;
          expect(ledger).toBeDefined();
        }
      });
    });
  }
});

describe('a saved ledger', () => {
  it('rewrites its rows only once many were added, keeps one rows file, and loads as it was saved', () => {
    const file = path.join(dir, 'rows.bin');
    const event = (n: number, output = 10): UsageEvent => ({
      provider: 'claude',
      device: '',
      timestamp: NOW - (n % 20) * H,
      sessionId: 's1',
      projectPath: '/p',
      model: 'claude-sonnet-4-5',
      tokens: { input: n, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output, reasoning: 0 },
      rank: output,
      dedupeKey: `k${n}`,
      responseId: `r${n}`,
    });
    const rowsFiles = (): string[] => readdirSync(dir).filter((n) => n.startsWith('rows-') && n.endsWith('.rows.bin'));
    let ledger = new Ledger(0);
    ledger.add(ledger.track({ path: 'f', size: 0, mtimeMs: 0 }), Array.from({ length: 100 }, (_, n) => event(n)));
    ledger.totals(QUERY);
    ledger.save(file, 'rows');
    let before = rowsFiles();
    expect(before).toHaveLength(1);
    // 50 rows added: only the state is written; 6000: the rows too; 10 more: the state again.
    for (const [from, count, rewritten] of [[100, 50, false], [150, 6000, true], [6150, 10, false]] as const) {
      ledger = Ledger.load(file, 'rows')!;
      const f = ledger.track({ path: 'f', size: from, mtimeMs: from });
      // New events, and a better line of an early one (in the rows file): replaced there.
      ledger.add(f, [...Array.from({ length: count }, (_, n) => event(from + n)), event(from % 100, 20)]);
      const totals = ledger.totals(QUERY);
      ledger.save(file, 'rows');
      expect(Ledger.load(file, 'rows')!.totals(QUERY)).toEqual(totals);
      expect(rowsFiles()).toHaveLength(1);
      expect(rowsFiles()[0] !== before[0]).toBe(rewritten);
      before = rowsFiles();
    }
  });

  it('keeps the names of files and folders as they were, however spelt', () => {
    const file = path.join(dir, 'names.bin');
    const ledger = new Ledger(5);
    ledger.track({ path: '/logs/projé/ü.jsonl', size: 1, mtimeMs: 1.5 });
    const folders = new Map([
      ['/logs/projé', { mtimeMs: 1, readAtMs: 2, entries: ['ü.jsonl', 'sub/', 'link\u0000'] }],
      ['/logs/odd', { mtimeMs: 3, readAtMs: 4, entries: ['a\nb.jsonl', 'c.jsonl'] }],
      ['/logs/empty', { mtimeMs: 5, readAtMs: 6, entries: [] }],
      ['/logs/locked', { mtimeMs: 7, readAtMs: 8, entries: [], unreadable: true as const }],
    ]);
    ledger.folders = folders;
    ledger.save(file, 'names');
    const loaded = Ledger.load(file, 'names')!;
    expect(loaded.file('/logs/projé/ü.jsonl')).toEqual({ path: '/logs/projé/ü.jsonl', size: 1, mtimeMs: 1.5 });
    expect([...loaded.folders].map(([d, f]) => [d, f.mtimeMs, f.readAtMs, f.entries, f.unreadable ?? false])).toEqual(
      [...folders].map(([d, f]) => [d, f.mtimeMs, f.readAtMs, f.entries, f.unreadable ?? false]),
    );
  });

  it('is not trusted for another identity, nor when damaged', () => {
    const file = path.join(dir, 'identity.bin');
    const ledger = new Ledger(5);
    ledger.track({ path: 'f', size: 1, mtimeMs: 1 });
    ledger.save(file, 'a');
    expect(Ledger.load(file, 'a')?.file('f')).toEqual({ path: 'f', size: 1, mtimeMs: 1 });
    expect(Ledger.load(file, 'a')?.windowFrom).toBe(5);
    expect(Ledger.load(file, 'b')).toBeUndefined();
    expect(Ledger.load(path.join(dir, 'none.bin'), 'a')).toBeUndefined();
  });

  it('keeps when discovery last looked at every file (none yet: undefined)', () => {
    const file = path.join(dir, 'rescanned.bin');
    const ledger = new Ledger(5);
    ledger.save(file, 'a');
    expect(Ledger.load(file, 'a')!.rescannedAtMs).toBeUndefined();
    ledger.rescannedAtMs = 1_777_724_999_000;
    ledger.save(file, 'a');
    expect(Ledger.load(file, 'a')!.rescannedAtMs).toBe(1_777_724_999_000);
  });
});
