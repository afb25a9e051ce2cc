import type { LiveAgent, LiveLimit, LiveRateLimit, LiveState } from '../report/live-state.js';
import { formatCompact, formatDuration, formatLocal, formatPercent } from './blocks-format.js';
import { formatCost, formatTokens } from './format.js';

export interface FrameOptions {
  columns: number;
  rows: number;
  color: boolean;
  /** A line for the footer (last refresh, an error…). */
  status?: string;
}

const ESC = '\x1b[';
const SPARKS = '▁▂▃▄▅▆▇█';
const NAMES: Record<string, string> = { claude: 'Claude Code', codex: 'Codex CLI', gemini: 'Gemini CLI' };

type Paint = (s: string) => string;
interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
}

function palette(color: boolean): Palette {
  const sgr =
    (open: number, close: number): Paint =>
    (s) =>
      color ? `${ESC}${open}m${s}${ESC}${close}m` : s;
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/** Visible width of a line: ANSI color sequences take no room. */
export function visibleLength(s: string): number {
  return [...s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')].length;
}

/** Cuts a line to `width` visible characters, keeping (and then closing) its color sequences. */
export function fitLine(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  let out = '';
  let seen = 0;
  let colored = false;
  for (let i = 0; i < s.length; ) {
    const m = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(s.slice(i));
    if (m) {
      out += m[0];
      colored = true;
      i += m[0].length;
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    if (seen >= width - 1) {
      out += '…';
      break;
    }
    out += ch;
    seen++;
    i += ch.length;
  }
  return colored ? `${out}${ESC}0m` : out;
}

function bar(fraction: number, width: number, p: Palette): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  const paint = fraction >= 1 ? p.red : fraction >= 0.8 ? p.yellow : p.green;
  return `[${paint('█'.repeat(filled))}${p.dim('░'.repeat(width - filled))}]`;
}

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? ' ' : SPARKS[Math.min(7, Math.floor((v / max) * 7.999))]!)).join('');
}

function limitSource(l: LiveLimit): string {
  if (l.source === 'flag') return l.kind === 'tokens' ? '--token-limit' : '--cost-limit';
  const n = l.windows ?? 0;
  const of = `${n} past window${n === 1 ? '' : 's'}`;
  return l.source === 'max' ? `largest of ${of}` : `p90 of ${of}`;
}

function amount(kind: LiveLimit['kind'], n: number): string {
  return kind === 'tokens' ? formatTokens(n) : formatCost(n);
}

function trendText(a: LiveAgent): string {
  switch (a.trendDirection) {
    case 'idle':
      return 'idle in the last hour';
    case 'up':
      return a.trendPercent === undefined ? '↑ started in the last 30m' : `↑ +${Math.round(a.trendPercent)}%`;
    case 'down':
      return `↓ ${Math.round(a.trendPercent!)}%`;
    default:
      return `→ ${a.trendPercent! >= 0 ? '+' : ''}${Math.round(a.trendPercent!)}%`;
  }
}

function resetText(w: LiveRateLimit, now: number, zone: string): string {
  if (w.resetsAt === undefined) return '';
  if (w.resetsAt <= now) return `reset ${formatDuration(now - w.resetsAt)} ago (figure from before)`;
  const sameDay = formatLocal(w.resetsAt, zone, 'yyyy-MM-dd') === formatLocal(now, zone, 'yyyy-MM-dd');
  return `resets ${formatLocal(w.resetsAt, zone, sameDay ? 'HH:mm' : 'EEE HH:mm')} (in ${formatDuration(w.resetsAt - now)})`;
}

function agentLines(a: LiveAgent, s: LiveState, opts: FrameOptions, p: Palette): string[] {
  const name = p.bold(p.cyan((NAMES[a.provider] ?? a.provider).toUpperCase()));
  const lines: string[] = [];
  const b = a.block;
  if (b) {
    lines.push(
      `${name}  window ${formatLocal(b.startMs, s.zone, 'HH:mm')}–${formatLocal(b.endMs, s.zone, 'HH:mm')} · ` +
        `${formatDuration(s.now - b.startMs)} elapsed · ${p.bold(`resets in ${formatDuration(b.endMs - s.now)}`)}`,
    );
  } else {
    const last = a.lastActivityMs === undefined ? 'no activity yet' : `last activity ${formatDuration(s.now - a.lastActivityMs)} ago`;
    lines.push(`${name}  ${p.dim(`no active window · ${last}`)}`);
  }
  for (const l of a.limits) {
    lines.push(
      barLine(l.kind === 'tokens' ? 'tokens' : 'cost', l.used / l.value, `${amount(l.kind, l.used)} / ${amount(l.kind, l.value)}  ${p.dim(`limit: ${limitSource(l)}`)}`, opts, p),
    );
  }
  if (a.limits.length === 0 && b) {
    lines.push(`  tokens   ${formatTokens(totalTokensOf(a))}  ${p.dim(`no limit: ${a.noLimitReason ?? 'none'}`)}`);
  }
  lines.push(`  cost     ${b ? `${formatCost(b.cost)} this window · ` : ''}${formatCost(a.todayCost)} today`);
  if (a.burnRate) {
    lines.push(`  burn     ${formatTokens(a.burnRate.tokensPerMinute)} tok/min · ${formatCost(a.burnRate.costPerHour)}/h`);
  }
  lines.push(
    `  trend    ${p.cyan(`[${sparkline(a.trend)}]`)} ${p.dim('last hour')} · ${trendText(a)}` +
      (a.trendPercent !== undefined ? p.dim(' (last 30m vs the 30m before)') : ''),
  );
  if (a.projection && b) {
    const first = a.limits.find((l) => l.projected !== undefined);
    let vs = '';
    if (first) {
      const f = first.projected! / first.value;
      const text = `${formatPercent(f * 100)} of limit`;
      vs = ` · ${f >= 1 ? p.red(`${text} (over)`) : f >= 0.8 ? p.yellow(text) : text}`;
    }
    lines.push(
      `  at reset ${formatTokens(a.projection.totalTokens)} tokens · ${formatCost(a.projection.totalCost)}${vs}`,
    );
  }
  lines.push(`  sessions ${a.activeSessions} active now ${p.dim(`(activity in the last ${s.activeMinutes} min)`)}`);
  const own: [string, LiveRateLimit | undefined][] = [
    ['5h limit', a.fiveHour],
    ['wk limit', a.weekly],
  ];
  let reported = false;
  for (const [label, w] of own) {
    if (!w) continue;
    const reset = resetText(w, s.now, s.zone);
    // The agent's own figures (Codex): when it last reported them, and for which plan.
    const by = reported ? '' : p.dim(` · reported ${formatLocal(w.observedMs, s.zone, 'HH:mm')}${a.plan ? ` (${a.plan})` : ''}`);
    reported = true;
    lines.push(barLine(label, w.usedPercent / 100, `${reset}${by}`, opts, p));
  }
  return lines;
}

/** `  label    [████░░░░]  45.2%  tail`, the bar 10 to 40 cells wide as the terminal allows. */
function barLine(label: string, fraction: number, tail: string, opts: FrameOptions, p: Palette): string {
  const head = `  ${label.padEnd(8)} `;
  const pct = ` ${formatPercent(fraction * 100).padStart(6)}  `;
  // One width for every bar of a frame, whatever their tails: a long tail is cut at the edge instead.
  const width = Math.max(10, Math.min(40, opts.columns - 70));
  return `${head}${bar(fraction, width, p)}${pct}${tail}`;
}

function totalTokensOf(a: LiveAgent): number {
  const t = a.block!.tokens;
  return t.input + t.cacheWrite5m + t.cacheWrite1h + t.cacheRead + t.output;
}

/**
 * The full-screen frame for a state: plain lines, each cut to the terminal width, at most `rows` of them.
 * Pure — the same state and options give the same text, which is what the tests compare.
 */
export function renderFrame(s: LiveState, opts: FrameOptions): string {
  const p = palette(opts.color);
  const title = `${p.bold('usage watch')} · ${formatLocal(s.now, s.zone, 'yyyy-MM-dd HH:mm:ss')} ${s.zone}`;
  const hint = p.dim('q quits');
  const gap = Math.max(1, opts.columns - visibleLength(title) - visibleLength(hint));
  const lines = [`${title}${' '.repeat(gap)}${hint}`, ''];
  for (const a of s.agents) lines.push(...agentLines(a, s, opts, p), '');
  if (s.unpricedModels.length > 0) lines.push(p.yellow(`no price for ${s.unpricedModels.join(', ')}: not in the costs`));
  const hours = s.sessionMs / 3_600_000;
  lines.push(p.dim(`${hours}h windows · ${s.files} log file${s.files === 1 ? '' : 's'}${opts.status ? ` · ${opts.status}` : ''}`));
  return lines
    .slice(0, Math.max(1, opts.rows))
    .map((l) => fitLine(l, opts.columns))
    .join('\n');
}

/** One compact line for logs and status bars (not a TTY). No colors, no time-relative text but the reset countdown. */
export function renderLine(s: LiveState): string {
  const parts = s.agents.map((a) => {
    const out: string[] = [a.provider];
    const b = a.block;
    if (b) {
      const tokens = totalTokensOf(a);
      const tl = a.limits.find((l) => l.kind === 'tokens');
      const cl = a.limits.find((l) => l.kind === 'cost');
      const tag = (l: LiveLimit): string => `${formatPercent((l.used / l.value) * 100)} (${l.source === 'flag' ? 'limit' : l.source})`;
      out.push(tl ? `${formatCompact(tokens)}/${formatCompact(tl.value)} tok ${tag(tl)}` : `${formatCompact(tokens)} tok`);
      out.push(cl ? `${formatCost(b.cost)}/${formatCost(cl.value)} ${tag(cl)}` : formatCost(b.cost));
      if (a.burnRate) out.push(`${formatTokens(a.burnRate.tokensPerMinute)} tok/min ${arrow(a)} ${formatCost(a.burnRate.costPerHour)}/h`);
      out.push(`reset ${formatDuration(b.endMs - s.now)}`);
      if (a.projection) out.push(`proj ${formatCompact(a.projection.totalTokens)} ${formatCost(a.projection.totalCost)}`);
    } else {
      out.push('idle');
    }
    out.push(`today ${formatCost(a.todayCost)}`);
    out.push(`${a.activeSessions} active`);
    if (a.fiveHour) out.push(`5h ${formatPercent(a.fiveHour.usedPercent)}`);
    if (a.weekly) out.push(`wk ${formatPercent(a.weekly.usedPercent)}`);
    return out.join(' · ');
  });
  return `${formatLocal(s.now, s.zone, 'yyyy-MM-dd HH:mm:ss')} ${parts.join(' | ')}`;
}

function arrow(a: LiveAgent): string {
  return a.trendDirection === 'up' ? '↑' : a.trendDirection === 'down' ? '↓' : a.trendDirection === 'flat' ? '→' : '·';
}
