import { closeSync, existsSync, fstatSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Skip } from '../core/diagnostics.js';
import { PROVIDERS, type Provider, type UsageEvent } from '../core/types.js';
import { writeAtomically } from './atomic-write.js';
import { dropOtherFormats, keepNewest } from './cache-dir.js';
import { fnv1a } from './index-by-key.js';
import { readFully } from './read-fully.js';
import type { ResumePoint } from './read-file.js';
import type { RecordKind } from './record-kind.js';
import { USAGE_EVENTS } from './usage-records.js';

export { CACHE_FORMAT } from './usage-records.js';

/** What one log file was read into, and enough to tell whether the file changed since. */
export interface CachedFile<R = UsageEvent> {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
  /** The records of the cache's kind. */
  events: R[];
  skips: Skip[];
  /** Where to go on once the file has grown. */
  resume?: ResumePoint;
}

/**
 * The saved whole-run result is encoded, written and read back this many events at a time. Encoded
 * whole, it and its serialized copy were the first run's peak: 31 MB of the bench's 204 (190 in pieces
 * of 16,384). Pieces of 4,096 left the peaks of a run after one log grew (206 → 194 MB, medians of 8)
 * and of the first run (192 → 184) lower still, at the same speed, for a file 0.2 % bigger.
 */
const RESULT_PIECE_EVENTS = 4_096;

/**
 * Saved results kept, one per kind of run (the agents it covers): `blocks` reads Claude's logs only,
 * reports all three, and with one result between them each kind replaced the other's, so
 * that alternating `usage blocks` and `usage session` merged the whole cache on every run.
 */
const RESULTS_KEPT = 4;

// Entries are spread over shards by path, so a re-run after one transcript grew rewrites one small
// shard instead of the whole cache, and a status-line call loads only the shards of recent files.
const SHARDS = 64;

/**
 * Per-file results on disk, one file per shard in V8's serialization format (numbers go as typed
 * arrays: loading them is a copy, not a parse). Shards are replaced by rename, so readers never
 * see half a file and two writers cannot interleave inside one; a shard that fails to parse or
 * validate is dropped and rebuilt. Cache trouble never fails a report: it only costs a re-read.
 */
export class FileCache<R = UsageEvent> {
  private readonly shards = new Map<number, Map<string, CachedFile<R>>>();
  private readonly dirty = new Set<number>();
  /** Whether the files of other formats were removed (once, on the first write). */
  private tidied = false;
  private readonly format: number;
  private readonly resultName: RegExp;

  /** The cache of one kind of record (usage events unless told): its own files, its own format. */
  constructor(
    private readonly dir: string,
    private readonly kind: RecordKind<R> = USAGE_EVENTS as unknown as RecordKind<R>,
  ) {
    this.format = kind.format;
    this.resultName = new RegExp(`^${kind.resultName}-v${kind.format}-[0-9a-f]{8}\\.bin$`);
  }

  get(file: string): CachedFile<R> | undefined {
    return this.shard(shardOf(file)).get(file);
  }

  set(entry: CachedFile<R>): void {
    const i = shardOf(entry.path);
    this.shard(i).set(entry.path, entry);
    this.dirty.add(i);
  }

  delete(file: string): void {
    const i = shardOf(file);
    if (this.shard(i).delete(file)) this.dirty.add(i);
  }

  /** Every entry of every shard (loads them all). */
  *entries(): IterableIterator<CachedFile<R>> {
    for (let i = 0; i < SHARDS; i++) yield* this.shard(i).values();
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    for (const i of this.dirty) {
      const body = { format: this.format, entries: [...this.shard(i).values()].map((e) => this.encodeEntry(e)) };
      if (!writeAtomically(this.dir, this.shardPath(i), serialize(body))) return;
    }
    this.dirty.clear();
    if (!this.tidied) {
      this.tidied = true;
      dropOtherFormats(this.dir, this.kind.shardName, this.format);
      dropOtherFormats(this.dir, this.kind.resultName, this.format);
    }
  }

  /**
   * The deduplicated events of a whole run of a kind (`kind` names what it covers), saved with a
   * digest of the file listing it was made from: while no log changed, a report needs neither the
   * shards nor the dedupe pass.
   */
  getResult(kind: string, digest: string): { events: R[]; skips: Skip[] } | undefined {
    try {
      const pieces = readPieces(this.resultPath(kind));
      try {
        const head = pieces.next();
        if (head.done) return undefined;
        const body = deserialize(head.value) as { format?: unknown; digest?: unknown; count?: unknown; skips?: unknown };
        if (body.format !== this.format || body.digest !== digest || !Array.isArray(body.skips)) return undefined;
        const events: R[] = [];
        for (const piece of pieces) for (const e of this.kind.decode(deserialize(piece))) events.push(e);
        // A piece short, however the file was cut: not this run's result.
        return events.length === body.count ? { events, skips: body.skips as Skip[] } : undefined;
      } finally {
        pieces.return();
      }
    } catch {
      return undefined;
    }
  }

  setResult(kind: string, digest: string, events: readonly R[], skips: readonly Skip[]): void {
    if (!writeAtomically(this.dir, this.resultPath(kind), framed(this.resultPieces(digest, events, skips)))) return;
    // The kinds of run seen lately: another `--provider` list is not kept for ever.
    keepNewest(this.dir, (n) => this.resultName.test(n), RESULTS_KEPT);
    try {
      // Nor the one result of the builds before kinds (same format, no kind in its name).
      rmSync(path.join(this.dir, `${this.kind.resultName}-v${this.format}.bin`), { force: true });
    } catch {
      // The folder is unusable: the next run that can write will remove it.
    }
  }

  /** The saved result's pieces: what it was made from (digest, skips, how many records), then its records. */
  private *resultPieces(digest: string, events: readonly R[], skips: readonly Skip[]): Generator<Uint8Array> {
    yield serialize({ format: this.format, digest, count: events.length, skips });
    // Without dedupe keys where the kind can leave them out: they are most of the bytes, and these records are deduplicated already.
    for (let at = 0; at < events.length; at += RESULT_PIECE_EVENTS) {
      yield serialize(this.kind.encode(events.slice(at, at + RESULT_PIECE_EVENTS), { keys: false, devices: true }));
    }
  }

  private encodeEntry({ events, ...rest }: CachedFile<R>): EncodedEntry {
    return { ...rest, events: this.kind.encode(events) };
  }

  private decodeEntry(raw: unknown): CachedFile<R> {
    const e = raw as EncodedEntry;
    if (
      typeof e.path !== 'string' ||
      !(PROVIDERS as readonly string[]).includes(e.provider) ||
      typeof e.size !== 'number' ||
      typeof e.mtimeMs !== 'number' ||
      !Array.isArray(e.skips)
    ) {
      throw new Error('invalid entry');
    }
    return {
      path: e.path,
      provider: e.provider,
      size: e.size,
      mtimeMs: e.mtimeMs,
      events: this.kind.decode(e.events),
      skips: e.skips,
      ...(e.resume ? { resume: e.resume } : {}),
    };
  }

  private resultPath(kind: string): string {
    return path.join(this.dir, `${this.kind.resultName}-v${this.format}-${fnv1a(kind).toString(16).padStart(8, '0')}.bin`);
  }

  private shardPath(i: number): string {
    return path.join(this.dir, `${this.kind.shardName}-v${this.format}-${i.toString().padStart(2, '0')}.bin`);
  }

  private shard(i: number): Map<string, CachedFile<R>> {
    let shard = this.shards.get(i);
    if (!shard) {
      shard = new Map();
      try {
        const body = deserialize(readFileSync(this.shardPath(i))) as { format?: unknown; entries?: unknown };
        if (body.format !== this.format || !Array.isArray(body.entries)) throw new Error('other format');
        for (const raw of body.entries) {
          const entry = this.decodeEntry(raw);
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

/** Each piece after its length (u32, little-endian), so that pieces can be told apart when read back. */
function* framed(pieces: Iterable<Uint8Array>): Generator<Uint8Array> {
  for (const piece of pieces) {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(piece.length);
    yield length;
    yield piece;
  }
}

/** The pieces `framed` wrote to `file`, read one at a time; throws where the file does not end on a whole piece. */
function* readPieces(file: string): Generator<Buffer, void, undefined> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Buffer.alloc(4);
    for (let at = 0; at < size; ) {
      if (!readFully(fd, length, at)) throw new Error('cut piece');
      const pieceBytes = length.readUInt32LE(0);
      // Checked before it is allocated: a damaged length can name gigabytes.
      if (at + 4 + pieceBytes > size) throw new Error('cut piece');
      const piece = Buffer.allocUnsafe(pieceBytes);
      if (!readFully(fd, piece, at + 4)) throw new Error('cut piece');
      yield piece;
      at += 4 + piece.length;
    }
  } finally {
    closeSync(fd);
  }
}

function shardOf(file: string): number {
  // Stable across runs and processes, unlike any in-memory hash.
  return fnv1a(file) % SHARDS;
}

interface EncodedEntry {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
  skips: Skip[];
  resume?: ResumePoint;
  /** As the kind encodes them. */
  events: unknown;
}
