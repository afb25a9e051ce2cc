import kleur from 'kleur';
import { renderBoxTable } from './box-table.js';
import { totalTokens } from '../core/types.js';
import type { BlockRow, BlocksResult } from '../report/blocks-report.js';
import { formatDuration, formatLocal, formatPercent, formatWindow } from './blocks-format.js';
import { formatCost, formatTokens, shortModel } from './format.js';

export interface BlocksTableOptions {
  now: number;
  zone: string;
  /** Terminal width; below COMPACT_BELOW columns the per-kind token columns are dropped. */
  columns: number;
}

const COMPACT_BELOW = 100;

interface Column {
  head: string;
  numeric: boolean;
  cell(r: BlockRow): string;
}

function statusOf(r: BlockRow, now: number): string {
  const b = r.block;
  if (b.isGap) return `idle ${formatDuration(b.endMs - b.startMs)}`;
  if (b.isActive) return `ACTIVE, ${formatDuration(b.endMs - now)} left`;
  return `ended, ${formatDuration(b.actualEndMs - b.firstActivityMs)} used`;
}

export function renderBlocksTable(result: BlocksResult, opts: BlocksTableOptions): string {
  const compact = opts.columns < COMPACT_BELOW;
  const multi = result.providers.length > 1;
  const hasLimit = result.rows.some((r) => r.limit);
  const num = (head: string, cell: (r: BlockRow) => string): Column => ({
    head,
    numeric: true,
    cell: (r) => (r.block.isGap ? '' : cell(r)),
  });
  const cols: Column[] = [
    { head: 'Window', numeric: false, cell: (r) => formatWindow(r.block.startMs, r.block.endMs, opts.zone) },
    { head: 'Status', numeric: false, cell: (r) => statusOf(r, opts.now) },
  ];
  if (multi) cols.push({ head: 'Agent', numeric: false, cell: (r) => r.provider });
  cols.push({ head: 'Models', numeric: false, cell: (r) => [...new Set(r.block.models.map(shortModel))].join('\n') });
  cols.push(num('Requests', (r) => formatTokens(r.block.entries)));
  if (!compact) {
    cols.push(
      num('Input', (r) => formatTokens(r.block.tokens.input)),
      num('Output', (r) => formatTokens(r.block.tokens.output)),
      num('Cache Create', (r) => formatTokens(r.block.tokens.cacheWrite5m + r.block.tokens.cacheWrite1h)),
      num('Cache Read', (r) => formatTokens(r.block.tokens.cacheRead)),
    );
  }
  cols.push(num('Total Tokens', (r) => formatTokens(totalTokens(r.block.tokens))));
  if (hasLimit) cols.push(num('% of Limit', (r) => (r.limit ? formatPercent(r.limit.percentUsed) : '')));
  cols.push(num('Cost (USD)', (r) => formatCost(r.block.cost)));

  const table = renderBoxTable({
    head: cols.map((c) => c.head),
    headStyle: kleur.cyan,
    align: cols.map((c) => (c.numeric ? 'right' : 'left')),
    compact,
    rows: result.rows.map((r) => {
      const cells = cols.map((c) => c.cell(r));
      return r.block.isGap ? { cells, style: kleur.gray } : r.block.isActive ? { cells, style: kleur.green } : { cells };
    }),
  });
  const out = [table];
  for (const r of result.rows) if (r.block.isActive) out.push(activeSummary(r, opts));
  return out.join('\n');
}

/** The lines under the table about the active window: elapsed, left, burn rate, projection, limit. */
export function activeSummary(r: BlockRow, opts: BlocksTableOptions): string {
  const b = r.block;
  const lines = [
    kleur.bold(
      `Active window (${r.provider}) ${formatWindow(b.startMs, b.endMs, opts.zone)} ${opts.zone}: ` +
        `${formatDuration(opts.now - b.startMs)} elapsed, ${formatDuration(b.endMs - opts.now)} left`,
    ),
  ];
  if (r.burnRate) {
    lines.push(
      `  Burn rate   ${formatTokens(r.burnRate.tokensPerMinute)} tokens/min · ${formatCost(r.burnRate.costPerHour)}/h`,
    );
  }
  if (r.projection) {
    lines.push(
      `  Projection  ${formatTokens(r.projection.totalTokens)} tokens · ${formatCost(r.projection.totalCost)} ` +
        `at ${formatLocal(b.endMs, opts.zone, 'HH:mm')}`,
    );
  }
  if (r.limit) {
    const l = r.limit;
    const source = l.source === 'max' ? 'the largest ended window' : '--token-limit';
    const projected = l.projectedPercent !== undefined ? `, projected ${formatPercent(l.projectedPercent)}` : '';
    const verdict = l.status === 'exceeds' ? kleur.red(' — over the limit') : l.status === 'warning' ? kleur.yellow(' — close to the limit') : '';
    lines.push(`  Limit       ${formatTokens(l.limit)} tokens (${source}): ${formatPercent(l.percentUsed)} used${projected}${verdict}`);
  }
  return lines.join('\n');
}
