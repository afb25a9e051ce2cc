import path from 'node:path';
import kleur from 'kleur';
import { totalTokens, type Tokens } from '../core/types.js';
import type { Group, ModelShare } from '../report/aggregate.js';
import type { Report, ReportKind } from '../report/reports.js';
import { renderBoxTable, type BoxRow } from './box-table.js';
import { formatCost, formatTokens, shortModel, shortSessionId } from './format.js';

export interface TableOptions {
  breakdown: boolean;
  /** Terminal width; below COMPACT_BELOW columns the cache columns are dropped. */
  columns: number;
  /** Formats a group's last activity as a local date, for session rows. */
  localDay(ms: number): string;
}

const COMPACT_BELOW = 100;

const LABELS: Record<ReportKind, string> = {
  daily: 'Date',
  weekly: 'Week',
  monthly: 'Month',
  session: 'Session',
  model: 'Model',
  project: 'Project',
};

interface Column {
  head: string;
  numeric: boolean;
  cell(g: Group): string;
  /** For a per-model sub-row; undefined leaves the cell empty. */
  share?(m: ModelShare): string;
  total?(t: { tokens: Tokens; cost: number }): string;
}

const tokenColumn = (head: string, pick: (t: Tokens) => number): Column => ({
  head,
  numeric: true,
  cell: (g) => formatTokens(pick(g.tokens)),
  share: (m) => formatTokens(pick(m.tokens)),
  total: (t) => formatTokens(pick(t.tokens)),
});

function columnsFor(report: Report, opts: TableOptions): Column[] {
  const compact = opts.columns < COMPACT_BELOW;
  const multiProvider = report.providers.length > 1;
  const label: Column = {
    head: LABELS[report.kind],
    numeric: false,
    cell: (g) => labelOf(report.kind, g),
    share: (m) => `  └ ${multiProvider ? `${m.provider}/` : ''}${shortModel(m.model)}${report.devices.shares ? ` @ ${m.device}` : ''}`,
  };
  const cols: Column[] = [label];
  if (report.devices.rows) cols.push({ head: 'Device', numeric: false, cell: (g) => g.device });
  if (report.kind === 'session') {
    cols.push({ head: 'Project', numeric: false, cell: (g) => path.basename(g.projectPath) || g.projectPath });
    if (!compact) cols.push({ head: 'Last Activity', numeric: false, cell: (g) => opts.localDay(g.lastMs) });
  }
  if (multiProvider && (report.kind === 'session' || report.kind === 'model')) {
    cols.push({ head: 'Agent', numeric: false, cell: (g) => g.provider });
  }
  if (report.kind !== 'model') {
    cols.push({
      head: 'Models',
      numeric: false,
      cell: (g) => [...new Set([...g.models.values()].map((m) => shortModel(m.model)))].join('\n'),
    });
  } else {
    cols.push({ head: 'Requests', numeric: true, cell: (g) => formatTokens(g.requests) });
  }
  cols.push(tokenColumn('Input', (t) => t.input), tokenColumn('Output', (t) => t.output));
  if (!compact) {
    cols.push(
      tokenColumn('Cache Create', (t) => t.cacheWrite5m + t.cacheWrite1h),
      tokenColumn('Cache Read', (t) => t.cacheRead),
      tokenColumn('Total Tokens', totalTokens),
    );
  }
  cols.push({
    head: 'Cost (USD)',
    numeric: true,
    cell: (g) => formatCost(g.cost),
    share: (m) => formatCost(m.cost),
    total: (t) => formatCost(t.cost),
  });
  return cols;
}

function labelOf(kind: ReportKind, g: Group): string {
  switch (kind) {
    case 'session':
      return shortSessionId(g.sessionId);
    case 'model':
      return g.model;
    default:
      return g.label;
  }
}

export function renderTable(report: Report, opts: TableOptions): string {
  const cols = columnsFor(report, opts);
  const rows: BoxRow[] = [];
  for (const g of report.groups) {
    rows.push({ cells: cols.map((c) => c.cell(g)) });
    if (opts.breakdown) {
      for (const m of g.models.values()) rows.push({ cells: cols.map((c) => (c.share ? c.share(m) : '')), style: kleur.gray });
    }
  }
  rows.push({ cells: cols.map((c, i) => (i === 0 ? 'Total' : c.total ? c.total(report.totals) : '')), style: (text) => kleur.yellow().bold(text) });
  return renderBoxTable({
    head: cols.map((c) => c.head),
    headStyle: kleur.cyan,
    align: cols.map((c) => (c.numeric ? 'right' : 'left')),
    compact: opts.columns < COMPACT_BELOW,
    rows,
  });
}
