import type { Command } from 'commander';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { loadEvents } from '../pipeline/load.js';
import { ZonedCalendar, parseWeekday } from '../report/calendar.js';
import { priceEvents } from '../report/price-events.js';
import { buildReport, reportJson, type ReportKind } from '../report/reports.js';
import { renderTable } from '../render/table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { addCommonOptions, normalizeCommon, type CommonFlags } from './options.js';

const DESCRIPTIONS: Record<ReportKind, string> = {
  daily: 'usage and cost per day',
  weekly: 'usage and cost per week',
  monthly: 'usage and cost per month',
  session: 'usage and cost per session',
  model: 'usage and cost per model',
  project: 'usage and cost per project',
};

interface ReportFlags extends CommonFlags {
  breakdown?: boolean;
  startOfWeek?: string;
}

export function registerReport(program: Command, kind: ReportKind): void {
  const cmd = program.command(kind).description(DESCRIPTIONS[kind]);
  addCommonOptions(cmd).option('-b, --breakdown', 'a sub-row per model');
  if (kind === 'weekly') cmd.option('--start-of-week <day>', 'first day of the week', 'monday');
  cmd.action(async (flags: ReportFlags) => runReport(kind, flags));
}

async function runReport(kind: ReportKind, flags: ReportFlags): Promise<void> {
  const opts = normalizeCommon(flags);
  const weekStartsOn = parseWeekday(flags.startOfWeek ?? 'monday');
  const diagnostics = new Diagnostics();
  const progress = terminalProgress();
  const loaded = await loadEvents({
    providers: opts.providers,
    renv: runtimeEnv(),
    diagnostics,
    useCache: opts.useCache,
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.done();
  const calendar = new ZonedCalendar(opts.zone);
  const priced = priceEvents(loaded.events);
  const report = buildReport(kind, priced.events, {
    calendar,
    weekStartsOn,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
    ...(opts.order ? { order: opts.order } : {}),
  });

  if (opts.json) {
    const json = reportJson(report, {
      timezone: opts.zone,
      unpricedModels: priced.unpricedModels,
      skipped: diagnostics.skips.length,
    });
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (loaded.files.length === 0) {
    printNoLogs(loaded.searched);
  } else {
    process.stdout.write(
      `${renderTable(report, {
        breakdown: flags.breakdown === true,
        columns: process.stdout.columns ?? 120,
        localDay: (ms) => calendar.day(ms),
      })}\n`,
    );
  }
  if (loaded.files.length === 0 && opts.json) printNoLogs(loaded.searched, process.stderr);
  printDiagnostics(diagnostics, priced.unpricedModels, opts.debug);
}
