import type { BlocksFlags } from './blocks.js';
import kleur from 'kleur';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { parseSessionLength, parseTokenLimit } from '../report/blocks-report.js';
import { computeBlocksReport } from '../report/compute.js';
import { now as nowMs } from '../core/clock.js';
import { DEFAULT_SESSION_MS } from '../report/blocks.js';
import { renderBlocksTable } from '../render/blocks-table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { settingValue } from '../config/settings.js';
import { encodeCsv } from '../sinks/csv/encode.js';
import { normalizeCommon } from './options.js';
import { loadRunEvents } from './run-events.js';

export async function runBlocks(flags: BlocksFlags): Promise<void> {
  const renv = runtimeEnv();
  const opts = normalizeCommon(flags, ['claude'], renv);
  const sessionMs = parseSessionLength(flags.sessionLength) ?? DEFAULT_SESSION_MS;
  const tokenLimit = settingValue('tokenLimit', flags.tokenLimit, renv, parseTokenLimit);
  const now = nowMs();
  const diagnostics = new Diagnostics();
  const { loaded } = await loadRunEvents(opts, diagnostics);
  const noLogs = loaded.files.length === 0 && !opts.db;
  const { result, json, unpricedModels, warnings } = computeBlocksReport(loaded.events, opts, {
    sessionMs,
    active: flags.active === true,
    recent: flags.recent === true,
    now,
    ...(tokenLimit !== undefined ? { tokenLimit } : {}),
  });
  for (const w of warnings) diagnostics.warn(w);

  if (opts.json || opts.csv) {
    process.stdout.write(opts.csv ? encodeCsv(json.blocks) : `${JSON.stringify(json, null, 2)}\n`);
    if (noLogs) printNoLogs(loaded.searched, process.stderr);
  } else if (noLogs) {
    printNoLogs(loaded.searched);
  } else if (result.rows.length === 0) {
    process.stdout.write(flags.active ? 'No active window.\n' : 'No usage windows in the selected range.\n');
  } else {
    process.stdout.write(`${renderBlocksTable(result, { now, zone: opts.zone, columns: process.stdout.columns ?? 120 })}\n`);
    if (!result.rows.some((r) => r.block.isActive) && !flags.active) process.stdout.write(kleur.gray('No active window.\n'));
  }
  printDiagnostics(diagnostics, unpricedModels, opts.debug);
}
