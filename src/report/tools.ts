import type { ToolCall, ToolCategory } from '../core/tool-call.js';
import type { Provider } from '../core/types.js';
import type { CommonOptions } from '../commands/options.js';
import { ZonedCalendar } from './calendar.js';

export const TOOL_GROUPINGS = ['tool', 'day', 'session', 'project', 'model'] as const;
export type ToolGrouping = (typeof TOOL_GROUPINGS)[number];

export interface ToolRow {
  /** The `--by` value (day, session id, project path or model); absent when grouped by tool alone. */
  group?: string;
  provider: Provider;
  tool: string;
  category: ToolCategory;
  calls: number;
  errors: number;
  durationMsMedian: number | null;
  durationMsP95: number | null;
  sessions: number;
}

export interface ToolsReport {
  rows: ToolRow[];
  totals: { calls: number; errors: number };
}

export interface ToolsFilter {
  calendar: ZonedCalendar;
  since?: string;
  until?: string;
  project?: string;
  by: ToolGrouping;
}

/**
 * Nearest rank: the smallest value with at least `p` % of the values at or below it (p50 of
 * [1, 2, 3, 4] is 2, p95 of 20 values the 19th). Undefined for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The calls the filters keep, one row per (group, agent, tool): by group, then most calls first. */
export function buildToolsReport(calls: readonly ToolCall[], f: ToolsFilter): ToolsReport {
  const rows = new Map<string, { row: ToolRow; durations: number[]; sessions: Set<string> }>();
  const totals = { calls: 0, errors: 0 };
  for (const c of calls) {
    if (f.since !== undefined || f.until !== undefined) {
      const day = f.calendar.day(c.timestamp);
      if ((f.since !== undefined && day < f.since) || (f.until !== undefined && day > f.until)) continue;
    }
    if (f.project !== undefined && !c.projectPath.includes(f.project)) continue;
    const group = groupOf(c, f);
    const key = `${group ?? ''}\u0000${c.provider}\u0000${c.tool}`;
    let held = rows.get(key);
    if (!held) {
      const row: ToolRow = { ...(group !== undefined ? { group } : {}), provider: c.provider, tool: c.tool, category: c.category, calls: 0, errors: 0, durationMsMedian: null, durationMsP95: null, sessions: 0 };
      held = { row, durations: [], sessions: new Set() };
      rows.set(key, held);
    }
    held.row.calls++;
    totals.calls++;
    if (c.status === 'error') {
      held.row.errors++;
      totals.errors++;
    }
    if (c.durationMs !== undefined) held.durations.push(c.durationMs);
    held.sessions.add(`${c.provider}\u0000${c.sessionId}`);
  }
  const out = [...rows.values()].map(({ row, durations, sessions }) => {
    durations.sort((a, b) => a - b);
    return { ...row, durationMsMedian: percentile(durations, 50) ?? null, durationMsP95: percentile(durations, 95) ?? null, sessions: sessions.size };
  });
  out.sort((a, b) => compare(a.group ?? '', b.group ?? '') || b.calls - a.calls || compare(a.provider, b.provider) || compare(a.tool, b.tool));
  return { rows: out, totals };
}

function groupOf(c: ToolCall, f: ToolsFilter): string | undefined {
  switch (f.by) {
    case 'day':
      return f.calendar.day(c.timestamp);
    case 'session':
      return c.sessionId;
    case 'project':
      return c.projectPath;
    case 'model':
      return c.model;
    default:
      return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `--json` contract. */
export function toolsJson(report: ToolsReport, by: ToolGrouping): Record<string, unknown> {
  const groupKey = by === 'tool' ? undefined : by === 'session' ? 'sessionId' : by === 'project' ? 'projectPath' : by;
  return {
    tools: report.rows.map(({ group, ...row }) => ({ ...(groupKey !== undefined ? { [groupKey]: group } : {}), ...row })),
    totals: report.totals,
  };
}

/**
 * The report `usage tools` prints for these options (period, zone, project, order): what the
 * command, the HTML page and the MCP server all show, made once.
 */
export function toolsReportFor(calls: readonly ToolCall[], opts: Pick<CommonOptions, 'zone' | 'since' | 'until' | 'project' | 'order'>, by: ToolGrouping): ToolsReport {
  const report = buildToolsReport(calls, {
    calendar: new ZonedCalendar(opts.zone),
    by,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
  });
  if (opts.order === 'asc') report.rows.reverse();
  return report;
}
