// A real, throwaway PostgreSQL, shared by the tests (tests/pg-cluster.ts) and the bench (bench/run.mjs):
// `initdb` a cluster in a temp folder and start it on a free loopback port. PostgreSQL refuses to run as
// root, and tests and CI run as root: then the cluster belongs to, and runs as, an unprivileged user
// (`USAGE_PG_USER`, default `nobody`). Plain JavaScript so that the bench runs it without a build; the
// server steps are synchronous so that the bench can stop it from a signal handler.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Debian keeps the server binaries off PATH; `initdb`/`pg_ctl` may also be on PATH. */
const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
const binary = (name) => BIN_DIRS.map((dir) => path.join(dir, name)).find((p) => existsSync(p)) ?? name;

const asRoot = userInfo().uid === 0;
const pgUser = process.env.USAGE_PG_USER ?? 'nobody';

/** Runs a server binary as the unprivileged user when we are root, as ourselves otherwise (at most 60 s). */
function runPg(name, args) {
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', pgUser, '--', binary(name), ...args]] : [binary(name), args];
  return execFileSync(command, fullArgs, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();
}

/** A port the kernel just handed out on 127.0.0.1 (released again for the server to take). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a cluster with a database `usage` (user `usage`, trust authentication, loopback only).
 * `fsync: false` (the tests' default) trades durability, which a throwaway cluster does not need, for speed.
 */
export async function startPgServer({ fsync = false } = {}) {
  const base = mkdtempSync(path.join(tmpdir(), 'usage-pg-'));
  const dataDir = path.join(base, 'data');
  const logFile = path.join(base, 'server.log');
  try {
    if (asRoot) chownSync(base, Number(execFileSync('id', ['-u', pgUser]).toString()), Number(execFileSync('id', ['-g', pgUser]).toString()));
    runPg('initdb', ['-D', dataDir, '-U', 'usage', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  const start = () => {
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${base}${fsync ? '' : ' -c fsync=off'}`;
    try {
      runPg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start']);
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '(no server log)';
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${error.message}\n${log}`);
    }
  };
  // The free port may be taken between asking and listening: a few attempts, each a new port.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (error) {
      if (attempt === 3) {
        rmSync(base, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const client = ['-h', '127.0.0.1', '-p', String(port), '-U', 'usage'];
  runPg('createdb', [...client, 'usage']);
  // Immediate shutdown, as a crash would: the tests of a server gone mid-sync need nothing gentler.
  const stop = () => {
    try {
      runPg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    } catch {
      // Already stopped.
    }
  };
  return {
    url: `postgres://usage@127.0.0.1:${port}/usage`,
    host: '127.0.0.1',
    port,
    dataDir,
    urlOf: (database) => `postgres://usage@127.0.0.1:${port}/${database}`,
    recreate(database) {
      runPg('dropdb', [...client, '--if-exists', database]);
      runPg('createdb', [...client, database]);
    },
    stop,
    start,
    destroy() {
      stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
