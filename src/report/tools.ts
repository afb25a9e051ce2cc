import type { ToolCall, ToolCategory } from '../core/tool-call.js';
import type { Provider } from '../core/types.js';
import type { CommonOptions } from '../commands/options.js';
import { ZonedCalendar } from './calendar.js';

export const TOOL_GROUPINGS = ['tool', 'day', 'session', 'project', 'model', 'device'] as const;
export type ToolGrouping = (typeof TOOL_GROUPINGS)[number];

export interface ToolRow {
  /** The `--by` value (day, session id, project path, model or device); absent when grouped by tool alone. */
  group?: string;
  provider: Provider;
  tool: string;
  category: ToolCategory;
  calls: number;
  errors: number;
  durationMsMedian: number | null;
  durationMsP95: number | null;
  sessions: number;
  /** With `--breakdown`: the same figures per model. */
  modelBreakdowns?: ToolModelRow[];
}

export interface ToolModelRow {
  model: string;
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

/** The days (in the report's zone) and projects a report of tool calls keeps. */
export interface CallFilter {
  calendar: ZonedCalendar;
  since?: string;
  until?: string;
  project?: string;
}

export interface ToolsFilter extends CallFilter {
  by: ToolGrouping;
  breakdown?: boolean;
}

/** Whether a record (a call, a usage event) falls in the filter's days and project. */
export function keepsCall(c: Pick<ToolCall, 'timestamp' | 'projectPath'>, f: CallFilter): boolean {
  if (f.since !== undefined || f.until !== undefined) {
    const day = f.calendar.day(c.timestamp);
    if ((f.since !== undefined && day < f.since) || (f.until !== undefined && day > f.until)) return false;
  }
  return f.project === undefined || c.projectPath.includes(f.project);
}

/**
 * Nearest rank: the smallest value with at least `p` % of the values at or below it (p50 of
 * [1, 2, 3, 4] is 2, p95 of 20 values the 19th). Undefined for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A row's figures as calls are added: durations and sessions are reduced when the row is done. Every
 * call of a row is one agent's (rows are per agent), so its session ids alone tell its sessions apart.
 */
class RowFigures {
  calls = 0;
  errors = 0;
  readonly durations: number[] = [];
  readonly sessions = new Set<string>();

  add(c: ToolCall): void {
    this.calls++;
    if (c.status === 'error') this.errors++;
    if (c.durationMs !== undefined) this.durations.push(c.durationMs);
    this.sessions.add(c.sessionId);
  }

  done(): Pick<ToolRow, 'calls' | 'errors' | 'durationMsMedian' | 'durationMsP95' | 'sessions'> {
    this.durations.sort((a, b) => a - b);
    return { calls: this.calls, errors: this.errors, durationMsMedian: percentile(this.durations, 50) ?? null, durationMsP95: percentile(this.durations, 95) ?? null, sessions: this.sessions.size };
  }
}

/**
 * The calls the filters keep, one row per (group, agent, tool): by group, then most calls first.
 * With `breakdown`, each row has a sub-row per model, most calls first.
 */
export function buildToolsReport(calls: readonly ToolCall[], f: ToolsFilter): ToolsReport {
  const rows = new Map<string, { row: ToolRow; figures: RowFigures; models: Map<string, RowFigures> }>();
  const totals = { calls: 0, errors: 0 };
  for (const c of calls) {
    if (!keepsCall(c, f)) continue;
    const group = groupOf(c, f);
    const key = `${group ?? ''}\u0000${c.provider}\u0000${c.tool}`;
    let held = rows.get(key);
    if (!held) {
      const row: ToolRow = { ...(group !== undefined ? { group } : {}), provider: c.provider, tool: c.tool, category: c.category, calls: 0, errors: 0, durationMsMedian: null, durationMsP95: null, sessions: 0 };
      held = { row, figures: new RowFigures(), models: new Map() };
      rows.set(key, held);
    }
    held.figures.add(c);
    totals.calls++;
    if (c.status === 'error') totals.errors++;
    if (f.breakdown) {
      let model = held.models.get(c.model);
      if (!model) held.models.set(c.model, (model = new RowFigures()));
      model.add(c);
    }
  }
  const out = [...rows.values()].map(({ row, figures, models }) => {
    const done: ToolRow = { ...row, ...figures.done() };
    if (f.breakdown) {
      done.modelBreakdowns = [...models].map(([model, m]) => ({ model, ...m.done() }));
      done.modelBreakdowns.sort((a, b) => b.calls - a.calls || compare(a.model, b.model));
    }
    return done;
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
    case 'device':
      return c.device;
    default:
      return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `--json` contract. */
export function toolsJson(report: ToolsReport, by: ToolGrouping): { tools: Record<string, unknown>[]; totals: ToolsReport['totals'] } {
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
export function toolsReportFor(
  calls: readonly ToolCall[],
  opts: Pick<CommonOptions, 'zone' | 'since' | 'until' | 'project' | 'order'>,
  by: ToolGrouping,
  breakdown = false,
): ToolsReport {
  const report = buildToolsReport(calls, {
    calendar: new ZonedCalendar(opts.zone),
    by,
    breakdown,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
  });
  if (opts.order === 'asc') report.rows.reverse();
  return report;
}
