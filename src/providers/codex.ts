import path from 'node:path';
import { usageEvent, type RateLimitSnapshot, type RateLimitWindow, type Tokens } from '../core/types.js';
import { rootsFromEnv } from '../core/env.js';
import { asObject, asString, responseKey, timestampMs, tokenCount, type JsonObject } from '../core/values.js';
import { compilePick } from '../pipeline/json-pick.js';
import type { Adapter, ParseOutput, SourceRoot } from './adapter.js';
import { followThread, inReplayWindow, newThread, noteLine, type CodexThread } from './codex-thread.js';
import { codexToolReader } from './codex-tools.js';

/**
 * A cumulative (or per-call) usage in the normalized meanings: `input` already has the cached share
 * taken out, `output` still holds `reasoning`.
 */
interface CodexUsage {
  input: number;
  cacheRead: number;
  output: number;
  reasoning: number;
}

/** Plain JSON: the cache persists it to resume an appended rollout. */
interface CodexFileState extends CodexThread {
  /** The last cumulative total seen (the baseline growth is measured from); null before the first. */
  baseline: CodexUsage | null;
  /** The last rate-limit snapshot emitted, so an unchanged one is not emitted again. */
  lastLimits: RateLimitSnapshot | null;
}

/** The counts `readUsage` reads. */
const USAGE_PICK = { input_tokens: true, cached_input_tokens: true, output_tokens: true, reasoning_output_tokens: true } as const;

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(?:\.zst)?$/i;
const FIVE_HOURS = 300;
const WEEK = 10080;

export const codex: Adapter<CodexFileState> = {
  provider: 'codex',

  roots({ env, home }): SourceRoot[] {
    const configured = rootsFromEnv(env, 'CODEX_HOME');
    if (configured.length > 0) return configured;
    return [{ dir: path.join(home, '.codex'), explicit: false }];
  },

  // `sessions/YYYY/MM/DD/` and the flat `archived_sessions/`; idle rollouts are rewritten as .jsonl.zst.
  patterns: [
    'sessions/**/*.jsonl',
    'sessions/**/*.jsonl.zst',
    'archived_sessions/**/*.jsonl',
    'archived_sessions/**/*.jsonl.zst',
  ],

  // Usage is only on token_count events; session_meta gives the session and the fork marker,
  // turn_context the model and folder. Pre-September-2025 bare lines hold none of these as a type.
  needles: ['"token_count"', '"session_meta"', '"turn_context"'],

  // What onRecord reads: session_meta's instructions and the rest of its tens of KB are never built.
  pick: compilePick({
    timestamp: true,
    type: true,
    payload: {
      type: true,
      id: true,
      cwd: true,
      source: true,
      timestamp: true,
      model: true,
      info: { total_token_usage: USAGE_PICK, last_token_usage: USAGE_PICK },
      rate_limits: true,
    },
  }),

  fileKind: () => 'lines',

  tools: codexToolReader((file) => codex.newState(file).fallbackSession),

  newState(file) {
    const name = path.basename(file);
    const fallbackSession = UUID_AT_END.exec(name)?.[1] ?? name.replace(/\.jsonl(?:\.zst)?$/i, '');
    return {
      ...newThread(fallbackSession),
      baseline: null,
      lastLimits: null,
    };
  },

  onRecord(record, state, out) {
    const timestamp = timestampMs(record.timestamp);
    noteLine(state, timestamp);
    const payload = asObject(record.payload);
    if (!payload) return; // a bare pre-September-2025 line, or something unknown: nothing to count
    if (followThread(record.type, payload, timestamp, state)) return;
    if (record.type === 'event_msg' && payload.type === 'token_count') onTokenCount(payload, timestamp, state, out);
  },
};

function onTokenCount(
  payload: JsonObject,
  timestamp: number | undefined,
  state: CodexFileState,
  out: ParseOutput,
): void {
  if (timestamp === undefined) {
    // State is left as it was: this count's growth shows up in the next token_count instead.
    out.skip('invalid timestamp');
    return;
  }
  // Read everything first: a damaged count throws here, before the baseline is touched.
  const info = asObject(payload.info);
  const total = info ? readUsage(info.total_token_usage) : undefined;
  const last = info && !total ? readUsage(info.last_token_usage) : undefined;
  // `info: null` is a rate-limit update (a rule); an info that is something else, or holds neither
  // usage, is a shape we do not know: not counted, but said.
  if (payload.info !== undefined && payload.info !== null && !total && !last) {
    out.skip('unknown shape');
    return;
  }
  const rateLimits = readRateLimits(payload.rate_limits, timestamp);

  let usage: CodexUsage | undefined;
  let key: string | undefined;
  if (total) {
    const base = state.baseline;
    if (base === null) {
      usage = total;
    } else if (!dropped(total, base)) {
      // Unchanged re-emission (a UI refresh) gives all zeros: nothing to count.
      usage = minus(total, base);
    }
    // A drop (resume, rollback) makes the lower total the new baseline: it is not new usage, and the
    // growth from it onward is. Never a negative.
    state.baseline = total;
    key = `${sum(total)}`;
  } else if (last) {
    // No cumulative total on this event: its own usage, and the baseline moves on by as much so a
    // later total does not count it again.
    usage = last;
    state.baseline = plus(state.baseline ?? zero(), last);
    key = `last:${sum(last)}`;
  }

  // A forked / sub-agent thread starts by replaying the parent's token_counts, all in its first
  // second: they only set the baseline (done above). Their rate limits are the parent's old ones.
  if (inReplayWindow(state, timestamp)) return;

  const sessionId = state.sessionId ?? state.fallbackSession;
  // The same token_count in every copy of the rollout (sessions/ + archived_sessions/, .jsonl +
  // .jsonl.zst, a prefix copy) has the same session, time and cumulative total; the time keeps a
  // total reached again after a reset apart from the first time it was reached.
  const emit = (counted: CodexUsage, kind: string, rank: number): void =>
    out.emit(
      usageEvent({
        provider: 'codex',
        timestamp,
        sessionId,
        projectPath: state.projectPath ?? 'unknown',
        model: state.model ?? 'unknown',
        tokens: toTokens(counted),
        dedupeKey: responseKey('codex', sessionId, timestamp, kind),
        rank,
        rateLimits,
      }),
    );
  if (usage && key !== undefined && (usage.input > 0 || usage.cacheRead > 0 || usage.output > 0 || usage.reasoning > 0)) {
    if (rateLimits) state.lastLimits = rateLimits;
    // Copies agree unless one lost lines before this point; the copy that saw more of the history
    // attributes less to this event (the rest is in earlier events, which collapse on their own).
    emit(usage, key, -sum(usage));
  } else if (rateLimits && !sameSnapshot(rateLimits, state.lastLimits)) {
    // info: null, a re-emission or a reset: no tokens, but a new rate-limit snapshot for `watch`.
    state.lastLimits = rateLimits;
    emit(zero(), 'limits', 0);
  }
}

/** A token usage object of Codex, normalized; undefined when there is none. Throws BadCount. */
function readUsage(v: unknown): CodexUsage | undefined {
  const u = asObject(v);
  if (!u) return undefined;
  const input = tokenCount(u.input_tokens);
  const cached = tokenCount(u.cached_input_tokens);
  // input_tokens includes the cached share; output_tokens includes reasoning.
  return {
    input: Math.max(0, input - cached),
    cacheRead: cached,
    output: tokenCount(u.output_tokens),
    reasoning: tokenCount(u.reasoning_output_tokens),
  };
}

const FIELDS = ['input', 'cacheRead', 'output', 'reasoning'] as const;

function dropped(now: CodexUsage, base: CodexUsage): boolean {
  return FIELDS.some((f) => now[f] < base[f]);
}

function minus(a: CodexUsage, b: CodexUsage): CodexUsage {
  return { input: a.input - b.input, cacheRead: a.cacheRead - b.cacheRead, output: a.output - b.output, reasoning: a.reasoning - b.reasoning };
}

function plus(a: CodexUsage, b: CodexUsage): CodexUsage {
  return { input: a.input + b.input, cacheRead: a.cacheRead + b.cacheRead, output: a.output + b.output, reasoning: a.reasoning + b.reasoning };
}

function zero(): CodexUsage {
  return { input: 0, cacheRead: 0, output: 0, reasoning: 0 };
}

/** Billed tokens (reasoning is inside output). */
function sum(u: CodexUsage): number {
  return u.input + u.cacheRead + u.output;
}

function toTokens(u: CodexUsage): Tokens {
  return { input: u.input, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: u.cacheRead, output: u.output, reasoning: u.reasoning };
}

/**
 * `rate_limits` → snapshot. Windows are told apart by their length (primary/secondary have swapped
 * meanings across builds); resets are epoch seconds (`resets_at`) or, in older rollouts, seconds from
 * the event (`resets_in_seconds`).
 */
function readRateLimits(v: unknown, eventMs: number): RateLimitSnapshot | undefined {
  const limits = asObject(v);
  if (!limits) return undefined;
  const snapshot: RateLimitSnapshot = {};
  for (const value of Object.values(limits)) {
    const w = asObject(value);
    if (!w) continue;
    const window = readWindow(w, eventMs);
    if (!window) continue;
    if (window.windowMinutes === FIVE_HOURS) snapshot.fiveHour = window;
    else if (window.windowMinutes === WEEK) snapshot.weekly = window;
  }
  if (!snapshot.fiveHour && !snapshot.weekly) return undefined;
  const plan = asString(limits.plan_type);
  if (plan) snapshot.plan = plan;
  return snapshot;
}

function sameSnapshot(a: RateLimitSnapshot, b: RateLimitSnapshot | null): boolean {
  return b !== null && a.plan === b.plan && sameWindow(a.fiveHour, b.fiveHour) && sameWindow(a.weekly, b.weekly);
}

function sameWindow(a: RateLimitWindow | undefined, b: RateLimitWindow | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.usedPercent === b.usedPercent && a.windowMinutes === b.windowMinutes && a.resetsAt === b.resetsAt;
}

function readWindow(w: JsonObject, eventMs: number): RateLimitWindow | undefined {
  const usedPercent = finite(w.used_percent);
  const windowMinutes = finite(w.window_minutes);
  if (usedPercent === undefined || windowMinutes === undefined) return undefined;
  const window: RateLimitWindow = { usedPercent, windowMinutes };
  const resetsAt = finite(w.resets_at);
  const resetsIn = finite(w.resets_in_seconds);
  if (resetsAt !== undefined && resetsAt > 0) window.resetsAt = Math.round(resetsAt * 1000);
  else if (resetsIn !== undefined && resetsIn >= 0) window.resetsAt = eventMs + Math.round(resetsIn * 1000);
  return window;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
