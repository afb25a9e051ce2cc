/**
 * The throwaway PostgreSQL the database tests and the bench use (tests/pg-server.mjs): it really
 * runs, on loopback, as the unprivileged user when the tests run as root, recreate() really empties a
 * database, and stop() really stops it.
 */
import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { usePgCluster } from './pg-cluster.js';

const cluster = usePgCluster();

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster().url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the test PostgreSQL cluster', () => {
  it('answers on 127.0.0.1 only, as a real server with its own database', async () => {
    expect(cluster().url).toMatch(/^postgres:\/\/usage@127\.0\.0\.1:\d+\/usage$/);
    const [row] = await query<{ db: string; listen: string; major: string }>(
      "select current_database() as db, current_setting('listen_addresses') as listen, current_setting('server_version_num') as major",
    );
    expect(row).toEqual({ db: 'usage', listen: '127.0.0.1', major: expect.stringMatching(/^1[5-9]\d{4}$/) });
    await query('create table t (n int primary key)');
    await query('insert into t values (1), (2), (3) on conflict do nothing');
    expect(await query<{ sum: string }>('select sum(n) from t')).toEqual([{ sum: '6' }]);
  });

  it('belongs to an unprivileged user when the tests run as root, to ourselves otherwise', () => {
    const owner = statSync(cluster().dataDir).uid;
    if (userInfo().uid === 0) expect(owner).not.toBe(0);
    else expect(owner).toBe(userInfo().uid);
  });

  it('recreate() gives an empty database of that name, urlOf() its URL', async () => {
    cluster().recreate('scratch');
    const url = cluster().urlOf('scratch');
    expect(url).toBe(cluster().url.replace(/\/usage$/, '/scratch'));
    const run = async (sql: string): Promise<unknown[]> => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    await run('create table kept (n int)');
    expect(await run("select count(*)::int as n from pg_tables where tablename = 'kept'")).toEqual([{ n: 1 }]);
    cluster().recreate('scratch');
    expect(await run("select count(*)::int as n from pg_tables where tablename = 'kept'")).toEqual([{ n: 0 }]);
  });

  it('stop() refuses connections until start() again', async () => {
    cluster().stop();
    await expect(query('select 1')).rejects.toThrow(/ECONNREFUSED/);
    cluster().start();
    expect(await query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
  });
});
