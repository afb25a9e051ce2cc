/**
 * The throwaway PostgreSQL of tests/pg-server.mjs for a test file: started before its tests,
 * stopped (and its folder removed) after. Nothing is skipped: if the server cannot start, the hook
 * throws and the file's tests fail with the server's log.
 */
import { afterAll, beforeAll } from 'vitest';
import { startPgServer, type PgServer } from './pg-server.mjs';

export type { PgServer as PgCluster } from './pg-server.mjs';

/** One cluster for the calling test file. Read `cluster()` inside tests (it throws before the hook ran). */
export function usePgCluster(): () => PgServer {
  let cluster: PgServer | undefined;
  beforeAll(async () => {
    cluster = await startPgServer();
  });
  afterAll(() => {
    cluster?.destroy();
  });
  return () => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started (use it inside a test)');
    return cluster;
  };
}
