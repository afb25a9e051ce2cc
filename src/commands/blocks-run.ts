import type { BlocksFlags } from './blocks.js';
import kleur from 'kleur';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { loadEvents } from '../pipeline/load.js';
import { blocksJson, buildBlocks, parseSessionLength, parseTokenLimit } from '../report/blocks-report.js';
import { now as nowMs } from '../core/clock.js';
import { DEFAULT_SESSION_MS } from '../report/blocks.js';
import { ZonedCalendar } from '../report/calendar.js';
import { priceEvents, unpricedAmong } from '../report/price-events.js';
import { renderBlocksTable } from '../render/blocks-table.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { normalizeCommon } from './options.js';

export async function runBlocks(flags: BlocksFlags): Promise<void> {
  const opts = normalizeCommon(flags, ['claude']);
  const sessionMs = parseSessionLength(flags.sessionLength) ?? DEFAULT_SESSION_MS;
  const tokenLimit = parseTokenLimit(flags.tokenLimit);
  const now = nowMs();
  const diagnostics = new Diagnostics();
  const loaded = await loadEvents({ providers: opts.providers, renv: runtimeEnv(), diagnostics, useCache: opts.useCache });
  const priced = priceEvents(loaded.events);
  const result = buildBlocks(priced.events, {
    providers: opts.providers,
    sessionMs,
    now,
    calendar: new ZonedCalendar(opts.zone),
    recent: flags.recent === true,
    active: flags.active === true,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
    ...(opts.order ? { order: opts.order } : {}),
    ...(tokenLimit !== undefined ? { tokenLimit } : {}),
  });
  for (const p of result.noLimitFor) diagnostics.warn(`--token-limit max: no ended ${p} window to take the largest of`);
  const unpricedModels = unpricedAmong(priced.unpricedModels, result.rows.flatMap((r) => r.block.models));

  if (opts.json) {
    process.stdout.write(`${JSON.stringify(blocksJson(result, unpricedModels), null, 2)}\n`);
    if (loaded.files.length === 0) printNoLogs(loaded.searched, process.stderr);
  } else if (loaded.files.length === 0) {
    printNoLogs(loaded.searched);
  } else if (result.rows.length === 0) {
    process.stdout.write(flags.active ? 'No active window.\n' : 'No usage windows in the selected range.\n');
  } else {
    process.stdout.write(`${renderBlocksTable(result, { now, zone: opts.zone, columns: process.stdout.columns ?? 120 })}\n`);
    if (!result.rows.some((r) => r.block.isActive) && !flags.active) process.stdout.write(kleur.gray('No active window.\n'));
  }
  printDiagnostics(diagnostics, unpricedModels, opts.debug);
}
