import path from 'node:path';
import type { ReportHtmlFlags } from './report-html.js';
import { now as nowMs } from '../core/clock.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';
import { writeAll } from '../core/output.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { refuseAgentFolder, writeOutputFile } from '../pipeline/output-file.js';
import { OutputMemo, invocationKey } from '../pipeline/output-memo.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { auditFor, auditJsonRows } from '../report/audit.js';
import { toolsJson, toolsReportFor } from '../report/tools.js';
import { collectPageData } from '../sinks/html/collect.js';
import type { AuditJson, ToolsJson } from '../sinks/html/page-data.js';
import { openWritten } from '../sinks/html/open.js';
import { pageRecord, pageText, sameFromNowOn } from '../sinks/html/page-memo.js';
import { normalizeCommon } from './options.js';
import { loadRunEvents } from './run-events.js';
import { loadToolCalls } from './tools-run.js';
import pkg from '../../package.json' with { type: 'json' };

export async function runReportHtml(flags: ReportHtmlFlags): Promise<void> {
  const opts = normalizeCommon(flags);
  if (flags.html === undefined && !opts.json) throw new UserError('report needs --html FILE (the page to write), or --json for the data it embeds');
  if (flags.open && flags.html === undefined) throw new UserError('--open needs --html FILE');
  const file = flags.html === undefined ? undefined : path.resolve(flags.html);
  // Before the read, not after it.
  if (file !== undefined) refuseAgentFolder(file, opts.sources ?? []);

  const diagnostics = new Diagnostics();
  const progress = terminalProgress();
  const { loaded, store, skipped } = await loadRunEvents(opts, diagnostics, progress?.update);
  progress?.done();
  // The tools and audit sections: `usage tools --json` and `usage audit --json` (never with
  // `--commands`: the page shows paths and program names, no command text) for the same flags. Their
  // damaged lines are the usage pass's too, already counted above, so their own diagnostics are not
  // printed again. No calls, no sections. The files listed for the events are the tool parts' too.
  const { joined } = await loadToolCalls(opts, new Diagnostics(), store);
  const tools = toolsJson(toolsReportFor(joined.calls, opts, 'tool'), 'tool') as unknown as ToolsJson;
  const audit = { findings: auditJsonRows(auditFor(joined.calls, opts)) } as AuditJson;
  const activity = tools.totals.calls > 0 ? { tools, audit } : {};
  const now = nowMs();
  const data = collectPageData({ events: loaded.events, opts, skipped, now, version: pkg.version, ...activity });

  let stdout = opts.json ? `${JSON.stringify(data, null, 2)}\n` : '';
  let stderr = '';
  const page = file === undefined ? undefined : pageRecord(file, data, flags.open === true);
  if (page !== undefined) {
    const html = pageText(page, now);
    writeOutputFile(page.file, html, opts.sources ?? []);
    const days = data.daily.daily.length;
    const sessions = data.sessions.sessions.length;
    const summary = `wrote ${page.file} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB): ${days} day${days === 1 ? '' : 's'}, ${sessions} session${sessions === 1 ? '' : 's'}\n`;
    if (opts.json) stderr += summary;
    else stdout += summary;
  }
  const err = { write: (t: string) => ((stderr += t), true) };
  if (loaded.files.length === 0 && !opts.db) printNoLogs(loaded.searched, err);
  printDiagnostics(diagnostics, data.daily.unpricedModels, opts.debug, err);
  writeAll(1, stdout);
  writeAll(2, stderr);
  // The same run over unchanged logs writes the page again from here (cli-esm.ts), as the other reports
  // print theirs: not with --json, whose text holds the instant, nor with --db (the database changes
  // without the logs changing), nor while a window can still change. The tool parts' listing is a part
  // of this one (the adapters with a tool reader, the same roots and patterns).
  if (page !== undefined && store && opts.useCache && !opts.json && sameFromNowOn(data, now)) {
    new OutputMemo(cacheDir(runtimeEnv())).set(invocationKey(), { stdout, stderr, page }, store.discovery);
  }
  if (page?.open) await openWritten(page.file);
}
