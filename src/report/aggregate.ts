import { addTokens, emptyTokens, totalTokens, type Provider, type Tokens, type UsageEvent } from '../core/types.js';

/** One model of one provider inside a group. */
export interface ModelShare {
  model: string;
  provider: Provider;
  tokens: Tokens;
  cost: number;
  requests: number;
  /** The machine, when shares are kept per device (a run of several); else ''. */
  device: string;
}

/** The sum of the events that share a grouping key (a day, a session, a model…). */
export interface Group {
  /** The grouping key, with the device in it when rows are split by device. */
  key: string;
  /** What the row is (a day, a week, a project…): the key without its device. */
  label: string;
  /** Of the group's first event (its only one when rows are split by device). */
  device: string;
  tokens: Tokens;
  cost: number;
  requests: number;
  firstMs: number;
  lastMs: number;
  /** Of the group's first event: the identity of session and model groups. */
  provider: Provider;
  sessionId: string;
  model: string;
  /** Of the group's latest event. */
  projectPath: string;
  /** Keyed by provider and model, in order of first appearance. */
  models: Map<string, ModelShare>;
}

export interface Totals {
  tokens: Tokens;
  cost: number;
  requests: number;
}

/** An event with its price; `cost` is 0 when the model has no price (and it is then reported). */
export interface PricedEvent {
  event: UsageEvent;
  cost: number;
}

const pairKeys = new Map<string, Map<string, string>>();

/**
 * One string for a pair of strings (a provider and a model, a provider and a session), the same
 * string each time: a key built per event was most of the cost of grouping.
 */
export function pairKey(a: string, b: string): string {
  let byB = pairKeys.get(a);
  if (!byB) pairKeys.set(a, (byB = new Map()));
  let key = byB.get(b);
  if (key === undefined) byB.set(b, (key = `${a}\u0000${b}`));
  return key;
}

/** How devices split what is summed: rows (`--by device`), and the model shares of each row. */
export interface DeviceSplit {
  rows?: boolean;
  shares?: boolean;
}

/**
 * Sums events by key, in one pass. Events without tokens (rate-limit-only updates) are not requests
 * and are left out.
 */
export function groupEvents(events: readonly PricedEvent[], keyOf: (e: UsageEvent) => string, byDevice: DeviceSplit = {}): Group[] {
  const groups = new Map<string, Group>();
  for (const { event: e, cost } of events) {
    if (totalTokens(e.tokens) === 0) continue;
    const label = keyOf(e);
    const key = byDevice.rows ? pairKey(label, e.device) : label;
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        label,
        device: e.device,
        tokens: emptyTokens(),
        cost: 0,
        requests: 0,
        firstMs: e.timestamp,
        lastMs: e.timestamp,
        provider: e.provider,
        sessionId: e.sessionId,
        model: e.model,
        projectPath: e.projectPath,
        models: new Map(),
      };
      groups.set(key, g);
    }
    addTokens(g.tokens, e.tokens);
    g.cost += cost;
    g.requests++;
    if (e.timestamp < g.firstMs) g.firstMs = e.timestamp;
    if (e.timestamp >= g.lastMs) {
      g.lastMs = e.timestamp;
      g.projectPath = e.projectPath;
    }
    const shareKey = byDevice.shares ? pairKey(pairKey(e.provider, e.model), e.device) : pairKey(e.provider, e.model);
    let share = g.models.get(shareKey);
    if (!share) {
      share = { model: e.model, provider: e.provider, tokens: emptyTokens(), cost: 0, requests: 0, device: byDevice.shares ? e.device : '' };
      g.models.set(shareKey, share);
    }
    addTokens(share.tokens, e.tokens);
    share.cost += cost;
    share.requests++;
  }
  return [...groups.values()];
}

export function sumGroups(groups: readonly Group[]): Totals {
  const totals: Totals = { tokens: emptyTokens(), cost: 0, requests: 0 };
  for (const g of groups) {
    addTokens(totals.tokens, g.tokens);
    totals.cost += g.cost;
    totals.requests += g.requests;
  }
  return totals;
}
