#!/usr/bin/env node
// Generates a realistic, deterministic corpus of AI coding-agent session logs for the benchmark.
//
//   node bench/generate.mjs [--size 1.5GB] [--seed 42] [--out bench/corpus] [--quiet]
//
// Layout (three homes, each the way its agent writes it):
//   <out>/claude/projects/<escaped-cwd>/<sessionId>.jsonl          (a CLAUDE_CONFIG_DIR)
//   <out>/codex/sessions/YYYY/MM/DD/rollout-….jsonl(.zst)          (a CODEX_HOME)
//   <out>/codex/archived_sessions/rollout-….jsonl
//   <out>/gemini/.gemini/tmp/<hash|slug>/chats/session-….json(l)   (a GEMINI_CLI_HOME)
//   <out>/manifest.json                                            (sizes, seed, statusline transcript)
//
// Plain Node 20, no dependencies. Same --size and --seed give byte-identical files (and mtimes).
// Every pitfall of formats.md is present; see bench/README.md for the list.

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const GENERATOR_VERSION = 2; // bump when the output changes: bench/run.mjs regenerates older corpora

// ───────────────────────────── arguments ─────────────────────────────

export function parseSize(s) {
  const m = /^\s*([\d.]+)\s*([kmgt]?)i?b?\s*$/i.exec(String(s));
  if (!m) throw new Error(`bad size: ${s} (use e.g. 50MB, 1.5GB)`);
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[m[2].toLowerCase()];
  return Math.round(parseFloat(m[1]) * mult);
}

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '1.5GB' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string', default: path.join(HERE, 'corpus') },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node bench/generate.mjs [--size 1.5GB] [--seed 42] [--out bench/corpus] [--quiet]');
    process.exit(0);
  }
  const o = { size: parseSize(values.size), seed: values.seed, out: path.resolve(values.out), quiet: values.quiet };
  if (o.size < 2e6) throw new Error('--size must be at least 2MB');
  return o;
}

// ───────────────────────────── deterministic randomness ─────────────────────────────

class Rng {
  constructor(seed) {
    const h = createHash('sha256').update(String(seed)).digest();
    this.a = h.readUInt32LE(0); this.b = h.readUInt32LE(4); this.c = h.readUInt32LE(8); this.d = h.readUInt32LE(12);
    for (let i = 0; i < 20; i++) this.u32();
  }
  u32() { // sfc32
    let { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return t >>> 0;
  }
  f() { return this.u32() / 4294967296; }
  int(lo, hi) { return lo + Math.floor(this.f() * (hi - lo + 1)); }
  chance(p) { return this.f() < p; }
  pick(arr) { return arr[Math.floor(this.f() * arr.length)]; }
  wpick(pairs) { // [[value, weight], …]
    let tot = 0; for (const p of pairs) tot += p[1];
    let x = this.f() * tot;
    for (const p of pairs) { x -= p[1]; if (x < 0) return p[0]; }
    return pairs[pairs.length - 1][0];
  }
  logu(lo, hi) { return Math.exp(Math.log(lo) + this.f() * (Math.log(hi) - Math.log(lo))); }
  geo(mean) { let n = 0; const p = 1 / (mean + 1); while (!this.chance(p) && n < mean * 8) n++; return n; }
  hex(n) { let s = ''; while (s.length < n) s += this.u32().toString(16).padStart(8, '0'); return s.slice(0, n); }
  b62(n) { const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'; let s = ''; for (let i = 0; i < n; i++) s += A[this.u32() % 62]; return s; }
  uuid() { const h = this.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.u32() & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`; }
  shuffle(a) { for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.f() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; }
}

// ───────────────────────────── text pools (pre-escaped JSON string content) ─────────────────────────────
// Slices of POOL are pasted straight into JSON string literals. The pool's only escapes are the two-character
// sequences \n \t \" ; slice() never starts or ends inside one.

const WORDS = ('the a to of and in is it for on that this with as be are by from or at an not we you can if then ' +
  'function return const let import export class new true false null undefined async await error value file path data ' +
  'config test build user request response token cache model session project output input line string number array ' +
  'object type interface module package parse read write stream buffer offset size length index map set get update ' +
  'delete create handle process result status check run npm node src dist lib utils server client http localhost port ' +
  'env debug info warn log fix bug refactor rename migrate schema query table column row commit branch merge rebase diff ' +
  'patch review lint format vitest jest mock spec expect assert describe it should when throws resolves rejects').split(' ');
const EXOTIC = ['café', 'naïve', 'über', '日本語', '中文', '→', '—', '“quoted”', 'ñandú', 'Ωmega', '±0.5', '½'];
const CODE = [
  (w) => `const ${w()} = await ${w()}(${w()}, \\"${w()}\\");`,
  (w) => `if (${w()} === null) return ${w()};`,
  (w) => `export function ${w()}${w()}(${w()}: string): number {`,
  (w) => `  }`,
  (w) => `import { ${w()} } from \\"./${w()}.js\\";`,
  (w) => `    at ${w()} (/home/dev/src/${w()}/${w()}.ts:${w().length * 7}:${w().length * 3})`,
  (w) => `\\t${w()}.${w()}(${w()});`,
  (w) => `-  ${w()} ${w()}\\n+  ${w()} ${w()} ${w()}`,
];

function buildPool(rng, chars) {
  const w = () => rng.pick(WORDS);
  const parts = [];
  let n = 0;
  while (n < chars) {
    let line;
    if (rng.chance(0.45)) line = rng.pick(CODE)(w);
    else {
      const k = rng.int(4, 18);
      const ws = [];
      for (let i = 0; i < k; i++) ws.push(rng.chance(0.01) ? rng.pick(EXOTIC) : w());
      line = ws.join(' ');
      line = line[0].toUpperCase() + line.slice(1) + (rng.chance(0.8) ? '.' : ':');
    }
    parts.push(line);
    parts.push(rng.chance(0.7) ? '\\n' : ' ');
    n += line.length + 2;
  }
  return parts.join('');
}

let POOL = '';
let B64 = '';

function slicePool(pool, rng, len) {
  len = Math.max(1, Math.floor(len));
  if (len >= pool.length - 16) {
    const out = [];
    let left = len;
    while (left > 0) { const k = Math.min(left, pool.length >> 1); out.push(slicePool(pool, rng, k)); left -= k; }
    return out.join('');
  }
  let start = Math.floor(rng.f() * (pool.length - len - 2)) + 1;
  if (pool.charCodeAt(start - 1) === 92) start++; // don't start inside an escape
  let end = start + len;
  if (pool.charCodeAt(end - 1) === 92) end--; // don't end inside an escape
  return pool.slice(start, end);
}
const text = (rng, len) => slicePool(POOL, rng, len);
const b64 = (rng, len) => slicePool(B64, rng, len);
/** Plain (unescaped) text, for documents built as objects and serialized with JSON.stringify. */
const utext = (rng, len) => text(rng, len).replace(/\\([nt"])/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? '\t' : '"'));

// ───────────────────────────── output ─────────────────────────────

const FILES = []; // {agent, kind, path}
const iso = (ms) => new Date(ms).toISOString();

class Writer {
  constructor(file, agent, kind) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.fd = fs.openSync(file, 'w');
    this.buf = '';
    this.chars = 0;
    this.lastTs = 0;
    this.capture = null;
    FILES.push({ agent, kind, path: file });
  }
  line(s, ts) {
    this.buf += s;
    this.buf += '\n';
    this.chars += s.length + 1;
    if (ts && ts > this.lastTs) this.lastTs = ts;
    if (this.capture) this.capture.push(s);
    if (this.buf.length > 4 << 20) this.flush();
  }
  raw(s) { this.buf += s; this.chars += s.length; }
  flush() { if (this.buf.length) { fs.writeSync(this.fd, this.buf); this.buf = ''; } }
  close() {
    this.flush();
    fs.closeSync(this.fd);
    if (this.lastTs) { const t = new Date(this.lastTs); fs.utimesSync(this.file, t, t); }
  }
}

function writeWhole(file, content, agent, kind, ts) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (ts) { const t = new Date(ts); fs.utimesSync(file, t, t); }
  FILES.push({ agent, kind, path: file });
  return content.length;
}

// ───────────────────────────── shared planning ─────────────────────────────

/** Rare features are random, but each must appear at least once whatever the size: `force` sets a one-shot flag. */
class Forcing {
  constructor() { this.flags = new Set(); }
  force(...names) { for (const n of names) this.flags.add(n); }
  take(name) { return this.flags.delete(name); }
}

const T0 = Date.parse('2026-03-01T00:00:00Z');
const T1 = Date.parse('2026-08-31T23:00:00Z');
const DAY = 86400e3;

/** File size plan: a few huge files, some medium, many small; shuffled. */
function planSizes(rng, budget, o) {
  const sizes = [];
  for (const f of o.huge) sizes.push({ size: Math.round(budget * f), tier: 'huge' });
  let used = sizes.reduce((a, b) => a + b.size, 0);
  const mediumEnd = used + budget * o.mediumFrac;
  while (used < mediumEnd) { const s = Math.round(rng.logu(o.medium[0], o.medium[1])); sizes.push({ size: s, tier: 'medium' }); used += s; }
  while (used < budget) { const s = Math.round(rng.logu(o.small[0], o.small[1])); sizes.push({ size: s, tier: 'small' }); used += s; }
  // huge files first so they are always generated, however the budget runs
  return [...sizes.filter((x) => x.tier === 'huge'), ...rng.shuffle(sizes.filter((x) => x.tier !== 'huge'))];
}

/** A start time such that a session of `durMs` stays inside the range. */
function startFor(rng, durMs) {
  const span = Math.max(DAY, T1 - T0 - durMs);
  return T0 + Math.floor(rng.f() * span);
}

// ───────────────────────────── Claude Code ─────────────────────────────

const CLAUDE_MODELS_EARLY = [['claude-opus-4-6', 35], ['claude-sonnet-4-6', 25], ['claude-sonnet-4-5-20250929', 15], ['claude-opus-4-5-20251101', 15], ['claude-haiku-4-5-20251001', 10]];
const CLAUDE_MODELS_LATE = [['claude-opus-4-7', 40], ['claude-opus-4-6', 20], ['claude-sonnet-4-6', 25], ['claude-haiku-4-5-20251001', 10], ['claude-sonnet-4-5-20250929', 5]];
const APRIL = Date.parse('2026-04-01T00:00:00Z');
const OPUS47 = Date.parse('2026-04-16T00:00:00Z');
const TOOLS = [['Bash', 30], ['Read', 30], ['Edit', 15], ['Grep', 10], ['Write', 5], ['Glob', 5], ['TodoWrite', 3], ['WebFetch', 2]];

function claudeProjects(rng, n) {
  const roots = ['/Users/dev/code', '/home/dev/src', '/Users/dev/Projects', '/home/dev/work', '/Users/dev/My Projects'];
  const names = ['api', 'web', 'cli', 'infra', 'mobile', 'docs', 'billing', 'auth', 'search', 'ml-pipeline', 'data_tools',
    'site.v2', 'monorepo', 'sdk', 'dashboard', 'worker', 'scheduler', 'proxy', 'compiler', 'game', 'notes', 'blog'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const cwd = `${rng.pick(roots)}/${rng.pick(names)}${i >= names.length ? '-' + i : ''}${rng.chance(0.15) ? '/packages/' + rng.pick(names) : ''}`;
    out.push({ cwd, dir: cwd.replace(/[^A-Za-z0-9]/g, '-'), weight: 1 / Math.pow(i + 1, 0.9), branches: ['main', 'main', `feat/${rng.pick(names)}`, `fix/${rng.pick(WORDS)}`] });
  }
  return out;
}

function claudeUsage(s, u) {
  const cc = u.bug ? 0 : u.cw5 + u.cw1;
  let j = `{"input_tokens":${u.inp},"cache_creation_input_tokens":${cc},"cache_read_input_tokens":${u.cr},`;
  if (!s.noSplit) j += `"cache_creation":{"ephemeral_5m_input_tokens":${u.cw5},"ephemeral_1h_input_tokens":${u.cw1}},`;
  j += `"output_tokens":${u.out}`;
  if (!s.oldBuild) j += `,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0}`;
  j += `,"service_tier":"standard"`;
  if (s.fast) j += `,"speed":"fast"`;
  return j + '}';
}

function cHead(s, parent) {
  return `{"parentUuid":${parent ? '"' + parent + '"' : 'null'},"isSidechain":${s.side},"userType":"external","cwd":"${s.cwd}","sessionId":"${s.sid}","version":"${s.ver}","gitBranch":"${s.branch}"${s.agentId ? `,"agentId":"${s.agentId}"` : ''}`;
}

class ClaudeGen extends Forcing {
  constructor(rng, root, budget, scale) {
    super();
    this.rng = rng;
    this.root = root;
    this.budget = budget;
    this.scale = scale; // 0.05..1: size of medium/huge features relative to the default corpus
    this.projects = claudeProjects(rng, Math.max(6, Math.min(48, Math.round(budget / 25e6))));
    this.resumeSources = [];
    this.stats = { sessions: 0, subagents: 0, subagentsOldLayout: 0, subagentsNewLayout: 0, subagentsNested: 0, veryOldBuild: 0, btw: 0, resumed: 0, synthetic: 0, proxy: 0, fast: 0, longCtx: 0, torn: 0, bigLines: 0, progressCopies: 0 };
    this.largestMain = null;
  }

  run() {
    const rng = this.rng;
    const s = this.scale;
    const plan = planSizes(rng, this.budget, { huge: [0.17, 0.11, 0.07], mediumFrac: 0.30, medium: [1e6 * s, 12e6 * s], small: [6e3, 400e3] });
    let written = 0;
    for (const p of plan) {
      if (written >= this.budget) break;
      written += this.session(p.size, p.tier);
    }
    // one session on a model that has no price (the report must name it, not price it at 0)
    written += this.session(30e3, 'small', { model: 'claude-opus-4-9-experimental' });
    written += this.ensurePitfalls();
    return written;
  }

  /** Small extra sessions for any pitfall the random draw missed (mostly at small --size). */
  ensurePitfalls() {
    const st = this.stats;
    let n = 0;
    if (!st.proxy) n += this.session(40e3, 'small', { proxy: true });
    if (!st.fast) n += this.session(40e3, 'small', { model: 'claude-opus-4-6', oldBuild: false, fast: true });
    if (!st.longCtx) n += this.session(60e3, 'small', { model: 'claude-sonnet-4-6', longCtx: true });
    if (!st.veryOldBuild) n += this.session(40e3, 'small', { veryOld: true });
    if (!st.subagentsOldLayout || !st.progressCopies) { this.force('task'); n += this.session(80e3, 'small', { oldBuild: true }); }
    if (!st.subagentsNewLayout || !st.btw || !st.synthetic || !st.torn) { this.force('task', 'btw', 'synthetic', 'torn'); n += this.session(120e3, 'small', { oldBuild: false }); }
    if (!st.subagentsNested) { this.force('task', 'nested'); n += this.session(60e3, 'small', { oldBuild: false }); }
    if (!st.resumed) {
      this.force('keep');
      n += this.session(40e3, 'small', {});
      this.force('resume');
      n += this.session(60e3, 'small', {});
    }
    this.flags.clear();
    return n;
  }

  newSessionState(target, tier, opts = {}) {
    const rng = this.rng;
    const proj = opts.project ?? rng.wpick(this.projects.map((p) => [p, p.weight]));
    const estDur = Math.min(40 * DAY, (target / 2500) * 12e3);
    const t = opts.start ?? startFor(rng, estDur);
    const veryOld = opts.veryOld ?? rng.chance(0.05);
    const oldBuild = veryOld || (opts.oldBuild ?? rng.chance(0.28));
    if (veryOld) this.stats.veryOldBuild++;
    const newVer = t < APRIL ? `2.1.${rng.int(20, 45)}` : `2.1.${rng.int(90, 140)}`;
    const ver = veryOld ? '1.0.128' : oldBuild ? rng.pick(['2.0.76', '2.1.3', '2.1.9']) : newVer;
    let model = opts.model ?? rng.wpick(t < OPUS47 ? CLAUDE_MODELS_EARLY : CLAUDE_MODELS_LATE);
    const longCtx = opts.longCtx ?? (/sonnet/.test(model) && rng.chance(0.3));
    const fast = opts.fast ?? (model === 'claude-opus-4-6' && !oldBuild && rng.chance(0.1));
    const proxy = opts.proxy ?? rng.chance(0.025);
    if (longCtx) this.stats.longCtx++;
    if (fast) this.stats.fast++;
    if (proxy) this.stats.proxy++;
    return {
      sid: opts.sid ?? rng.uuid(), proj, cwd: proj.cwd, branch: rng.pick(proj.branches), ver, oldBuild, noSplit: veryOld,
      placeholders: oldBuild || t < APRIL, model, longCtx, fast, proxy,
      oneHour: !oldBuild && rng.chance(0.45), mixedTtl: rng.chance(0.1),
      side: false, agentId: null, t, parent: null, ctx: 0, ctxLimit: longCtx ? rng.int(380e3, 900e3) : rng.int(140e3, 185e3),
      target, tier, w: null, recent: [], bigAt: [], respCount: 0, chars: 0,
    };
  }

  session(target, tier, opts = {}) {
    const rng = this.rng;
    let resumeFrom = null;
    if (!opts.model && tier === 'small' && this.resumeSources.length && (rng.chance(0.05) || this.take('resume'))) {
      resumeFrom = this.resumeSources.splice(Math.floor(rng.f() * this.resumeSources.length), 1)[0];
    }
    const s = this.newSessionState(target, tier, resumeFrom ? { project: resumeFrom.proj, start: Math.min(T1, resumeFrom.end + Math.floor(rng.logu(60e3, 3 * DAY))) } : opts);
    this.stats.sessions++;
    const file = path.join(this.root, 'projects', s.proj.dir, `${s.sid}.jsonl`);
    s.w = new Writer(file, 'claude', tier === 'huge' ? 'main-huge' : 'main');
    const keep = !resumeFrom && tier === 'small' && target < 1.5e6 && (rng.chance(0.06) || this.take('keep'));
    if (keep) s.w.capture = [];

    // Big single lines (several MB) in the large files.
    if (tier === 'huge') for (let i = 0; i < 3; i++) s.bigAt.push(rng.f() * target);
    else if (tier === 'medium' && rng.chance(0.15)) s.bigAt.push(rng.f() * target);
    s.bigAt.sort((a, b) => b - a);

    if (resumeFrom) {
      this.stats.resumed++;
      // A resumed session starts by copying the earlier lines (same message ids, same requestIds).
      for (const l of resumeFrom.lines) s.w.line(l.split(resumeFrom.sid).join(s.sid), resumeFrom.end);
      s.ver = resumeFrom.ver; s.oldBuild = resumeFrom.oldBuild; s.placeholders = resumeFrom.placeholders; s.noSplit = resumeFrom.noSplit;
      s.proxy = resumeFrom.proxy; s.fast = resumeFrom.fast; s.model = resumeFrom.model; s.ctx = resumeFrom.ctx;
      s.w.line(`{"type":"summary","summary":"${text(rng, rng.int(20, 60)).replace(/\\[nt"]/g, ' ')}","leafUuid":"${rng.uuid()}"}`);
    } else if (rng.chance(0.15)) {
      for (let i = rng.int(1, 3); i > 0; i--) s.w.line(`{"type":"summary","summary":"${text(rng, rng.int(20, 60)).replace(/\\[nt"]/g, ' ')}","leafUuid":"${rng.uuid()}"}`);
    }
    if (!s.oldBuild && rng.chance(0.1)) s.w.line(`{"type":"custom-title","customTitle":"${text(rng, 24).replace(/\\[nt"]/g, ' ')}","sessionId":"${s.sid}"}`);

    // huge transcripts reach their size on their own; elsewhere sub-agent files count toward the session's size
    while (s.w.chars + (tier === 'huge' ? 0 : s.chars) < target) this.turn(s);

    if (rng.chance(0.004) || this.take('torn')) { // torn last line: a write cut short
      this.stats.torn++;
      const resp = this.buildResponse(s, false);
      const l = resp.lines[resp.lines.length - 1];
      s.w.raw(l.slice(0, Math.floor(l.length * rng.f())));
    }
    s.w.close();
    if (keep) this.resumeSources.push({ lines: s.w.capture, sid: s.sid, proj: s.proj, end: s.t, ver: s.ver, oldBuild: s.oldBuild, placeholders: s.placeholders, noSplit: s.noSplit, proxy: s.proxy, fast: s.fast, model: s.model, ctx: s.ctx });
    const size = s.w.chars + s.chars;
    if (!this.largestMain || s.w.chars > this.largestMain.size) {
      this.largestMain = { size: s.w.chars, path: s.w.file, sessionId: s.sid, cwd: s.cwd, model: s.model, version: s.ver, oldBuild: s.oldBuild, branch: s.branch };
    }
    return size;
  }

  tick(s, lo = 300, hi = 40e3) { s.t += Math.floor(this.rng.logu(lo, hi)); return s.t; }

  emit(s, line, w = s.w) { w.line(line, s.t); }

  turn(s) {
    const rng = this.rng;
    // user prompt (+ file-history snapshot in newer builds)
    const promptId = rng.uuid();
    this.tick(s, 5e3, rng.chance(0.05) ? 6 * 3600e3 : 300e3);
    if (!s.oldBuild && !s.side) {
      const n = rng.int(0, 12);
      const files = [];
      for (let i = 0; i < n; i++) files.push(`"src/${rng.pick(WORDS)}/${rng.pick(WORDS)}.ts":{"backupFileName":"${rng.hex(16)}@v${i + 1}","version":${i + 1},"backupTime":"${iso(s.t)}"}`);
      this.emit(s, `{"type":"file-history-snapshot","messageId":"${promptId}","snapshot":{"messageId":"${promptId}","trackedFileBackups":{${files.join(',')}},"timestamp":"${iso(s.t)}"},"isSnapshotUpdate":false}`);
    }
    const promptLen = rng.chance(0.01) ? rng.int(20e3, 120e3) : rng.logu(20, 1500);
    this.emit(s, `${cHead(s, s.parent)},"type":"user","message":{"role":"user","content":"${text(rng, promptLen)}"},"uuid":"${promptId}","timestamp":"${iso(s.t)}"${s.oldBuild ? '' : `,"permissionMode":"default"`}}`);
    s.parent = promptId;
    if (rng.chance(0.03)) this.emit(s, `{"type":"queue-operation","operation":"enqueue","timestamp":"${iso(s.t)}","sessionId":"${s.sid}","content":"${text(rng, 80)}"}`);
    if (rng.chance(0.03)) this.emit(s, `${cHead(s, s.parent)},"type":"attachment","attachment":{"type":"hook_additional_context","content":["${text(rng, rng.logu(50, 3000))}"],"hookName":"SessionStart"},"uuid":"${rng.uuid()}","timestamp":"${iso(s.t)}"}`);
    if (rng.chance(0.06) && !s.side) s.model = rng.wpick(s.t < OPUS47 ? CLAUDE_MODELS_EARLY : CLAUDE_MODELS_LATE); // /model

    const nResp = 1 + rng.geo(s.side ? 3 : 4);
    for (let i = 0; i < nResp; i++) {
      const last = i === nResp - 1;
      if (rng.chance(0.008) || this.take('synthetic')) { // local API error line: <synthetic>, zero usage, no requestId
        this.stats.synthetic++;
        this.tick(s, 500, 30e3);
        const u = rng.uuid();
        this.emit(s, `${cHead(s, s.parent)},"message":{"id":"${rng.uuid()}","container":null,"model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","stop_sequence":"","type":"message","usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":null,"cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0}},"content":[{"type":"text","text":"API Error: 529 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"overloaded_error\\",\\"message\\":\\"Overloaded\\"}}"}],"context_management":null},"type":"assistant","uuid":"${u}","timestamp":"${iso(s.t)}","isApiErrorMessage":true}`);
        s.parent = u;
      }
      const resp = this.buildResponse(s, !last || rng.chance(0.08));
      for (const l of resp.lines) this.emit(s, l);
      s.recent.push(resp);
      if (s.recent.length > 8) s.recent.shift();
      for (const tu of resp.toolUses) this.toolResult(s, tu);
      if (s.ctx > s.ctxLimit) this.compact(s);
    }
    if (!s.oldBuild && rng.chance(0.5)) {
      this.emit(s, `${cHead(s, s.parent)},"type":"system","subtype":"turn_duration","durationMs":${rng.int(2e3, 600e3)},"isMeta":false,"uuid":"${rng.uuid()}","timestamp":"${iso(s.t)}"}`);
    }
    if (!s.side && !s.oldBuild && s.recent.length >= 3 && (rng.chance(0.012) || this.take('btw'))) this.btw(s);
  }

  buildResponse(s, wantTool) {
    const rng = this.rng;
    const blocks = [];
    if (!/haiku/.test(s.model) && rng.chance(0.55)) blocks.push('thinking');
    if (rng.chance(0.6) || (!wantTool && !blocks.length)) blocks.push('text');
    const toolUses = [];
    if (wantTool) {
      const n = rng.chance(0.15) ? 2 : 1;
      for (let i = 0; i < n; i++) {
        const name = !s.side && (rng.chance(0.035) || this.take('task')) ? 'Task' : rng.wpick(TOOLS);
        toolUses.push({ id: 'toolu_01' + rng.b62(22), name });
        blocks.push('tool_use');
      }
    }
    const msgId = 'msg_01' + rng.b62(22);
    const reqId = s.proxy ? null : 'req_011C' + rng.b62(20);
    // usage
    const first = s.ctx === 0;
    const inp = rng.chance(0.9) ? rng.int(1, 12) : rng.int(100, 20000);
    // a 1M-context session usually starts big (whole files, long docs): its prompts pass 200k early
    const growth = first ? (s.longCtx ? rng.int(120e3, 250e3) : rng.int(8e3, 30e3)) : Math.round(rng.logu(80, 8000));
    const cw = rng.chance(0.95) ? growth : 0;
    let cw5 = cw, cw1 = 0;
    if (s.oneHour) { cw1 = cw; cw5 = 0; }
    if (s.mixedTtl && cw > 10) { cw1 = Math.floor(cw * rng.f()); cw5 = cw - cw1; }
    const cr = s.ctx;
    let out = Math.round(rng.logu(15, 2500));
    if (blocks[0] === 'thinking') out += Math.round(rng.logu(50, 4000));
    s.ctx += cw + inp + out;
    const bug = s.oldBuild && !s.noSplit && rng.chance(0.01);
    const finalUsage = claudeUsage(s, { inp, cw5, cw1, cr, out, bug });
    const phUsage = s.placeholders ? claudeUsage(s, { inp, cw5, cw1, cr, out: rng.int(1, 2), bug }) : finalUsage;
    s.respCount++;

    const lines = [];
    const records = [];
    let ti = 0;
    this.tick(s, 800, 45e3);
    for (let b = 0; b < blocks.length; b++) {
      const lastBlock = b === blocks.length - 1;
      let block;
      if (blocks[b] === 'thinking') block = `{"type":"thinking","thinking":"${text(rng, rng.logu(200, 9000))}","signature":"${b64(rng, rng.logu(300, 2000))}"}`;
      else if (blocks[b] === 'text') block = `{"type":"text","text":"${text(rng, rng.logu(40, 3000))}"}`;
      else block = this.toolUseBlock(s, toolUses[ti++]);
      const stop = lastBlock ? (toolUses.length ? '"tool_use"' : '"end_turn"') : 'null';
      const uuid = rng.uuid();
      const rec = `${cHead(s, s.parent)},"message":{"model":"${s.model}","id":"${msgId}","type":"message","role":"assistant","content":[${block}],"stop_reason":${stop},"stop_sequence":null,"usage":${lastBlock ? finalUsage : phUsage}}${reqId ? `,"requestId":"${reqId}"` : ''},"type":"assistant","uuid":"${uuid}","timestamp":"${iso(s.t)}"}`;
      lines.push(rec);
      records.push({ block, uuid, t: s.t });
      s.parent = uuid;
      if (!lastBlock) s.t += rng.int(50, 4000);
    }
    return { lines, toolUses, msgId, reqId, model: s.model, finalUsage, records, t: s.t };
  }

  toolUseBlock(s, tu) {
    const rng = this.rng;
    let input;
    switch (tu.name) {
      case 'Bash': input = `{"command":"${text(rng, rng.logu(10, 300))}","description":"${text(rng, 40)}"}`; break;
      case 'Read': input = `{"file_path":"${s.cwd}/src/${rng.pick(WORDS)}.ts"}`; break;
      case 'Edit': input = `{"file_path":"${s.cwd}/src/${rng.pick(WORDS)}.ts","old_string":"${text(rng, rng.logu(20, 3000))}","new_string":"${text(rng, rng.logu(20, 3000))}"}`; break;
      case 'Write': input = `{"file_path":"${s.cwd}/src/${rng.pick(WORDS)}.ts","content":"${text(rng, rng.logu(200, 20000))}"}`; break;
      case 'Task': input = `{"description":"${text(rng, 30)}","prompt":"${text(rng, rng.logu(200, 3000))}","subagent_type":"${rng.pick(['general-purpose', 'Explore', 'Plan'])}"}`; break;
      default: input = `{"pattern":"${text(rng, 20)}","path":"${s.cwd}"}`;
    }
    return `{"type":"tool_use","id":"${tu.id}","name":"${tu.name}","input":${input}}`;
  }

  toolResult(s, tu) {
    const rng = this.rng;
    if (tu.name === 'Task') return this.subagent(s, tu);
    if (tu.name === 'Bash' && rng.chance(0.3)) {
      for (let i = rng.int(1, 3); i > 0; i--) {
        this.tick(s, 500, 5e3);
        const o = text(rng, rng.logu(50, 2000));
        this.emit(s, `${cHead(s, s.parent)},"type":"progress","data":{"type":"bash_progress","output":"${o}","fullOutput":"${o}","elapsedTimeSeconds":${rng.int(1, 60)},"totalLines":${rng.int(1, 400)}},"toolUseID":"bash-progress-${i}","parentToolUseID":"${tu.id}","uuid":"${rng.uuid()}","timestamp":"${iso(s.t)}"}`);
      }
    } else if (rng.chance(0.08)) {
      this.emit(s, `${cHead(s, s.parent)},"type":"progress","data":{"type":"hook_progress","hookEvent":"PostToolUse","hookName":"PostToolUse:${tu.name}","command":"npx prettier --write"},"toolUseID":"${tu.id}","parentToolUseID":"${tu.id}","uuid":"${rng.uuid()}","timestamp":"${iso(s.t)}"}`);
    }
    this.tick(s, 100, 60e3);
    let len = rng.chance(0.03) ? rng.logu(20e3, 200e3) : rng.logu(60, 12000);
    const pos = s.w.chars + s.chars;
    if (s.bigAt.length && pos >= s.bigAt[s.bigAt.length - 1]) {
      s.bigAt.pop();
      len = rng.logu(1.5e6, 4e6) * Math.max(0.15, this.scale); // one line of several MB (toolUseResult repeats it)
      this.stats.bigLines++;
    }
    const out = text(rng, len);
    const uuid = rng.uuid();
    const err = rng.chance(0.04);
    const tur = tu.name === 'Read'
      ? `{"type":"text","file":{"filePath":"${s.cwd}/src/x.ts","content":"${out}","numLines":${rng.int(1, 2000)},"startLine":1,"totalLines":${rng.int(1, 4000)}}}`
      : `{"stdout":"${out}","stderr":"","interrupted":false,"isImage":false}`;
    this.emit(s, `${cHead(s, s.parent)},"type":"user","message":{"role":"user","content":[{"tool_use_id":"${tu.id}","type":"tool_result","content":"${out}","is_error":${err}}]},"uuid":"${uuid}","timestamp":"${iso(s.t)}","toolUseResult":${tur}}`);
    s.parent = uuid;
  }

  compact(s) {
    const rng = this.rng;
    this.tick(s, 5e3, 60e3);
    const u = rng.uuid();
    this.emit(s, `${cHead(s, null)},"type":"system","subtype":"compact_boundary","content":"Conversation compacted","isMeta":false,"timestamp":"${iso(s.t)}","uuid":"${u}","level":"info","compactMetadata":{"trigger":"auto","preTokens":${s.ctx}}}`);
    const u2 = rng.uuid();
    this.emit(s, `${cHead(s, u)},"type":"user","message":{"role":"user","content":"This session is being continued from a previous conversation that ran out of context. ${text(rng, rng.logu(2000, 9000))}"},"isVisibleInTranscriptOnly":true,"isCompactSummary":true,"uuid":"${u2}","timestamp":"${iso(s.t)}"}`);
    s.parent = u2;
    s.ctx = rng.int(18e3, 45e3);
  }

  subagentFile(s, agentId) {
    const projDir = path.join(this.root, 'projects', s.proj.dir);
    if (s.oldBuild) { this.stats.subagentsOldLayout++; return path.join(projDir, `agent-${agentId}.jsonl`); }
    this.stats.subagentsNewLayout++;
    const deeper = this.rng.chance(0.1) || this.take('nested') ? `agent-${this.rng.hex(16)}` : '';
    if (deeper) this.stats.subagentsNested++;
    return path.join(projDir, s.sid, 'subagents', deeper, `agent-${agentId}.jsonl`);
  }

  subagent(s, tu) {
    const rng = this.rng;
    this.stats.subagents++;
    const agentId = s.oldBuild ? rng.hex(8) : 'a' + rng.hex(16);
    const file = this.subagentFile(s, agentId);
    const sub = {
      ...s, side: true, agentId, parent: null, ctx: 0, recent: [], bigAt: [], respCount: 0, chars: 0,
      model: rng.chance(0.5) ? 'claude-haiku-4-5-20251001' : s.model, ctxLimit: 150e3,
    };
    sub.w = new Writer(file, 'claude', 'subagent');
    if (!s.oldBuild) writeWhole(file.replace(/\.jsonl$/, '.meta.json'), JSON.stringify({ agentType: 'general-purpose', description: 'sub task' }), 'claude', 'meta', s.t);
    const target = rng.logu(8e3, Math.max(20e3, 400e3 * this.scale * (s.tier === 'huge' ? 3 : 1)));
    const u0 = rng.uuid();
    sub.w.line(`${cHead(sub, null)},"type":"user","message":{"role":"user","content":"${text(rng, rng.logu(200, 3000))}"},"uuid":"${u0}","timestamp":"${iso(sub.t)}"}`, sub.t);
    sub.parent = u0;
    let final = '';
    while (sub.w.chars < target) {
      const resp = this.buildResponse(sub, rng.chance(0.8));
      for (const l of resp.lines) sub.w.line(l, sub.t);
      if (s.oldBuild) {
        // older builds also copy each sub-agent record into the parent file as a progress line
        for (const l of resp.lines) {
          this.stats.progressCopies++;
          s.w.line(`${cHead(s, s.parent)},"type":"progress","data":{"message":${l},"normalizedMessages":[],"type":"agent_progress","prompt":"","agentId":"${agentId}"},"toolUseID":"agent_msg_${rng.b62(24)}","parentToolUseID":"${tu.id}","uuid":"${rng.uuid()}","timestamp":"${iso(sub.t)}"}`, sub.t);
        }
      }
      for (const t of resp.toolUses) this.toolResult(sub, t);
      final = resp.records[resp.records.length - 1].block;
    }
    sub.w.close();
    s.chars += sub.w.chars;
    s.t = sub.t;
    this.tick(s, 200, 3000);
    const uuid = rng.uuid();
    const finalText = text(rng, rng.logu(200, 4000));
    this.emit(s, `${cHead(s, s.parent)},"type":"user","message":{"role":"user","content":[{"tool_use_id":"${tu.id}","type":"tool_result","content":[{"type":"text","text":"${finalText}"}]}]},"uuid":"${uuid}","timestamp":"${iso(s.t)}","toolUseResult":{"status":"completed","prompt":"","agentId":"${agentId}","content":[{"type":"text","text":"${finalText}"}],"totalDurationMs":${rng.int(5e3, 600e3)},"totalTokens":${rng.int(5e3, 200e3)},"totalToolUseCount":${rng.int(1, 40)}}}`);
    s.parent = uuid;
    void final;
  }

  /** `/btw` side question: a sub-agent file replays the parent's responses (same message.id, new requestId). */
  btw(s) {
    const rng = this.rng;
    this.stats.btw++;
    const agentId = 'a' + rng.hex(16);
    const file = path.join(this.root, 'projects', s.proj.dir, s.sid, 'subagents', `agent-${agentId}.jsonl`);
    const w = new Writer(file, 'claude', 'subagent-btw');
    writeWhole(file.replace(/\.jsonl$/, '.meta.json'), JSON.stringify({ agentType: 'aside_question' }), 'claude', 'meta', s.t);
    const sub = { ...s, side: true, agentId, parent: null };
    for (const r of s.recent) {
      const reqId = s.proxy ? null : 'req_011C' + rng.b62(20);
      for (const rec of r.records) {
        const u = rng.uuid();
        w.line(`${cHead(sub, sub.parent)},"message":{"model":"${r.model}","id":"${r.msgId}","type":"message","role":"assistant","content":[${rec.block}],"stop_reason":null,"stop_sequence":null,"usage":${r.finalUsage}}${reqId ? `,"requestId":"${reqId}"` : ''},"type":"assistant","uuid":"${u}","timestamp":"${iso(rec.t)}"}`, rec.t);
        sub.parent = u;
      }
    }
    sub.t = s.t + rng.int(1e3, 20e3);
    const q = rng.uuid();
    w.line(`${cHead(sub, sub.parent)},"type":"user","message":{"role":"user","content":"${text(rng, rng.logu(30, 400))}"},"uuid":"${q}","timestamp":"${iso(sub.t)}"}`, sub.t);
    sub.parent = q;
    const resp = this.buildResponse(sub, false);
    for (const l of resp.lines) w.line(l, sub.t);
    w.close();
    s.chars += w.chars;
  }
}

// ───────────────────────────── Codex CLI ─────────────────────────────

const CODEX_MODELS_EARLY = [['gpt-5.1-codex', 20], ['gpt-5.1-codex-max', 20], ['gpt-5.2-codex', 30], ['gpt-5.3-codex', 20], ['gpt-5.2', 10]];
const CODEX_MODELS_LATE = [['gpt-5.3-codex', 25], ['gpt-5.4', 30], ['gpt-5.5', 25], ['gpt-5.4-mini', 10], ['gpt-5.2-codex', 10]];
const MAY = Date.parse('2026-05-01T00:00:00Z');
const pad2 = (n) => String(n).padStart(2, '0');

function rolloutName(ms, id) {
  const d = new Date(ms);
  return `rollout-${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}-${pad2(d.getUTCMinutes())}-${pad2(d.getUTCSeconds())}-${id}.jsonl`;
}
function rolloutDir(root, ms) {
  const d = new Date(ms);
  return path.join(root, 'sessions', String(d.getUTCFullYear()), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate()));
}
const tu = (u) => `{"input_tokens":${u.input},"cached_input_tokens":${u.cached},"output_tokens":${u.output},"reasoning_output_tokens":${u.reasoning},"total_tokens":${u.input + u.output}}`;

class CodexGen extends Forcing {
  constructor(rng, root, budget, scale) {
    super();
    this.rng = rng; this.root = root; this.budget = budget; this.scale = scale;
    this.cwds = claudeProjects(new Rng(rng.u32()), 14).map((p) => p.cwd.replace('/Users/dev', '/home/dev'));
    this.stats = { rollouts: 0, forks: 0, resets: 0, reemits: 0, infoNull: 0, archivedOnly: 0, archivedTwins: 0, zst: 0, zstBoth: 0, legacy: 0 };
    this.written = [];
  }

  run() {
    const rng = this.rng;
    const plan = planSizes(rng, this.budget, { huge: [0.18], mediumFrac: 0.3, medium: [1e6 * this.scale, 8e6 * this.scale], small: [20e3, 600e3] });
    let written = 0;
    for (const p of plan) { if (written >= this.budget) break; written += this.rollout(p.size, {}); }
    for (let i = 0; i < 3; i++) written += this.legacyRollout();
    // pitfalls the random draw may have missed (small --size)
    if (!this.stats.forks || !this.stats.resets) { this.force('fork', 'reset'); written += this.rollout(300e3, {}); }
    if (!this.stats.infoNull) { this.force('infoNull'); written += this.rollout(30e3, {}); }
    // idle for weeks: rewritten as .jsonl.zst (the second one caught while both files exist)
    written += this.rollout(40e3, { start: Date.parse('2026-07-10T09:00:00Z'), zst: true });
    written += this.rollout(40e3, { start: Date.parse('2026-07-12T15:00:00Z'), zst: true });
    this.flags.clear();
    this.archiveAndCompress();
    return written;
  }

  rateLimits(t, swap) {
    const rng = this.rng;
    const newer = t >= MAY;
    const win = (mins, pct) => newer
      ? `{"used_percent":${pct.toFixed(1)},"window_minutes":${mins},"resets_at":${Math.floor(t / 1000) + rng.int(60, mins * 60)}}`
      : `{"used_percent":${pct.toFixed(1)},"window_minutes":${mins},"resets_in_seconds":${rng.int(60, mins * 60)}}`;
    const a = win(300, rng.f() * 100), b = win(10080, rng.f() * 100);
    return `{"primary":${swap ? b : a},"secondary":${swap ? a : b}${newer ? ',"credits":null,"plan_type":"plus"' : ''}}`;
  }

  rollout(target, o) {
    const rng = this.rng;
    this.stats.rollouts++;
    const id = rng.uuid();
    const estDur = Math.min(20 * DAY, (target / 4000) * 15e3);
    let t = o.start ?? startFor(rng, estDur);
    const cwd = o.cwd ?? rng.pick(this.cwds);
    const file = path.join(rolloutDir(this.root, t), rolloutName(t, id));
    const w = new Writer(file, 'codex', o.fork ? 'fork' : 'rollout');
    const ver = t < MAY ? `0.${rng.int(80, 99)}.0` : `0.${rng.int(110, 140)}.0`;
    const source = o.fork ? `{"subagent":{"thread_spawn":{"parent_thread_id":"${o.fork.parentId}","depth":1,"agent_nickname":"${rng.pick(['explorer', 'worker', 'reviewer'])}"}}}` : `"${rng.wpick([['cli', 80], ['exec', 15], ['vscode', 5]])}"`;
    w.line(`{"timestamp":"${iso(t)}","type":"session_meta","payload":{"id":"${id}",${o.fork ? `"forked_from_id":"${o.fork.parentId}",` : ''}"timestamp":"${iso(t)}","cwd":"${cwd}","originator":"codex_cli_rs","cli_version":"${ver}","instructions":null,"source":${source},"model_provider":"openai","base_instructions":{"text":"${text(rng, rng.logu(8e3, 26e3))}"},"git":{"commit_hash":"${rng.hex(40)}","branch":"main","repository_url":"git@github.com:acme/${path.basename(cwd)}.git"}}}`, t);
    let model = rng.wpick(t < MAY ? CODEX_MODELS_EARLY : CODEX_MODELS_LATE);
    const swap = rng.chance(0.1);
    const longCtx = /gpt-5\.[45]/.test(model) && rng.chance(0.15);
    const window = longCtx ? 1050000 : 272000;
    const total = { input: 0, cached: 0, output: 0, reasoning: 0 };
    const events = []; // [{total, last}] for forks to replay
    const tc = (last) => `{"type":"token_count","info":{"total_token_usage":${tu(total)},"last_token_usage":${tu(last)},"model_context_window":${window}},"rate_limits":${this.rateLimits(t, swap)}}`;
    if (o.fork) {
      // a forked thread first replays the parent's token_count events, all stamped in its first second
      const ev = o.fork.events;
      ev.forEach((e, i) => {
        const tt = t + Math.floor((i * 900) / Math.max(1, ev.length));
        w.line(`{"timestamp":"${iso(tt)}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${tu(e.total)},"last_token_usage":${tu(e.last)},"model_context_window":${window}},"rate_limits":${this.rateLimits(t, swap)}}}`, tt);
      });
      if (ev.length) Object.assign(total, ev[ev.length - 1].total);
    }
    let ctx = rng.int(6e3, 14e3);
    let resetAt = rng.chance(0.03) || this.take('reset') ? rng.f() * target * 0.8 : -1;
    const effort = rng.pick(['low', 'medium', 'medium', 'high', 'xhigh']);
    while (w.chars < target) {
      t += Math.floor(rng.logu(10e3, rng.chance(0.05) ? 8 * 3600e3 : 600e3));
      if (rng.chance(0.05)) model = rng.wpick(t < MAY ? CODEX_MODELS_EARLY : CODEX_MODELS_LATE);
      w.line(`{"timestamp":"${iso(t)}","type":"turn_context","payload":{"cwd":"${cwd}","approval_policy":"on-request","sandbox_policy":{"mode":"workspace-write","network_access":false,"exclude_tmpdir_env_var":false,"exclude_slash_tmp":false},"model":"${model}","effort":"${effort}","summary":"auto"}}`, t);
      const prompt = text(rng, rng.logu(20, 2000));
      w.line(`{"timestamp":"${iso(t)}","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"${prompt}"}]}}`, t);
      w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":{"type":"user_message","message":"${prompt}","images":[]}}`, t);
      if (resetAt >= 0 && w.chars > resetAt && total.input > 0) {
        // resumed/rolled back: the cumulative total restarts lower; the next increase is measured from there
        this.stats.resets++;
        resetAt = -1;
        total.input = Math.floor(total.input * 0.2); total.cached = Math.floor(total.cached * 0.2); total.output = Math.floor(total.output * 0.2); total.reasoning = Math.floor(total.reasoning * 0.2);
      }
      const steps = 1 + rng.geo(5);
      for (let i = 0; i < steps; i++) {
        const last = i === steps - 1;
        t += Math.floor(rng.logu(800, 60e3));
        const reasoning = rng.chance(0.7) ? Math.round(rng.logu(20, 3000)) : 0;
        if (reasoning) {
          w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":{"type":"agent_reasoning","text":"${text(rng, rng.logu(60, 800))}"}}`, t);
          w.line(`{"timestamp":"${iso(t)}","type":"response_item","payload":{"type":"reasoning","summary":[{"type":"summary_text","text":"${text(rng, rng.logu(60, 800))}"}],"content":null,"encrypted_content":"gAAAAA${b64(rng, rng.logu(800, 9000))}"}}`, t);
        }
        const output = Math.round(rng.logu(10, 1500)) + reasoning;
        const input = ctx + Math.round(rng.logu(20, 4000));
        const cached = rng.chance(0.9) ? Math.floor((ctx * rng.int(85, 99)) / 100 / 256) * 256 : 0;
        const lastU = { input, cached: Math.min(cached, input), output, reasoning };
        if (last) {
          const msg = text(rng, rng.logu(40, 3000));
          w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":{"type":"agent_message","message":"${msg}"}}`, t);
          w.line(`{"timestamp":"${iso(t)}","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"${msg}"}]}}`, t);
        } else {
          const callId = 'call_' + rng.b62(24);
          const cmd = text(rng, rng.logu(10, 200)).replace(/\\"/g, "'");
          w.line(`{"timestamp":"${iso(t)}","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\\"command\\":[\\"bash\\",\\"-lc\\",\\"${cmd.replace(/\\/g, '\\\\')}\\"],\\"workdir\\":\\"${cwd}\\",\\"timeout_ms\\":120000}","call_id":"${callId}"}}`, t);
        }
        total.input += lastU.input; total.cached += lastU.cached; total.output += lastU.output; total.reasoning += lastU.reasoning;
        const snap = { total: { ...total }, last: lastU };
        events.push(snap);
        w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":${tc(lastU)}}`, t);
        if (rng.chance(0.4)) { this.stats.reemits++; t += rng.int(5, 900); w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":${tc(lastU)}}`, t); }
        if (rng.chance(0.08) || this.take('infoNull')) { this.stats.infoNull++; w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":${this.rateLimits(t, swap)}}}`, t); }
        if (!last) {
          t += Math.floor(rng.logu(100, 120e3));
          const outLen = rng.chance(0.02) ? rng.logu(50e3, 400e3) : rng.logu(40, 15000);
          w.line(`{"timestamp":"${iso(t)}","type":"response_item","payload":{"type":"function_call_output","call_id":"call_${rng.b62(24)}","output":"{\\"output\\":\\"${text(rng, outLen).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}\\",\\"metadata\\":{\\"exit_code\\":${rng.chance(0.9) ? 0 : 1},\\"duration_seconds\\":${(rng.f() * 20).toFixed(1)}}}"}}`, t);
          if (rng.chance(0.5)) w.line(`{"timestamp":"${iso(t)}","type":"event_msg","payload":{"type":"exec_command_end","call_id":"call_x","exit_code":0,"duration":{"secs":${rng.int(0, 30)},"nanos":${rng.int(0, 999999999)}},"formatted_output":"${text(rng, rng.logu(40, 2000))}"}}`, t);
          ctx += Math.round(outLen / 4);
        }
        ctx += output + 200;
        const limit = longCtx ? 900e3 : 250e3;
        if (ctx > limit) ctx = rng.int(20e3, 60e3); // auto-compaction
      }
    }
    w.close();
    this.written.push({ file, end: t, fork: !!o.fork, zst: !!o.zst });
    let size = w.chars;
    if (!o.fork && (rng.chance(0.04) || this.take('fork')) && events.length > 1) {
      this.stats.forks++;
      const cut = rng.int(1, events.length);
      size += this.rollout(Math.max(10e3, target * rng.f() * 0.5), {
        start: Math.min(t, T1), cwd, fork: { parentId: id, events: events.slice(0, cut) },
      });
    }
    return size;
  }

  legacyRollout() {
    // Rollouts from before September 2025: bare lines, no envelope, no usage at all.
    const rng = this.rng;
    this.stats.legacy++;
    const id = rng.uuid();
    let t = Date.parse('2025-08-01T00:00:00Z') + rng.int(0, 25) * DAY + rng.int(0, DAY);
    const file = path.join(rolloutDir(this.root, t), rolloutName(t, id));
    const w = new Writer(file, 'codex', 'legacy');
    w.line(`{"id":"${id}","timestamp":"${iso(t)}","instructions":null,"git":{"commit_hash":"${rng.hex(40)}","branch":"main"}}`, t);
    for (let i = rng.int(5, 40); i > 0; i--) {
      t += rng.int(1e3, 60e3);
      w.line(`{"record_type":"state"}`, t);
      w.line(`{"type":"message","id":null,"role":"user","content":[{"type":"input_text","text":"${text(rng, rng.logu(20, 800))}"}]}`, t);
      w.line(`{"type":"reasoning","id":"rs_${rng.hex(40)}","summary":[],"encrypted_content":"gAAAAA${b64(rng, rng.logu(400, 3000))}"}`, t);
      w.line(`{"type":"message","id":"msg_${rng.hex(40)}","role":"assistant","content":[{"type":"output_text","text":"${text(rng, rng.logu(40, 2000))}"}]}`, t);
    }
    w.close();
    return w.chars;
  }

  archiveAndCompress() {
    const rng = this.rng;
    const archDir = path.join(this.root, 'archived_sessions');
    fs.mkdirSync(archDir, { recursive: true });
    const toZst = [];
    const cutoff = Date.parse('2026-06-15T00:00:00Z');
    for (const r of this.written) r.x = r.zst ? 0.1 : rng.f();
    const plain = this.written.filter((r) => !r.fork && !r.zst);
    if (plain.length > 1 && !this.written.some((r) => r.x < 0.05)) plain[0].x = 0.01; // at least one archived-only
    if (plain.length > 1 && !this.written.some((r) => r.x >= 0.05 && r.x < 0.09)) plain[1].x = 0.06; // and one twin
    for (const r of this.written) {
      const x = r.x;
      if (x < 0.05) { // moved to the archive
        this.stats.archivedOnly++;
        const dest = path.join(archDir, path.basename(r.file));
        fs.renameSync(r.file, dest);
        const e = FILES.find((f) => f.path === r.file); if (e) { e.path = dest; e.kind = 'archived'; }
      } else if (x < 0.09) { // the same rollout in both places
        this.stats.archivedTwins++;
        const dest = path.join(archDir, path.basename(r.file));
        fs.copyFileSync(r.file, dest);
        const t = new Date(r.end); fs.utimesSync(dest, t, t);
        FILES.push({ agent: 'codex', kind: 'archived-twin', path: dest });
      } else if (r.end >= cutoff && r.end < T1 - 7 * DAY && x < 0.22) { // idle for a week: rewritten as .zst
        toZst.push({ file: r.file, both: !!r.zst && !toZst.some((z) => z.both) && toZst.some((z) => !z.both) });
      }
    }
    if (!toZst.length) return;
    const z = spawnSync('zstd', ['--version'], { encoding: 'utf8' });
    if (z.status !== 0) {
      this.zstNote = 'zstd CLI not found: no .jsonl.zst rollouts generated (install zstd to include them)';
      return;
    }
    const batch = toZst.map((x) => x.file);
    for (let i = 0; i < batch.length; i += 200) {
      const r = spawnSync('zstd', ['-q', '-f', '-3', ...batch.slice(i, i + 200)], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0) { this.zstNote = `zstd failed: ${r.stderr}`; return; }
    }
    for (const x of toZst) {
      const zf = x.file + '.zst';
      const st = fs.statSync(x.file);
      fs.utimesSync(zf, st.atime, st.mtime);
      if (x.both) { this.stats.zstBoth++; FILES.push({ agent: 'codex', kind: 'zst', path: zf }); } // both exist briefly
      else {
        fs.unlinkSync(x.file);
        const e = FILES.find((f) => f.path === x.file); if (e) { e.path = zf; e.kind = 'zst'; }
      }
      this.stats.zst++;
    }
  }
}

// ───────────────────────────── Gemini CLI ─────────────────────────────

const GEMINI_MODELS_EARLY = [['gemini-2.5-pro', 40], ['gemini-2.5-flash', 25], ['gemini-3-pro-preview', 35]];
const GEMINI_MODELS_LATE = [['gemini-3-pro-preview', 30], ['gemini-3.1-pro-preview', 30], ['gemini-3-flash-preview', 25], ['gemini-2.5-flash', 15]];
const SLUG_SINCE = Date.parse('2026-03-20T00:00:00Z');
const JSONL_SINCE = Date.parse('2026-04-20T00:00:00Z');

function gname(ms, id) {
  const d = new Date(ms);
  return `session-${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}-${pad2(d.getUTCMinutes())}-${id.slice(0, 8)}`;
}

class GeminiGen extends Forcing {
  constructor(rng, root, budget, scale) {
    super();
    this.rng = rng; this.root = root; this.budget = budget; this.scale = scale;
    this.tmp = path.join(root, '.gemini', 'tmp');
    const used = new Set();
    this.projects = claudeProjects(new Rng(rng.u32()), Math.max(4, Math.min(16, Math.round(budget / 10e6)))).map((p) => {
      let slug = path.basename(p.cwd).toLowerCase().replace(/[^a-z0-9]+/g, '-');
      while (used.has(slug)) slug += '-1';
      used.add(slug);
      return { path: p.cwd, slug, hash: createHash('sha256').update(p.cwd).digest('hex'), weight: p.weight };
    });
    this.stats = { legacyJson: 0, jsonl: 0, resumedCopies: 0, rewinds: 0, checkpoints: 0, repeatedIds: 0, subagents: 0, nullTokens: 0 };
  }

  run() {
    const rng = this.rng;
    const plan = planSizes(rng, this.budget, { huge: [0.15, 0.1], mediumFrac: 0.25, medium: [500e3 * this.scale, 5e6 * this.scale], small: [4e3, 250e3] });
    let written = 0;
    let i = 0;
    for (const p of plan) {
      if (written >= this.budget) break;
      // the biggest is a legacy pretty-printed .json, the second a .jsonl
      const forceLegacy = p.tier === 'huge' && i++ === 0;
      written += this.session(p.size, { legacy: forceLegacy ? true : p.tier === 'huge' ? false : undefined });
    }
    // pitfalls the random draw may have missed (small --size)
    const g = this.stats;
    if (!g.resumedCopies) { this.force('copy'); written += this.session(30e3, { legacy: true, start: Date.parse('2026-04-02T10:00:00Z') }); }
    if (!g.checkpoints || !g.rewinds || !g.subagents || !g.nullTokens) { this.force('checkpoint', 'rewind', 'subagent', 'nullTokens'); written += this.session(80e3, { legacy: false }); }
    this.flags.clear();
    const pj = {};
    for (const p of this.projects) pj[p.path] = p.slug;
    written += writeWhole(path.join(this.root, '.gemini', 'projects.json'), JSON.stringify({ projects: pj }, null, 2), 'gemini', 'projects', T1);
    return written;
  }

  tokens(ctx, model) {
    const rng = this.rng;
    if (rng.chance(0.01) || this.take('nullTokens')) { this.stats.nullTokens++; return null; }
    const input = ctx;
    const cached = rng.chance(0.6) ? Math.floor(input * rng.int(50, 95) / 100) : 0;
    const output = Math.round(rng.logu(10, 2500));
    const thoughts = /flash/.test(model) && rng.chance(0.5) ? 0 : Math.round(rng.logu(10, 4000));
    const tool = rng.chance(0.2) ? rng.int(10, 3000) : 0;
    return { input, output, cached, thoughts, tool, total: input + output + thoughts + tool };
  }

  messages(s, target, sizeOf, sink) {
    // produces message objects until sizeOf() >= target
    const rng = this.rng;
    while (sizeOf() < target) {
      s.t += Math.floor(rng.logu(5e3, rng.chance(0.05) ? 6 * 3600e3 : 600e3));
      const uid = rng.uuid();
      sink({ id: uid, timestamp: iso(s.t), type: 'user', content: utext(rng, rng.logu(20, 1500)) }, 'user');
      const steps = 1 + rng.geo(3);
      for (let i = 0; i < steps; i++) {
        s.t += Math.floor(rng.logu(800, 60e3));
        if (rng.chance(0.03)) { sink({ id: rng.uuid(), timestamp: iso(s.t), type: rng.pick(['info', 'error']), content: utext(rng, rng.logu(20, 300)) }, 'info'); continue; }
        if (rng.chance(0.06)) s.model = rng.wpick(s.t < MAY ? GEMINI_MODELS_EARLY : GEMINI_MODELS_LATE);
        const tokens = this.tokens(s.ctx, s.model);
        const m = {
          id: rng.uuid(), timestamp: iso(s.t), type: 'gemini', content: utext(rng, rng.logu(20, 3000)),
          thoughts: rng.chance(0.6) ? [{ subject: utext(rng, 30), description: utext(rng, rng.logu(50, 2000)), timestamp: iso(s.t) }] : [],
          tokens, model: s.model,
        };
        if (rng.chance(0.6)) {
          const out = utext(rng, rng.chance(0.03) ? rng.logu(30e3, 300e3) : rng.logu(50, 15000));
          const name = rng.pick(['read_file', 'run_shell_command', 'search_file_content', 'replace', 'write_file', 'glob']);
          const cid = `${name}-${s.t}-${rng.hex(12)}`;
          m.toolCalls = [{ id: cid, name, args: { path: `${s.cwd}/src/${rng.pick(WORDS)}.ts` }, result: [{ functionResponse: { id: cid, name, response: { output: out } } }], status: 'success', timestamp: iso(s.t), displayName: name, description: '', resultDisplay: out.slice(0, 2000), renderOutputAsMarkdown: true }];
          s.ctx += Math.round(out.length / 4);
        }
        s.ctx += (tokens?.output ?? 0) + 300;
        if (s.ctx > (/2\.5-pro/.test(s.model) && s.long ? 400e3 : 180e3)) s.ctx = rng.int(10e3, 40e3);
        sink(m, 'gemini');
      }
    }
  }

  newState(target, opts = {}) {
    const rng = this.rng;
    const proj = opts.proj ?? rng.wpick(this.projects.map((p) => [p, p.weight]));
    const t = opts.start ?? startFor(rng, Math.min(15 * DAY, (target / 3000) * 20e3));
    return { proj, cwd: proj.path, sid: opts.sid ?? rng.uuid(), t, ctx: rng.int(8e3, 20e3), long: rng.chance(0.3), model: rng.wpick(t < MAY ? GEMINI_MODELS_EARLY : GEMINI_MODELS_LATE) };
  }

  chatsDir(s) { return path.join(this.tmp, s.t < SLUG_SINCE ? s.proj.hash : s.proj.slug, 'chats'); }

  session(target, o = {}) {
    const s = this.newState(target, { start: o.start });
    const legacy = o.legacy ?? s.t < JSONL_SINCE;
    const dir = this.chatsDir(s);
    // logs.json beside chats/: not a chat; scanners must not take it for one
    const logs = path.join(path.dirname(dir), 'logs.json');
    if (!fs.existsSync(logs)) writeWhole(logs, JSON.stringify([{ sessionId: s.sid, messageId: 0, type: 'user', message: 'hello', timestamp: iso(s.t) }], null, 2), 'gemini', 'logs', s.t);
    if (legacy) return this.legacySession(s, target, dir);
    return this.jsonlSession(s, target, path.join(dir, gname(s.t, s.sid) + '.jsonl'), 'main');
  }

  legacySession(s, target, dir) {
    const rng = this.rng;
    this.stats.legacyJson++;
    const start = s.t;
    const msgs = [];
    let approx = 200;
    this.messages(s, target, () => approx, (m) => { msgs.push(m); approx += JSON.stringify(m).length * 1.25; });
    const doc = { sessionId: s.sid, projectHash: s.proj.hash, startTime: iso(start), lastUpdated: iso(s.t), messages: msgs };
    const file = path.join(dir, gname(start, s.sid) + '.json');
    let size = writeWhole(file, JSON.stringify(doc, null, 2), 'gemini', 'legacy-json', s.t);
    if ((rng.chance(0.08) || this.take('copy')) && s.t < T1 - 2 * DAY) {
      // resumed later by a newer CLI: a .jsonl copy with the same ids; the .json stays
      this.stats.resumedCopies++;
      const s2 = { ...s, t: Math.max(s.t + rng.int(3600e3, 5 * DAY), JSONL_SINCE) };
      const dir2 = path.join(this.tmp, s.proj.slug, 'chats');
      size += this.jsonlSession(s2, approx + rng.logu(5e3, 100e3), path.join(dir2, gname(s2.t, s.sid) + '.jsonl'), 'main', msgs);
    }
    return size;
  }

  jsonlSession(s, target, file, kind, copyMsgs = null) {
    const rng = this.rng;
    this.stats.jsonl++;
    const w = new Writer(file, 'gemini', kind === 'subagent' ? 'subagent' : 'jsonl');
    w.line(JSON.stringify({ sessionId: s.sid, projectHash: s.proj.hash, startTime: iso(s.t), lastUpdated: iso(s.t), kind }), s.t);
    const all = [];
    if (copyMsgs) for (const m of copyMsgs) { const j = JSON.stringify(m); all.push(j); w.line(j, Date.parse(m.timestamp)); }
    let lastUser = null;
    let subs = 0;
    this.messages(s, target, () => w.chars, (m, kindOf) => {
      if (kindOf === 'gemini' && rng.chance(0.5)) {
        // first written without tokens/tool calls, then again (same id) when they arrive
        this.stats.repeatedIds++;
        w.line(JSON.stringify({ id: m.id, timestamp: m.timestamp, type: 'gemini', content: '', thoughts: [], tokens: null, model: m.model }), s.t);
      }
      const j = JSON.stringify(m);
      all.push(j);
      w.line(j, s.t);
      if (kindOf === 'user') lastUser = m.id;
      if (rng.chance(0.3)) w.line(`{"$set":{"lastUpdated":"${iso(s.t)}"}}`, s.t);
      if (kindOf === 'gemini' && lastUser && (rng.chance(0.01) || this.take('rewind'))) { this.stats.rewinds++; w.line(`{"$rewindTo":"${lastUser}"}`, s.t); }
      if (kindOf === 'gemini' && w.chars < 3e6 && (rng.chance(0.004) || this.take('checkpoint'))) {
        this.stats.checkpoints++;
        w.line(`{"$set":{"lastUpdated":"${iso(s.t)}","messages":[${all.join(',')}]}}`, s.t);
      }
      if (kind === 'main' && kindOf === 'gemini' && subs < 2 && (rng.chance(0.01) || this.take('subagent'))) {
        subs++;
        this.stats.subagents++;
        const sub = { ...s, sid: rng.uuid(), ctx: rng.int(5e3, 20e3), chars: 0 };
        s.chars = (s.chars ?? 0) + this.jsonlSession(sub, rng.logu(5e3, 200e3), path.join(path.dirname(file), s.sid, `${sub.sid}.jsonl`), 'subagent');
        s.t = sub.t;
      }
    });
    w.close();
    return w.chars + (s.chars ?? 0);
  }
}

// ───────────────────────────── main ─────────────────────────────

export function generate(o) {
  const t0 = Date.now();
  const out = o.out;
  const partial = `${out}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  FILES.length = 0;

  POOL = buildPool(new Rng(`${o.seed}/pool`), 6_000_000);
  const br = new Rng(`${o.seed}/b64`);
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes = Buffer.allocUnsafe(2_000_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = A.charCodeAt(br.u32() & 63);
  B64 = bytes.toString('latin1');

  const scale = Math.min(1, Math.max(0.05, o.size / 1.5e9));
  const budgets = { claude: o.size * 0.75, codex: o.size * 0.15, gemini: o.size * 0.10 };
  const claude = new ClaudeGen(new Rng(`${o.seed}/claude`), path.join(partial, 'claude'), budgets.claude, scale);
  claude.run();
  const codex = new CodexGen(new Rng(`${o.seed}/codex`), path.join(partial, 'codex'), budgets.codex, scale);
  codex.run();
  const gemini = new GeminiGen(new Rng(`${o.seed}/gemini`), path.join(partial, 'gemini'), budgets.gemini, scale);
  gemini.run();

  // actual sizes
  const per = {};
  let largest = { size: 0 };
  for (const f of FILES) {
    const st = fs.statSync(f.path);
    const a = (per[f.agent] ??= { files: 0, bytes: 0, kinds: {} });
    a.files++; a.bytes += st.size;
    a.kinds[f.kind] = (a.kinds[f.kind] ?? 0) + 1;
    if (st.size > largest.size) largest = { size: st.size, path: f.path };
    f.size = st.size;
  }
  const sizesSorted = FILES.map((f) => f.size).sort((a, b) => a - b);
  const q = (p) => sizesSorted[Math.min(sizesSorted.length - 1, Math.floor(p * sizesSorted.length))];

  const rel = (p) => path.relative(partial, p);
  const st = claude.largestMain;
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: o.seed,
    requestedBytes: o.size,
    totalBytes: Object.values(per).reduce((a, b) => a + b.bytes, 0),
    totalFiles: FILES.length,
    timeRange: [iso(T0), iso(T1)],
    agents: per,
    fileSizePercentiles: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sizesSorted[sizesSorted.length - 1] },
    largestFile: rel(largest.path),
    pitfalls: { claude: claude.stats, codex: codex.stats, gemini: gemini.stats },
    notes: [codex.zstNote].filter(Boolean),
    homes: { CLAUDE_CONFIG_DIR: 'claude', CODEX_HOME: 'codex', GEMINI_CLI_HOME: 'gemini' },
    statusline: {
      transcript: rel(st.path), originalSize: fs.statSync(st.path).size, sessionId: st.sessionId, cwd: st.cwd,
      model: st.model, version: st.version, gitBranch: st.branch,
    },
  };
  fs.writeFileSync(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.utimesSync(path.join(partial, 'manifest.json'), new Date(T1), new Date(T1));
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(partial, out);
  manifest.seconds = (Date.now() - t0) / 1000;
  return manifest;
}

const mb = (n) => (n / 1e6).toFixed(1) + ' MB';

export function printSummary(m, out) {
  console.log(`corpus: ${out}  (seed ${m.seed}, requested ${mb(m.requestedBytes)}, ${m.seconds?.toFixed(1) ?? '?'} s)`);
  for (const [agent, a] of Object.entries(m.agents)) {
    const kinds = Object.entries(a.kinds).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`  ${agent.padEnd(7)} ${String(a.files).padStart(6)} files ${mb(a.bytes).padStart(11)}   (${kinds})`);
  }
  console.log(`  total   ${String(m.totalFiles).padStart(6)} files ${mb(m.totalBytes).padStart(11)}   file sizes p50 ${(m.fileSizePercentiles.p50 / 1e3).toFixed(0)} KB, p90 ${(m.fileSizePercentiles.p90 / 1e3).toFixed(0)} KB, p99 ${mb(m.fileSizePercentiles.p99)}, max ${mb(m.fileSizePercentiles.max)}`);
  const p = m.pitfalls;
  console.log(`  claude: ${p.claude.sessions} sessions, ${p.claude.subagents} sub-agents, ${p.claude.btw} /btw replays, ${p.claude.resumed} resumed copies, ${p.claude.progressCopies} progress copies, ${p.claude.synthetic} <synthetic>, ${p.claude.proxy} requestId-less sessions, ${p.claude.fast} fast, ${p.claude.longCtx} >200k-context, ${p.claude.bigLines} multi-MB lines, ${p.claude.torn} torn`);
  console.log(`  codex:  ${p.codex.rollouts} rollouts, ${p.codex.forks} forks, ${p.codex.reemits} re-emitted totals, ${p.codex.infoNull} info:null, ${p.codex.resets} total resets, ${p.codex.archivedTwins} archived twins, ${p.codex.archivedOnly} archived-only, ${p.codex.zst} .zst (${p.codex.zstBoth} also plain), ${p.codex.legacy} pre-Sep-2025`);
  console.log(`  gemini: ${p.gemini.legacyJson} legacy .json, ${p.gemini.jsonl} .jsonl, ${p.gemini.resumedCopies} .json→.jsonl copies, ${p.gemini.repeatedIds} repeated ids, ${p.gemini.rewinds} $rewindTo, ${p.gemini.checkpoints} $set.messages, ${p.gemini.subagents} sub-agent chats, ${p.gemini.nullTokens} null tokens`);
  for (const n of m.notes ?? []) console.log(`  note: ${n}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) { console.error(String(e.message)); process.exit(2); }
  if (!o.quiet) console.log(`generating ${mb(o.size)} (seed ${o.seed}) into ${o.out} …`);
  const m = generate(o);
  printSummary(m, o.out);
}
