import { totalTokens, type UsageEvent } from '../core/types.js';
import { SNAPSHOT_PRICING, type Pricing } from '../pricing/overrides.js';
import type { PricedEvent } from './aggregate.js';

export interface PricedRun {
  events: PricedEvent[];
  /** Models seen with tokens but without a price, sorted: their cost is missing from every total. */
  unpricedModels: string[];
}

/** Each event's cost by `pricing` (the snapshot's alone unless own prices are in force). */
export function priceEvents(events: readonly UsageEvent[], pricing: Pricing = SNAPSHOT_PRICING): PricedRun {
  const unpriced = new Set<string>();
  const priced = events.map((event) => {
    const cost = pricing.cost(event.model, event.provider, event.tokens, event.fast);
    if (cost === undefined) {
      if (totalTokens(event.tokens) > 0) unpriced.add(event.model);
      return { event, cost: 0 };
    }
    return { event, cost };
  });
  return { events: priced, unpricedModels: [...unpriced].sort() };
}

/**
 * Of the unpriced models, those `shown` holds (a report's or a window's models): the warning says
 * their cost is missing from the totals printed, so a model outside the range asked for is not named.
 */
export function unpricedAmong(unpricedModels: readonly string[], shown: Iterable<string>): string[] {
  if (unpricedModels.length === 0) return [];
  const present = new Set(shown);
  return unpricedModels.filter((m) => present.has(m));
}
