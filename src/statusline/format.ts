import { UserError } from '../core/errors.js';
import { formatCost, formatTokens } from '../render/format.js';
import type { Cost, Figures } from './figures.js';

export type CostSource = 'cc' | 'usage' | 'both';

export interface LineOptions {
  color: boolean;
  costSource: CostSource;
  /** Context (and plan) percentages from which the figure turns yellow, then red. */
  warnPercent: number;
  dangerPercent: number;
  now: number;
}

/**
 * The presets of `--format`. Segments between ` | ` (or ` · `) whose fields are all empty are left out
 * with their separator, so a line never shows a dangling label for a figure it does not have.
 */
export const PRESETS: Readonly<Record<string, string>> = {
  default: '{model} | {session} | {today} | {block} | {burn} | {context} | {limits}',
  compact: '{model} · {session_cost} · {today_cost} today · {block_left} left · {context_pct}',
  full: '{model} | {session} | {today} | {block} {projection} | {burn} {burn_tokens} | {context} | {limits_full}',
};

type Field = (f: Figures, o: LineOptions) => string;

const ANSI = { green: 32, yellow: 33, red: 31 } as const;

function paint(text: string, color: keyof typeof ANSI, o: LineOptions): string {
  return o.color && text !== '' ? `\u001b[${ANSI[color]}m${text}\u001b[39m` : text;
}

function byLevel(text: string, percent: number, o: LineOptions): string {
  return paint(text, percent >= o.dangerPercent ? 'red' : percent >= o.warnPercent ? 'yellow' : 'green', o);
}

function cost(c: Cost | undefined): string {
  if (!c) return '';
  // A model without a price adds an unknown amount: the figure is a lower bound, never a silent 0.
  return `${c.partial ? '≥' : ''}${formatCost(c.usd)}`;
}

function usd(n: number | undefined): string {
  return n === undefined ? '' : formatCost(n);
}

/** 2h 15m, 45m, 3d 4h; whole minutes, rounded down. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

/** 950, 12.3k, 1.2M. */
function compactTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

function pct(n: number): string {
  return `${Math.round(n)}%`;
}

function sessionCost(f: Figures, o: LineOptions): string {
  const cc = f.sessionCc;
  const ours = f.sessionUsage;
  switch (o.costSource) {
    case 'usage':
      return cost(ours);
    case 'both':
      if (cc !== undefined && ours) return `(${usd(cc)} cc / ${cost(ours)} usage)`;
      return cc !== undefined ? usd(cc) : cost(ours);
    case 'cc':
      // Claude Code's own figure when it sends one; ours otherwise.
      return cc !== undefined ? usd(cc) : cost(ours);
  }
}

function labelled(value: string, label: string): string {
  return value === '' ? '' : `${value} ${label}`;
}

function limit(name: string, w: Figures['fiveHour'], o: LineOptions, withReset: boolean): string {
  if (!w) return '';
  const reset = withReset && w.resetsAt !== undefined ? ` (resets ${formatDuration(w.resetsAt - o.now)})` : '';
  return `${name} ${byLevel(pct(w.usedPercent), w.usedPercent, o)}${reset}`;
}

function limits(f: Figures, o: LineOptions, withReset: boolean): string {
  return [limit('5h', f.fiveHour, o, withReset), limit('7d', f.sevenDay, o, withReset)].filter((s) => s !== '').join(' · ');
}

function contextPct(f: Figures, o: LineOptions): string {
  const p = f.context?.percent;
  return p === undefined ? '' : byLevel(pct(p), p, o);
}

/** Every field a template may name. */
export const FIELDS: Readonly<Record<string, Field>> = {
  model: (f) => f.model ?? '',
  session: (f, o) => labelled(sessionCost(f, o), 'session'),
  session_cost: (f, o) => sessionCost(f, o),
  session_cc: (f) => usd(f.sessionCc),
  session_usage: (f) => cost(f.sessionUsage),
  today: (f) => labelled(cost(f.today), 'today'),
  today_cost: (f) => cost(f.today),
  block: (f) => (f.block ? `${cost(f.block.cost)} block (${formatDuration(f.block.remainingMs)} left)` : ''),
  block_cost: (f) => cost(f.block?.cost),
  block_left: (f) => (f.block ? formatDuration(f.block.remainingMs) : ''),
  projection: (f) => (f.block?.projectedCost !== undefined ? `→ ${cost({ usd: f.block.projectedCost, partial: f.block.cost.partial })}` : ''),
  burn: (f) => (f.block?.costPerHour !== undefined ? `${cost({ usd: f.block.costPerHour, partial: f.block.cost.partial })}/h` : ''),
  burn_tokens: (f) => (f.block?.tokensPerMinute !== undefined ? `${compactTokens(f.block.tokensPerMinute)} tok/min` : ''),
  context: (f, o) => {
    const c = f.context;
    if (!c) return '';
    const p = contextPct(f, o);
    return c.tokens === undefined ? `ctx ${p}` : `ctx ${formatTokens(c.tokens)} (${p})`;
  },
  context_tokens: (f) => (f.context?.tokens !== undefined ? formatTokens(f.context.tokens) : ''),
  context_pct: (f, o) => contextPct(f, o),
  context_window: (f) => (f.context ? compactTokens(f.context.windowSize) : ''),
  limits: (f, o) => limits(f, o, false),
  limits_full: (f, o) => limits(f, o, true),
  five_hour: (f, o) => (f.fiveHour ? byLevel(pct(f.fiveHour.usedPercent), f.fiveHour.usedPercent, o) : ''),
  weekly: (f, o) => (f.sevenDay ? byLevel(pct(f.sevenDay.usedPercent), f.sevenDay.usedPercent, o) : ''),
};

type Part = { text: string } | { field: string };

const SEPARATOR = /( \| | · )/;

/** A `--format` value: a preset name or a template; unknown fields are refused up front. */
export class Template {
  private readonly segments: { separator: string; parts: Part[] }[];

  constructor(readonly source: string) {
    this.segments = source
      .replace(/[\r\n]+/g, ' ')
      .split(SEPARATOR)
      .reduce<{ separator: string; parts: Part[] }[]>((out, piece, i) => {
        if (i % 2 === 1) out.push({ separator: piece, parts: [] });
        else {
          if (out.length === 0) out.push({ separator: '', parts: [] });
          out[out.length - 1]!.parts = parseParts(piece);
        }
        return out;
      }, []);
  }

  static from(value: string | undefined): Template {
    return new Template(PRESETS[value ?? 'default'] ?? value!);
  }

  render(figures: Figures, opts: LineOptions): string {
    let line = '';
    for (const seg of this.segments) {
      let hasField = false;
      let filled = false;
      let text = '';
      for (const part of seg.parts) {
        if ('text' in part) {
          text += part.text;
          continue;
        }
        hasField = true;
        const value = FIELDS[part.field]!(figures, opts);
        if (value !== '') filled = true;
        text += value;
      }
      if (hasField && !filled) continue;
      line += line === '' ? text.trimStart() : seg.separator + text;
    }
    return line.replace(/ {2,}/g, ' ').trim();
  }
}

function parseParts(text: string): Part[] {
  const parts: Part[] = [];
  const re = /\{([A-Za-z_]+)\}/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index) });
    const name = m[1]!;
    if (!Object.hasOwn(FIELDS, name)) {
      throw new UserError(`--format: unknown field {${name}} (fields: ${Object.keys(FIELDS).map((k) => `{${k}}`).join(' ')}; presets: ${Object.keys(PRESETS).join(', ')})`);
    }
    parts.push({ field: name });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
