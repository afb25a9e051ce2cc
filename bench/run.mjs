#!/usr/bin/env node
// Side-by-side benchmark: `usage` (dist/cli.js) against ccusage and tokscale on the generated corpus.
//
//   npm run bench [-- --rounds 5 --size 1.5GB --seed 42 --only ours,ccusage,tokscale --tz UTC --keep-tmp]
//
// See bench/README.md for what each row means. Results: printed table + bench/results/latest.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { parseSize, GENERATOR_VERSION } from './generate.mjs';
import { startPgServer } from '../tests/pg-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
let CLI = path.join(ROOT, 'dist', 'cli.js');
const CORPUS = path.join(HERE, 'corpus');
const RESULTS = path.join(HERE, 'results');

// ───────────────────────────── arguments ─────────────────────────────

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '5' },
      size: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      rows: { type: 'string' },
      timeout: { type: 'string', default: '900' },
      tz: { type: 'string', default: 'UTC' },
      'keep-tmp': { type: 'boolean', default: false },
      cli: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(fs.readFileSync(path.join(HERE, 'README.md'), 'utf8').split('\n## ').find((s) => s.startsWith('Flags')) ?? 'see bench/README.md');
    process.exit(0);
  }
  if (values.cli) CLI = path.resolve(values.cli);
  return {
    rounds: Math.max(1, parseInt(values.rounds, 10)),
    size: values.size === undefined ? null : parseSize(values.size),
    seed: values.seed ?? null,
    only: values.only === undefined ? null : new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean)),
    rows: values.rows === undefined ? null : new Set(values.rows.split(',').map((s) => s.trim()).filter(Boolean)),
    keepTmp: values['keep-tmp'],
    timeoutSec: Number(values.timeout),
    tz: values.tz,
    regenerate: values.regenerate,
  };
}

// ───────────────────────────── helpers ─────────────────────────────

const log = (...a) => console.log(...a);
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (v) => (v == null ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const fmtMB = (v) => (v == null ? 'n/a' : v.toFixed(0));
const fmtRatio = (v) => (v == null || !Number.isFinite(v) ? 'n/a' : v < 0.1 ? v.toFixed(3) : v.toFixed(2));

function wipe(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

/** Deterministic stringify of a JSON text (keys sorted); null when the text is not JSON. */
function canonical(textOut) {
  try { return JSON.stringify(sortKeys(JSON.parse(textOut))); } catch { return null; }
}

function firstDiff(a, b, p = '$') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return `${p}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${p}.length: ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) { const d = firstDiff(a[i], b[i], `${p}[${i}]`); if (d) return d; }
    return null;
  }
  if (a && typeof a === 'object') {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${p} keys: ${ka.join(',').slice(0, 80)} vs ${kb.join(',').slice(0, 80)}`;
    for (const k of ka) { const d = firstDiff(a[k], b[k], `${p}.${k}`); if (d) return d; }
    return null;
  }
  return a === b ? null : `${p}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Best-effort grand totals from a daily-style JSON report (sanity check that every tool saw the corpus). */
function extractTotals(textOut) {
  let j;
  try { j = JSON.parse(textOut); } catch { return null; }
  const cands = [j?.totals, j?.total, j?.summary, j?.summary?.totals, j];
  for (const c of cands) {
    if (!c || typeof c !== 'object' || Array.isArray(c)) continue;
    const tok = c.totalTokens ?? c.total_tokens ?? c.tokens?.total ?? (typeof c.tokens === 'number' ? c.tokens : undefined);
    const cost = c.totalCost ?? c.costUSD ?? c.total_cost ?? c.cost ?? c.totalCostUSD;
    if (typeof tok === 'number' || typeof cost === 'number') return { tokens: typeof tok === 'number' ? tok : null, cost: typeof cost === 'number' ? cost : null };
  }
  return null;
}

function detectTimeMode(tmp) {
  if (process.env.BENCH_TIME === 'none' || !fs.existsSync('/usr/bin/time')) return 'none';
  const f = path.join(tmp, 'time-probe.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', f, 'true'], { stdio: 'ignore' });
  if (r.status === 0 && fs.existsSync(f) && /^[\d.]+ \d+/m.test(fs.readFileSync(f, 'utf8'))) return 'gnu';
  const b = spawnSync('/usr/bin/time', ['-l', 'true'], { encoding: 'utf8' });
  if (/maximum resident set size/.test(b.stderr ?? '')) return 'bsd';
  return 'none';
}

// ───────────────────────────── measuring one run ─────────────────────────────

let TIME_MODE = 'none';
let TMP = '';

function runMeasured(cmd, args, { env, stdin, outFile, errFile, timeoutMs }) {
  return new Promise((resolve) => {
    const timeFile = path.join(TMP, 'time.out');
    fs.rmSync(timeFile, { force: true });
    let file = cmd, argv = args;
    if (TIME_MODE === 'gnu') { file = '/usr/bin/time'; argv = ['-f', '%e %M %U %S', '-o', timeFile, cmd, ...args]; }
    else if (TIME_MODE === 'bsd') { file = '/usr/bin/time'; argv = ['-l', cmd, ...args]; }
    const out = fs.openSync(outFile, 'w');
    const err = fs.openSync(errFile, 'w');
    const t0 = process.hrtime.bigint();
    let child;
    try {
      child = spawn(file, argv, { env, stdio: [stdin != null ? 'pipe' : 'ignore', out, err], detached: process.platform !== 'win32' });
    } catch (e) {
      fs.closeSync(out); fs.closeSync(err);
      resolve({ ok: false, error: String(e.message) });
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch {} }
    }, timeoutMs);
    if (stdin != null) { child.stdin.on('error', () => {}); child.stdin.end(stdin); }
    child.on('error', (e) => { clearTimeout(timer); fs.closeSync(out); fs.closeSync(err); resolve({ ok: false, error: String(e.message) }); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      fs.closeSync(out); fs.closeSync(err);
      let rssMB = null, cpuMs = null;
      let errText = fs.readFileSync(errFile, 'utf8');
      if (TIME_MODE === 'gnu' && fs.existsSync(timeFile)) {
        const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
        const m = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1]);
        if (m) { rssMB = Number(m[2]) / 1024; cpuMs = (Number(m[3]) + Number(m[4])) * 1000; } // KB → MB; user+sys
      } else if (TIME_MODE === 'bsd') {
        const m = /(\d+)\s+maximum resident set size/.exec(errText);
        if (m) rssMB = Number(m[1]) / (process.platform === 'darwin' ? 1024 * 1024 : 1024);
        const c = /([\d.]+) real\s+([\d.]+) user\s+([\d.]+) sys/.exec(errText);
        if (c) cpuMs = (Number(c[2]) + Number(c[3])) * 1000;
        errText = errText.replace(/^\s*[\d.]+ real[\s\S]*$/m, '');
      }
      const ok = !timedOut && code === 0 && !signal;
      const tail = errText.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300);
      resolve({
        ok, wallMs, rssMB, cpuMs, exitCode: code, signal: signal ?? null, stdoutBytes: fs.statSync(outFile).size,
        error: ok ? null : timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${code ?? signal}${tail ? ': ' + tail : ''}`,
      });
    });
  });
}

// ───────────────────────────── setup ─────────────────────────────

function ensureDeps(want) {
  const needPeers = want('ccusage') || want('tokscale');
  if (!needPeers) return;
  if (fs.existsSync(path.join(HERE, 'node_modules', 'ccusage', 'package.json'))) return;
  log('installing bench dependencies (npm install --prefix bench) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', HERE, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: ROOT, shell: process.platform === 'win32' });
  if (r.status !== 0) log('warning: npm install --prefix bench failed; peers will be skipped');
}

function resolvePeers() {
  const req = createRequire(path.join(HERE, 'package.json'));
  const peers = {};
  const exe = process.platform === 'win32' ? '.exe' : '';
  // ccusage: the npm package is a Node wrapper that spawns a native binary; run the binary directly so the
  // measured time and RSS are ccusage's own, not those of the wrapper.
  try {
    const pj = JSON.parse(fs.readFileSync(req.resolve('ccusage/package.json'), 'utf8'));
    const native = `@ccusage/ccusage-${process.platform}-${process.arch}`;
    try {
      const bin = req.resolve(`${native}/bin/ccusage${exe}`);
      peers.ccusage = { bin, version: pj.version, native };
    } catch {
      peers.ccusage = { skip: `ccusage ${pj.version}: no native binary for ${process.platform}-${process.arch} (${native} not installed)` };
    }
  } catch {
    peers.ccusage = { skip: 'ccusage is not installed in bench/node_modules (npm install --prefix bench)' };
  }
  const glibc = process.platform === 'linux' && !!process.report?.getReport?.().header?.glibcVersionRuntime;
  if (process.platform === 'linux' && process.arch === 'x64' && glibc) {
    try {
      const bin = req.resolve('@tokscale/cli-linux-x64-gnu/bin/tokscale');
      const pj = JSON.parse(fs.readFileSync(req.resolve('@tokscale/cli-linux-x64-gnu/package.json'), 'utf8'));
      peers.tokscale = { bin, version: pj.version };
    } catch {
      peers.tokscale = { skip: 'tokscale: @tokscale/cli-linux-x64-gnu is not installed in bench/node_modules' };
    }
  } else {
    peers.tokscale = { skip: `tokscale: bench pins only @tokscale/cli-linux-x64-gnu; not runnable on ${process.platform}-${process.arch}${process.platform === 'linux' && !glibc ? ' (musl)' : ''}` };
  }
  for (const p of Object.values(peers)) {
    if (p.bin && process.platform !== 'win32') {
      try { if ((fs.statSync(p.bin).mode & 0o111) === 0) fs.chmodSync(p.bin, 0o755); } catch {}
    }
  }
  return peers;
}

function readManifest() {
  try { return JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')); } catch { return null; }
}

function ensureCorpus(o) {
  let m = readManifest();
  // plain `npm run bench` always means the default corpus (the issue's targets are quoted on it)
  const wantSize = o.size ?? 1.5e9;
  const wantSeed = o.seed ?? '42';
  const stale = !m || o.regenerate || m.generatorVersion !== GENERATOR_VERSION || m.requestedBytes !== wantSize || String(m.seed) !== String(wantSeed);
  if (stale) {
    log(m && m.generatorVersion !== GENERATOR_VERSION ? `regenerating the corpus (generator changed) …` : m ? `regenerating the corpus (have ${(m.requestedBytes / 1e6).toFixed(0)} MB seed ${m.seed}, want ${(wantSize / 1e6).toFixed(0)} MB seed ${wantSeed}) …` : `generating the corpus (${(wantSize / 1e6).toFixed(0)} MB, seed ${wantSeed}) …`);
    const r = spawnSync(process.execPath, [path.join(HERE, 'generate.mjs'), '--size', String(wantSize), '--seed', String(wantSeed)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('corpus generation failed');
    m = readManifest();
  }
  return m;
}

/** Read every corpus file once so that every tool starts with the same warm OS page cache. */
function warmPageCache(dir) {
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const fd = fs.openSync(p, 'r');
        let n;
        while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) bytes += n;
        fs.closeSync(fd);
      }
    }
  };
  walk(dir);
  return bytes;
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const want = (g) => !o.only || o.only.has(g);
  log(`usage bench — ${o.rounds} round(s), TZ=${o.tz}`);

  ensureDeps(want);
  const peers = resolvePeers();
  for (const [name, p] of Object.entries(peers)) if (p.skip && want(name)) log(`skipping ${name}: ${p.skip}`);

  const haveCli = fs.existsSync(CLI);
  if (!haveCli && want('ours')) log(`${path.relative(ROOT, CLI)} not found: run \`npm run build\` first (our rows are reported as failed, peers still run)`);

  const manifest = ensureCorpus(o);
  log(`corpus: ${CORPUS} — ${manifest.totalFiles} files, ${(manifest.totalBytes / 1e6).toFixed(0)} MB (seed ${manifest.seed})`);

  TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-bench-'));
  TIME_MODE = detectTimeMode(TMP);
  if (TIME_MODE === 'none') log('note: /usr/bin/time (GNU or BSD) not found: peak RSS is reported as n/a (apt-get install -y time)');

  const dirs = {};
  for (const d of ['home', 'tmp', 'xdg-cache', 'xdg-config', 'xdg-data', 'xdg-state', 'usage-cold', 'usage-warm', 'usage-grown', 'usage-status', 'usage-status-next', 'usage-tools', 'usage-audit', 'usage-session', 'usage-sync', 'tokscale', 'out']) {
    dirs[d] = path.join(TMP, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  const homes = {
    claude: path.join(CORPUS, 'claude'),
    codex: path.join(CORPUS, 'codex'),
    geminiHome: path.join(CORPUS, 'gemini'),
    geminiDot: path.join(CORPUS, 'gemini', '.gemini'),
  };
  // ccusage reads Gemini only from ~/.gemini; everything else comes from the env vars below.
  fs.symlinkSync(homes.geminiDot, path.join(dirs.home, '.gemini'), process.platform === 'win32' ? 'junction' : 'dir');

  const BLACKHOLE = 'http://127.0.0.1:9'; // any network attempt fails at once instead of going online
  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TZ: o.tz,
    HOME: dirs.home,
    USERPROFILE: dirs.home,
    XDG_CACHE_HOME: dirs['xdg-cache'],
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_STATE_HOME: dirs['xdg-state'],
    CLAUDE_CONFIG_DIR: homes.claude,
    CODEX_HOME: homes.codex,
    GEMINI_CLI_HOME: homes.geminiHome,
    TMPDIR: dirs.tmp, TEMP: dirs.tmp, TMP: dirs.tmp,
    NO_COLOR: '1',
    HTTP_PROXY: BLACKHOLE, HTTPS_PROXY: BLACKHOLE, ALL_PROXY: BLACKHOLE,
    http_proxy: BLACKHOLE, https_proxy: BLACKHOLE, all_proxy: BLACKHOLE,
  };
  if (process.env.SYSTEMROOT) baseEnv.SYSTEMROOT = process.env.SYSTEMROOT;
  const oursEnv = (cacheDir) => ({ ...baseEnv, USAGE_CACHE_DIR: cacheDir });
  // tokscale reads $GEMINI_CLI_HOME/tmp (it takes the variable for the .gemini folder itself), caches parsed
  // messages under TOKSCALE_CONFIG_DIR/cache, and only prices from its on-disk cache with
  // TOKSCALE_PRICING_CACHE_ONLY=1 — we seed that cache with the same LiteLLM subset this project prices from.
  const tokscaleEnv = { ...baseEnv, GEMINI_CLI_HOME: homes.geminiDot, TOKSCALE_CONFIG_DIR: dirs.tokscale, TOKSCALE_PRICING_CACHE_ONLY: '1' };
  const seedTokscalePricing = () => {
    // the LiteLLM subset pricing/derive.mjs reads (beside the repo), else pricing/prices.json mapped back to
    // LiteLLM field names
    let data = null;
    const d = path.resolve(ROOT, '../shared/pricing-source');
    try {
      data = JSON.parse(fs.readFileSync(path.join(d, 'litellm-subset.json'), 'utf8'));
      try { const x = JSON.parse(fs.readFileSync(path.join(d, 'litellm-subset-extra.json'), 'utf8')); for (const k in x) data[k] = { ...data[k], ...x[k] }; } catch {}
    } catch {
      try {
        const models = JSON.parse(fs.readFileSync(path.join(ROOT, 'pricing', 'prices.json'), 'utf8')).models ?? {};
        data = {};
        for (const [k, m] of Object.entries(models)) {
          const e = { input_cost_per_token: m.input, output_cost_per_token: m.output, cache_creation_input_token_cost: m.cacheWrite5m, cache_read_input_token_cost: m.cacheRead };
          if (m.longContext?.threshold === 200000) Object.assign(e, { input_cost_per_token_above_200k_tokens: m.longContext.input, output_cost_per_token_above_200k_tokens: m.longContext.output, cache_creation_input_token_cost_above_200k_tokens: m.longContext.cacheWrite5m, cache_read_input_token_cost_above_200k_tokens: m.longContext.cacheRead });
          data[k] = e;
        }
      } catch { data = null; }
    }
    fs.mkdirSync(path.join(dirs.tokscale, 'cache'), { recursive: true });
    if (data) fs.writeFileSync(path.join(dirs.tokscale, 'cache', 'pricing-litellm.json'), JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), data }));
    return !!data;
  };
  const tokscalePriced = peers.tokscale?.bin ? seedTokscalePricing() : false;
  const wipeTokscaleCache = () => {
    for (const e of fs.readdirSync(path.join(dirs.tokscale, 'cache'))) if (!e.startsWith('pricing-')) fs.rmSync(path.join(dirs.tokscale, 'cache', e), { recursive: true, force: true });
  };

  // Status line: one corpus transcript, restored to its generated size before and after the run.
  const sl = manifest.statusline;
  const transcript = path.join(CORPUS, sl.transcript);
  const transcriptStat = fs.statSync(transcript);
  const restoreTranscript = () => {
    try {
      if (fs.statSync(transcript).size !== sl.originalSize) fs.truncateSync(transcript, sl.originalSize);
      fs.utimesSync(transcript, transcriptStat.atime, transcriptStat.mtime);
    } catch {}
  };
  restoreTranscript();
  let appendN = 0;
  const appendTranscriptLine = () => {
    appendN++;
    const now = new Date().toISOString();
    const rid = (n) => Math.random().toString(36).slice(2, 2 + n).padEnd(n, '0');
    const line = `{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"${sl.cwd}","sessionId":"${sl.sessionId}","version":"${sl.version}","gitBranch":"${sl.gitBranch}","message":{"model":"${sl.model}","id":"msg_01bench${rid(16)}","type":"message","role":"assistant","content":[{"type":"text","text":"bench round ${appendN}"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":4,"cache_creation_input_tokens":${200 + appendN},"cache_read_input_tokens":52000,"cache_creation":{"ephemeral_5m_input_tokens":${200 + appendN},"ephemeral_1h_input_tokens":0},"output_tokens":${100 + appendN},"service_tier":"standard"}},"requestId":"req_011Cbench${rid(12)}","type":"assistant","uuid":"${crypto.randomUUID()}","timestamp":"${now}"}\n`;
    fs.appendFileSync(transcript, line);
  };
  const statuslineInput = JSON.stringify({
    hook_event_name: 'Status',
    session_id: sl.sessionId,
    transcript_path: transcript,
    cwd: sl.cwd,
    model: { id: sl.model, display_name: sl.model.replace(/^claude-/, '').replace(/-\d{8}$/, '') },
    workspace: { current_dir: sl.cwd, project_dir: sl.cwd },
    version: sl.version,
    output_style: { name: 'default' },
    cost: { total_cost_usd: 12.34, total_duration_ms: 3600000, total_api_duration_ms: 1200000, total_lines_added: 120, total_lines_removed: 30 },
    context_window: { total_input_tokens: 52304, total_output_tokens: 120, context_window_size: 200000, used_percentage: 26, remaining_percentage: 74, current_usage: { input_tokens: 4, cache_creation_input_tokens: 300, cache_read_input_tokens: 52000, output_tokens: 120 } },
    exceeds_200k_tokens: false,
  });

  // PostgreSQL for the sync rows (group pg): a cluster of the bench's own, stopped at the end.
  const pgServer = want('pg') && haveCli ? await startPgServer({ fsync: true }) : null;
  const syncDb = pgServer?.urlOf('bench') ?? 'postgres://127.0.0.1:1/none';

  // ── rows ──
  const node = process.execPath;
  const cc = peers.ccusage?.bin, tk = peers.tokscale?.bin;
  const rows = [
    { id: 'ours-daily-cold', group: 'ours', label: 'usage daily --json  cold (--no-cache, empty cache dir)', cmd: node, args: [CLI, 'daily', '--json', '--no-cache'], env: oursEnv(dirs['usage-cold']), before: () => wipe(dirs['usage-cold']), json: true },
    { id: 'ours-session-cold', group: 'ours', label: 'usage session --json cold (--no-cache, empty cache dir)', cmd: node, args: [CLI, 'session', '--json', '--no-cache'], env: oursEnv(dirs['usage-cold']), before: () => wipe(dirs['usage-cold']), json: true },
    { id: 'ours-daily-fill', group: 'ours', label: 'usage daily --json  first run (empty cache, writes it)', cmd: node, args: [CLI, 'daily', '--json'], env: oursEnv(dirs['usage-warm']), before: () => wipe(dirs['usage-warm']), json: true },
    { id: 'ours-daily-warm', group: 'ours', label: 'usage daily --json  warm (cache filled by the run above)', cmd: node, args: [CLI, 'daily', '--json'], env: oursEnv(dirs['usage-warm']), json: true },
    { id: 'ours-session-warm', group: 'ours', label: 'usage session --json warm', cmd: node, args: [CLI, 'session', '--json'], env: oursEnv(dirs['usage-warm']), json: true },
    // From the saved results with flags no run of the round used (so no memo answers): what the cache costs.
    { id: 'ours-daily-saved', group: 'ours', label: 'usage daily --json --until 2099-12-31 warm (saved result, new flags)', cmd: node, args: [CLI, 'daily', '--json', '--until', '2099-12-31'], env: oursEnv(dirs['usage-warm']), json: true },
    { id: 'ours-session-fill', group: 'ours', label: 'usage session --tools --json first run (empty cache, writes both kinds)', cmd: node, args: [CLI, 'session', '--tools', '--json'], env: oursEnv(dirs['usage-session']), before: () => wipe(dirs['usage-session']), json: true },
    { id: 'ours-session-saved', group: 'ours', label: 'usage session --tools --json --until 2099-12-31 warm (saved results, new flags)', cmd: node, args: [CLI, 'session', '--tools', '--json', '--until', '2099-12-31'], env: oursEnv(dirs['usage-session']), json: true },
    { id: 'ours-session-table', group: 'ours', label: 'usage session (table) warm', cmd: node, args: [CLI, 'session'], env: { ...oursEnv(dirs['usage-warm']), NO_COLOR: '1' } },
    // What a user re-running a report while an agent works gets: the cache is from the last round,
    // and the statusline transcript has grown by one response since (appended at each round's start).
    { id: 'ours-tools-cold', group: 'ours', label: 'usage tools --json  cold (--no-cache, empty cache dir)', cmd: node, args: [CLI, 'tools', '--json', '--no-cache'], env: oursEnv(dirs['usage-tools']), before: () => wipe(dirs['usage-tools']), json: true },
    { id: 'ours-tools-fill', group: 'ours', label: 'usage tools --json  first run (empty cache, writes it)', cmd: node, args: [CLI, 'tools', '--json'], env: oursEnv(dirs['usage-tools']), before: () => wipe(dirs['usage-tools']), json: true },
    { id: 'ours-tools-warm', group: 'ours', label: 'usage tools --json  warm (the same command again)', cmd: node, args: [CLI, 'tools', '--json'], env: oursEnv(dirs['usage-tools']), json: true },
    { id: 'ours-tools-saved', group: 'ours', label: 'usage tools --json --until 2099-12-31 warm (saved result, new flags)', cmd: node, args: [CLI, 'tools', '--json', '--until', '2099-12-31'], env: oursEnv(dirs['usage-tools']), json: true },
    { id: 'ours-tools-by-day', group: 'ours', label: 'usage tools --by day --json warm (saved result, new command)', cmd: node, args: [CLI, 'tools', '--by', 'day', '--json'], env: oursEnv(dirs['usage-tools']), json: true },
    { id: 'ours-audit-cold', group: 'ours', label: 'usage audit --json  cold (--no-cache, empty cache dir)', cmd: node, args: [CLI, 'audit', '--json', '--no-cache'], env: oursEnv(dirs['usage-audit']), before: () => wipe(dirs['usage-audit']), json: true },
    { id: 'ours-audit-fill', group: 'ours', label: 'usage audit --json  first run (empty cache, writes it)', cmd: node, args: [CLI, 'audit', '--json'], env: oursEnv(dirs['usage-audit']), before: () => wipe(dirs['usage-audit']), json: true },
    { id: 'ours-audit-warm', group: 'ours', label: 'usage audit --json  warm (the same command again)', cmd: node, args: [CLI, 'audit', '--json'], env: oursEnv(dirs['usage-audit']), json: true },
    { id: 'ours-audit-saved', group: 'ours', label: 'usage audit --json --until 2099-12-31 warm (saved result, new flags)', cmd: node, args: [CLI, 'audit', '--json', '--until', '2099-12-31'], env: oursEnv(dirs['usage-audit']), json: true },
    { id: 'ours-audit-after-tools', group: 'ours', label: 'usage audit --json  after usage tools (its tool cache, new command)', cmd: node, args: [CLI, 'audit', '--json'], env: oursEnv(dirs['usage-tools']), json: true },
    { id: 'ours-daily-grown', group: 'ours', label: 'usage daily --json  warm, one log grown by a line', cmd: node, args: [CLI, 'daily', '--json'], env: oursEnv(dirs['usage-grown']), prime: true, json: true },
    // The status line looks at every file once --rescan's seconds (15) have passed since it last did, else at
    // the ledger's files only: the first row as a call a round after the last (every file, pinned by
    // USAGE_STATUSLINE_RESCAN=0), the second as Claude Code calls it while it works (a call a moment before,
    // untimed, then the transcript grows by a line).
    { id: 'ours-statusline', group: 'ours', label: 'usage statusline (warm; transcript grew by one line; every file looked at)', cmd: node, args: [CLI, 'statusline'], env: { ...oursEnv(dirs['usage-status']), USAGE_STATUSLINE_RESCAN: '0' }, stdin: statuslineInput },
    { id: 'ours-statusline-next', group: 'ours', label: 'usage statusline (warm; transcript grew by one line since a call a moment before)', cmd: node, args: [CLI, 'statusline'], env: oursEnv(dirs['usage-status-next']), stdin: statuslineInput,
      before: () => { spawnSync(node, [CLI, 'statusline'], { env: oursEnv(dirs['usage-status-next']), input: statuslineInput, stdio: ['pipe', 'ignore', 'ignore'] }); appendTranscriptLine(); } },
    // Sync of the corpus into an emptied database (the usage cache warm from the row before: what a
    // user who runs reports gets), then again with one response added (the status-line transcript's
    // line of the round), then the daily report from the database against the same report from the logs.
    { id: 'pg-daily-local', group: 'pg', label: 'usage daily --json warm (the cache the syncs use)', cmd: node, args: [CLI, 'daily', '--json'], env: oursEnv(dirs['usage-sync']), json: true },
    { id: 'pg-sync-first', group: 'pg', label: 'usage sync  first (empty database, warm cache)', cmd: node, args: [CLI, 'sync', syncDb], env: oursEnv(dirs['usage-sync']), before: () => pgServer?.recreate('bench') },
    { id: 'pg-sync-again', group: 'pg', label: 'usage sync  again (nothing changed)', cmd: node, args: [CLI, 'sync', syncDb], env: oursEnv(dirs['usage-sync']) },
    { id: 'pg-daily-db', group: 'pg', label: 'usage daily --json --db (every row read back)', cmd: node, args: [CLI, 'daily', '--json', '--db', syncDb], env: oursEnv(dirs['usage-sync']), json: true },
    { id: 'pg-tools-local', group: 'pg', label: 'usage tools --json warm (the cache the syncs use)', cmd: node, args: [CLI, 'tools', '--json'], env: oursEnv(dirs['usage-sync']), json: true },
    { id: 'pg-tools-db', group: 'pg', label: 'usage tools --json --db (every call read back)', cmd: node, args: [CLI, 'tools', '--json', '--db', syncDb], env: oursEnv(dirs['usage-sync']), json: true },
    { id: 'ccusage-daily', group: 'ccusage', label: `ccusage ${peers.ccusage?.version ?? ''} daily --json --offline`, cmd: cc, args: ['daily', '--json', '--offline'], env: baseEnv, json: true },
    { id: 'ccusage-session', group: 'ccusage', label: `ccusage ${peers.ccusage?.version ?? ''} session --json --offline`, cmd: cc, args: ['session', '--json', '--offline'], env: baseEnv, json: true },
    { id: 'ccusage-session-table', group: 'ccusage', label: `ccusage ${peers.ccusage?.version ?? ''} session --offline (table)`, cmd: cc, args: ['session', '--offline'], env: { ...baseEnv, NO_COLOR: '1' } },
    { id: 'ccusage-statusline', group: 'ccusage', label: `ccusage ${peers.ccusage?.version ?? ''} statusline --offline`, cmd: cc, args: ['statusline', '--offline'], env: baseEnv, stdin: statuslineInput },
    { id: 'tokscale-graph-cold', group: 'tokscale', label: `tokscale ${peers.tokscale?.version ?? ''} graph (per-day JSON) cold`, cmd: tk, args: ['graph', '--no-spinner'], env: tokscaleEnv, before: wipeTokscaleCache, json: true },
    { id: 'tokscale-graph-warm', group: 'tokscale', label: `tokscale ${peers.tokscale?.version ?? ''} graph warm (its message cache)`, cmd: tk, args: ['graph', '--no-spinner'], env: tokscaleEnv, json: true },
  ];
  for (const r of rows) {
    r.runs = [];
    if (!want(r.group)) r.skip = `not selected (--only)`;
    else if (o.rows && !o.rows.has(r.id)) r.skip = `not selected (--rows)`;
    else if (r.group === 'ours' && !haveCli) r.skip = `${path.relative(ROOT, CLI)} missing — run \`npm run build\``;
    else if (r.group === 'pg' && !pgServer) r.skip = `${path.relative(ROOT, CLI)} missing — run \`npm run build\``;
    else if (r.group !== 'ours' && !r.cmd) r.skip = peers[r.group]?.skip ?? 'not available';
  }
  const active = rows.filter((r) => !r.skip);
  const groups = [...new Set(active.map((r) => r.group))];

  let interrupted = false;
  const cleanup = () => {
    restoreTranscript();
    pgServer?.destroy();
    if (!o.keepTmp) fs.rmSync(TMP, { recursive: true, force: true });
  };
  process.on('SIGINT', () => { interrupted = true; cleanup(); process.exit(130); });

  try {
    log('warming the OS page cache (reading the whole corpus once) …');
    const wb = warmPageCache(CORPUS);
    log(`  read ${(wb / 1e6).toFixed(0)} MB`);

    // statusline and the grown row: the first call fills whatever cache the tool keeps; measured calls come after
    const timeoutMs = o.timeoutSec * 1000;
    for (const r of active.filter((x) => x.stdin || x.prime)) {
      const res = await runMeasured(r.cmd, r.args, { env: r.env, stdin: r.stdin, outFile: path.join(dirs.out, `${r.id}-prime.out`), errFile: path.join(dirs.out, `${r.id}-prime.err`), timeoutMs });
      log(`  primed ${r.id}: ${res.ok ? 'ok' : res.error}`);
    }

    const loadBefore = os.loadavg()[0];
    if (loadBefore > os.cpus().length) log(`warning: load average ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs — other work is running; wall times will be noisy (CPU ms is steadier)`);
    const identity = { daily: [], session: [], dailyDb: [], toolsDb: [] };
    for (let round = 1; round <= o.rounds && !interrupted; round++) {
      appendTranscriptLine(); // the status line must give a fresh answer every round
      // alternate: rotate which tool goes first each round
      const order = groups.slice(round % groups.length).concat(groups.slice(0, round % groups.length));
      log(`round ${round}/${o.rounds}: ${order.join(' → ')}`);
      const outputs = {};
      for (const g of order) {
        for (const r of active.filter((x) => x.group === g)) {
          r.before?.();
          const outFile = path.join(dirs.out, `${r.id}.out`);
          const res = await runMeasured(r.cmd, r.args, { env: r.env, stdin: r.stdin, outFile, errFile: path.join(dirs.out, `${r.id}.err`), timeoutMs });
          const text = fs.readFileSync(outFile, 'utf8');
          if (res.ok && r.json && canonical(text) == null) { res.ok = false; res.error = `stdout is not JSON (${text.slice(0, 80).replace(/\n/g, ' ')}…)`; }
          if (res.ok && r.stdin && !text.split('\n')[0].trim()) { res.ok = false; res.error = 'empty status line'; }
          if (res.ok && r.json) { outputs[r.id] = text; r.totals = extractTotals(text) ?? r.totals; }
          if (res.ok && r.stdin) r.sample = text.split('\n')[0].slice(0, 160);
          r.runs.push({ round, ...res });
          log(`  ${r.id.padEnd(20)} ${res.ok ? `${fmtMs(res.wallMs).padStart(8)} ms ${fmtMB(res.rssMB).padStart(6)} MB ${res.cpuMs == null ? '' : `${fmtMs(res.cpuMs).padStart(8)} ms cpu`}` : `FAILED ${res.error}`}`);
        }
      }
      const cmp = (a, b) => {
        if (outputs[a] == null || outputs[b] == null) return null;
        const ca = canonical(outputs[a]), cb = canonical(outputs[b]);
        return { identical: ca === cb, diff: ca === cb ? null : firstDiff(JSON.parse(ca), JSON.parse(cb)) };
      };
      const d1 = cmp('ours-daily-cold', 'ours-daily-warm'), d2 = cmp('ours-daily-cold', 'ours-daily-fill'), d3 = cmp('ours-daily-cold', 'ours-daily-grown');
      if (d1 || d2 || d3) identity.daily.push({ round, coldVsWarm: d1, coldVsFirstRun: d2, coldVsGrown: d3 });
      const p1 = cmp('pg-daily-local', 'pg-daily-db');
      if (p1) identity.dailyDb.push({ round, logsVsDb: p1 });
      const p2 = cmp('pg-tools-local', 'pg-tools-db');
      if (p2) identity.toolsDb.push({ round, logsVsDb: p2 });
      for (const id of ['pg-sync-first', 'pg-sync-again']) {
        const line = fs.existsSync(path.join(dirs.out, `${id}.out`)) ? fs.readFileSync(path.join(dirs.out, `${id}.out`), 'utf8').trim() : '';
        if (line) rows.find((r) => r.id === id).sample = line.replace(/postgres:\/\/\S+/, 'postgres://…');
      }
      const s1 = cmp('ours-session-cold', 'ours-session-warm');
      if (s1) identity.session.push({ round, coldVsWarm: s1 });
    }

    // ── summary ──
    const summary = {};
    for (const r of rows) {
      const ok = r.runs.filter((x) => x.ok);
      summary[r.id] = {
        label: r.label, skipped: r.skip ?? null, runs: r.runs.length, ok: ok.length,
        medianWallMs: median(ok.map((x) => x.wallMs)),
        minWallMs: ok.length ? Math.min(...ok.map((x) => x.wallMs)) : null,
        maxWallMs: ok.length ? Math.max(...ok.map((x) => x.wallMs)) : null,
        medianRssMB: median(ok.map((x) => x.rssMB).filter((x) => x != null)),
        medianCpuMs: median(ok.map((x) => x.cpuMs).filter((x) => x != null)),
        lastError: r.runs.filter((x) => !x.ok).pop()?.error ?? null,
        totals: r.totals ?? null,
        sample: r.sample ?? null,
      };
    }
    const ratio = (a, b, k = 'medianWallMs') => (summary[a]?.[k] != null && summary[b]?.[k] ? summary[a][k] / summary[b][k] : null);
    const ratios = [
      { name: 'cold daily wall / ccusage daily wall', value: ratio('ours-daily-cold', 'ccusage-daily'), target: 0.5 },
      { name: 'warm daily wall / ccusage daily wall', value: ratio('ours-daily-warm', 'ccusage-daily'), target: 0.05 },
      { name: 'first-run daily wall / ccusage daily wall', value: ratio('ours-daily-fill', 'ccusage-daily') },
      { name: 'one-log-grown daily wall / ccusage daily wall', value: ratio('ours-daily-grown', 'ccusage-daily') },
      { name: 'warm session wall / ccusage session wall', value: ratio('ours-session-warm', 'ccusage-session') },
      { name: 'cold session wall / ccusage session wall', value: ratio('ours-session-cold', 'ccusage-session') },
      { name: 'warm session table wall / ccusage session table wall', value: ratio('ours-session-table', 'ccusage-session-table') },
      { name: 'statusline wall / ccusage statusline wall', value: ratio('ours-statusline', 'ccusage-statusline') },
      { name: 'statusline (a call a moment before) wall / ccusage statusline wall', value: ratio('ours-statusline-next', 'ccusage-statusline') },
      { name: 'cold daily wall / tokscale graph cold wall', value: ratio('ours-daily-cold', 'tokscale-graph-cold') },
      { name: 'warm daily wall / tokscale graph warm wall', value: ratio('ours-daily-warm', 'tokscale-graph-warm') },
      { name: 'cold daily CPU / ccusage daily CPU', value: ratio('ours-daily-cold', 'ccusage-daily', 'medianCpuMs') },
      { name: 'warm daily CPU / ccusage daily CPU', value: ratio('ours-daily-warm', 'ccusage-daily', 'medianCpuMs') },
      { name: 'daily --db wall / daily warm wall', value: ratio('pg-daily-db', 'pg-daily-local') },
      { name: 'tools --db wall / tools warm wall', value: ratio('pg-tools-db', 'pg-tools-local') },
      { name: 'daily --db wall / daily cold wall', value: ratio('pg-daily-db', 'ours-daily-cold') },
      { name: 'first sync wall / daily cold wall', value: ratio('pg-sync-first', 'ours-daily-cold') },
      { name: 'cold daily RSS / ccusage daily RSS', value: ratio('ours-daily-cold', 'ccusage-daily', 'medianRssMB') },
      { name: 'warm daily RSS / ccusage daily RSS', value: ratio('ours-daily-warm', 'ccusage-daily', 'medianRssMB') },
    ];
    const rssTargets = ['ours-daily-cold', 'ours-daily-fill', 'ours-daily-warm', 'ours-daily-grown'].map((id) => ({ id, rssMB: summary[id].medianRssMB, ok: summary[id].medianRssMB == null ? null : summary[id].medianRssMB <= 200 }));
    const allIdentical = (xs, k) => (xs.length === 0 ? null : xs.every((x) => x[k] && x[k].identical));

    log('');
    log(`Results — ${o.rounds} round(s), median of successful runs; corpus ${manifest.totalFiles} files / ${(manifest.totalBytes / 1e6).toFixed(0)} MB; ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}; node ${process.version}; TZ=${o.tz}; load avg ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`);
    const W = 56;
    log(`${'row'.padEnd(W)} ${'ok'.padStart(5)} ${'wall ms'.padStart(9)} ${'(min–max)'.padStart(15)} ${'RSS MB'.padStart(7)} ${'CPU ms'.padStart(8)}`);
    log('─'.repeat(W + 49));
    for (const r of rows) {
      const s = summary[r.id];
      if (s.skipped) { log(`${r.label.padEnd(W)}  skipped: ${s.skipped}`); continue; }
      const range = s.minWallMs == null ? '' : `(${fmtMs(s.minWallMs)}–${fmtMs(s.maxWallMs)})`;
      log(`${r.label.padEnd(W)} ${`${s.ok}/${s.runs}`.padStart(5)} ${fmtMs(s.medianWallMs).padStart(9)} ${range.padStart(15)} ${fmtMB(s.medianRssMB).padStart(7)} ${fmtMs(s.medianCpuMs).padStart(8)}${s.ok < s.runs ? `   last error: ${s.lastError}` : ''}`);
    }
    log('');
    log('Ratios (ours / theirs; lower is better)');
    for (const x of ratios) log(`  ${x.name.padEnd(46)} ${fmtRatio(x.value).padStart(7)}${x.target != null && x.value != null ? (x.value <= x.target ? `   ✓ target ≤ ${x.target}` : `   ✗ target ≤ ${x.target}`) : x.target != null ? `   (target ≤ ${x.target})` : ''}`);
    for (const x of rssTargets) log(`  ${(x.id + ' peak RSS').padEnd(46)} ${fmtMB(x.rssMB).padStart(7)} MB${x.ok == null ? '' : x.ok ? '   ✓ target ≤ 200 MB' : '   ✗ target ≤ 200 MB'}`);
    const idDaily = allIdentical(identity.daily, 'coldVsWarm');
    const idDailyFill = allIdentical(identity.daily, 'coldVsFirstRun');
    const idDailyGrown = allIdentical(identity.daily, 'coldVsGrown');
    const idSession = allIdentical(identity.session, 'coldVsWarm');
    const yn = (v) => (v == null ? 'n/a (no successful pair)' : v ? 'yes' : 'NO');
    log('');
    log('Identical JSON with and without the cache (keys sorted, byte compare)');
    log(`  daily   --no-cache vs warm:      ${yn(idDaily)}${idDaily === false ? '   first difference: ' + identity.daily.find((x) => x.coldVsWarm && !x.coldVsWarm.identical)?.coldVsWarm.diff : ''}`);
    log(`  daily   --no-cache vs first run: ${yn(idDailyFill)}${idDailyFill === false ? '   first difference: ' + identity.daily.find((x) => x.coldVsFirstRun && !x.coldVsFirstRun.identical)?.coldVsFirstRun.diff : ''}`);
    log(`  daily   --no-cache vs one grown: ${yn(idDailyGrown)}${idDailyGrown === false ? '   first difference: ' + identity.daily.find((x) => x.coldVsGrown && !x.coldVsGrown.identical)?.coldVsGrown.diff : ''}`);
    log(`  session --no-cache vs warm:      ${yn(idSession)}${idSession === false ? '   first difference: ' + identity.session.find((x) => x.coldVsWarm && !x.coldVsWarm.identical)?.coldVsWarm.diff : ''}`);
    const idDb = allIdentical(identity.dailyDb, 'logsVsDb');
    log(`  daily   from logs vs --db:       ${yn(idDb)}${idDb === false ? '   first difference: ' + identity.dailyDb.find((x) => x.logsVsDb && !x.logsVsDb.identical)?.logsVsDb.diff : ''}`);
    const idToolsDb = allIdentical(identity.toolsDb, 'logsVsDb');
    log(`  tools   from logs vs --db:       ${yn(idToolsDb)}${idToolsDb === false ? '   first difference: ' + identity.toolsDb.find((x) => x.logsVsDb && !x.logsVsDb.identical)?.logsVsDb.diff : ''}`);
    const tot = rows.filter((r) => summary[r.id].totals && /daily-cold|ccusage-daily|graph-cold/.test(r.id));
    if (tot.length) {
      log('');
      log('Grand totals each tool reported (sanity: did it see the corpus? tools differ on dedupe rules)');
      for (const r of tot) log(`  ${r.id.padEnd(20)} tokens ${summary[r.id].totals.tokens?.toLocaleString('en-US') ?? '?'}   cost $${summary[r.id].totals.cost?.toFixed(2) ?? '?'}`);
      if (peers.tokscale?.bin && !tokscalePriced) log('  (tokscale had no pricing snapshot to seed: its costs are 0)');
    }
    for (const r of rows.filter((x) => summary[x.id].sample)) log(`  ${r.id} first line: ${summary[r.id].sample}`);

    const result = {
      date: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      rounds: o.rounds,
      tz: o.tz,
      loadAverage: { before: +loadBefore.toFixed(2), after: +os.loadavg()[0].toFixed(2) },
      machine: { platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim(), memGB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, rssSource: TIME_MODE === 'none' ? 'n/a' : `/usr/bin/time (${TIME_MODE})` },
      corpus: { dir: CORPUS, seed: manifest.seed, files: manifest.totalFiles, bytes: manifest.totalBytes, agents: Object.fromEntries(Object.entries(manifest.agents).map(([k, v]) => [k, { files: v.files, bytes: v.bytes }])), statuslineTranscript: sl.transcript },
      peers: Object.fromEntries(Object.entries(peers).map(([k, v]) => [k, v.skip ? { skipped: v.skip } : { version: v.version, bin: path.relative(ROOT, v.bin) }])),
      commands: Object.fromEntries(rows.map((r) => [r.id, { cmd: r.cmd ? [r.cmd === node ? 'node' : path.relative(ROOT, r.cmd), ...r.args.map((a) => (a === CLI ? 'dist/cli.js' : a))].join(' ') : null, stdin: !!r.stdin, env: Object.keys(r.env).filter((k) => /CLAUDE|CODEX|GEMINI|HOME|XDG|USAGE|TOKSCALE|^TZ$|^HTTPS_PROXY$/.test(k)).reduce((acc, k) => ((acc[k] = String(r.env[k]).replace(TMP, '$TMP').replace(CORPUS, 'bench/corpus')), acc), {}) }])),
      rows: summary,
      runs: Object.fromEntries(rows.map((r) => [r.id, r.runs])),
      ratios,
      rssTargets,
      identical: { dailyLogsVsDb: idDb, toolsLogsVsDb: idToolsDb, dailyColdVsWarm: idDaily, dailyColdVsFirstRun: idDailyFill, dailyColdVsGrown: idDailyGrown, sessionColdVsWarm: idSession, perRound: identity },
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    log('');
    log(`results written to ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json')) || path.join(RESULTS, 'latest.json')}`);
    if (o.keepTmp) log(`temp folder kept: ${TMP}`);
  } finally {
    cleanup();
  }
}

main().catch((e) => {
  console.error(e?.stack ?? String(e));
  process.exit(1);
});
