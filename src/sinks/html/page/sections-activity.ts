import { formatTokens, shortSessionId } from '../../../render/format.js';
import { formatLocal, formatPercent } from '../../../render/blocks-format.js';
import type { AuditJson, PageData, ToolsJson } from '../page-data.js';
import { mount, toolCalls } from './charts.js';
import { card, h } from './dom.js';
import { sortableTable } from './table.js';
import { errorRate } from './views.js';

/** Tools and the audit's findings: drawn only when the page was given `usage tools` / `usage audit` JSON. */
export function activitySections(data: PageData, grid: HTMLElement): void {
  if (data.tools) toolsCard(data.tools, grid);
  if (data.audit) auditCard(data.audit, data.timezone, grid);
}

const duration = (ms: number | null): string => (ms === null ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function toolsCard(tools: ToolsJson, grid: HTMLElement): void {
  const multiAgent = new Set(tools.tools.map((t) => t.provider)).size > 1;
  const chart = h('canvas', { id: 'chart-tools', role: 'img', 'aria-label': 'Calls per tool' });
  const { table, search } = sortableTable({
    id: 'table-tools',
    noun: 'tools',
    rows: tools.tools,
    sortBy: 'calls',
    descending: true,
    limit: 25,
    searchText: (t) => `${t.provider} ${t.tool} ${t.category}`,
    columns: [
      { key: 'tool', label: 'Tool', text: (t) => t.tool },
      { key: 'agent', label: 'Agent', text: (t) => t.provider },
      { key: 'category', label: 'Category', text: (t) => t.category },
      { key: 'calls', label: 'Calls', numeric: true, text: (t) => formatTokens(t.calls), sort: (t) => t.calls },
      { key: 'errors', label: 'Errors', numeric: true, text: (t) => formatTokens(t.errors), sort: (t) => t.errors },
      { key: 'errorRate', label: 'Error %', numeric: true, text: (t) => formatPercent(errorRate(t.calls, t.errors)), sort: (t) => errorRate(t.calls, t.errors) },
      { key: 'median', label: 'Median', numeric: true, text: (t) => duration(t.durationMsMedian), sort: (t) => t.durationMsMedian ?? -1 },
      { key: 'p95', label: 'p95', numeric: true, text: (t) => duration(t.durationMsP95), sort: (t) => t.durationMsP95 ?? -1 },
      { key: 'sessions', label: 'Sessions', numeric: true, text: (t) => formatTokens(t.sessions), sort: (t) => t.sessions },
    ],
    footer: ['Total', '', '', formatTokens(tools.totals.calls), formatTokens(tools.totals.errors), formatPercent(errorRate(tools.totals.calls, tools.totals.errors)), '', '', ''],
  });
  const section = card('tools', 'Tools', [search], h('div', { class: 'chart' }, chart), table);
  grid.append(section);
  if (tools.tools.length > 0) mount(chart, toolCalls(tools.tools, multiAgent));
}

function auditCard(audit: AuditJson, zone: string, grid: HTMLElement): void {
  const flag = (sensitive: boolean): Node | undefined => (sensitive ? h('span', { class: 'flag', title: 'sensitive place' }, '⚠ ') : undefined);
  const { table, search } = sortableTable({
    id: 'table-audit',
    noun: 'findings',
    rows: audit.findings,
    sortBy: 'sensitive',
    descending: true,
    limit: 50,
    searchText: (f) => `${f.path ?? ''} ${f.access} ${f.risk ?? ''} ${f.tool} ${f.provider} ${f.sessionId} ${f.projectPath}`,
    columns: [
      // A risky command that names no path (sudo, pipe to shell …) shows a dash: its risk says what it was.
      { key: 'path', label: 'Path outside the project', kind: 'path', text: (f) => f.path ?? '—', lead: (f) => flag(f.sensitive) },
      { key: 'access', label: 'Access', text: (f) => f.access },
      { key: 'risk', label: 'Risk', text: (f) => f.risk ?? '' },
      { key: 'sensitive', label: 'Sensitive', text: (f) => (f.sensitive ? 'yes' : ''), sort: (f) => Number(f.sensitive) },
      { key: 'tool', label: 'Tool', text: (f) => f.tool },
      { key: 'count', label: 'Count', numeric: true, text: (f) => formatTokens(f.count), sort: (f) => f.count },
      { key: 'agent', label: 'Agent', text: (f) => f.provider },
      { key: 'project', label: 'Project', kind: 'path', text: (f) => f.projectPath },
      { key: 'session', label: 'Session', kind: 'id', text: (f) => shortSessionId(f.sessionId), title: (f) => f.sessionId },
      { key: 'lastSeen', label: 'Last seen', text: (f) => formatLocal(Date.parse(f.lastSeen), zone, 'yyyy-MM-dd HH:mm'), sort: (f) => f.lastSeen },
    ],
  });
  const sensitive = audit.findings.filter((f) => f.sensitive).length;
  const risky = audit.findings.filter((f) => f.risk !== undefined).length;
  const section = card(
    'audit',
    'Outside the project: files and risky commands',
    [h('span', { class: 'hint' }, `${formatTokens(audit.findings.length)} findings, ${formatTokens(sensitive)} in sensitive places, ${formatTokens(risky)} risky commands`), search],
    table,
  );
  grid.append(section);
}
