import type { PricesFlags } from './prices.js';
import { pricingInForce } from '../config/pricing.js';
import { runtimeEnv } from '../core/env.js';
import { PRICES_SOURCE, type ModelPrice, type Rates } from '../pricing/prices.js';

const PER_MILLION = 1e6;

/** `usage prices [model…]`: each model's price in use with its origin; without models, the own prices and discounts in force. */
export function runPrices(models: string[], flags: PricesFlags): void {
  const pricing = pricingInForce(runtimeEnv(), flags.prices);
  const snapshot = `snapshot of ${PRICES_SOURCE.retrieved} (${PRICES_SOURCE.from})`;
  const names = models.length > 0 ? models : Object.keys(pricing.table?.models ?? {}).filter((k) => !/[*?]/.test(k));
  const patterns = models.length > 0 ? [] : Object.keys(pricing.table?.models ?? {}).filter((k) => /[*?]/.test(k));
  const rows = names.map((model) => {
    // A discount is an agent's: shown apart, not folded into a model's rates.
    const inUse = pricing.priceOf(model, 'claude');
    const source = !inUse
      ? 'none: unpriced'
      : inUse.rule === undefined
        ? `${snapshot}, as ${inUse.snapshotName}`
        : `own price "${inUse.rule}" in ${pricing.source}${inUse.snapshotName ? `, over the snapshot's ${inUse.snapshotName}` : ' (not in the snapshot)'}`;
    return { model, price: inUse?.price ?? null, source };
  });
  const discounts = Object.entries(pricing.table?.discount ?? {});
  if (flags.json) {
    const body = {
      snapshot: PRICES_SOURCE,
      ...(pricing.source ? { overrideFile: pricing.source } : {}),
      models: rows,
      ...(patterns.length > 0 ? { patterns: Object.fromEntries(patterns.map((p) => [p, pricing.table!.models![p]])) } : {}),
      ...(discounts.length > 0 ? { discount: Object.fromEntries(discounts) } : {}),
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const lines = [`Prices: USD per million tokens. ${pricing.overridden ? `Own prices from ${pricing.source}, over the ` : 'The '}${snapshot}.`];
  if (rows.length === 0 && patterns.length === 0) lines.push('No own prices in force: `usage prices <model>` shows a model\'s.');
  for (const row of rows) {
    lines.push('', row.model, `  from: ${row.source}`);
    if (row.price) lines.push(...describe(row.price));
  }
  for (const p of patterns) lines.push('', `${p} (pattern)`, `  from: ${pricing.source}`, ...describe(pricing.table!.models![p] as Partial<ModelPrice>));
  for (const [provider, d] of discounts) lines.push('', `discount: ${provider} ${Number((d! * 100).toFixed(6))}% off the snapshot's prices (${pricing.source})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describe(price: Partial<ModelPrice>): string[] {
  const out = [`  ${rates(price)}`];
  if (price.longContext) out.push(`  prompts over ${price.longContext.threshold.toLocaleString('en-US')} tokens: ${rates(price.longContext)}`);
  if (price.fastMultiplier !== undefined) out.push(`  fast mode: every rate ×${price.fastMultiplier}`);
  return out;
}

function rates(r: Partial<Rates>): string {
  const fields: [keyof Rates, string][] = [
    ['input', 'input'],
    ['output', 'output'],
    ['cacheWrite5m', 'cache write 5m'],
    ['cacheWrite1h', 'cache write 1h'],
    ['cacheRead', 'cache read'],
  ];
  return fields
    .filter(([k]) => r[k] !== undefined)
    .map(([k, label]) => `${label} $${Number((r[k]! * PER_MILLION).toPrecision(10))}`)
    .join(', ');
}
