// A throwaway PostgreSQL for the bench's `sync` and `daily --db` rows: the steps of tests/pg-cluster.ts
// (initdb as an unprivileged user when root, loopback only, a free port), synchronous for the bench loop.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
const binary = (name) => BIN_DIRS.map((d) => path.join(d, name)).find((p) => fs.existsSync(p)) ?? name;
const asRoot = os.userInfo().uid === 0;
const pgUser = process.env.USAGE_PG_USER ?? 'nobody';
const runPg = (name, args) => execFileSync(asRoot ? 'runuser' : binary(name), asRoot ? ['-u', pgUser, '--', binary(name), ...args] : args, { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** Starts a cluster; returns its base URL (database `usage`), `recreate(db)` (an empty database) and `stop()`. */
export async function startBenchPg() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-bench-pg-'));
  const data = path.join(base, 'data');
  if (asRoot) fs.chownSync(base, Number(execFileSync('id', ['-u', pgUser]).toString()), Number(execFileSync('id', ['-g', pgUser]).toString()));
  runPg('initdb', ['-D', data, '-U', 'usage', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
  const port = await freePort();
  runPg('pg_ctl', ['-D', data, '-l', path.join(base, 'server.log'), '-w', '-t', '30', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${base}`, 'start']);
  const client = ['-h', '127.0.0.1', '-p', String(port), '-U', 'usage'];
  return {
    url: (db) => `postgres://usage@127.0.0.1:${port}/${db}`,
    recreate(db) {
      runPg('dropdb', [...client, '--if-exists', db]);
      runPg('createdb', [...client, db]);
    },
    stop() {
      try { runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']); } catch {}
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
