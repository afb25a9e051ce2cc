import kleur from 'kleur';
import type { ToolPart } from '../core/tool-call.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { writeAll } from '../core/output.js';
import { cacheDir } from '../pipeline/cache-dir.js';
import { OutputMemo, invocationKey } from '../pipeline/output-memo.js';
import { EventStore, type Loaded } from '../pipeline/store.js';
import { TOOL_PARTS } from '../pipeline/tool-parts.js';
import { joinToolCalls, type JoinedCalls } from '../report/tool-join.js';
import { toolsJson, toolsReportFor, type ToolGrouping, type ToolsReport } from '../report/tools.js';
import { renderBoxTable } from '../render/box-table.js';
import { encodeCsv } from '../sinks/csv/encode.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { terminalProgress } from '../render/progress.js';
import { callsFromDatabase, normalizeCommon, type CommonOptions } from './options.js';
import type { ToolsFlags } from './tools.js';

/**
 * discover → read tool parts → dedupe → join: what `tools` and `audit` start from. A run that loaded
 * the usage events of the same logs first passes their store (made for the same `opts`): its listing
 * is the tool parts' too. With --db, every device's calls from the database instead (no file, no
 * store: nothing to memoize).
 */
export async function loadToolCalls(opts: CommonOptions, diagnostics: Diagnostics, usageStore?: EventStore): Promise<{ loaded: Pick<Loaded<ToolPart>, 'files' | 'searched'>; joined: JoinedCalls; store?: EventStore<ToolPart> }> {
  if (opts.db) return { loaded: { files: [], searched: [] }, joined: await callsFromDatabase(opts.db, opts.providers) };
  const progress = terminalProgress();
  const store = usageStore
    ? usageStore.ofKind(TOOL_PARTS, progress?.update)
    : new EventStore({ kind: TOOL_PARTS, providers: opts.providers, renv: runtimeEnv(), ...(opts.sources ? { sources: opts.sources } : {}), useCache: opts.useCache, ...(progress ? { onProgress: progress.update } : {}) });
  const loaded = await store.loadOnce();
  progress?.done();
  diagnostics.add(loaded.skips);
  return { loaded, joined: joinToolCalls(loaded.events), store };
}

/** What a run printed, written at once and memoized for the same run over unchanged logs. */
export function finish(opts: CommonOptions, store: EventStore<ToolPart> | undefined, diagnostics: Diagnostics, joined: JoinedCalls, stdout: string, extraErr = '', memoize = true): void {
  let stderr = '';
  const err = { write: (t: string) => ((stderr += t), true) };
  if (opts.debug && joined.orphanResults > 0) err.write(`note: ${joined.orphanResults} tool result${joined.orphanResults === 1 ? '' : 's'} without a call dropped\n`);
  printDiagnostics(diagnostics, [], opts.debug, err);
  stderr = extraErr + stderr;
  writeAll(1, stdout);
  writeAll(2, stderr);
  // Never for --db (no store): the database changes without the logs changing.
  if (opts.useCache && memoize && store) new OutputMemo(cacheDir(runtimeEnv())).set(invocationKey(), { stdout, stderr }, store.discovery);
}

export async function runTools(flags: ToolsFlags): Promise<void> {
  const opts = normalizeCommon(flags);
  const by: ToolGrouping = flags.by ?? 'tool';
  const diagnostics = new Diagnostics();
  const { loaded, joined, store } = await loadToolCalls(opts, diagnostics);
  const report = toolsReportFor(joined.calls, opts, by, flags.breakdown === true);
  let stdout = '';
  let noLogs = '';
  const writer = { write: (t: string) => ((noLogs += t), true) };
  if (opts.json) stdout = `${JSON.stringify(toolsJson(report, by), null, 2)}\n`;
  else if (opts.csv) stdout = encodeCsv(toolsJson(report, by).tools, report.rows.some((r) => r.modelBreakdowns) ? { breakdown: 'modelBreakdowns' } : {});
  const noFiles = loaded.files.length === 0 && !opts.db;
  if (noFiles) printNoLogs(loaded.searched, writer);
  if (!opts.json && !opts.csv) {
    stdout = noFiles ? noLogs : `${renderTools(report, by)}\n`;
    noLogs = '';
  }
  finish(opts, store, diagnostics, joined, stdout, noLogs);
}

const ms = (v: number | null): string => (v === null ? '-' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

const errorPercent = (errors: number, calls: number): string => (calls === 0 ? '-' : ((100 * errors) / calls).toFixed(1));

function renderTools(report: ToolsReport, by: ToolGrouping): string {
  const head = [...(by === 'tool' ? [] : [by]), 'Agent', 'Tool', 'Category', 'Calls', 'Errors', 'Error %', 'Median', 'p95', 'Sessions'];
  const rows = report.rows.flatMap((r) => [{
    cells: [
      ...(by === 'tool' ? [] : [r.group ?? '']),
      r.provider,
      r.tool,
      r.category,
      String(r.calls),
      String(r.errors),
      errorPercent(r.errors, r.calls),
      ms(r.durationMsMedian),
      ms(r.durationMsP95),
      String(r.sessions),
    ],
  }, ...(r.modelBreakdowns ?? []).map((m) => ({
    cells: [
      ...(by === 'tool' ? [] : ['']),
      '',
      `  └ ${m.model}`,
      '',
      String(m.calls),
      String(m.errors),
      errorPercent(m.errors, m.calls),
      ms(m.durationMsMedian),
      ms(m.durationMsP95),
      String(m.sessions),
    ],
    style: (t: string) => kleur.gray(t),
  }))]);
  const pad = head.length - 7;
  rows.push({ cells: [...new Array<string>(pad).fill(''), 'Total', String(report.totals.calls), String(report.totals.errors), errorPercent(report.totals.errors, report.totals.calls), '', '', ''] });
  return renderBoxTable({
    head,
    headStyle: (t) => kleur.cyan(t),
    align: head.map((_, i) => (i >= head.length - 6 ? 'right' : 'left')),
    compact: true,
    rows,
  });
}
