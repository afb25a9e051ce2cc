import { PROVIDERS, fromFloat64, storeTokens, tokensAt, usageEvent, type RateLimitSnapshot, type RateLimitWindow, type UsageEvent } from '../core/types.js';

/**
 * Events stored column-wise for the cache: numbers in typed arrays (V8 serializes those as raw
 * bytes, so loading them is a copy), the strings that repeat (sessions, folders, models, plans) once
 * each in a table. Per event: 6 token counts and 6 fields [timestamp, rank, session, project, model,
 * flags] (-1 = absent); flags hold fast/sidechain and the provider. Dedupe keys and response ids,
 * each of one event, are lists beside them (null = absent): a table would only look each one up.
 */
export interface EncodedEvents {
  strings: string[];
  keys: (string | null)[];
  responseIds: (string | null)[];
  tokens: Float64Array;
  fields: Float64Array;
  /** Per event, the device label's string (a saved result's; empty in a per-file entry, stamped on load). */
  devices: Float64Array;
  /** Per snapshot: [event, then usedPercent, windowMinutes, resetsAt of the 5-hour and the weekly window, plan] (NaN / -1 = absent). */
  rateLimits: Float64Array;
}

const FIELDS = 6;
const LIMIT_FIELDS = 8;
const TOKENS = 6;
const FAST = 1;
const SIDECHAIN = 2;
const PROVIDER_SHIFT = 2;

/**
 * `keys: false` leaves out dedupeKey and responseId, which deduplicated events no longer need;
 * `devices: true` keeps each event's device.
 */
export function encodeEvents(events: readonly UsageEvent[], { keys = true, devices = false } = {}): EncodedEvents {
  const strings: string[] = [];
  const index = new Map<string, number>();
  /** Indexes strings into the table; consecutive events mostly repeat a field's last one, compared first. */
  const interner = (): ((s: string | undefined) => number) => {
    let last: string | undefined;
    let lastIndex = -1;
    return (s) => {
      if (s === undefined) return -1;
      if (s === last) return lastIndex;
      let i = index.get(s);
      if (i === undefined) {
        i = strings.push(s) - 1;
        index.set(s, i);
      }
      last = s;
      lastIndex = i;
      return i;
    };
  };
  const [session, project, model, plan, device] = [interner(), interner(), interner(), interner(), interner()];
  const deviceList = new Float64Array(devices ? events.length : 0);
  const tokens = new Float64Array(events.length * TOKENS);
  const fields = new Float64Array(events.length * FIELDS);
  const keyList: (string | null)[] = keys ? new Array<string | null>(events.length) : [];
  const responseIds: (string | null)[] = keys ? new Array<string | null>(events.length) : [];
  const limited = events.flatMap((e, n) => (e.rateLimits ? [n] : []));
  const rateLimits = new Float64Array(limited.length * LIMIT_FIELDS);
  limited.forEach((n, i) => {
    const { fiveHour, weekly, plan: name } = events[n]!.rateLimits!;
    rateLimits.set([n, ...windowFields(fiveHour), ...windowFields(weekly), plan(name)], i * LIMIT_FIELDS);
  });
  for (let n = 0; n < events.length; n++) {
    const e = events[n]!;
    storeTokens(tokens, n * TOKENS, e.tokens);
    const f = n * FIELDS;
    fields[f] = e.timestamp;
    fields[f + 1] = e.rank;
    fields[f + 2] = session(e.sessionId);
    fields[f + 3] = project(e.projectPath);
    fields[f + 4] = model(e.model);
    fields[f + 5] = (e.fast ? FAST : 0) | (e.sidechain ? SIDECHAIN : 0) | (PROVIDERS.indexOf(e.provider) << PROVIDER_SHIFT);
    if (devices) deviceList[n] = device(e.device);
    if (keys) {
      keyList[n] = e.dedupeKey ?? null;
      responseIds[n] = e.responseId ?? null;
    }
  }
  return { strings, keys: keyList, responseIds, tokens, fields, devices: deviceList, rateLimits };
}

/** The inverse of encodeEvents; throws on anything that is not what it wrote. */
export function decodeEvents(raw: unknown): UsageEvent[] {
  const e = raw as EncodedEvents;
  if (
    !(e.fields instanceof Float64Array) ||
    !(e.tokens instanceof Float64Array) ||
    !Array.isArray(e.strings) ||
    !Array.isArray(e.keys) ||
    !Array.isArray(e.responseIds) ||
    !(e.rateLimits instanceof Float64Array) ||
    !(e.devices instanceof Float64Array)
  ) {
    throw new Error('invalid events');
  }
  const count = e.fields.length / FIELDS;
  if (!Number.isInteger(count) || e.tokens.length !== count * TOKENS) throw new Error('invalid events');
  // Both lists are whole, or both empty (a result saved without keys).
  const withKeys = e.keys.length === count && e.responseIds.length === count;
  if (!withKeys && (e.keys.length > 0 || e.responseIds.length > 0)) throw new Error('invalid events');
  const withDevices = e.devices.length === count;
  if (!withDevices && e.devices.length > 0) throw new Error('invalid events');
  const text = (v: unknown): string | undefined => {
    if (v === null) return undefined;
    if (typeof v !== 'string') throw new Error('invalid event');
    return v;
  };
  const strings = e.strings;
  const str = (i: number): string | undefined => (i < 0 ? undefined : strings[i]);
  const limits = new Map<number, RateLimitSnapshot>();
  for (let at = 0; at + LIMIT_FIELDS <= e.rateLimits.length; at += LIMIT_FIELDS) {
    const r = e.rateLimits;
    const snapshot: RateLimitSnapshot = {};
    const fiveHour = readWindow(r[at + 1]!, r[at + 2]!, r[at + 3]!);
    if (fiveHour) snapshot.fiveHour = fiveHour;
    const weekly = readWindow(r[at + 4]!, r[at + 5]!, r[at + 6]!);
    if (weekly) snapshot.weekly = weekly;
    const plan = str(r[at + 7]!);
    if (plan !== undefined) snapshot.plan = plan;
    limits.set(r[at]!, snapshot);
  }
  const events: UsageEvent[] = new Array(count);
  const { fields, tokens } = e;
  for (let n = 0; n < count; n++) {
    const f = n * FIELDS;
    const t = n * TOKENS;
    const flags = fields[f + 5]!;
    const provider = PROVIDERS[flags >> PROVIDER_SHIFT];
    const sessionId = str(fields[f + 2]!);
    const projectPath = str(fields[f + 3]!);
    const model = str(fields[f + 4]!);
    if (provider === undefined || sessionId === undefined || projectPath === undefined || model === undefined) {
      throw new Error('invalid event');
    }
    events[n] = usageEvent({
      provider,
      timestamp: fields[f]!,
      sessionId,
      projectPath,
      model,
      tokens: tokensAt(tokens, t),
      rank: fromFloat64(fields[f + 1]!),
      // Optional fields are true or present only where they were, as the adapters make them, so
      // that a cached event and a freshly read one are deep-equal.
      fast: flags & FAST ? true : undefined,
      dedupeKey: withKeys ? text(e.keys[n]) : undefined,
      responseId: withKeys ? text(e.responseIds[n]) : undefined,
      sidechain: flags & SIDECHAIN ? true : undefined,
      rateLimits: limits.get(n),
      device: withDevices ? str(e.devices[n]!) : undefined,
    });
  }
  return events;
}

function windowFields(w: RateLimitWindow | undefined): number[] {
  return w ? [w.usedPercent, w.windowMinutes, w.resetsAt ?? NaN] : [NaN, NaN, NaN];
}

function readWindow(usedPercent: number, windowMinutes: number, resetsAt: number): RateLimitWindow | undefined {
  if (Number.isNaN(usedPercent)) return undefined;
  return Number.isNaN(resetsAt) ? { usedPercent, windowMinutes } : { usedPercent, windowMinutes, resetsAt };
}
