#!/usr/bin/env node
// The HTML report on the bench corpus: the file's size, the time to write it from the cache, and the
// time Debian's Chromium takes to draw it. Needs `npm run build` and bench/corpus (`npm run bench` makes it).
//
//   flock /work/bench.lock node bench/html.mjs [--rounds 5] [--keep-tmp] [--cli dist/cli.js]
//
// Writing: `usage report --html` with a cache filled by one run before, spawn to exit: the same command
// again (written from the report memo) and, beside it, with a `--since` no other run used (from the
// saved results: nothing parsed again, every report computed). Drawing: a fresh page loads the file from
// file://; the page notes performance.now() once every chart and table is drawn (html[data-drawn-ms]),
// which counts from the navigation's start.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CORPUS = path.join(HERE, 'corpus');

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, 'keep-tmp': { type: 'boolean', default: false }, cli: { type: 'string', default: path.join(ROOT, 'dist', 'cli.js') } },
});
const CLI = path.resolve(values.cli);
const rounds = Number(values.rounds);
if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
if (!fs.existsSync(path.join(CORPUS, 'manifest.json'))) throw new Error('bench/corpus is missing: `npm run bench` generates it');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-bench-html-'));
const out = path.join(tmp, 'usage.html');
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  TZ: 'UTC',
  HOME: tmp,
  NO_COLOR: '1',
  CLAUDE_CONFIG_DIR: path.join(CORPUS, 'claude'),
  CODEX_HOME: path.join(CORPUS, 'codex'),
  GEMINI_CLI_HOME: path.join(CORPUS, 'gemini'),
  USAGE_CACHE_DIR: path.join(tmp, 'cache'),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`usage ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

console.log(`usage report --html on ${CORPUS}, ${rounds} rounds`);
const fill = run(['report', '--html', out]);
console.log(`first run (reads the corpus, writes the cache): ${(fill.ms / 1000).toFixed(2)} s`);
const write = [];
const writeNewFlags = [];
const sessionJson = [];
for (let i = 0; i < rounds; i++) {
  write.push(run(['report', '--html', out]).ms);
  writeNewFlags.push(run(['report', '--html', path.join(tmp, 'since.html'), `--since=2025-12-${String(i + 1).padStart(2, '0')}`]).ms);
  // The same loads and the same figures, printed as JSON: what the page costs beyond the reports.
  sessionJson.push(run(['session', '--json', '--no-color', `--since=2026-01-0${(i % 9) + 1}`]).ms);
}
const bytes = fs.statSync(out).size;
const data = JSON.parse(run(['report', '--json']).stdout);

const profile = path.join(tmp, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 900 },
});
const drawn = [];
const loaded = [];
try {
  for (let i = 0; i < rounds + 1; i++) {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    await page.waitForSelector('html[data-drawn-ms]');
    const wall = performance.now() - start;
    const ms = Number(await page.getAttribute('html', 'data-drawn-ms'));
    // The first page of a browser also pays for its start: not counted.
    if (i > 0) {
      drawn.push(ms);
      loaded.push(wall);
    }
    await page.close();
  }
} finally {
  await context.close();
}

const result = {
  sessions: data.sessions.sessions.length,
  days: data.daily.daily.length,
  windows: data.blocks.blocks.length,
  bytes,
  writeMsMedian: Math.round(median(write)),
  writeNewFlagsMsMedian: Math.round(median(writeNewFlags)),
  sessionJsonMsMedian: Math.round(median(sessionJson)),
  drawMsMedian: Math.round(median(drawn)),
  openToDrawnMsMedian: Math.round(median(loaded)),
  write: write.map(Math.round),
  writeNewFlags: writeNewFlags.map(Math.round),
  drawn,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `file ${(bytes / 1e6).toFixed(2)} MB for ${result.sessions} sessions; writing it from the cache ${result.writeMsMedian} ms ` +
    `(with new flags, from the saved results: ${result.writeNewFlagsMsMedian} ms) ` +
    `(session --json from the same cache: ${result.sessionJsonMsMedian} ms); drawn ${result.drawMsMedian} ms after navigation ` +
    `(goto to drawn, measured outside: ${result.openToDrawnMsMedian} ms) — medians`,
);
if (values['keep-tmp']) console.log(`kept ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
