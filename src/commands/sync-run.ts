import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { SyncFlags } from './sync.js';
import type { ToolCall, ToolPart } from '../core/tool-call.js';
import type { UsageEvent } from '../core/types.js';
import { Diagnostics } from '../core/diagnostics.js';
import { runtimeEnv } from '../core/env.js';
import { EventStore, type DeviceRecords } from '../pipeline/store.js';
import { TOOL_PARTS } from '../pipeline/tool-parts.js';
import { CACHE_FORMAT } from '../pipeline/usage-records.js';
import type { Pricing } from '../pricing/overrides.js';
import { PRICES_SOURCE } from '../pricing/prices.js';
import { priceEvents } from '../report/price-events.js';
import { joinToolCalls } from '../report/tool-join.js';
import { printDiagnostics, printNoLogs } from '../render/notices.js';
import { parseDbUrl } from '../sinks/postgres/config.js';
import { withDatabase } from '../sinks/postgres/connect.js';
import { encodeEvents, encodeToolCalls, keyText, type EventOrigin } from '../sinks/postgres/encoder.js';
import { SCHEMA_VERSION, migrate } from '../sinks/postgres/migrations.js';
import { fileStamp, heldDevices, keysReadFrom, pushDevices, type DevicePush } from '../sinks/postgres/sync.js';
import { normalizeCommon } from './options.js';

/**
 * Names what turns logs into rows: the readers (cache formats), the columns (schema) and the prices
 * the costs are from. Rows made under another identity are all sent again.
 */
function rowsIdentity(pricing: Pricing): string {
  return createHash('sha256').update(JSON.stringify([CACHE_FORMAT, TOOL_PARTS.format, SCHEMA_VERSION, PRICES_SOURCE, pricing.fingerprint])).digest('base64url');
}

/**
 * One device's rows to send, given the files that changed since the database last saw them (new,
 * grown, shrunk, rewritten: another size or mtime). Files it holds unchanged are not sent, but their
 * records still take part in the device's dedupe (a cache decode, not a parse), because a response
 * duplicated across files has one winner over all of them: highest rank, on a tie the oldest file,
 * and a file that changed got a new mtime, so it may now lose a tie it used to win. Sent, then, is
 * the device's winner for every response that a changed file holds now or that the database holds
 * as read from a changed file; the upsert takes it over a held row of no higher rank. A held row of
 * higher rank is kept even when its line is gone (a log truncated or deleted, as Claude Code prunes
 * old sessions): the database is the ledger of what was seen. Tool calls follow their keys the same
 * way, but for the held ones: a call the database holds as read from a changed file that no longer
 * holds it is not looked for (keysReadFrom reads the events' files).
 */
async function devicePush(client: ClientBase, device: string, changed: ReadonlySet<string>, events: DeviceRecords<UsageEvent>, parts: DeviceRecords<ToolPart> | undefined, pricing: Pricing): Promise<DevicePush> {
  const everything = events.files.every(({ file }) => changed.has(file.path));
  const origins = originsOf(events);
  const keys = everything ? new Set<string>() : await keysReadFrom(client, device, [...changed]);
  if (!everything) {
    for (const { file, records } of events.files) if (changed.has(file.path)) for (const e of records) if (e.dedupeKey !== undefined) keys.add(keyText(e.dedupeKey));
  }
  const sent = events.records.filter((e) => changed.has(origins.get(e)!.path) || (e.dedupeKey !== undefined && keys.has(keyText(e.dedupeKey))));
  const priced = priceEvents(sent, pricing);
  const unpriced = new Set(priced.unpricedModels);
  // An unpriced model's cost is unknown (NULL), not free.
  const rows = priced.events.map(({ event, cost }) => ({ event, cost: unpriced.has(event.model) ? null : cost, origin: origins.get(event)! }));

  const callKeys = new Set<string>();
  for (const { file, records } of parts?.files ?? []) if (changed.has(file.path)) for (const p of records) callKeys.add(p.key);
  const calls = parts ? callsWithOrigins(parts).filter(({ call }) => callKeys.has(call.key)) : [];

  const files = events.files.filter(({ file }) => changed.has(file.path)).map(({ file, skips }) => ({ path: file.path, provider: file.provider, mtimeMs: file.mtimeMs, size: file.size, skipped: skips.length }));
  return { device, files, events: encodeEvents(device, rows), toolCalls: encodeToolCalls(device, calls) };
}

/** Where each of a device's records was read: its file and its place among that file's records. */
function originsOf<R>(device: DeviceRecords<R>): Map<R, EventOrigin> {
  const origins = new Map<R, EventOrigin>();
  for (const { file, records } of device.files) records.forEach((record, ordinal) => origins.set(record, { path: file.path, ordinal }));
  return origins;
}

/** The device's joined calls, each with where its call part was read (reports from the database order and dedupe by it). */
function callsWithOrigins(parts: DeviceRecords<ToolPart>): { call: ToolCall; origin: EventOrigin }[] {
  const origins = originsOf(parts);
  // The join keeps the order of the call parts: the i-th call is the i-th call part.
  const callParts = parts.records.filter((p) => p.part === 'call');
  return joinToolCalls(parts.records).calls.map((call, i) => ({ call, origin: origins.get(callParts[i]!)! }));
}

export async function runSync(rawUrl: string, flags: SyncFlags): Promise<void> {
  const target = parseDbUrl(rawUrl, 'sync');
  const renv = runtimeEnv();
  const opts = normalizeCommon({ ...flags, color: false }, undefined, renv);
  const sources = opts.sources!;
  const devices = [...new Set(sources.map((s) => s.device))];
  const diagnostics = new Diagnostics();
  const identity = rowsIdentity(opts.pricing);
  // Per-file results, not loadOnce: a saved result has shed the dedupe keys the rows are keyed by.
  const eventStore = new EventStore({ providers: opts.providers, renv, sources, useCache: opts.useCache });
  const listed = await eventStore.listedFiles();
  if (listed.length === 0) printNoLogs(eventStore.discovery.searched, process.stderr);

  const counts = await withDatabase(target, async (client) => {
    await migrate(client);
    const held = await heldDevices(client, devices);
    const changed = new Map(devices.map((d) => [d, new Set<string>()]));
    for (const file of listed) {
      const device = held.get(file.device)!;
      if (device.rowsIdentity !== identity || device.files.get(file.path) !== fileStamp(file)) changed.get(file.device)!.add(file.path);
    }
    const reading = new Set(devices.filter((d) => changed.get(d)!.size > 0));
    const pushes: DevicePush[] = [];
    if (reading.size > 0) {
      const events = await eventStore.perDevice(reading);
      const parts = await eventStore.ofKind(TOOL_PARTS).perDevice(reading);
      for (const device of reading) {
        const own = events.get(device);
        if (!own) continue;
        for (const { file, skips } of own.files) if (changed.get(device)!.has(file.path)) diagnostics.add(skips);
        pushes.push(await devicePush(client, device, changed.get(device)!, own, parts.get(device), opts.pricing));
      }
    }
    return pushDevices(client, devices, identity, pushes);
  });
  printDiagnostics(diagnostics, [], opts.debug);
  let out = '';
  for (const [device, c] of counts) out += `synced to ${target.printable} as device ${device}: ${c.events} events, ${c.toolCalls} tool calls, ${c.files} files sent\n`;
  process.stdout.write(out);
}
