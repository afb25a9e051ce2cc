import type { Tokens } from '../core/types.js';
// The snapshot is bundled into the CLI by tsup: pricing stays offline and costs no file read at start-up.
import snapshot from '../../pricing/prices.json' with { type: 'json' };

/** USD per token for the five billed token kinds. */
export interface Rates {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

/** One model's prices, as pricing/derive.mjs writes them into pricing/prices.json. */
export interface ModelPrice extends Rates {
  /** Rates for the whole request once its prompt exceeds `threshold` tokens. */
  longContext?: Rates & { threshold: number };
  /** Every rate is multiplied by this in fast mode. Absent: fast mode costs the same. */
  fastMultiplier?: number;
}

export interface PriceMatch {
  price: ModelPrice;
  /** The snapshot's name for the model (may differ from the name in the log). */
  matchedName: string;
}

const MODELS: Readonly<Record<string, ModelPrice>> = snapshot.models;

/** Where the snapshot came from, for reports that cite their prices. */
export const PRICES_SOURCE: Readonly<{ from: string; retrieved: string; files: Record<string, string> }> =
  snapshot.source;

const DATE = /-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;

/** Snapshot names without their date → dated names, newest first, so `claude-opus-4` finds `claude-opus-4-20250514`. */
const DATED = new Map<string, string[]>();
for (const name of Object.keys(MODELS).sort().reverse()) {
  if (!DATE.test(name)) continue;
  const bare = name.replace(DATE, '');
  DATED.set(bare, [...(DATED.get(bare) ?? []), name]);
}

/**
 * The names a logged model may be listed under, most specific first. Only documented spellings of the
 * same model are removed (provider prefixes, Bedrock ids, dates, Claude Code's `[1m]` context marker);
 * nothing that could turn one model version into another.
 */
export function candidates(model: string): string[] {
  let name = model.trim().toLowerCase();
  name = name.replace(/\[[^\]]*\]$/, ''); // claude-opus-4-6[1m]
  name = name.replace(/^(?:(?:us|eu|apac|au|jp|global)\.)?anthropic\./, ''); // Bedrock: us.anthropic.…
  name = name.replace(/-v\d+:\d+$/, ''); // Bedrock: …-v1:0
  name = name.replace(/^(?:anthropic|openai|gemini|google|vertex_ai|models)\//, ''); // gateways, Gemini API
  name = name.replace(/@(\d{8})$/, '-$1'); // Vertex AI: claude-sonnet-4-5@20250929
  const bare = name.replace(DATE, '');
  const out = [model, name, bare, ...(DATED.get(bare) ?? [])];
  // Some Gemini models exist only as Gemini API (`gemini/…`) rows; a bare name's own row still comes first.
  if (bare.startsWith('gemini-')) out.push(`gemini/${name}`, `gemini/${bare}`);
  return out;
}

const memo = new Map<string, PriceMatch | null>();

/** The price of a model as named in a log, or undefined when the snapshot has none. Memoized: called per event. */
export function findPrice(model: string): PriceMatch | undefined {
  let hit = memo.get(model);
  if (hit === undefined) {
    hit = null;
    for (const name of candidates(model)) {
      const price = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
      if (price) {
        hit = { price, matchedName: name };
        break;
      }
    }
    memo.set(model, hit);
  }
  return hit ?? undefined;
}

/**
 * USD for one request. Long-context tiers price the whole request, output included, once the prompt
 * (input + cache writes + cache reads) exceeds the threshold. Output is billed once: `reasoning` is a
 * share of it. Fast mode multiplies every rate when the model has a multiplier.
 */
export function costOf(price: ModelPrice, tokens: Tokens, opts?: { fast?: boolean }): number {
  const prompt = tokens.input + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead;
  const tier = price.longContext;
  const r: Rates = tier && prompt > tier.threshold ? tier : price;
  const multiplier = opts?.fast && price.fastMultiplier ? price.fastMultiplier : 1;
  return (
    multiplier *
    (tokens.input * r.input +
      tokens.cacheWrite5m * r.cacheWrite5m +
      tokens.cacheWrite1h * r.cacheWrite1h +
      tokens.cacheRead * r.cacheRead +
      tokens.output * r.output)
  );
}

/** Cost of a request by model name; undefined (never 0) when the model has no price, so callers can list it. */
export function priceModel(model: string, tokens: Tokens, opts?: { fast?: boolean }): number | undefined {
  const match = findPrice(model);
  return match ? costOf(match.price, tokens, opts) : undefined;
}
