import type { SyncFlags } from './sync.js';
import type { UsageEvent } from '../core/types.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { configuredDevice } from '../config/settings.js';
import { pricingInForce } from '../config/pricing.js';
import { EventStore } from '../pipeline/store.js';
import { priceEvents } from '../report/price-events.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { parseDbUrl } from '../sinks/postgres/config.js';
import { withDatabase } from '../sinks/postgres/connect.js';
import { encodeEvents, encodeToolCalls, type EventOrigin } from '../sinks/postgres/encoder.js';
import { migrate } from '../sinks/postgres/migrations.js';
import { pushDevice } from '../sinks/postgres/sync.js';
import { toolCallsWithOrigins } from './tools-run.js';
import { normalizeCommon } from './options.js';

export async function runSync(rawUrl: string, flags: SyncFlags): Promise<void> {
  const target = parseDbUrl(rawUrl, 'sync');
  const renv = runtimeEnv();
  const opts = normalizeCommon({ ...flags, color: false }, undefined, renv);
  const device = configuredDevice(renv);
  const diagnostics = new Diagnostics();

  // refresh, not loadOnce: a saved result has shed the dedupe keys the rows are keyed by.
  const store = new EventStore({ providers: opts.providers, renv, useCache: opts.useCache });
  const loaded = await store.refresh();
  diagnostics.add(loaded.skips);
  if (loaded.files.length === 0) printNoLogs(loaded.searched, process.stderr);
  const perFile = store.perFile();
  const origins = new Map<UsageEvent, EventOrigin>();
  for (const { file, records } of perFile) records.forEach((e, ordinal) => origins.set(e, { path: file.path, ordinal }));
  const priced = priceEvents(loaded.events, pricingInForce(renv, undefined));
  const unpriced = new Set(priced.unpricedModels);
  // An unpriced model's cost is unknown (NULL), not free.
  const rows = priced.events.map(({ event, cost }) => ({ event, cost: unpriced.has(event.model) ? null : cost, origin: origins.get(event)! }));
  const files = perFile.map(({ file, skipped }) => ({ path: file.path, provider: file.provider, mtimeMs: file.mtimeMs, size: file.size, skipped }));
  const calls = await toolCallsWithOrigins(opts);

  const counts = await withDatabase(target, async (client) => {
    await migrate(client);
    return pushDevice(
      client,
      device,
      files,
      encodeEvents(device, rows.filter((r) => r.event.device === device)),
      encodeToolCalls(device, calls.filter((c) => c.call.device === device)),
    );
  });
  printDiagnostics(diagnostics, [], opts.debug);
  process.stdout.write(`synced to ${target.printable} as device ${device}: ${counts.events} events, ${counts.toolCalls} tool calls, ${counts.files} files sent\n`);
}
