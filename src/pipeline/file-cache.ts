import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Skip } from '../core/diagnostics.js';
import { PROVIDERS, type Provider, type RateLimitSnapshot, type UsageEvent } from '../core/types.js';
import type { ResumePoint } from './read-file.js';

/**
 * Bump when an adapter or this format changes what a file turns into: an entry of another format is
 * discarded, never trusted.
 */
export const CACHE_FORMAT = 4;

/** What one log file was read into, and enough to tell whether the file changed since. */
export interface CachedFile {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
  events: UsageEvent[];
  skips: Skip[];
  /** Where to go on once the file has grown. */
  resume?: ResumePoint;
}

// Entries are spread over shards by path, so a re-run after one transcript grew rewrites one small
// shard instead of the whole cache, and a status-line call loads only the shards of recent files.
const SHARDS = 64;

/**
 * Per-file results on disk, one file per shard in V8's serialization format (numbers go as typed
 * arrays: loading them is a copy, not a parse). Shards are replaced by rename, so readers never
 * see half a file and two writers cannot interleave inside one; a shard that fails to parse or
 * validate is dropped and rebuilt. Cache trouble never fails a report: it only costs a re-read.
 */
export class FileCache {
  private readonly shards = new Map<number, Map<string, CachedFile>>();
  private readonly dirty = new Set<number>();

  constructor(private readonly dir: string) {}

  get(file: string): CachedFile | undefined {
    return this.shard(shardOf(file)).get(file);
  }

  set(entry: CachedFile): void {
    const i = shardOf(entry.path);
    this.shard(i).set(entry.path, entry);
    this.dirty.add(i);
  }

  delete(file: string): void {
    const i = shardOf(file);
    if (this.shard(i).delete(file)) this.dirty.add(i);
  }

  /** Every entry of every shard (loads them all). */
  *entries(): IterableIterator<CachedFile> {
    for (let i = 0; i < SHARDS; i++) yield* this.shard(i).values();
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      for (const i of this.dirty) {
        const target = this.shardPath(i);
        const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        const body = { format: CACHE_FORMAT, entries: [...this.shard(i).values()].map(encodeEntry) };
        writeFileSync(temp, serialize(body));
        try {
          renameSync(temp, target);
        } catch (err) {
          rmSync(temp, { force: true });
          throw err;
        }
      }
      this.dirty.clear();
    } catch {
      // A read-only or full disk: the next run reads the logs again.
    }
  }

  private shardPath(i: number): string {
    return path.join(this.dir, `files-v${CACHE_FORMAT}-${i.toString().padStart(2, '0')}.bin`);
  }

  private shard(i: number): Map<string, CachedFile> {
    let shard = this.shards.get(i);
    if (!shard) {
      shard = new Map();
      try {
        const body = deserialize(readFileSync(this.shardPath(i))) as { format?: unknown; entries?: unknown };
        if (body.format !== CACHE_FORMAT || !Array.isArray(body.entries)) throw new Error('other format');
        for (const raw of body.entries) {
          const entry = decodeEntry(raw);
          if (shardOf(entry.path) !== i) throw new Error('misplaced entry');
          shard.set(entry.path, entry);
        }
      } catch {
        // Missing, partial, corrupt or older: start this shard empty and rewrite it.
        shard.clear();
        if (existsSync(this.shardPath(i))) this.dirty.add(i);
      }
      this.shards.set(i, shard);
    }
    return shard;
  }

}

function shardOf(file: string): number {
  // FNV-1a: stable across runs and processes, unlike any in-memory hash.
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) {
    h ^= file.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
}

/**
 * Events are stored column-wise with a string table: per event, 6 token counts and 8 numbers
 * [timestamp, rank, session, project, model, dedupeKey, responseId, flags] (-1 = absent).
 */
interface EncodedEntry {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
  skips: Skip[];
  resume?: CachedFile['resume'];
  strings: string[];
  tokens: Float64Array;
  fields: Float64Array;
  rateLimits: [number, RateLimitSnapshot][];
}

const FAST = 1;
const SIDECHAIN = 2;

function encodeEntry(entry: CachedFile): EncodedEntry {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const tokens = new Float64Array(entry.events.length * 6);
  const fields = new Float64Array(entry.events.length * 8);
  const rateLimits: [number, RateLimitSnapshot][] = [];
  entry.events.forEach((e, n) => {
    const t = e.tokens;
    tokens.set([t.input, t.cacheWrite5m, t.cacheWrite1h, t.cacheRead, t.output, t.reasoning], n * 6);
    fields.set(
      [
        e.timestamp,
        e.rank,
        intern(e.sessionId),
        intern(e.projectPath),
        intern(e.model),
        intern(e.dedupeKey),
        intern(e.responseId),
        (e.fast ? FAST : 0) | (e.sidechain ? SIDECHAIN : 0),
      ],
      n * 8,
    );
    if (e.rateLimits) rateLimits.push([n, e.rateLimits]);
  });
  return {
    path: entry.path,
    provider: entry.provider,
    size: entry.size,
    mtimeMs: entry.mtimeMs,
    skips: entry.skips,
    ...(entry.resume ? { resume: entry.resume } : {}),
    strings,
    tokens,
    fields,
    rateLimits,
  };
}

function decodeEntry(raw: unknown): CachedFile {
  const e = raw as EncodedEntry;
  if (!(e.fields instanceof Float64Array) || !(e.tokens instanceof Float64Array)) throw new Error('invalid entry');
  const count = e.fields.length / 8;
  if (
    typeof e.path !== 'string' ||
    !(PROVIDERS as readonly string[]).includes(e.provider) ||
    typeof e.size !== 'number' ||
    typeof e.mtimeMs !== 'number' ||
    !Array.isArray(e.skips) ||
    !Array.isArray(e.strings) ||
    !Number.isInteger(count) ||
    e.tokens.length !== count * 6
  ) {
    throw new Error('invalid entry');
  }
  const str = (i: number | undefined): string | undefined => (i === undefined || i < 0 ? undefined : e.strings[i]);
  const limits = new Map(e.rateLimits);
  const events: UsageEvent[] = new Array(count);
  for (let n = 0; n < count; n++) {
    const f = n * 8;
    const t = n * 6;
    const dedupeKey = str(e.fields[f + 5]);
    const responseId = str(e.fields[f + 6]);
    const flags = e.fields[f + 7]!;
    const rateLimits = limits.get(n);
    events[n] = {
      provider: e.provider,
      timestamp: e.fields[f]!,
      sessionId: str(e.fields[f + 2])!,
      projectPath: str(e.fields[f + 3])!,
      model: str(e.fields[f + 4])!,
      tokens: {
        input: e.tokens[t]!,
        cacheWrite5m: e.tokens[t + 1]!,
        cacheWrite1h: e.tokens[t + 2]!,
        cacheRead: e.tokens[t + 3]!,
        output: e.tokens[t + 4]!,
        reasoning: e.tokens[t + 5]!,
      },
      rank: e.fields[f + 1]!,
      ...(flags & FAST ? { fast: true } : {}),
      ...(dedupeKey !== undefined ? { dedupeKey } : {}),
      ...(responseId !== undefined ? { responseId } : {}),
      ...(flags & SIDECHAIN ? { sidechain: true } : {}),
      ...(rateLimits ? { rateLimits } : {}),
    };
    if (typeof events[n]!.sessionId !== 'string' || typeof events[n]!.model !== 'string') throw new Error('invalid event');
  }
  return {
    path: e.path,
    provider: e.provider,
    size: e.size,
    mtimeMs: e.mtimeMs,
    events,
    skips: e.skips,
    ...(e.resume ? { resume: e.resume } : {}),
  };
}
