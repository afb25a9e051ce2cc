import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Tokens } from '../src/core/types.js';
import { costOf, findPrice, priceModel, type ModelPrice } from '../src/pricing/prices.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const tok = (t: Partial<Tokens>): Tokens => ({
  input: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
  output: 0,
  reasoning: 0,
  ...t,
});

function price(model: string): ModelPrice {
  const match = findPrice(model);
  if (!match) throw new Error(`no price for ${model}`);
  return match.price;
}

describe('costOf', () => {
  // claude-sonnet-4-5: input 3e-6, 5m write 3.75e-6, 1h write 6e-6, read 3e-7, output 1.5e-5
  // >200k tier:        input 6e-6, 5m write 7.5e-6,  1h write 1.2e-5, read 6e-7, output 2.25e-5
  const sonnet = price('claude-sonnet-4-5');

  it('bills each token kind at its base rate, reasoning not again', () => {
    // 1000×3e-6 + 2000×3.75e-6 + 4000×6e-6 + 10000×3e-7 + 500×1.5e-5
    // = 0.003 + 0.0075 + 0.024 + 0.003 + 0.0075 = 0.045
    const t = tok({ input: 1000, cacheWrite5m: 2000, cacheWrite1h: 4000, cacheRead: 10000, output: 500, reasoning: 200 });
    expect(costOf(sonnet, t)).toBeCloseTo(0.045, 10);
  });

  it('keeps base rates at exactly 200000 prompt tokens', () => {
    // prompt 100000 + 40000 + 10000 + 50000 = 200000, not above the line
    // 100000×3e-6 + 40000×3.75e-6 + 10000×6e-6 + 50000×3e-7 + 1000×1.5e-5
    // = 0.3 + 0.15 + 0.06 + 0.015 + 0.015 = 0.54
    const t = tok({ input: 100000, cacheWrite5m: 40000, cacheWrite1h: 10000, cacheRead: 50000, output: 1000 });
    expect(costOf(sonnet, t)).toBeCloseTo(0.54, 10);
  });

  it('bills the whole request, output included, at tier rates above 200000', () => {
    // prompt 200001: 100001×6e-6 + 40000×7.5e-6 + 10000×1.2e-5 + 50000×6e-7 + 1000×2.25e-5
    // = 0.600006 + 0.3 + 0.12 + 0.03 + 0.0225 = 1.072506
    const t = tok({ input: 100001, cacheWrite5m: 40000, cacheWrite1h: 10000, cacheRead: 50000, output: 1000 });
    expect(costOf(sonnet, t)).toBeCloseTo(1.072506, 10);
  });

  it('uses the 272k tier for gpt-5.4', () => {
    // gpt-5.4 base: input 2.5e-6, read 2.5e-7, output 1.5e-5; >272k: input 5e-6, read 5e-7, output 2.25e-5
    // at 272000: 72000×2.5e-6 + 200000×2.5e-7 + 2000×1.5e-5 = 0.18 + 0.05 + 0.03 = 0.26
    expect(priceModel('gpt-5.4', tok({ input: 72000, cacheRead: 200000, output: 2000, reasoning: 1500 }))).toBeCloseTo(0.26, 10);
    // at 272001: 72001×5e-6 + 200000×5e-7 + 2000×2.25e-5 = 0.360005 + 0.1 + 0.045 = 0.505005
    expect(priceModel('gpt-5.4', tok({ input: 72001, cacheRead: 200000, output: 2000, reasoning: 1500 }))).toBeCloseTo(0.505005, 10);
  });

  it('multiplies every rate in fast mode by the model multiplier', () => {
    // claude-opus-4-6: input 5e-6, 5m 6.25e-6, 1h 1e-5, read 5e-7, output 2.5e-5; fast ×6
    // 1000 of each: 0.005 + 0.00625 + 0.01 + 0.0005 + 0.025 = 0.04675; ×6 = 0.2805
    const t = tok({ input: 1000, cacheWrite5m: 1000, cacheWrite1h: 1000, cacheRead: 1000, output: 1000 });
    expect(priceModel('claude-opus-4-6', t)).toBeCloseTo(0.04675, 10);
    expect(priceModel('claude-opus-4-6', t, { fast: true })).toBeCloseTo(0.2805, 10);
    expect(priceModel('claude-opus-4-6[1m]', t, { fast: true })).toBeCloseTo(0.2805, 10);
  });

  it('prices fast mode normally for a model without a multiplier', () => {
    // claude-sonnet-4-5 has none: same 0.045 as the base-rate case
    const t = tok({ input: 1000, cacheWrite5m: 2000, cacheWrite1h: 4000, cacheRead: 10000, output: 500 });
    expect(price('claude-sonnet-4-5').fastMultiplier).toBeUndefined();
    expect(priceModel('claude-sonnet-4-5', t, { fast: true })).toBeCloseTo(0.045, 10);
  });
});

describe('findPrice', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['gemini/gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
    ['gemini-2.5-pro', 'gemini-2.5-pro'],
    ['claude-opus-4-6[1m]', 'claude-opus-4-6'],
    ['gpt-5-2025-08-07', 'gpt-5-2025-08-07'],
    ['openai/gpt-5.4', 'gpt-5.4'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5-20250929'],
    // a date the snapshot does not list: the same model without its date
    ['claude-sonnet-4-6-20260301', 'claude-sonnet-4-6'],
    // a name the snapshot lists only with a date
    ['claude-opus-4', 'claude-opus-4-20250514'],
  ])('%s → %s', (model, matched) => {
    expect(findPrice(model)?.matchedName).toBe(matched);
  });

  it.each(['claude-opus-4-9', 'claude-opus-4-9-20270101', 'gpt-5.9', 'claude-sonnet-9', '<synthetic>', ''])(
    'never prices unknown %j',
    (model) => {
      expect(findPrice(model)).toBeUndefined();
      expect(priceModel(model, tok({ input: 1000 }))).toBeUndefined();
    },
  );

  it('memoizes lookups', () => {
    expect(findPrice('anthropic/claude-sonnet-4-5')).toBe(findPrice('anthropic/claude-sonnet-4-5'));
  });
});

// The rules of derive.mjs on a hand-made LiteLLM fragment.
interface DeriveModule {
  derive(main: object, extra: object, source: unknown): { models: Record<string, ModelPrice>; source: unknown };
  serialize(snapshot: object): string;
  describeSource(files: { path: string; text: string }[], date: string): unknown;
}
const loadDerive = async (): Promise<DeriveModule> =>
  (await import(pathToFileURL(resolve(ROOT, 'pricing/derive.mjs')).href)) as DeriveModule;

describe('derive.mjs', () => {
  it('applies the cache ratios per tier unless the model lists its own figures', async () => {
    const { derive } = await loadDerive();
    const main = {
      a: {
        input_cost_per_token: 1e-6,
        output_cost_per_token: 5e-6,
        cache_creation_input_token_cost_above_1hr: 3e-6, // own 1h figure, not 2×
        input_cost_per_token_above_272k_tokens: 2e-6,
        cache_read_input_token_cost_above_272k_tokens: 4e-7, // own tier read, not 0.1×
      },
      tts: { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
    };
    const extra = { a: { mode: 'chat', provider_specific_entry: { fast: 2 } }, tts: { mode: 'audio_speech' } };
    expect(derive(main, extra, 'test').models).toEqual({
      a: {
        input: 1e-6,
        output: 5e-6,
        cacheWrite5m: 1.25e-6,
        cacheWrite1h: 3e-6,
        cacheRead: 1e-7,
        // tier output falls back to the base output when the tier lists none
        longContext: { threshold: 272000, input: 2e-6, output: 5e-6, cacheWrite5m: 2.5e-6, cacheWrite1h: 4e-6, cacheRead: 4e-7 },
        fastMultiplier: 2,
      },
    });
  });

  const mainPath = resolve(ROOT, '../shared/pricing-source/litellm-subset.json');
  const extraPath = resolve(ROOT, '../shared/pricing-source/litellm-subset-extra.json');
  // The LiteLLM source lives outside the repository; without it only the committed snapshot is tested.
  it.skipIf(!existsSync(mainPath) || !existsSync(extraPath))('reproduces the committed prices.json', async () => {
    const { derive, serialize, describeSource } = await loadDerive();
    const committedText = readFileSync(resolve(ROOT, 'pricing/prices.json'), 'utf8');
    const committed = JSON.parse(committedText) as { source: { retrieved: string } };
    const files = [mainPath, extraPath].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    const [main, extra] = files.map((f) => JSON.parse(f.text) as object);
    const derived = derive(main!, extra!, describeSource(files, committed.source.retrieved));
    expect(derived).toEqual(committed);
    expect(serialize(derived)).toBe(committedText);
  });
});
