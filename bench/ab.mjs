#!/usr/bin/env node
// Two builds of `usage`, run in alternation on the bench corpus (A, B, A, B, …): for a change of a few
// per cent, which separate bench runs on a shared machine cannot show (its speed moved by a quarter
// between runs of one afternoon).
//
//   node bench/ab.mjs <cli A> <cli B> [--rounds 8] [-- daily --json --no-cache]
//
// Each build gets its own cache folder, kept over the rounds: one untimed run of each comes first, so
// that a command without --no-cache is measured warm, and both find the corpus in the page cache. Prints the median wall time, CPU and peak RSS of each,
// and B/A. Needs the corpus (`node bench/generate.mjs`) and, for CPU and RSS, GNU /usr/bin/time.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.join(HERE, 'corpus');

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '8' } }, allowPositionals: true });
const [a, b, ...rest] = positionals;
if (!a || !b) {
  console.error('usage: node bench/ab.mjs <cli A> <cli B> [--rounds 8] [-- command and flags]');
  process.exit(2);
}
if (!fs.existsSync(path.join(CORPUS, 'manifest.json'))) {
  console.error(`no corpus in ${CORPUS}: run node bench/generate.mjs first`);
  process.exit(2);
}
const args = rest.length > 0 ? rest : ['daily', '--json', '--no-cache'];
const rounds = Math.max(1, parseInt(values.rounds, 10) || 8);
const clis = [path.resolve(a), path.resolve(b)];
const gnuTime = process.platform === 'linux' && fs.existsSync('/usr/bin/time');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-ab-'));
const env = (i) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  TZ: 'UTC',
  HOME: path.join(tmp, 'home'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  USAGE_CACHE_DIR: path.join(tmp, `cache-${i}`),
  CLAUDE_CONFIG_DIR: path.join(CORPUS, 'claude'),
  CODEX_HOME: path.join(CORPUS, 'codex'),
  GEMINI_CLI_HOME: path.join(CORPUS, 'gemini'),
  NO_COLOR: '1',
});
fs.mkdirSync(path.join(tmp, 'home'));

/** One run: wall ms, and CPU ms and peak RSS MB where GNU time measures them. */
function run(i) {
  const timeFile = path.join(tmp, 'time');
  const [cmd, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, process.execPath, clis[i], ...args]] : [process.execPath, [clis[i], ...args]];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: env(i), stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${clis[i]} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().trim().split('\n').pop()}`);
  if (!gnuTime) return { wallMs };
  const [, rssKb, user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, rssMB: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  // Untimed, once each: the corpus in the page cache for both, and each build's cache filled.
  for (const i of [0, 1]) run(i);
  const runs = [[], []];
  for (let round = 0; round < rounds; round++) for (const i of [0, 1]) runs[i].push(run(i));
  const stats = runs.map((rs) => Object.fromEntries(['wallMs', 'cpuMs', 'rssMB'].map((k) => [k, rs[0][k] === undefined ? undefined : median(rs.map((r) => r[k]))])));
  console.log(`usage ${args.join(' ')} — ${rounds} alternated rounds, medians`);
  const show = (v, unit) => (v === undefined ? 'n/a' : `${v.toFixed(0)} ${unit}`);
  for (const i of [0, 1]) console.log(`  ${'AB'[i]} ${clis[i]}: ${show(stats[i].wallMs, 'ms')} wall, ${show(stats[i].cpuMs, 'ms')} CPU, ${show(stats[i].rssMB, 'MB')}`);
  const ratio = (k) => (stats[0][k] === undefined ? 'n/a' : (stats[1][k] / stats[0][k]).toFixed(3));
  console.log(`  B/A: wall ${ratio('wallMs')}, CPU ${ratio('cpuMs')}, RSS ${ratio('rssMB')}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
