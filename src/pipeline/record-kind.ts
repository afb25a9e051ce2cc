import type { Skip } from '../core/diagnostics.js';
import type { Adapter } from '../providers/adapter.js';
import type { CompiledPick } from './json-pick.js';

/** The kinds of record one log file is read into, each in a pass of its own. */
export type RecordKindName = 'usage' | 'tools';

/** What a reader hands back while it reads one file: the adapter's ParseOutput, a ToolReader's ToolOutput. */
export interface RecordOutput<R> {
  emit(record: R): void;
  skip(reason: Skip['reason']): void;
}

/** The part of an adapter (or of its ToolReader) that turns one file's lines or document into records. */
export interface RecordReader<R, State = unknown> {
  readonly needles: readonly string[];
  readonly pick: CompiledPick;
  newState(file: string): State;
  onRecord(record: Record<string, unknown>, state: State, out: RecordOutput<R>): void;
  readDocument?(chunks: Iterable<Buffer>, file: string, out: RecordOutput<R>): void;
}

/**
 * One kind of record through the shared machinery: which reader of an adapter makes it, how one
 * file's records are collected and deduplicated, how a run's are, and how they are encoded for the
 * cache and for worker threads. The store, the file cache, the readers and the threads are the same
 * for every kind; each kind has its own cache files (names and `format`), so that a change to one
 * kind never invalidates the other's cache.
 */
export interface RecordKind<R> {
  readonly name: RecordKindName;
  /** Prefixes of its per-file cache shards and of its saved results (`<name>-v<format>…`). */
  readonly shardName: string;
  readonly resultName: string;
  /** Bump when its readers or its encoding change what a file turns into. */
  readonly format: number;
  /** The adapter's reader of this kind; undefined when the agent logs none. */
  reader(adapter: Adapter): RecordReader<R> | undefined;
  /** Appends a record read from one file (may collapse it into the last one). */
  collect(records: R[], record: R): void;
  /** One file's duplicates dropped (or several files', `sources[i]` naming record i's file, oldest first). */
  keepBestPerKey(records: readonly R[], sources?: ArrayLike<number>): R[];
  /** A whole run's records, files oldest first: one per key. */
  dedupe(records: readonly R[], sources: ArrayLike<number>): R[];
  /** Sets the device label of a record read from a source of that device (the store's, on every load). */
  stamp(record: R, device: string): void;
  /**
   * For the cache and threads; `keys: false` may leave out what deduplicated records no longer need;
   * `devices: true` keeps each record's device (a whole run's saved result: per-file entries are stamped on load).
   */
  encode(records: readonly R[], opts?: { keys?: boolean; devices?: boolean }): unknown;
  /** The inverse of encode; throws on anything encode did not write. */
  decode(raw: unknown): R[];
  /** The buffers of an encoding that can be moved to another thread rather than copied. */
  transferables(encoded: unknown): ArrayBuffer[];
}
