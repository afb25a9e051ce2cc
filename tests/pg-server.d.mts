/** Types of tests/pg-server.mjs (plain JavaScript, shared with the bench). */
export interface PgServer {
  /** postgres://usage@127.0.0.1:PORT/usage (trust authentication, loopback only). */
  url: string;
  host: string;
  port: number;
  /** The cluster's data folder. */
  dataDir: string;
  /** The URL of another database of the cluster. */
  urlOf(database: string): string;
  /** Drops the database if it is there and creates it empty. */
  recreate(database: string): void;
  /** Stops the server (immediate shutdown, as a crash would) without removing the folder. */
  stop(): void;
  /** Starts it again on the same port, after stop(). */
  start(): void;
  /** Stops the server and removes the folder. */
  destroy(): void;
}

export function startPgServer(options?: { fsync?: boolean }): Promise<PgServer>;
