import path from 'node:path';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';
import { writeAll } from '../core/output.js';
import { refuseAgentFolder, writeOutputFile } from '../pipeline/output-file.js';
import { ZonedCalendar } from '../report/calendar.js';
import { priceEvents, unpricedAmong } from '../report/price-events.js';
import { keepsCall, type CallFilter } from '../report/tools.js';
import { totalTokens } from '../core/types.js';
import { encodeExport, eventRow, toolCallRow } from '../sinks/export/encode.js';
import { printDiagnostics } from '../render/notices.js';
import { NO_COMMANDS_IN_DB, normalizeCommon } from './options.js';
import type { ExportFlags } from './export.js';
import { loadRunEvents } from './run-events.js';
import { loadToolCalls } from './tools-run.js';

const byTime = <T extends { timestamp: number }>(a: T, b: T): number => a.timestamp - b.timestamp;

/**
 * The events every report counts (deduplicated across files and devices, priced as reports price
 * them, rate-limit-only updates left out) and the joined tool calls, in the asked days and project,
 * each kind oldest first.
 */
export async function runExport(flags: ExportFlags): Promise<void> {
  if (flags.json || flags.csv) throw new UserError('export takes --format jsonl|csv, not --json or --csv');
  const renv = runtimeEnv();
  const opts = normalizeCommon(flags, undefined, renv);
  if (opts.db && flags.commands) throw new UserError(NO_COMMANDS_IN_DB);
  const output = flags.output === undefined ? undefined : path.resolve(flags.output);
  // Before the read, not after it.
  if (output !== undefined) refuseAgentFolder(output, opts.sources ?? []);
  const diagnostics = new Diagnostics();
  const { loaded, store } = await loadRunEvents(opts, diagnostics);
  // The tool pass reads the same lines again (from the same listing): its damaged lines are counted by the usage pass.
  const { joined } = await loadToolCalls(opts, new Diagnostics(), store);
  const filter: CallFilter = {
    calendar: new ZonedCalendar(opts.zone),
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
  };
  const priced = priceEvents(loaded.events, opts.pricing);
  const events = priced.events.filter((p) => totalTokens(p.event.tokens) > 0 && keepsCall(p.event, filter)).sort((a, b) => byTime(a.event, b.event));
  const calls = joined.calls.filter((c) => keepsCall(c, filter)).sort(byTime);
  const text = encodeExport([...events.map(eventRow), ...calls.map((c) => toolCallRow(c, flags.commands === true))], flags.format, flags.commands === true);
  if (output === undefined) writeAll(1, text);
  else writeOutputFile(output, text, opts.sources ?? []);
  let err = '';
  printDiagnostics(diagnostics, unpricedAmong(priced.unpricedModels, events.map((p) => p.event.model)), opts.debug, { write: (t: string) => ((err += t), true) });
  writeAll(2, err);
}
