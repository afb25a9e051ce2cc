import type { ReportFlags } from './report.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { writeAll } from '../core/output.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { OutputMemo, invocationKey } from '../pipeline/output-memo.js';
import { EventStore } from '../pipeline/store.js';
import { settingValue } from '../config/settings.js';
import { parseWeekday, type ZonedCalendar } from '../report/calendar.js';
import { computeReport } from '../report/compute.js';
import { REPORTS, type ReportKind } from '../report/reports.js';
import { encodeCsv } from '../sinks/csv/encode.js';
import { renderTable } from '../render/table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { normalizeCommon, type CommonOptions } from './options.js';

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
  const store = new EventStore({
    providers: opts.providers,
    renv,
    useCache: opts.useCache,
    ...(progress ? { onProgress: progress.update } : {}),
  });
  const columns = process.stdout.columns ?? 120;
  // The entry replays a run made before over unchanged logs; this run is recorded for the next one.
  const memo = opts.useCache ? new OutputMemo(cacheDir(renv)) : undefined;

  const loaded = await store.loadOnce();
  diagnostics.add(loaded.skips);
  progress?.done();
  const { report, json, unpricedModels, calendar } = computeReport(kind, loaded.events, opts, { weekStartsOn, skipped: diagnostics.skips.length });
  // Only `session --tools` reads tool parts: every other report runs as fast as before.
  if (kind === 'session' && flags.tools === true && (opts.json || opts.csv)) json.sessions = await sessionRowsWithTools(json.sessions as Record<string, unknown>[], opts, calendar);
  const out = new TextBuffer();
  const err = new TextBuffer();
  if (opts.json) {
    out.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (opts.csv) {
    const rows = json[REPORTS[kind].rowsKey] as Record<string, unknown>[];
    out.write(encodeCsv(rows, flags.breakdown ? { breakdown: 'modelBreakdowns' } : {}));
  } else if (loaded.files.length === 0) {
    printNoLogs(loaded.searched, out);
  } else {
    out.write(`${renderTable(report, { breakdown: flags.breakdown === true, columns, localDay: (ms) => calendar.day(ms) })}\n`);
  }
  if (loaded.files.length === 0 && (opts.json || opts.csv)) printNoLogs(loaded.searched, err);
  printDiagnostics(diagnostics, unpricedModels, opts.debug, err);
  writeAll(1, out.text);
  writeAll(2, err.text);
  memo?.set(invocationKey(), { stdout: out.text, stderr: err.text }, store.discovery);
}
