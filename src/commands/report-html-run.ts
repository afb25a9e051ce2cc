import { writeFileSync } from 'node:fs';
import path from 'node:path';
import kleur from 'kleur';
import type { ReportHtmlFlags } from './report-html.js';
import { now as nowMs } from '../core/clock.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';
import { writeAll } from '../core/output.js';
import { loadEvents } from '../pipeline/load.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { auditFor, auditJsonRows } from '../report/audit.js';
import { toolsJson, toolsReportFor } from '../report/tools.js';
import { collectPageData } from '../sinks/html/collect.js';
import type { AuditJson, ToolsJson } from '../sinks/html/page-data.js';
import { openFile } from '../sinks/html/open.js';
import { renderPage } from '../sinks/html/template.js';
import { loadedFromDatabase, normalizeCommon } from './options.js';
import { loadToolCalls } from './tools-run.js';
import pkg from '../../package.json' with { type: 'json' };

export async function runReportHtml(flags: ReportHtmlFlags): Promise<void> {
  const opts = normalizeCommon(flags);
  if (flags.html === undefined && !opts.json) throw new UserError('report needs --html FILE (the page to write), or --json for the data it embeds');
  if (flags.open && flags.html === undefined) throw new UserError('--open needs --html FILE');
  const file = flags.html === undefined ? undefined : path.resolve(flags.html);

  const diagnostics = new Diagnostics();
  const progress = terminalProgress();
  const fromDb = opts.db ? await loadedFromDatabase(opts.db, opts.providers) : undefined;
  const loaded = fromDb ?? (await loadEvents({
    providers: opts.providers,
    renv: runtimeEnv(),
    ...(opts.sources ? { sources: opts.sources } : {}),
    diagnostics,
    useCache: opts.useCache,
    ...(progress ? { onProgress: progress.update } : {}),
  }));
  progress?.done();
  // The tools and audit sections: `usage tools --json` and `usage audit --json` (never with
  // `--commands`: the page shows paths and program names, no command text) for the same flags. Their
  // damaged lines are the usage pass's too, already counted above, so their own diagnostics are not
  // printed again. No calls, no sections.
  const { joined } = await loadToolCalls(opts, new Diagnostics());
  const tools = toolsJson(toolsReportFor(joined.calls, opts, 'tool'), 'tool') as unknown as ToolsJson;
  const audit = { findings: auditJsonRows(auditFor(joined.calls, opts)) } as AuditJson;
  const activity = tools.totals.calls > 0 ? { tools, audit } : {};
  const data = collectPageData({ events: loaded.events, opts, skipped: fromDb?.skipped ?? diagnostics.skips.length, now: nowMs(), version: pkg.version, ...activity });

  if (opts.json) writeAll(1, `${JSON.stringify(data, null, 2)}\n`);
  if (file !== undefined) {
    const html = renderPage(data);
    try {
      writeFileSync(file, html);
    } catch (err) {
      throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const days = data.daily.daily.length;
    const sessions = data.sessions.sessions.length;
    const summary = `wrote ${file} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB): ${days} day${days === 1 ? '' : 's'}, ${sessions} session${sessions === 1 ? '' : 's'}\n`;
    (opts.json ? process.stderr : process.stdout).write(summary);
  }
  if (loaded.files.length === 0 && !opts.db) printNoLogs(loaded.searched, process.stderr);
  printDiagnostics(diagnostics, data.daily.unpricedModels, opts.debug);
  if (flags.open && file !== undefined) {
    const problem = await openFile(file);
    if (problem) process.stderr.write(kleur.yellow(`warning: could not open the page (${problem}); it is at ${file}\n`));
  }
}
