/**
 * A real, throwaway PostgreSQL for the tests: `initdb` a cluster in a temp folder and start it on
 * a free loopback port, stopped (and the folder removed) after the file's tests. PostgreSQL refuses
 * to run as root, and tests and CI run as root: then the cluster belongs to, and runs as, an
 * unprivileged user (`USAGE_PG_USER`, default `nobody`). Nothing is skipped: if the server cannot
 * start, the hook throws and the file's tests fail with the server's log.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

/** Debian keeps the server binaries off PATH; `initdb`/`pg_ctl` may also be on PATH. */
const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function binary(name: string): string {
  for (const dir of BIN_DIRS) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}

export interface PgCluster {
  /** postgres://usage@127.0.0.1:PORT/usage (trust authentication, loopback only). */
  url: string;
  host: string;
  port: number;
  /** The cluster's data folder. */
  dataDir: string;
  /** Stops the server (immediate shutdown, as a crash would) without removing the folder. */
  stop(): Promise<void>;
  /** Starts it again on the same port, after stop(). */
  start(): Promise<void>;
  /** Stops the server and removes the folder. */
  destroy(): Promise<void>;
}

const asRoot = userInfo().uid === 0;
const pgUser = process.env.USAGE_PG_USER ?? 'nobody';

/** Runs a server binary as the unprivileged user when we are root, as ourselves otherwise. */
async function runPg(name: string, args: readonly string[]): Promise<string> {
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', pgUser, '--', binary(name), ...args]] : [binary(name), [...args]];
  const { stdout } = await run(command, fullArgs, { timeout: 60_000, cwd: tmpdir() });
  return stdout;
}

/** A port the kernel just handed out on 127.0.0.1 (released again for the server to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const base = mkdtempSync(path.join(tmpdir(), 'usage-pg-'));
  const dataDir = path.join(base, 'data');
  const logFile = path.join(base, 'server.log');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', pgUser]);
    const { stdout: gid } = await run('id', ['-g', pgUser]);
    chownSync(base, Number(stdout.trim()), Number(gid.trim()));
  }
  await runPg('initdb', ['-D', dataDir, '-U', 'usage', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);

  let port = 0;
  const start = async (): Promise<void> => {
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${base} -c fsync=off`;
    try {
      await runPg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start']);
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '(no server log)';
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${log}`);
    }
  };
  // The free port may be taken between asking and listening: a few attempts, each a new port.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 3) {
        rmSync(base, { recursive: true, force: true });
        throw error;
      }
    }
  }
  await runPg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'usage', 'usage']);

  const stop = async (): Promise<void> => {
    await runPg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
  };
  return {
    url: `postgres://usage@127.0.0.1:${port}/usage`,
    host: '127.0.0.1',
    port,
    dataDir,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * One cluster for the calling test file: started before its tests, destroyed after. Read
 * `cluster()` inside tests (it throws before the hook ran).
 */
export function usePgCluster(): () => PgCluster {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });
  return () => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started (use it inside a test)');
    return cluster;
  };
}
