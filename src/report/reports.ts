import type { Provider, Tokens, UsageEvent } from '../core/types.js';
import { totalTokens } from '../core/types.js';
import { groupEvents, pairKey, sumGroups, type DeviceSplit, type Group, type PricedEvent, type Totals } from './aggregate.js';
import type { ZonedCalendar } from './calendar.js';
import { keepsCall } from './tools.js';

export const REPORT_KINDS = ['daily', 'weekly', 'monthly', 'session', 'model', 'project'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportQuery {
  calendar: ZonedCalendar;
  /** YYYY-MM-DD, inclusive, in the calendar's zone. */
  since?: string;
  until?: string;
  /** Substring of the project path. */
  project?: string;
  weekStartsOn: number;
  order?: 'asc' | 'desc';
  /** `rows`: a row per device of each row (`--by device`); `shares`: model breakdowns per device (several devices read). */
  devices?: DeviceSplit;
}

interface ReportSpec {
  /** The JSON key of the rows. */
  rowsKey: string;
  keyOf(e: UsageEvent, q: ReportQuery): string;
  /** The identifying fields of a JSON row. */
  identity(g: Group): Record<string, unknown>;
  /** Sort value; ties keep the grouping key's order. */
  sortValue(g: Group): string | number;
  defaultOrder: 'asc' | 'desc';
}

const byLabel = (g: Group): string => g.label;

export const REPORTS: Record<ReportKind, ReportSpec> = {
  daily: {
    rowsKey: 'daily',
    keyOf: (e, q) => q.calendar.day(e.timestamp),
    identity: (g) => ({ date: g.label }),
    sortValue: byLabel,
    defaultOrder: 'asc',
  },
  weekly: {
    rowsKey: 'weekly',
    keyOf: (e, q) => q.calendar.week(e.timestamp, q.weekStartsOn),
    identity: (g) => ({ week: g.label }),
    sortValue: byLabel,
    defaultOrder: 'asc',
  },
  monthly: {
    rowsKey: 'monthly',
    keyOf: (e, q) => q.calendar.month(e.timestamp),
    identity: (g) => ({ month: g.label }),
    sortValue: byLabel,
    defaultOrder: 'asc',
  },
  session: {
    rowsKey: 'sessions',
    keyOf: (e) => pairKey(e.provider, e.sessionId),
    identity: (g) => ({
      sessionId: g.sessionId,
      provider: g.provider,
      projectPath: g.projectPath,
      firstActivity: new Date(g.firstMs).toISOString(),
      lastActivity: new Date(g.lastMs).toISOString(),
    }),
    sortValue: (g) => g.lastMs,
    defaultOrder: 'asc',
  },
  model: {
    rowsKey: 'models',
    keyOf: (e) => pairKey(e.provider, e.model),
    identity: (g) => ({ modelName: g.model, provider: g.provider, requests: g.requests }),
    sortValue: (g) => g.cost,
    defaultOrder: 'desc',
  },
  project: {
    rowsKey: 'projects',
    keyOf: (e) => e.projectPath,
    identity: (g) => ({ projectPath: g.label }),
    sortValue: (g) => g.cost,
    defaultOrder: 'desc',
  },
};

export interface Report {
  kind: ReportKind;
  devices: DeviceSplit;
  groups: Group[];
  totals: Totals;
  providers: Provider[];
}

/** Filters by date range and project, groups, sorts. */
export function buildReport(kind: ReportKind, events: readonly PricedEvent[], q: ReportQuery): Report {
  const spec = REPORTS[kind];
  const selected = events.filter(({ event }) => keepsCall(event, q));
  const devices = q.devices ?? {};
  const groups = groupEvents(selected, (e) => spec.keyOf(e, q), devices);
  const sign = (q.order ?? spec.defaultOrder) === 'asc' ? 1 : -1;
  groups.sort((a, b) => {
    const va = spec.sortValue(a);
    const vb = spec.sortValue(b);
    const primary = va < vb ? -1 : va > vb ? 1 : 0;
    return sign * (primary !== 0 ? primary : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
  const providers = [...new Set(groups.flatMap((g) => [...g.models.values()].map((m) => m.provider)))].sort();
  return { kind, devices, groups, totals: sumGroups(groups), providers };
}

function tokenFields(t: Tokens): Record<string, number> {
  return {
    inputTokens: t.input,
    outputTokens: t.output,
    cacheCreationTokens: t.cacheWrite5m + t.cacheWrite1h,
    cacheReadTokens: t.cacheRead,
    reasoningTokens: t.reasoning,
    totalTokens: totalTokens(t),
    // Beyond the contract: the write lifetimes are priced differently, so scripts may want them.
    cacheCreation5mTokens: t.cacheWrite5m,
    cacheCreation1hTokens: t.cacheWrite1h,
  };
}

/** The JSON contract of issue 2: keys are relied on by scripts, extra keys are allowed. */
export function reportJson(report: Report, meta: Record<string, unknown>): Record<string, unknown> {
  const spec = REPORTS[report.kind];
  const rows = report.groups.map((g) => ({
    ...spec.identity(g),
    ...(report.devices.rows ? { device: g.device } : {}),
    ...tokenFields(g.tokens),
    totalCost: g.cost,
    modelsUsed: [...new Set([...g.models.values()].map((m) => m.model))],
    modelBreakdowns: [...g.models.values()].map((m) => ({
      modelName: m.model,
      provider: m.provider,
      ...tokenFields(m.tokens),
      cost: m.cost,
      requests: m.requests,
      ...(report.devices.shares ? { device: m.device } : {}),
    })),
  }));
  return {
    [spec.rowsKey]: rows,
    totals: { ...tokenFields(report.totals.tokens), totalCost: report.totals.cost },
    ...meta,
  };
}
