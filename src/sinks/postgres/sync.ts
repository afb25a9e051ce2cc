import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import pgCopy from 'pg-copy-streams';
import type { CopyRows } from './encoder.js';

/** Files per `INSERT … unnest` statement: a few thousand rows, light for the server. */
const FILE_BATCH = 5000;

export interface SyncCounts {
  events: number;
  toolCalls: number;
  files: number;
}

export interface FileMark {
  path: string;
  provider: string;
  mtimeMs: number;
  size: number;
  /** Damaged lines skipped in it: reports from the database count them as a local run does. */
  skipped: number;
}

/** What the database holds of a device: its files' size and mtime, and what made its rows. */
export interface HeldDevice {
  /** Path → `size|mtimeMs` as last synced. */
  files: Map<string, string>;
  /** The identity of the build and prices its rows were made with (null before any sync of this version). */
  rowsIdentity: string | null;
}

export const fileStamp = (file: { size: number; mtimeMs: number }): string => `${file.size}|${file.mtimeMs}`;

/** Each device's synced files and rows identity (a device never synced: no files, no identity). */
export async function heldDevices(client: ClientBase, devices: readonly string[]): Promise<Map<string, HeldDevice>> {
  const held = new Map(devices.map((d) => [d, { files: new Map<string, string>(), rowsIdentity: null as string | null }]));
  const { rows: files } = await client.query({ text: 'SELECT device, path, size, mtime_ms FROM usage_files WHERE device = ANY($1::text[])', values: [devices], rowMode: 'array' });
  for (const [device, path, size, mtimeMs] of files as [string, string, string, number][]) held.get(device)!.files.set(path, fileStamp({ size: Number(size), mtimeMs }));
  const { rows: identities } = await client.query({ text: 'SELECT device, rows_identity FROM usage_devices WHERE device = ANY($1::text[])', values: [devices], rowMode: 'array' });
  for (const [device, identity] of identities as [string, string | null][]) held.get(device)!.rowsIdentity = identity;
  return held;
}

/** The dedupe keys of the device's rows the database holds as read from these files. */
export async function keysReadFrom(client: ClientBase, device: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const { rows } = await client.query({ text: 'SELECT dedupe_key FROM usage_events WHERE device = $1 AND file_path = ANY($2::text[])', values: [device, paths], rowMode: 'array' });
  return new Set((rows as [string][]).map(([key]) => key));
}

/** What one device sends: the files read again and the rows that may have changed with them. */
export interface DevicePush {
  device: string;
  files: readonly FileMark[];
  events: CopyRows;
  toolCalls: CopyRows;
}

/** Rows into a table (or its stage) through `COPY … FROM STDIN`. */
async function copyInto(client: ClientBase, table: string, rows: readonly CopyRows[]): Promise<void> {
  const columns = rows[0]!.names.map(([name]) => name).join(', ');
  await pipeline(Readable.from(rows.flatMap((r) => r.chunks)), client.query(pgCopy.from(`COPY ${table} (${columns}) FROM STDIN`)));
}

/**
 * Devices' rows of one table. A device without a row there yet (a first sync) has its rows copied
 * straight in; the others' go through COPY into a temporary table (dropped at commit), then one
 * upsert from it. `better`: when a held row gives way to the row sent (unset: always).
 */
async function upsertRows(client: ClientBase, table: string, keyColumn: string, rows: readonly { device: string; rows: CopyRows }[], better?: string): Promise<void> {
  const sent = rows.filter((r) => r.rows.rows > 0);
  if (sent.length === 0) return;
  const { rows: holding } = await client.query({
    text: `SELECT d FROM unnest($1::text[]) AS d WHERE EXISTS (SELECT 1 FROM ${table} WHERE device = d)`,
    values: [sent.map((r) => r.device)],
    rowMode: 'array',
  });
  const held = new Set((holding as [string][]).map(([d]) => d));
  const fresh = sent.filter((r) => !held.has(r.device)).map((r) => r.rows);
  const known = sent.filter((r) => held.has(r.device)).map((r) => r.rows);
  if (fresh.length > 0) await copyInto(client, table, fresh);
  if (known.length === 0) return;
  const names = known[0]!.names;
  const stage = `${table}_stage`;
  await client.query(`CREATE TEMP TABLE ${stage} (${names.map(([name, type]) => `${name} ${type}`).join(', ')}) ON COMMIT DROP`);
  await copyInto(client, stage, known);
  const columns = names.map(([name]) => name);
  const updates = columns.filter((c) => c !== 'device' && c !== keyColumn).map((c) => `${c} = excluded.${c}`).join(', ');
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${stage}
    ON CONFLICT (device, ${keyColumn}) DO UPDATE SET ${updates}${better ? ` WHERE ${better}` : ''}`);
}

/** The files read again, with the size and mtime they had: the next sync skips them while those hold. */
async function sendFiles(client: ClientBase, device: string, files: readonly FileMark[]): Promise<void> {
  for (let from = 0; from < files.length; from += FILE_BATCH) {
    const slice = files.slice(from, from + FILE_BATCH);
    await client.query(
      `INSERT INTO usage_files (device, path, provider, mtime_ms, size, skipped_lines) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::int8[], $6::int4[])
       ON CONFLICT (device, path) DO UPDATE SET provider = excluded.provider, mtime_ms = excluded.mtime_ms, size = excluded.size, skipped_lines = excluded.skipped_lines`,
      [device, slice.map((f) => f.path), slice.map((f) => f.provider), slice.map((f) => f.mtimeMs), slice.map((f) => f.size), slice.map((f) => f.skipped)],
    );
  }
}

/**
 * One sync, in one transaction: a sync stopped anywhere (killed, server gone) leaves the database as
 * the last whole sync left it (files, rows and identity together), and the next one reads again what
 * is still missing. Syncs of one device wait for each other (a lock per device, taken in order), so
 * that "no row of this device yet" holds until commit; syncs of different devices run side by side.
 * `devices`: every device of the run, its last sync noted even when it sent nothing.
 *
 * Events: a held row gives way to a line at least as good (a higher rank, or the same rank: the sync
 * computed the device's winner over all its files, see sync-run.ts). Tool calls have no rank: the
 * later join, which has seen more of the log, replaces the earlier.
 */
export async function pushDevices(client: ClientBase, devices: readonly string[], rowsIdentity: string, pushes: readonly DevicePush[]): Promise<Map<string, SyncCounts>> {
  const counts = new Map(devices.map((d) => [d, { events: 0, toolCalls: 0, files: 0 }]));
  await client.query('BEGIN');
  try {
    for (const device of pushes.map((p) => p.device).sort()) await client.query('SELECT pg_advisory_xact_lock(7170017, hashtext($1))', [device]);
    for (const push of pushes) {
      await sendFiles(client, push.device, push.files);
      counts.set(push.device, { events: push.events.rows, toolCalls: push.toolCalls.rows, files: push.files.length });
    }
    await upsertRows(client, 'usage_events', 'dedupe_key', pushes.map((p) => ({ device: p.device, rows: p.events })), 'excluded.rank >= usage_events.rank');
    await upsertRows(client, 'usage_tool_calls', 'call_key', pushes.map((p) => ({ device: p.device, rows: p.toolCalls })));
    const identified = new Set(pushes.map((p) => p.device));
    // A device that read nothing keeps the identity its rows were made with.
    await client.query(
      `INSERT INTO usage_devices (device, last_sync, rows_identity) SELECT d, now(), CASE WHEN s THEN $3 END FROM unnest($1::text[], $2::bool[]) AS u(d, s)
       ON CONFLICT (device) DO UPDATE SET last_sync = now(), rows_identity = coalesce(excluded.rows_identity, usage_devices.rows_identity)`,
      [devices, devices.map((d) => identified.has(d)), rowsIdentity],
    );
    await client.query('COMMIT');
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
