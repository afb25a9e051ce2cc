import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UsageEvent } from '../core/types.js';
import { CACHE_FORMAT } from '../pipeline/file-cache.js';

/** Bump when the encoding below changes: a memo of another format is ignored and rewritten. */
const FORMAT = 1;
/** Sessions remembered; the least recently written is dropped first. A few Claude Code windows at once. */
const KEEP = 8;

export interface Stamp {
  path: string;
  size: number;
  mtimeMs: number;
}

type Encoded = [
  timestamp: number,
  sessionId: string,
  projectPath: string,
  model: string,
  input: number,
  cacheWrite5m: number,
  cacheWrite1h: number,
  cacheRead: number,
  output: number,
  reasoning: number,
  rank: number,
  dedupeKey: string | null,
  responseId: string | null,
  flags: number,
];

interface Entry {
  writtenAt: number;
  files: [string, number, number][];
  events: Encoded[];
}

const FAST = 1;
const SIDECHAIN = 2;

/**
 * The events of a session's older files (transcript and sub-agents last modified before the status
 * line's window), kept in one small file beside the shared cache. A long session's sub-agent files
 * are spread over every shard of that cache; reading them back from it on every call would cost more
 * than everything else the status line does. An entry is used only while the very same files (path,
 * size, mtime) are what it was made from, the shared cache's own rule, so it is never stale.
 */
export class SessionMemo {
  private readonly file: string;
  private entries: Record<string, Entry> | undefined;

  constructor(dir: string) {
    this.file = path.join(dir, `statusline-sessions-v${FORMAT}.json`);
  }

  get(transcript: string, files: readonly Stamp[]): UsageEvent[] | undefined {
    const entry = this.load()[transcript];
    if (!entry || !sameFiles(entry.files, files)) return undefined;
    try {
      return entry.events.map(decode);
    } catch {
      return undefined;
    }
  }

  /** Never throws: a memo that cannot be written is only a slower next call. */
  set(transcript: string, files: readonly Stamp[], events: readonly UsageEvent[], now: number): void {
    const entries = { ...this.load() };
    entries[transcript] = {
      writtenAt: now,
      files: files.map((f) => [f.path, f.size, f.mtimeMs]),
      events: events.map(encode),
    };
    const kept = Object.entries(entries)
      .sort((a, b) => b[1].writtenAt - a[1].writtenAt)
      .slice(0, KEEP);
    this.entries = Object.fromEntries(kept);
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temp, JSON.stringify({ format: FORMAT, cacheFormat: CACHE_FORMAT, sessions: this.entries }));
      renameSync(temp, this.file);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private load(): Record<string, Entry> {
    if (!this.entries) {
      this.entries = {};
      try {
        const body = JSON.parse(readFileSync(this.file, 'utf8')) as { format?: unknown; cacheFormat?: unknown; sessions?: unknown };
        // Made under another cache format, the events may be what a since-fixed adapter read: not trusted.
        if (body.format === FORMAT && body.cacheFormat === CACHE_FORMAT && typeof body.sessions === 'object' && body.sessions !== null) {
          this.entries = body.sessions as Record<string, Entry>;
        }
      } catch {
        // None yet, or damaged: rebuilt on the next write.
      }
    }
    return this.entries;
  }
}

function sameFiles(known: unknown, files: readonly Stamp[]): boolean {
  if (!Array.isArray(known) || known.length !== files.length) return false;
  const byPath = new Map(files.map((f) => [f.path, f]));
  return known.every((k) => {
    if (!Array.isArray(k)) return false;
    const f = byPath.get(k[0] as string);
    return f !== undefined && f.size === k[1] && f.mtimeMs === k[2];
  });
}

function encode(e: UsageEvent): Encoded {
  const t = e.tokens;
  return [
    e.timestamp,
    e.sessionId,
    e.projectPath,
    e.model,
    t.input,
    t.cacheWrite5m,
    t.cacheWrite1h,
    t.cacheRead,
    t.output,
    t.reasoning,
    e.rank,
    e.dedupeKey ?? null,
    e.responseId ?? null,
    (e.fast ? FAST : 0) | (e.sidechain ? SIDECHAIN : 0),
  ];
}

function decode(raw: Encoded): UsageEvent {
  if (!Array.isArray(raw) || raw.length !== 14) throw new Error('damaged memo');
  const [timestamp, sessionId, projectPath, model, input, cacheWrite5m, cacheWrite1h, cacheRead, output, reasoning, rank, dedupeKey, responseId, flags] = raw;
  const numbers = [timestamp, input, cacheWrite5m, cacheWrite1h, cacheRead, output, reasoning, rank, flags];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n)) || typeof sessionId !== 'string' || typeof model !== 'string' || typeof projectPath !== 'string') {
    throw new Error('damaged memo');
  }
  return {
    provider: 'claude',
    timestamp,
    sessionId,
    projectPath,
    model,
    tokens: { input, cacheWrite5m, cacheWrite1h, cacheRead, output, reasoning },
    rank,
    ...(flags & FAST ? { fast: true } : {}),
    ...(typeof dedupeKey === 'string' ? { dedupeKey } : {}),
    ...(typeof responseId === 'string' ? { responseId } : {}),
    ...(flags & SIDECHAIN ? { sidechain: true } : {}),
  };
}
