import type { ClientBase } from 'pg';
import { DatabaseError } from './config.js';

/**
 * The schema, as numbered steps: step n takes a database from version n-1 to n. Append a step to
 * change the schema; never edit one that has shipped. Each runs in its own transaction with the
 * version row, so a database is always at one whole version.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE usage_files (
     device text NOT NULL,
     path text NOT NULL,
     provider text NOT NULL,
     mtime_ms double precision NOT NULL,
     size bigint NOT NULL,
     skipped_lines integer NOT NULL,
     PRIMARY KEY (device, path)
   );
   CREATE TABLE usage_events (
     device text NOT NULL,
     dedupe_key text NOT NULL,
     provider text NOT NULL,
     ts timestamptz NOT NULL,
     ts_ms double precision NOT NULL,
     session_id text NOT NULL,
     project_path text NOT NULL,
     model text NOT NULL,
     input_tokens double precision NOT NULL,
     cache_write_5m_tokens double precision NOT NULL,
     cache_write_1h_tokens double precision NOT NULL,
     cache_read_tokens double precision NOT NULL,
     output_tokens double precision NOT NULL,
     reasoning_tokens double precision NOT NULL,
     cost_usd double precision,
     fast boolean NOT NULL,
     rank double precision NOT NULL,
     response_id text,
     sidechain boolean NOT NULL,
     keyed boolean NOT NULL,
     file_path text NOT NULL,
     file_ordinal integer NOT NULL,
     fingerprint text NOT NULL,
     PRIMARY KEY (device, dedupe_key)
   );
   CREATE INDEX usage_events_ts ON usage_events (ts);
   CREATE TABLE usage_tool_calls (
     device text NOT NULL,
     call_key text NOT NULL,
     provider text NOT NULL,
     ts timestamptz NOT NULL,
     ts_ms double precision NOT NULL,
     session_id text NOT NULL,
     project_path text NOT NULL,
     model text NOT NULL,
     tool text NOT NULL,
     category text NOT NULL,
     mcp_server text,
     status text NOT NULL,
     duration_ms double precision,
     paths jsonb NOT NULL,
     programs jsonb NOT NULL,
     risks jsonb NOT NULL,
     fingerprint text NOT NULL,
     PRIMARY KEY (device, call_key)
   );
   CREATE TABLE usage_devices (
     device text PRIMARY KEY,
     last_sync timestamptz NOT NULL
   );`,
  // 2: a sync skips the files the database holds at their size and mtime instead of comparing a
  // fingerprint of every row; a change of build or prices (rows_identity) sends every row again.
  `ALTER TABLE usage_events DROP COLUMN fingerprint;
   ALTER TABLE usage_tool_calls DROP COLUMN fingerprint;
   ALTER TABLE usage_devices ADD COLUMN rows_identity text;`,
  // 3: where each call was read (its file and place in it), so that reports from the database put
  // the calls in the order a local run sees them and dedupe them across devices as it does. Rows a
  // sync sent before have none until their device syncs again (the schema version is part of
  // rows_identity, so that sync sends every row again).
  `ALTER TABLE usage_tool_calls ADD COLUMN file_path text, ADD COLUMN file_ordinal integer;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema to this build's version. Concurrent syncs take one advisory lock for it, so
 * exactly one runs each step. A database at a newer version than this build knows is refused.
 */
export async function migrate(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock(7170017)');
  try {
    await client.query('CREATE TABLE IF NOT EXISTS usage_schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const current = await schemaVersion(client);
    if (current > SCHEMA_VERSION) throw newerSchema(current);
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[version - 1]!);
        await client.query('INSERT INTO usage_schema_version (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(7170017)').catch(() => undefined);
  }
}

/** For readers: the schema must be there and not newer than this build. */
export async function checkSchema(client: ClientBase): Promise<void> {
  const exists = await client.query("SELECT to_regclass('usage_schema_version') IS NOT NULL AS present");
  const current = exists.rows[0].present ? await schemaVersion(client) : 0;
  if (current > SCHEMA_VERSION) throw newerSchema(current);
  if (current < SCHEMA_VERSION) throw new DatabaseError(`the database has no usage data of this version (schema ${current}, this build reads ${SCHEMA_VERSION}): run \`usage sync\` into it first`);
}

async function schemaVersion(client: ClientBase): Promise<number> {
  const { rows } = await client.query('SELECT coalesce(max(version), 0) AS version FROM usage_schema_version');
  return Number(rows[0].version);
}

function newerSchema(version: number): DatabaseError {
  return new DatabaseError(`the database's usage schema is version ${version}, newer than this build's ${SCHEMA_VERSION}: upgrade usage to use it`);
}
