import pg from 'pg';
import { databaseError, type DbTarget } from './config.js';

/**
 * A client for the work `use` does, closed after; every failure (refused, gone mid-way, an error
 * of ours the server reported) comes out as one DatabaseError line without the password.
 */
export async function withDatabase<T>(target: DbTarget, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(target.config);
  // A server that goes away while idle emits 'error' on the client: the running query fails too.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } catch (err) {
    throw databaseError(target, err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

