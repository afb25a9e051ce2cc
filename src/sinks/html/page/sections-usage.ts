import { formatCost, formatTokens, shortModel, shortSessionId } from '../../../render/format.js';
import { formatDuration, formatLocal, formatPercent, formatWindow } from '../../../render/blocks-format.js';
import type { PageData } from '../page-data.js';
import { costPerDay, costShare, mount, tokensPerDay, windowsTimeline } from './charts.js';
import { card, h, switcher } from './dom.js';
import { sortableTable } from './table.js';
import { OTHER_COLOUR, seriesColour } from './theme.js';
import { costByAgent, costByModel, daysOf, modelShares, tokensByType, windowsOf, type Window } from './views.js';

const DAY_MS = 86_400_000;

function canvas(id: string, cls = 'chart'): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const c = h('canvas', { id, role: 'img' });
  return { box: h('div', { class: cls }, c), canvas: c };
}

const basename = (p: string): string => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
const models = (names: string[]): string => [...new Set(names.map(shortModel))].join(', ');

/** Cost per day (by agent or by model), tokens per day, the 5-hour windows, models by cost share. */
export function chartSections(data: PageData, grid: HTMLElement): void {
  const days = daysOf(data.daily);

  const cost = canvas('chart-cost');
  cost.canvas.setAttribute('aria-label', 'Cost per day');
  const byAgent = costByAgent(data.daily, days);
  let byModel: ReturnType<typeof costByModel> | undefined;
  const costSwitch = switcher('Stack by', [['agent', 'By agent'], ['model', 'By model']], 'agent', (mode) => {
    if (mode === 'agent') mount(cost.canvas, costPerDay(days, byAgent, true));
    else mount(cost.canvas, costPerDay(days, (byModel ??= costByModel(data.daily, days)), false));
  });
  grid.append(card('cost-per-day', 'Cost per day', [costSwitch], cost.box));
  mount(cost.canvas, costPerDay(days, byAgent, true));

  const tokens = canvas('chart-tokens');
  tokens.canvas.setAttribute('aria-label', 'Tokens per day by type');
  grid.append(card('tokens-per-day', 'Tokens per day', [h('span', { class: 'hint' }, 'output includes reasoning')], tokens.box));
  mount(tokens.canvas, tokensPerDay(days, tokensByType(data.daily, days)));

  shareCard(data, grid);
  windowsCard(data, grid);
}

function shareCard(data: PageData, grid: HTMLElement): void {
  const shares = modelShares(data.models);
  const chartBox = canvas('chart-models', 'chart doughnut');
  chartBox.canvas.setAttribute('aria-label', 'Models by cost share');
  const swatch = (colourIndex: number): HTMLElement => {
    const s = h('span', { class: 'swatch' });
    s.style.background = colourIndex < 0 ? OTHER_COLOUR : seriesColour(colourIndex);
    return s;
  };
  const { table } = sortableTable({
    id: 'table-models',
    noun: 'models',
    rows: shares,
    sortBy: 'cost',
    descending: true,
    searchText: (s) => `${s.provider} ${s.modelName}`,
    columns: [
      { key: 'model', label: 'Model', text: (s) => s.label, title: (s) => s.modelName, lead: (s) => swatch(s.colourIndex) },
      { key: 'requests', label: 'Requests', numeric: true, text: (s) => formatTokens(s.requests), sort: (s) => s.requests },
      { key: 'tokens', label: 'Tokens', numeric: true, text: (s) => formatTokens(s.tokens), sort: (s) => s.tokens },
      { key: 'cost', label: 'Cost', numeric: true, text: (s) => (s.priced ? formatCost(s.cost) : 'no price'), sort: (s) => s.cost },
      { key: 'share', label: 'Share', numeric: true, text: (s) => formatPercent(s.share * 100), sort: (s) => s.share },
    ],
  });
  grid.append(card('models-share', 'Models by cost share', [], h('div', { class: 'share' }, chartBox.box, table)));
  mount(chartBox.canvas, costShare(shares));
}

function windowsCard(data: PageData, grid: HTMLElement): void {
  const windows = windowsOf(data);
  const agents = data.blocks.providers;
  const zone = data.timezone;
  const timeline = canvas('chart-windows', 'chart short');
  timeline.canvas.setAttribute('aria-label', '5-hour windows');
  const first = Math.min(...windows.map((w) => w.startMs));
  const last = Math.max(...windows.map((w) => w.endMs));
  const span = (days: number | undefined): { min: number; max: number } => ({
    min: days === undefined ? first : Math.max(first, last - days * DAY_MS),
    max: last,
  });
  type Range = '7' | '30' | 'all';
  const initial: Range = last - first > 7 * DAY_MS ? '7' : 'all';
  const rangeOf = (r: Range): { min: number; max: number } => span(r === 'all' ? undefined : Number(r));
  const draw = (r: Range): void => void mount(timeline.canvas, windowsTimeline(windows, agents, zone, rangeOf(r)));
  const controls = windows.length > 0 ? [switcher('Show', [['7', 'Last 7 days of use'], ['30', '30 days'], ['all', 'All']], initial, draw)] : [];
  const active = windows.filter((w) => w.block.isActive);
  const section = card(
    'windows',
    '5-hour windows',
    controls,
    windows.length > 0 ? timeline.box : h('p', { class: 'muted' }, 'No windows in the selected period.'),
    h(
      'div',
      { class: 'active-windows', id: 'active-windows' },
      ...(active.length > 0
        ? active.map((w) => activeWindow(w, zone, Date.parse(data.generatedAt)))
        : [h('p', { class: 'muted' }, `No active window at ${formatLocal(Date.parse(data.generatedAt), zone, 'yyyy-MM-dd HH:mm')}.`)]),
    ),
  );
  grid.append(section);
  if (windows.length > 0) draw(initial);
}

function activeWindow(w: Window, zone: string, now: number): HTMLElement {
  const b = w.block;
  const rows: [string, string][] = [
    ['Time', `${formatDuration(now - w.startMs)} elapsed, ${formatDuration(w.endMs - now)} left`],
    ['So far', `${formatTokens(b.totalTokens)} tokens · ${formatCost(b.costUSD)}`],
  ];
  if (b.burnRate) rows.push(['Burn rate', `${formatTokens(b.burnRate.tokensPerMinute)} tokens/min · ${formatCost(b.burnRate.costPerHour)}/h`]);
  if (b.projection) rows.push(['Projection', `${formatTokens(b.projection.totalTokens)} tokens · ${formatCost(b.projection.totalCost)} at ${formatLocal(w.endMs, zone, 'HH:mm')}`]);
  return h(
    'div',
    { class: 'active-window', 'data-provider': w.provider },
    h('div', { class: 'title' }, `Active window (${w.provider}) ${formatWindow(w.startMs, w.endMs, zone)}`),
    h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
  );
}

/** Projects and sessions, sortable and searchable. */
export function tableSections(data: PageData, grid: HTMLElement): void {
  const t = data.projects.totals;
  const projects = sortableTable({
    id: 'table-projects',
    noun: 'projects',
    rows: data.projects.projects,
    sortBy: 'cost',
    descending: true,
    limit: 25,
    searchText: (p) => `${p.projectPath} ${p.modelsUsed.join(' ')}`,
    columns: [
      { key: 'project', label: 'Project', kind: 'path', text: (p) => p.projectPath },
      { key: 'models', label: 'Models', text: (p) => models(p.modelsUsed) },
      { key: 'input', label: 'Input', numeric: true, text: (p) => formatTokens(p.inputTokens), sort: (p) => p.inputTokens },
      { key: 'output', label: 'Output', numeric: true, text: (p) => formatTokens(p.outputTokens), sort: (p) => p.outputTokens },
      { key: 'cacheCreate', label: 'Cache Create', numeric: true, text: (p) => formatTokens(p.cacheCreationTokens), sort: (p) => p.cacheCreationTokens },
      { key: 'cacheRead', label: 'Cache Read', numeric: true, text: (p) => formatTokens(p.cacheReadTokens), sort: (p) => p.cacheReadTokens },
      { key: 'tokens', label: 'Total Tokens', numeric: true, text: (p) => formatTokens(p.totalTokens), sort: (p) => p.totalTokens },
      { key: 'cost', label: 'Cost (USD)', numeric: true, text: (p) => formatCost(p.totalCost), sort: (p) => p.totalCost },
    ],
    footer: [
      'Total',
      '',
      formatTokens(t.inputTokens),
      formatTokens(t.outputTokens),
      formatTokens(t.cacheCreationTokens),
      formatTokens(t.cacheReadTokens),
      formatTokens(t.totalTokens),
      formatCost(t.totalCost),
    ],
  });
  grid.append(card('projects', 'Top projects', [projects.search], projects.table));

  const zone = data.timezone;
  const s = data.sessions.totals;
  const sessions = sortableTable({
    id: 'table-sessions',
    noun: 'sessions',
    rows: data.sessions.sessions,
    sortBy: 'cost',
    descending: true,
    limit: 50,
    searchText: (r) => `${r.sessionId} ${r.provider} ${r.projectPath} ${r.modelsUsed.join(' ')}`,
    columns: [
      { key: 'session', label: 'Session', kind: 'id', text: (r) => shortSessionId(r.sessionId), title: (r) => r.sessionId, sort: (r) => r.sessionId },
      { key: 'agent', label: 'Agent', text: (r) => r.provider },
      { key: 'project', label: 'Project', text: (r) => basename(r.projectPath) || r.projectPath, title: (r) => r.projectPath },
      { key: 'last', label: 'Last Activity', text: (r) => formatLocal(Date.parse(r.lastActivity), zone, 'yyyy-MM-dd HH:mm'), sort: (r) => Date.parse(r.lastActivity) },
      { key: 'models', label: 'Models', text: (r) => models(r.modelsUsed) },
      { key: 'tokens', label: 'Total Tokens', numeric: true, text: (r) => formatTokens(r.totalTokens), sort: (r) => r.totalTokens },
      { key: 'cost', label: 'Cost (USD)', numeric: true, text: (r) => formatCost(r.totalCost), sort: (r) => r.totalCost },
    ],
    footer: ['Total', '', '', '', '', formatTokens(s.totalTokens), formatCost(s.totalCost)],
  });
  grid.append(card('sessions', 'Sessions', [sessions.search], sessions.table));
}
