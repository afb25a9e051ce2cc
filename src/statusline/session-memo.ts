import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { UsageEvent } from '../core/types.js';
import { writeAtomically } from '../pipeline/atomic-write.js';
import { decodeEvents, encodeEvents, type EncodedEvents } from '../pipeline/event-codec.js';
import { CACHE_FORMAT } from '../pipeline/file-cache.js';

/** Bump when the encoding below changes: a memo of another format is ignored and rewritten. */
const FORMAT = 2;
/** Sessions remembered; the least recently written is dropped first. A few Claude Code windows at once. */
const KEEP = 8;

export interface Stamp {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Entry {
  writtenAt: number;
  files: [string, number, number][];
  events: EncodedEvents;
}

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
    this.file = path.join(dir, `statusline-sessions-v${FORMAT}.bin`);
  }

  get(transcript: string, files: readonly Stamp[]): UsageEvent[] | undefined {
    const entry = this.load()[transcript];
    if (!entry || !sameFiles(entry.files, files)) return undefined;
    try {
      return decodeEvents(entry.events);
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
      events: encodeEvents(events),
    };
    const kept = Object.entries(entries)
      .sort((a, b) => b[1].writtenAt - a[1].writtenAt)
      .slice(0, KEEP);
    this.entries = Object.fromEntries(kept);
    writeAtomically(path.dirname(this.file), this.file, serialize({ format: FORMAT, cacheFormat: CACHE_FORMAT, sessions: this.entries }));
  }

  private load(): Record<string, Entry> {
    if (!this.entries) {
      this.entries = {};
      try {
        const body = deserialize(readFileSync(this.file)) as { format?: unknown; cacheFormat?: unknown; sessions?: unknown };
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
