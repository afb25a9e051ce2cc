import type { UsageEvent } from '../core/types.js';
import type { CommonOptions } from '../commands/options.js';
import { severalDevices } from '../config/sources.js';
import type { DeviceSplit } from './aggregate.js';
import { blocksJson, buildBlocks, type BlocksResult } from './blocks-report.js';
import { ZonedCalendar } from './calendar.js';
import { priceEvents, unpricedAmong, type PricedRun } from './price-events.js';
import { buildReport, reportJson, type Report, type ReportKind } from './reports.js';

/** A report made from deduplicated events: what every sink of a report (table, JSON, CSV, HTML, MCP) starts from. */
export interface ComputedReport {
  report: Report;
  /** The JSON contract, as `--json` prints it. */
  json: Record<string, unknown>;
  /** The unpriced models among those the report shows. */
  unpricedModels: string[];
  calendar: ZonedCalendar;
}

/** price → filter → group → sort, then the JSON rows; `skipped` is the count of damaged lines the JSON reports. */
export function computeReport(
  kind: ReportKind,
  events: readonly UsageEvent[],
  opts: CommonOptions,
  meta: { weekStartsOn: number; skipped: number },
): ComputedReport {
  return computeReportFromPriced(kind, priceEvents(events, opts.pricing), opts, meta);
}

/** computeReport for events priced already: a sink that shows several reports prices them once. */
export function computeReportFromPriced(
  kind: ReportKind,
  priced: PricedRun,
  opts: CommonOptions,
  { weekStartsOn, skipped }: { weekStartsOn: number; skipped: number },
): ComputedReport {
  const calendar = new ZonedCalendar(opts.zone);
  const report = buildReport(kind, priced.events, {
    calendar,
    weekStartsOn,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
    ...(opts.order ? { order: opts.order } : {}),
    devices: deviceSplit(opts, priced.events),
  });
  const shown = report.groups.flatMap((g) => [...g.models.values()]);
  const unpricedModels = unpricedAmong(priced.unpricedModels, shown.map((m) => m.model));
  const priceOverrides = opts.pricing.overridesAmong(shown);
  const json = reportJson(report, { timezone: opts.zone, unpricedModels, ...(priceOverrides ? { priceOverrides } : {}), skipped });
  return { report, json, unpricedModels, calendar };
}

/**
 * How devices show in a report: rows split by device when asked (`--by device`); model breakdowns
 * per device, each with its `device`, whenever the run reads more than one source or its events come
 * from more than one device (`--db`: what several machines synced). A run of this machine alone shows
 * no device: its output is what it was before devices existed.
 */
export function deviceSplit(opts: Pick<CommonOptions, 'sources' | 'byDevice'>, priced: readonly { event: { device: string } }[]): DeviceSplit {
  return { rows: opts.byDevice === true, shares: severalDevices(opts.sources, priced, (p) => p.event.device) };
}

/** What `blocks` asks beyond the common options. */
export interface BlocksAsk {
  sessionMs: number;
  tokenLimit?: number | 'max';
  active: boolean;
  recent: boolean;
  /** The instant the active window and burn rate are measured at (epoch ms). */
  now: number;
}

export interface ComputedBlocks {
  result: BlocksResult;
  /** The JSON contract, as `blocks --json` prints it. */
  json: { blocks: Record<string, unknown>[] };
  /** The unpriced models among those the windows show. */
  unpricedModels: string[];
  /** Warnings for the user (stderr on the command line). */
  warnings: string[];
}

/** price → 5-hour windows of the asked agents → the JSON rows: what every sink of `blocks` starts from. */
export function computeBlocksReport(events: readonly UsageEvent[], opts: CommonOptions, ask: BlocksAsk): ComputedBlocks {
  return computeBlocksFromPriced(priceEvents(events, opts.pricing), opts, ask);
}

/** computeBlocksReport for events priced already (the HTML page shows the windows beside the reports). */
export function computeBlocksFromPriced(priced: PricedRun, opts: CommonOptions, ask: BlocksAsk): ComputedBlocks {
  const result = buildBlocks(priced.events, {
    providers: opts.providers,
    sessionMs: ask.sessionMs,
    now: ask.now,
    calendar: new ZonedCalendar(opts.zone),
    recent: ask.recent,
    active: ask.active,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
    ...(opts.order ? { order: opts.order } : {}),
    ...(ask.tokenLimit !== undefined ? { tokenLimit: ask.tokenLimit } : {}),
  });
  const priceOverrides = opts.pricing.overridesAmong(result.rows.flatMap((r) => r.block.models.map((model) => ({ model, provider: r.provider }))));
  const unpricedModels = unpricedAmong(priced.unpricedModels, result.rows.flatMap((r) => r.block.models));
  return {
    result,
    json: { ...blocksJson(result, unpricedModels), ...(priceOverrides ? { priceOverrides } : {}) },
    unpricedModels,
    warnings: result.noLimitFor.map((p) => `--token-limit max: no ended ${p} window to take the largest of`),
  };
}
