import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTokens, type Tokens } from '../src/core/types.js';
import { Pricing } from '../src/pricing/overrides.js';
import { fixture, runCli, tempDir } from './helpers.js';

const tok = (t: Partial<Tokens>): Tokens => ({ ...emptyTokens(), ...t });
const LOGS = fixture('prices', 'own');
const PRICES = path.join(LOGS, 'prices.json');

describe('Pricing (own prices over the snapshot)', () => {
  const pricing = new Pricing(
    {
      models: {
        'claude-sonnet-4-5': { input: 2e-6, output: 1e-5 },
        'acme-*': { input: 3e-6, output: 6e-6, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, longContext: { threshold: 1000, input: 6e-6, output: 1.2e-5 } },
      },
      discount: { claude: 0.25 },
    },
    '/cfg.json',
  );

  it('an exact name matches the log\'s dated and prefixed spellings; unset rates stay the snapshot\'s', () => {
    // 1000 × 2e-6 + 100 × 1e-5 + 10000 × 3e-7 (the snapshot's cache read)
    expect(pricing.cost('claude-sonnet-4-5-20250929', 'claude', tok({ input: 1000, output: 100, cacheRead: 10000 }))).toBeCloseTo(0.006, 12);
    expect(pricing.priceOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude')?.rule).toBe('claude-sonnet-4-5');
  });

  it('a pattern with a long-context tier: the whole request at the long rates past the threshold', () => {
    expect(pricing.cost('acme-fast-2', 'claude', tok({ input: 1000, output: 100 }))).toBeCloseTo(0.0036, 12); // 0.003 + 0.0006
    expect(pricing.cost('acme-fast-2', 'claude', tok({ input: 2000, output: 100 }))).toBeCloseTo(0.0132, 12); // 0.012 + 0.0012
    expect(pricing.cost('ACME-X', 'codex', tok({ input: 1 }))).toBeCloseTo(3e-6, 15);
    expect(pricing.priceOf('xacme-1', 'claude')).toBeUndefined();
  });

  it('a discount takes its fraction off the snapshot\'s prices of that agent only, never off own prices', () => {
    expect(pricing.cost('claude-haiku-4-5-20251001', 'claude', tok({ input: 1000, output: 1000 }))).toBeCloseTo(0.0045, 12);
    expect(pricing.cost('claude-haiku-4-5-20251001', 'codex', tok({ input: 1000, output: 1000 }))).toBeCloseTo(0.006, 12);
    expect(pricing.priceOf('claude-sonnet-4-5', 'claude')?.discount).toBeUndefined();
  });

  it('a model the snapshot does not price needs all five rates', () => {
    expect(() => new Pricing({ models: { 'acme-2': { input: 1e-6, output: 1e-6 } } }, '/p.json')).toThrow(
      'own prices: "acme-2" the snapshot does not price, so it needs all of input, output, cacheWrite5m, cacheWrite1h, cacheRead (missing cacheWrite5m, cacheWrite1h, cacheRead',
    );
    const partialPattern = new Pricing({ models: { 'acme-*': { input: 1e-6 } } }, '/p.json');
    expect(() => partialPattern.cost('acme-9', 'claude', tok({ input: 1 }))).toThrow('"acme-*" matches acme-9, which the snapshot does not price');
    // Over a snapshot model a partial pattern is fine: gpt-5's output stays $10/M.
    expect(new Pricing({ models: { 'gpt-5*': { input: 1e-6 } } }, '/p.json').cost('gpt-5', 'codex', tok({ input: 1000, output: 100 }))).toBeCloseTo(0.002, 12);
  });
});

describe('own prices in the reports', () => {
  it('--prices: every figure of the fixture README, the overrides named, nothing unpriced', async () => {
    const r = await runCli(['daily', '--json', '-z', 'UTC', '--prices', PRICES], { CLAUDE_CONFIG_DIR: LOGS });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.daily.map((d: { totalCost: number }) => d.totalCost.toFixed(10))).toEqual(['0.0068000000', '0.0177000000']);
    expect(json.totals.totalCost).toBeCloseTo(0.0245, 12);
    const costs = Object.fromEntries(json.daily.flatMap((d: { modelBreakdowns: { modelName: string; cost: number }[] }) => d.modelBreakdowns.map((m) => [m.modelName, m.cost])));
    expect(costs['claude-sonnet-4-5-20250929']).toBeCloseTo(0.006, 12);
    expect(costs['acme-coder-1']).toBeCloseTo(0.0008, 12);
    expect(costs['acme-fast-2']).toBeCloseTo(0.0132, 12);
    expect(costs['claude-haiku-4-5-20251001']).toBeCloseTo(0.0045, 12);
    expect(json.unpricedModels).toEqual([]);
    expect(r.stderr).toBe('');
    expect(json.priceOverrides).toEqual([
      { modelName: 'acme-coder-1', provider: 'claude', rule: 'acme-coder-1', source: PRICES },
      { modelName: 'acme-fast-2', provider: 'claude', rule: 'acme-*', source: PRICES },
      { modelName: 'claude-haiku-4-5-20251001', provider: 'claude', discount: 0.25, source: PRICES },
      { modelName: 'claude-sonnet-4-5-20250929', provider: 'claude', rule: 'claude-sonnet-4-5', source: PRICES },
    ]);
  });

  it('without own prices: the snapshot\'s figures, the added models unpriced, no priceOverrides key', async () => {
    const json = JSON.parse((await runCli(['daily', '--json', '-z', 'UTC'], { CLAUDE_CONFIG_DIR: LOGS })).stdout);
    expect(json.totals.totalCost).toBeCloseTo(0.0135, 12);
    expect(json.unpricedModels).toEqual(['acme-coder-1', 'acme-fast-2']);
    expect(json).not.toHaveProperty('priceOverrides');
  });

  it('the config\'s prices, and the memo never replays a run priced otherwise', async () => {
    const dir = tempDir('usage-config-');
    mkdirSync(path.join(dir, 'usage'));
    const file = path.join(dir, 'usage', 'config.json');
    const table = JSON.parse((await import('node:fs')).readFileSync(PRICES, 'utf8'));
    writeFileSync(file, JSON.stringify({ prices: table }));
    const env = { CLAUDE_CONFIG_DIR: LOGS, XDG_CONFIG_HOME: dir, USAGE_CACHE_DIR: tempDir('usage-cache-') };
    const total = async (args: string[] = []): Promise<number> => JSON.parse((await runCli(['daily', '--json', '-z', 'UTC', ...args], env)).stdout).totals.totalCost;
    expect(await total()).toBeCloseTo(0.0245, 12);
    expect(await total()).toBeCloseTo(0.0245, 12); // replayed
    // Half off haiku: 0.006 × 0.5 = 0.003 instead of 0.0045.
    writeFileSync(file, JSON.stringify({ prices: { ...table, discount: { claude: 0.5 } } }));
    expect(await total()).toBeCloseTo(0.023, 12);
    // A --prices file changed under the same command line is a new run too.
    const other = path.join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ discount: { claude: 0.5 } }));
    expect(await total(['--prices', other])).toBeCloseTo(0.0075 * 0.5 + 0.003, 12);
    writeFileSync(other, JSON.stringify({ discount: { claude: 0.1 } }));
    expect(await total(['--prices', other])).toBeCloseTo(0.0135 * 0.9, 12);
  });

  it('blocks --json names the overrides too', async () => {
    const json = JSON.parse((await runCli(['blocks', '--json', '--prices', PRICES], { CLAUDE_CONFIG_DIR: LOGS })).stdout);
    const costs = json.blocks.filter((b: { isGap: boolean }) => !b.isGap).map((b: { costUSD: number }) => b.costUSD);
    expect(costs).toEqual([0.0068, 0.0177]);
    expect(json.priceOverrides).toHaveLength(4);
  });

  it('usage prices: each model\'s price and where it came from', async () => {
    const r = await runCli(['prices', 'claude-sonnet-4-5-20250929', 'acme-fast-2', 'no-such-model', '--json', '--prices', PRICES]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.overrideFile).toBe(PRICES);
    expect(json.snapshot.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [sonnet, acme, none] = json.models;
    expect(sonnet.price.input).toBe(2e-6);
    expect(sonnet.price.cacheRead).toBe(3e-7);
    expect(sonnet.source).toBe(`own price "claude-sonnet-4-5" in ${PRICES}, over the snapshot's claude-sonnet-4-5-20250929`);
    expect(acme.price.longContext).toEqual({ threshold: 1000, input: 6e-6, output: 1.2e-5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 });
    expect(acme.source).toBe(`own price "acme-*" in ${PRICES} (not in the snapshot)`);
    expect(none).toEqual({ model: 'no-such-model', price: null, source: 'none: unpriced' });
    expect(json.discount).toEqual({ claude: 0.25 });
  });

  it('a bad --prices file is one line, exit 2', async () => {
    const dir = tempDir('usage-prices-');
    const bad = path.join(dir, 'p.json');
    writeFileSync(bad, JSON.stringify({ discount: { claude: 1.5 } }));
    const r = await runCli(['daily', '--prices', bad], { CLAUDE_CONFIG_DIR: LOGS });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`usage: --prices ${bad}: "discount.claude" expects a number less than 1, got 1.5\n`);
  });
});
