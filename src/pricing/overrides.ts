import { UserError } from '../core/errors.js';
import type { Provider, Tokens } from '../core/types.js';
import { candidates, costOf, findPrice, type ModelPrice, type Rates } from './prices.js';

const RATE_KEYS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;

/** One model's own prices, as the config's `prices.models` holds them: any of a price's fields. */
export type PriceOverride = Partial<Rates> & {
  longContext?: Partial<Rates> & { threshold: number };
  fastMultiplier?: number;
};

/** The config's `prices` (or a `--prices` file): own prices by model name or glob, and discounts per agent. */
export interface PriceTable {
  models?: Record<string, PriceOverride>;
  discount?: Partial<Record<Provider, number>>;
}

/** A model's price in force, and where it came from. */
export interface PriceInUse {
  price: ModelPrice;
  /** The snapshot's name for the model, when the snapshot prices it. */
  snapshotName?: string;
  /** The own-price key (exact name or pattern) that set or changed it. */
  rule?: string;
  /** The fraction taken off (snapshot prices only). */
  discount?: number;
}

interface Rule {
  key: string;
  /** For a pattern; an exact key is matched by name. */
  glob?: RegExp;
  override: PriceOverride;
}

/**
 * Prices with the user's own table over the snapshot: an exact model name first (matched as the
 * snapshot matches names: provider prefixes, dates and context markers aside), then glob patterns
 * (`*`, `?`, whole name, any case) in the order written. A rule over a model the snapshot prices
 * replaces the rates it gives; over one it does not price, it must give all five rates. A discount
 * takes its fraction off what the snapshot's prices cost, never off own prices. Memoized per model.
 */
export class Pricing {
  private readonly exact = new Map<string, Rule>();
  private readonly patterns: Rule[] = [];
  /** Per agent (a discount is an agent's): per model name. */
  private readonly memo = new Map<Provider, Map<string, PriceInUse | null>>();

  /** `source`: the file the table came from, cited by the JSON and by `usage prices`. */
  constructor(
    readonly table: PriceTable | undefined,
    readonly source: string | undefined,
  ) {
    for (const [key, override] of Object.entries(table?.models ?? {})) {
      const rule: Rule = { key, override };
      if (/[*?]/.test(key)) this.patterns.push({ ...rule, glob: globRegExp(key) });
      else this.exact.set(key.trim().toLowerCase(), rule);
    }
    // A name no snapshot row can complete must be complete itself: found now, not at the first event.
    for (const rule of this.exact.values()) {
      if (!findPrice(rule.key)) completePrice(rule, rule.key);
    }
  }

  /** Names these prices for what is kept priced (the status line's ledger): '' for the snapshot alone. */
  get fingerprint(): string {
    return this.overridden ? JSON.stringify([this.source, this.table]) : '';
  }

  /** Whether any own price or discount is in force. */
  get overridden(): boolean {
    return this.exact.size + this.patterns.length > 0 || Object.keys(this.table?.discount ?? {}).length > 0;
  }

  /** The price of a model as named in a log, for one agent; undefined when neither snapshot nor table has one. */
  priceOf(model: string, provider: Provider): PriceInUse | undefined {
    let byModel = this.memo.get(provider);
    if (byModel === undefined) this.memo.set(provider, (byModel = new Map()));
    let hit = byModel.get(model);
    if (hit === undefined) {
      hit = this.lookUp(model, provider) ?? null;
      byModel.set(model, hit);
    }
    return hit ?? undefined;
  }

  /** USD for one request; undefined (never 0) when the model has no price. */
  cost(model: string, provider: Provider, tokens: Tokens, fast?: boolean): number | undefined {
    const inUse = this.priceOf(model, provider);
    if (!inUse) return undefined;
    const cost = costOf(inUse.price, tokens, fast ? { fast: true } : undefined);
    return inUse.discount === undefined ? cost : cost * (1 - inUse.discount);
  }

  /**
   * For the JSON: which of these (model, agent) pairs were priced by own prices or discounted, and
   * by what; undefined when no table is in force, so that reports without one keep their shape.
   */
  overridesAmong(pairs: Iterable<{ model: string; provider: Provider }>): Record<string, unknown>[] | undefined {
    if (!this.overridden) return undefined;
    const out: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const { model, provider } of pairs) {
      const key = `${provider}\u0000${model}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const inUse = this.priceOf(model, provider);
      if (inUse?.rule !== undefined) out.push({ modelName: model, provider, rule: inUse.rule, source: this.source });
      else if (inUse?.discount !== undefined) out.push({ modelName: model, provider, discount: inUse.discount, source: this.source });
    }
    return out.sort((a, b) => String(a.modelName).localeCompare(String(b.modelName)) || String(a.provider).localeCompare(String(b.provider)));
  }

  private lookUp(model: string, provider: Provider): PriceInUse | undefined {
    const snapshot = findPrice(model);
    const rule = this.ruleFor(model);
    if (rule) {
      const price = snapshot ? merged(snapshot.price, rule.override) : completePrice(rule, model);
      return { price, rule: rule.key, ...(snapshot ? { snapshotName: snapshot.matchedName } : {}) };
    }
    if (!snapshot) return undefined;
    const discount = this.table?.discount?.[provider];
    return { price: snapshot.price, snapshotName: snapshot.matchedName, ...(discount !== undefined && discount > 0 ? { discount } : {}) };
  }

  private ruleFor(model: string): Rule | undefined {
    const names = candidates(model).map((n) => n.toLowerCase());
    for (const name of names) {
      const rule = this.exact.get(name);
      if (rule) return rule;
    }
    return this.patterns.find((rule) => names.some((name) => rule.glob!.test(name)));
  }
}

/** The snapshot's prices alone: what a run without own prices uses. */
export const SNAPSHOT_PRICING = new Pricing(undefined, undefined);

/** `*` any run of characters, `?` one; everything else literal; the whole name, any case. */
function globRegExp(glob: string): RegExp {
  const body = [...glob.trim().toLowerCase()]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** A snapshot price with a rule's rates over it; a long-context tier's missing rates are the snapshot tier's, else the base's. */
function merged(base: ModelPrice, override: PriceOverride): ModelPrice {
  const price: ModelPrice = { ...base };
  for (const key of RATE_KEYS) if (override[key] !== undefined) price[key] = override[key];
  if (override.fastMultiplier !== undefined) price.fastMultiplier = override.fastMultiplier;
  if (override.longContext) price.longContext = longTier(override.longContext, base.longContext ?? price);
  return price;
}

/** A rule's own, complete price (for a model the snapshot does not price). */
function completePrice(rule: Rule, model: string): ModelPrice {
  const missing = RATE_KEYS.filter((k) => rule.override[k] === undefined);
  if (missing.length > 0) {
    const what = rule.key === model ? `"${rule.key}"` : `"${rule.key}" matches ${model}, which`;
    throw new UserError(
      `own prices: ${what} the snapshot does not price, so it needs all of ${RATE_KEYS.join(', ')} (missing ${missing.join(', ')}; 0 where the model has no such tokens)`,
    );
  }
  const o = rule.override as PriceOverride & Rates;
  const price: ModelPrice = { input: o.input, output: o.output, cacheWrite5m: o.cacheWrite5m, cacheWrite1h: o.cacheWrite1h, cacheRead: o.cacheRead };
  if (o.fastMultiplier !== undefined) price.fastMultiplier = o.fastMultiplier;
  if (o.longContext) price.longContext = longTier(o.longContext, price);
  return price;
}

function longTier(tier: Partial<Rates> & { threshold: number }, fallback: Rates): Rates & { threshold: number } {
  const out = { threshold: tier.threshold } as Rates & { threshold: number };
  for (const key of RATE_KEYS) out[key] = tier[key] ?? fallback[key];
  return out;
}
