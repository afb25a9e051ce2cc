import type { ReportFlags } from './report.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { loadEvents } from '../pipeline/load.js';
import { ZonedCalendar, parseWeekday } from '../report/calendar.js';
import { priceEvents } from '../report/price-events.js';
import { buildReport, reportJson, type ReportKind } from '../report/reports.js';
import { renderTable } from '../render/table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { normalizeCommon } from './options.js';



export async function runReport(kind: ReportKind, flags: ReportFlags): Promise<void> {
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
