import type { ClientBase } from 'pg';
import type { Columns } from './encoder.js';

/** Rows per statement: large enough that the round trips do not count, small enough to keep each statement light. */
const BATCH = 5000;

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

type ColumnList = readonly (readonly [string, string])[];

/** The select list over `unnest(…) AS u(…)`: jsonb arrives as text; `ts` is made from `ts_ms` by the server. */
function selectList(names: ColumnList): string {
  return names.map(([name, type]) => (type === 'jsonb' ? `u.${name}::jsonb` : name === 'ts_ms' ? `to_timestamp(u.ts_ms / 1000), u.ts_ms` : `u.${name}`)).join(', ');
}

/**
 * An upsert of a batch: a row the device holds already is replaced by a line at least as good (a
 * higher rank, or the same rank read later: the rule of the pipeline's dedupe). Tool calls have no
 * rank: the later join, which has seen more of the log, replaces the earlier.
 */
function upsertSql(table: string, keyColumn: string, names: ColumnList, better: string | undefined): string {
  const unnested = [...names.map(([n]) => n), 'fingerprint'];
  const cols = unnested.flatMap((c) => (c === 'ts_ms' ? ['ts', 'ts_ms'] : [c]));
  const args = [...names.map(([, type], i) => `$${i + 1}::${type === 'jsonb' ? 'text' : type}[]`), `$${names.length + 1}::text[]`];
  const updates = cols.filter((c) => c !== 'device' && c !== keyColumn).map((c) => `${c} = excluded.${c}`).join(', ');
  return `INSERT INTO ${table} (${cols.join(', ')})
    SELECT ${selectList(names)}, u.fingerprint FROM unnest(${args.join(', ')}) AS u(${unnested.join(', ')})
    ON CONFLICT (device, ${keyColumn}) DO UPDATE SET ${updates}${better ? ` WHERE ${better}` : ''}`;
}

/** The rows of `rows` whose fingerprint the database does not hold for the device, sent in batches; their count. */
async function sendChanged(client: ClientBase, table: string, keyColumn: string, device: string, rows: Columns, better?: string): Promise<number> {
  const held = new Map<string, string>();
  const { rows: have } = await client.query({ text: `SELECT ${keyColumn} AS k, fingerprint AS f FROM ${table} WHERE device = $1`, values: [device], rowMode: 'array' });
  for (const [k, f] of have as [string, string][]) held.set(k, f);
  const changed: number[] = [];
  for (let i = 0; i < rows.keys.length; i++) if (held.get(rows.keys[i]!) !== rows.fingerprints[i]) changed.push(i);
  const sql = upsertSql(table, keyColumn, rows.names, better);
  for (let from = 0; from < changed.length; from += BATCH) {
    const slice = changed.slice(from, from + BATCH);
    await client.query(sql, [...rows.values.map((column) => slice.map((i) => column[i])), slice.map((i) => rows.fingerprints[i])]);
  }
  return changed.length;
}

/** The files this device's rows were read from, with the size and mtime they had: the reader orders by them. */
async function sendFiles(client: ClientBase, device: string, files: readonly FileMark[]): Promise<number> {
  const { rows } = await client.query({ text: 'SELECT path, mtime_ms, size, skipped_lines FROM usage_files WHERE device = $1', values: [device], rowMode: 'array' });
  const held = new Map((rows as [string, number, string, number][]).map(([p, m, s, k]) => [p, `${m}|${s}|${k}`]));
  const changed = files.filter((f) => held.get(f.path) !== `${f.mtimeMs}|${f.size}|${f.skipped}`);
  for (let from = 0; from < changed.length; from += BATCH) {
    const slice = changed.slice(from, from + BATCH);
    await client.query(
      `INSERT INTO usage_files (device, path, provider, mtime_ms, size, skipped_lines) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::int8[], $6::int4[])
       ON CONFLICT (device, path) DO UPDATE SET provider = excluded.provider, mtime_ms = excluded.mtime_ms, size = excluded.size, skipped_lines = excluded.skipped_lines`,
      [device, slice.map((f) => f.path), slice.map((f) => f.provider), slice.map((f) => f.mtimeMs), slice.map((f) => f.size), slice.map((f) => f.skipped)],
    );
  }
  return changed.length;
}

/**
 * One device's push, in one transaction: a sync stopped anywhere (killed, server gone) leaves the
 * database as the last whole sync left it, and the next one sends what is still missing. Syncs of
 * different devices touch different rows and run side by side.
 */
export async function pushDevice(client: ClientBase, device: string, files: readonly FileMark[], events: Columns, toolCalls: Columns): Promise<SyncCounts> {
  await client.query('BEGIN');
  try {
    const counts = {
      files: await sendFiles(client, device, files),
      events: await sendChanged(client, 'usage_events', 'dedupe_key', device, events, 'excluded.rank >= usage_events.rank'),
      toolCalls: await sendChanged(client, 'usage_tool_calls', 'call_key', device, toolCalls),
    };
    await client.query('INSERT INTO usage_devices (device, last_sync) VALUES ($1, now()) ON CONFLICT (device) DO UPDATE SET last_sync = now()', [device]);
    await client.query('COMMIT');
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

