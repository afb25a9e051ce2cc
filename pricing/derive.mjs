#!/usr/bin/env node
// Derives pricing/prices.json — the price snapshot this project owns — from LiteLLM's price list.
//
//   node pricing/derive.mjs [main.json] [extra.json] [--out file] [--date YYYY-MM-DD]
//
// Defaults: ../shared/pricing-source/litellm-subset.json and litellm-subset-extra.json (relative to the
// repo root), written to pricing/prices.json. No dependencies: it must run from a bare checkout.
// The pure `derive` function is exported so a test can check the committed snapshot is up to date.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MAIN = resolve(REPO_ROOT, '../shared/pricing-source/litellm-subset.json');
export const DEFAULT_EXTRA = resolve(REPO_ROOT, '../shared/pricing-source/litellm-subset-extra.json');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'pricing/prices.json');

// LiteLLM modes we price. Codex models are "responses"; audio, realtime and image models are never used
// by the agents we read, and some of them carry placeholder prices of 0.
const PRICED_MODES = new Set(['chat', 'responses']);

// LiteLLM long-context key suffixes and the prompt size above which they apply.
const TIERS = [
  { suffix: '_above_200k_tokens', threshold: 200_000 },
  { suffix: '_above_272k_tokens', threshold: 272_000 },
];

// Derived rates are products like 1.25 × 3e-6; rounding to 12 significant digits removes the float
// noise (3.7500000000000005e-6) so the snapshot reads like the source and stays stable.
const clean = (x) => Number(x.toPrecision(12));
const num = (x) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined);

/**
 * The five billed rates from one set of LiteLLM keys. `suffix` selects a tier ('' for base).
 * A model's own cache figures win; otherwise the providers' published ratios: 5-minute write 1.25×,
 * 1-hour write 2×, read 0.1× the input rate of the same tier. LiteLLM calls the 1-hour write
 * `cache_creation_input_token_cost_above_1hr` — "above 1hr" is the cache lifetime, not a tier.
 */
function rates(e, suffix, fallbackOutput) {
  const input = num(e[`input_cost_per_token${suffix}`]);
  const output = num(e[`output_cost_per_token${suffix}`]) ?? fallbackOutput;
  if (input === undefined || output === undefined) return undefined;
  return {
    input,
    output,
    cacheWrite5m: num(e[`cache_creation_input_token_cost${suffix}`]) ?? clean(input * 1.25),
    cacheWrite1h: num(e[`cache_creation_input_token_cost_above_1hr${suffix}`]) ?? clean(input * 2),
    cacheRead: num(e[`cache_read_input_token_cost${suffix}`]) ?? clean(input * 0.1),
  };
}

/**
 * Pure: LiteLLM main + extra objects (extra may be {}) → the snapshot object. `source` is stored as given.
 * Throws on a model with two long-context tiers: one tier per model is all the cost rule handles, and a
 * silent pick would misprice.
 */
export function derive(main, extra, source) {
  const models = {};
  for (const name of Object.keys(main).sort()) {
    const e = { ...main[name], ...(extra[name] ?? {}) };
    if (e.mode !== undefined && !PRICED_MODES.has(e.mode)) continue;
    const base = rates(e, '', undefined);
    if (!base) continue; // no input/output price: nothing we can bill

    const price = { ...base };
    const tiers = TIERS.filter((t) => num(e[`input_cost_per_token${t.suffix}`]) !== undefined);
    if (tiers.length > 1) throw new Error(`${name}: more than one long-context tier; extend the format`);
    const tier = tiers[0];
    if (tier) price.longContext = { threshold: tier.threshold, ...rates(e, tier.suffix, base.output) };

    const fast = num(e.provider_specific_entry?.fast);
    if (fast !== undefined && fast !== 1) price.fastMultiplier = fast;
    models[name] = price;
  }
  return { models, source };
}

/** JSON with sorted keys at every level, one model per line: stable and easy to review in a diff. */
export function serialize(snapshot) {
  const sorted = (v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
      : Array.isArray(v)
        ? v.map(sorted)
        : v;
  const s = sorted(snapshot);
  const models = Object.entries(s.models).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const rest = Object.entries(s)
    .filter(([k]) => k !== 'models')
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`);
  return `{\n  "models": {\n${models.join(',\n')}\n  },\n${rest.join(',\n')}\n}\n`;
}

export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** What the snapshot records about its inputs: file names and content hashes (paths differ per machine). */
export function describeSource(files, date) {
  return {
    from: 'LiteLLM model_prices_and_context_window.json (subset)',
    files: Object.fromEntries(files.map(({ path, text }) => [basename(path), sha256(text)])),
    retrieved: date,
  };
}

function cli(argv) {
  const opt = (flag) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const out = resolve(opt('--out') ?? DEFAULT_OUT);
  const dateArg = opt('--date');
  const mainPath = resolve(argv[0] ?? DEFAULT_MAIN);
  const extraPath = argv[1] ? resolve(argv[1]) : argv[0] ? undefined : DEFAULT_EXTRA;

  const files = [mainPath, extraPath].filter(Boolean).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  // The LiteLLM files carry no date. Re-deriving from unchanged files keeps the recorded date, so a re-run
  // produces no diff; otherwise take --date or the files' modification day.
  const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')).source : undefined;
  const { files: hashes } = describeSource(files, '');
  const sameFiles = previous && JSON.stringify(previous.files) === JSON.stringify(hashes);
  const mtime = Math.max(...files.map((f) => statSync(f.path).mtimeMs));
  const date = dateArg ?? (sameFiles ? previous.retrieved : new Date(mtime).toISOString().slice(0, 10));

  const [main, extra] = files.map((f) => JSON.parse(f.text));
  const snapshot = derive(main, extra ?? {}, describeSource(files, date));
  writeFileSync(out, serialize(snapshot));
  console.log(`wrote ${Object.keys(snapshot.models).length} models to ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2));
}
