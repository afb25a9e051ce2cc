import { formatCost, formatTokens } from '../../../render/format.js';
import type { PageData } from '../page-data.js';
import { h } from './dom.js';
import { agentsOf, daysOf } from './views.js';

export function header(data: PageData): HTMLElement {
  const f = data.filters;
  const days = daysOf(data.daily);
  const period = days.length > 0 ? `${days[0]} to ${days[days.length - 1]}` : 'no usage';
  const filters = [
    f.since ? `since ${f.since}` : '',
    f.until ? `until ${f.until}` : '',
    f.project !== undefined ? `projects containing “${f.project}”` : '',
  ].filter(Boolean);
  const title = `Agent usage, ${period}`;
  document.title = title;
  return h(
    'header',
    {},
    h('h1', {}, title),
    h('p', {}, `Agents read: ${f.providers.join(', ')} · times in ${data.timezone}${filters.length > 0 ? ` · ${filters.join(', ')}` : ''}`),
  );
}

function total(key: string, label: string, value: string, sub: string): HTMLElement {
  return h(
    'div',
    { class: `total total-${key}`, 'data-total': key },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value', title: value }, value),
    h('div', { class: 'sub', title: sub }, sub),
  );
}

/** The figures of the reports' `totals`, and counts of their rows. */
export function totals(data: PageData): HTMLElement {
  const t = data.daily.totals;
  const days = daysOf(data.daily);
  const agents = agentsOf(data);
  const unpriced = data.daily.unpricedModels.length;
  return h(
    'div',
    { class: 'totals' },
    total('cost', 'Cost', formatCost(t.totalCost), unpriced > 0 ? `without ${unpriced} unpriced model${unpriced === 1 ? '' : 's'}` : 'USD, at list prices'),
    total('tokens', 'Tokens', formatTokens(t.totalTokens), `${formatTokens(t.inputTokens)} in · ${formatTokens(t.outputTokens)} out`),
    total('sessions', 'Sessions', formatTokens(data.sessions.sessions.length), `in ${formatTokens(data.projects.projects.length)} project${data.projects.projects.length === 1 ? '' : 's'}`),
    total('agents', 'Agents', formatTokens(agents.length), agents.join(', ') || 'none'),
    total(
      'period',
      'Period',
      days.length > 0 ? period(days[0]!, days[days.length - 1]!) : '–',
      days.length > 0 ? `${formatTokens(days.length)} days, ${formatTokens(data.daily.daily.length)} with usage` : 'no usage',
    ),
  );
}

/** What the figures leave out: models without a price, damaged lines. */
export function notes(data: PageData): HTMLElement | undefined {
  const lines: string[] = [];
  const unpriced = data.daily.unpricedModels;
  if (unpriced.length > 0) {
    lines.push(`No price for ${unpriced.join(', ')}: ${unpriced.length === 1 ? 'its' : 'their'} cost is not in the totals (tokens are).`);
  }
  if (data.daily.skipped > 0) {
    lines.push(`${formatTokens(data.daily.skipped)} damaged log line${data.daily.skipped === 1 ? ' was' : 's were'} skipped and not counted (usage daily --debug lists them).`);
  }
  if (lines.length === 0) return undefined;
  return h('div', { class: 'notes', id: 'notes', role: 'note' }, ...lines.map((l) => h('p', {}, l)));
}

/** `2026-05-01 – 05-31`: the year once when both days are in it. */
function period(first: string, last: string): string {
  if (first === last) return first;
  return `${first} – ${first.slice(0, 4) === last.slice(0, 4) ? last.slice(5) : last}`;
}
