/** The agents we read. Adding one means adding an adapter in src/providers/. */
export const PROVIDERS = ['claude', 'codex', 'gemini'] as const;
export type Provider = (typeof PROVIDERS)[number];

/**
 * Token counts with the normalized meanings of formats.md: the five billed fields never overlap,
 * `reasoning` is the informational share of `output`.
 */
export interface Tokens {
  input: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  output: number;
  reasoning: number;
}

/** A rate-limit window as an agent reported it (Codex today). */
export interface RateLimitWindow {
  usedPercent: number;
  windowMinutes: number;
  /** Epoch ms, when known. */
  resetsAt?: number;
}

export interface RateLimitSnapshot {
  fiveHour?: RateLimitWindow;
  weekly?: RateLimitWindow;
  plan?: string;
}

/**
 * The one normalized record every stage after `adapt` sees. Reports never look at raw log lines.
 */
export interface UsageEvent {
  provider: Provider;
  /** Epoch milliseconds. */
  timestamp: number;
  sessionId: string;
  projectPath: string;
  model: string;
  tokens: Tokens;
  /** Priced at the model's fast-mode multiplier. */
  fast?: boolean;
  /** Events sharing a key are one response; the highest `rank` wins, the later one on a tie. */
  dedupeKey?: string;
  rank: number;
  /**
   * The provider's response id, when a replay can carry it under another dedupe key (Claude's `/btw`
   * sidechains): a sidechain event whose responseId is also held by another event is the same response.
   */
  responseId?: string;
  sidechain?: boolean;
  rateLimits?: RateLimitSnapshot;
  /**
   * The label of the machine whose logs held it: a property of the source folder the file was read
   * from, stamped by the store when that source's records are loaded ('' until then).
   */
  device: string;
}

/** What an event is made from: its fields, the optional ones where they apply. */
export type UsageEventFields = Pick<UsageEvent, 'provider' | 'timestamp' | 'sessionId' | 'projectPath' | 'model' | 'tokens' | 'rank'> &
  Partial<Pick<UsageEvent, 'fast' | 'dedupeKey' | 'responseId' | 'sidechain' | 'rateLimits' | 'device'>>;

/**
 * Every event is made here, with every field in one order (an optional one absent is undefined), so
 * that V8 gives all events one shape. Made by three adapters, each setting its own optional fields,
 * they had seven; the passes over a run's hundreds of thousands of events (dedupe, encoding, pricing,
 * grouping) then read each field through a megamorphic lookup instead of one inline cache.
 */
export function usageEvent(f: UsageEventFields): UsageEvent {
  return {
    provider: f.provider,
    timestamp: f.timestamp,
    sessionId: f.sessionId,
    projectPath: f.projectPath,
    model: f.model,
    tokens: f.tokens,
    rank: f.rank,
    fast: f.fast,
    dedupeKey: f.dedupeKey,
    responseId: f.responseId,
    sidechain: f.sidechain,
    rateLimits: f.rateLimits,
    device: f.device ?? '',
  };
}

export function emptyTokens(): Tokens {
  return { input: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0 };
}

/**
 * A number read back from a Float64Array, as V8's small integer where it is one: as read, it is a
 * boxed double, and an object holding it keeps a heap number of its own (see tokensAt).
 */
export function fromFloat64(v: number): number {
  return (v | 0) === v ? v | 0 : v;
}

/**
 * The six counts stored from `at` in the order of Tokens (by the cache's codec and the status line's
 * ledger). Taken as they are read, they made a run from the saved result hold eleven heap numbers per
 * event instead of four: 16 MB more, and 7 % of its time (the bench's `session --json` warm).
 */
export function tokensAt(stored: Float64Array, at: number): Tokens {
  return {
    input: fromFloat64(stored[at]!),
    cacheWrite5m: fromFloat64(stored[at + 1]!),
    cacheWrite1h: fromFloat64(stored[at + 2]!),
    cacheRead: fromFloat64(stored[at + 3]!),
    output: fromFloat64(stored[at + 4]!),
    reasoning: fromFloat64(stored[at + 5]!),
  };
}

/** Writes `t` from `at`, in the order tokensAt reads. */
export function storeTokens(into: Float64Array, at: number, t: Tokens): void {
  into[at] = t.input;
  into[at + 1] = t.cacheWrite5m;
  into[at + 2] = t.cacheWrite1h;
  into[at + 3] = t.cacheRead;
  into[at + 4] = t.output;
  into[at + 5] = t.reasoning;
}

export function totalTokens(t: Tokens): number {
  return t.input + t.cacheWrite5m + t.cacheWrite1h + t.cacheRead + t.output;
}

export function addTokens(into: Tokens, t: Tokens): void {
  into.input += t.input;
  into.cacheWrite5m += t.cacheWrite5m;
  into.cacheWrite1h += t.cacheWrite1h;
  into.cacheRead += t.cacheRead;
  into.output += t.output;
  into.reasoning += t.reasoning;
}
