import type { ReportFlags } from './report.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { writeAll } from '../core/output.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { OutputMemo, invocationKey } from '../pipeline/output-memo.js';
import { settingValue } from '../config/settings.js';
import { parseWeekday, type ZonedCalendar } from '../report/calendar.js';
import { computeReport } from '../report/compute.js';
import { REPORTS, type ReportKind } from '../report/reports.js';
import { encodeCsv } from '../sinks/csv/encode.js';
import { renderTable } from '../render/table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { normalizeCommon, type CommonOptions } from './options.js';
import { loadRunEvents } from './run-events.js';

/** The session rows with each session's tool calls and errors, from the tool parts of the same store's files. */
async function sessionRowsWithTools(rows: Record<string, unknown>[], opts: CommonOptions, calendar: ZonedCalendar): Promise<Record<string, unknown>[]> {
  const [{ loadToolCalls }, { toolCountsBySession, withToolCounts }] = await Promise.all([import('./tools-run.js'), import('../report/session-tools.js')]);
  // Their skips are the usage store's lines read again: counted once, by the usage report.
  const { joined } = await loadToolCalls(opts, new Diagnostics());
  const filter = { calendar, ...(opts.since ? { since: opts.since } : {}), ...(opts.until ? { until: opts.until } : {}), ...(opts.project !== undefined ? { project: opts.project } : {}) };
  return withToolCounts(rows, toolCountsBySession(joined.calls, filter));
}

class TextBuffer {
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

export async function runReport(kind: ReportKind, flags: ReportFlags): Promise<void> {
  const renv = runtimeEnv();
  const opts = normalizeCommon(flags, undefined, renv);
  const weekStartsOn = settingValue('startOfWeek', flags.startOfWeek, renv, (v) => parseWeekday(v!));
  const diagnostics = new Diagnostics();
  const progress = terminalProgress();
  const columns = process.stdout.columns ?? 120;
  const { loaded, store, skipped } = await loadRunEvents(opts, diagnostics, progress?.update);
  progress?.done();
  const { report, json, unpricedModels, calendar } = computeReport(kind, loaded.events, opts, { weekStartsOn, skipped });
  // Only `session --tools` reads tool parts: every other report runs as fast as before.
  if (kind === 'session' && flags.tools === true && (opts.json || opts.csv)) json.sessions = await sessionRowsWithTools(json.sessions as Record<string, unknown>[], opts, calendar);
  const out = new TextBuffer();
  const err = new TextBuffer();
  if (opts.json) {
    out.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (opts.csv) {
    const rows = json[REPORTS[kind].rowsKey] as Record<string, unknown>[];
    out.write(encodeCsv(rows, flags.breakdown ? { breakdown: 'modelBreakdowns' } : {}));
  } else if (loaded.files.length === 0 && !opts.db) {
    printNoLogs(loaded.searched, out);
  } else {
    out.write(`${renderTable(report, { breakdown: flags.breakdown === true, columns, localDay: (ms) => calendar.day(ms) })}\n`);
  }
  if (loaded.files.length === 0 && !opts.db && (opts.json || opts.csv)) printNoLogs(loaded.searched, err);
  printDiagnostics(diagnostics, unpricedModels, opts.debug, err);
  writeAll(1, out.text);
  writeAll(2, err.text);
  // The same run over unchanged logs replays this. Never for --db (no store): the database changes
  // without the logs changing.
  if (store && opts.useCache) new OutputMemo(cacheDir(renv)).set(invocationKey(), { stdout: out.text, stderr: err.text }, store.discovery);
}
