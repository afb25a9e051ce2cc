import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Skip } from '../core/diagnostics.js';
import type { Provider, UsageEvent } from '../core/types.js';
import type { Adapter, RuntimeEnv } from '../providers/adapter.js';
import { readerThreads } from '../core/env.js';
import { adaptersFor } from '../providers/index.js';
import { localSource, type DeviceSource } from '../config/sources.js';
import { cacheDir } from './cache-dir.js';
import { discover, type Discovery, type Folder, type LogFile } from './discover.js';
import { FileCache, type CachedFile } from './file-cache.js';
import { readAll } from './pool.js';
import { resumeAfterAppend, type FileReadResult, type ResumePoint } from './read-file.js';
import type { RecordKind } from './record-kind.js';
import { USAGE_EVENTS } from './usage-records.js';

export interface StoreOptions<R = UsageEvent> {
  /** The kind of record read (usage events unless told): only adapters with a reader of it are listed. */
  kind?: RecordKind<R>;
  providers: readonly Provider[];
  renv: RuntimeEnv;
  /**
   * The folders read, each under its device label, in the order dedupe prefers on a tie (this machine
   * first); default: this machine's alone.
   */
  sources?: readonly DeviceSource[];
  /** False for --no-cache: nothing is read from or written to the cache folder. */
  useCache?: boolean;
  /** Files last modified before this instant (epoch ms) are left out: they hold no later usage. */
  modifiedSince?: number;
  /** Told after each file is brought up to date. */
  onProgress?: (doneFiles: number, totalFiles: number, doneBytes: number, totalBytes: number) => void;
}

/** One file's records as the store holds them (deduplicated within the file, in line order). */
export interface FileRecords<R> {
  file: Pick<LogFile, 'path' | 'size' | 'mtimeMs' | 'provider'>;
  records: readonly R[];
  /** The damaged lines skipped in it. */
  skips: readonly Skip[];
}

/** One device's files, oldest first, and its records deduplicated among those files alone. */
export interface DeviceRecords<R> {
  files: FileRecords<R>[];
  records: R[];
}

export interface Loaded<R = UsageEvent> {
  /**
   * The records of the store's kind, deduplicated, oldest file first, then line order. Usage events
   * served from a saved result (`loadOnce` with nothing changed) carry no dedupeKey or responseId:
   * those did their work already.
   */
  events: R[];
  files: LogFile[];
  searched: string[];
  skips: Skip[];
}

/** The order of files in every run: by mtime, then path. On a tie between files, dedupe keeps the response where it first appeared. */
export function oldestFileFirst(a: { mtimeMs: number; path: string }, b: { mtimeMs: number; path: string }): number {
  return a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/**
 * The per-file results of every log, kept up to date at the cost of what changed: an unchanged file
 * is not read, a grown one is read from where it was left, a shrunk or rewritten one is read again.
 * Reports use it once; `watch` and `statusline` keep one and refresh it.
 */
export class EventStore<R = UsageEvent> {
  private readonly current = new Map<string, CachedFile<R>>();
  private readonly cache: FileCache<R> | undefined;
  private readonly records: RecordKind<R>;
  private listing: Discovery = { files: [], searched: [], folders: new Map() };
  private listed: Promise<LogFile[]> | undefined;
  private readonly sources: readonly DeviceSource[];
  /** Each listed file's source (an index into `sources`): a file found in two is the first one's. */
  private readonly sourceOf = new Map<string, number>();

  /** The store whose listing this one takes rather than listing the same folders again (`ofKind`). */
  private listedBy: EventStore<unknown> | undefined;

  constructor(private readonly opts: StoreOptions<R>) {
    this.records = opts.kind ?? (USAGE_EVENTS as unknown as RecordKind<R>);
    this.sources = opts.sources ?? [localSource(opts.renv)];
    this.cache = opts.useCache === false ? undefined : new FileCache(cacheDir(opts.renv), this.records);
  }

  /**
   * A store of another kind of record over the same logs (same providers, folders, cache and files
   * left out), for a run that reads both: it takes this store's listing instead of listing every file
   * again, when the adapters with a reader of each kind are the same. For one-shot runs: the listing
   * is this store's first one.
   */
  ofKind<S>(kind: RecordKind<S>, onProgress?: StoreOptions<S>['onProgress']): EventStore<S> {
    const { kind: _mine, onProgress: _told, ...same } = this.opts;
    const store = new EventStore<S>({ ...same, kind, ...(onProgress ? { onProgress } : {}) });
    store.listedBy = this as EventStore<unknown>;
    return store;
  }

  /** Discovers every file again and brings each up to date. */
  async refresh(): Promise<Loaded<R>> {
    const files = await this.list();
    await this.update(files);
    this.cache?.flush();
    return this.snapshot();
  }

  /**
   * `refresh` for a one-shot report: when no file changed since the last run, the saved result is
   * the answer. The store is not kept up to date by this, so it is not for `watch`. Uses the listing
   * `digest` made, if it was called first.
   */
  async loadOnce(): Promise<Loaded<R>> {
    // Without a cache there is no saved result to name: the listing is enough.
    let digest: string | undefined;
    if (this.cache) digest = await this.digest();
    else await (this.listed ??= this.list());
    const files = this.listing.files;
    const saved = digest === undefined ? undefined : this.cache?.getResult(this.runKind(), digest);
    if (saved) return { ...saved, files, searched: this.listing.searched };
    await this.update(files);
    this.cache?.flush();
    const loaded = this.snapshot();
    // One-shot: the responses that lost to a duplicate need not stay in memory.
    this.current.clear();
    if (digest !== undefined) this.cache?.setResult(this.runKind(), digest, loaded.events, loaded.skips);
    return loaded;
  }

  /**
   * Names what a one-shot run would read: every file with its size and mtime, the folders searched
   * and what was asked. Equal digests, equal events. Lists the files the first time only.
   */
  async digest(): Promise<string> {
    this.listed ??= this.list();
    const files = await this.listed;
    const hash = createHash('sha256');
    hash.update(`${this.runKind()}|${this.listing.searched.join(',')}|${JSON.stringify(this.sources.map((s) => s.device))}\n`);
    for (const f of files) hash.update(`${this.sourceOf.get(f.path)}|${f.provider}|${f.size}|${f.mtimeMs}|${f.path}\n`);
    return hash.digest('hex');
  }

  /** What was asked, whatever the logs: runs of one kind share a saved result. */
  private runKind(): string {
    return `${this.opts.providers.join(',')}|${this.opts.modifiedSince ?? ''}`;
  }

  private async list(): Promise<LogFile[]> {
    const adapters = this.readingAdapters();
    if (this.listedBy?.listsFor(adapters)) await this.takeListing(this.listedBy);
    else this.listAgain(adapters);
    const keep = new Set(this.listing.files.map((f) => f.path));
    for (const path of this.current.keys()) if (!keep.has(path)) this.current.delete(path);
    return this.listing.files;
  }

  /** The asked agents' adapters that have a reader of this store's kind. */
  private readingAdapters(): Adapter[] {
    return adaptersFor(this.opts.providers).filter((a) => this.records.reader(a) !== undefined);
  }

  private listAgain(adapters: readonly Adapter[]): void {
    const since = this.opts.modifiedSince;
    const files: LogFile[] = [];
    const searched: string[] = [];
    const folders = new Map<string, Folder>();
    this.sourceOf.clear();
    this.sources.forEach((source, index) => {
      // Discovery as it is for this machine, with each adapter looking where the source holds its logs.
      const inSource = adapters.map((a) => ({ ...a, roots: () => source.roots(a) }));
      const discovered = discover(inSource, this.opts.renv);
      searched.push(...discovered.searched);
      for (const [dir, folder] of discovered.folders) folders.set(dir, folder);
      for (const f of discovered.files) {
        if ((since !== undefined && f.mtimeMs < since) || this.sourceOf.has(f.path)) continue;
        this.sourceOf.set(f.path, index);
        files.push(f);
      }
    });
    this.listing = { files, searched, folders };
  }

  /** Whether this store's listing is every file of these adapters' (those it lists are the same). */
  private listsFor(adapters: readonly Adapter[]): boolean {
    const mine = this.readingAdapters();
    return mine.length === adapters.length && mine.every((a, i) => a === adapters[i]);
  }

  private async takeListing(from: EventStore<unknown>): Promise<void> {
    await (from.listed ??= from.list());
    this.listing = from.listing;
    this.sourceOf.clear();
    for (const [path, source] of from.sourceOf) this.sourceOf.set(path, source);
  }

  /** What the last listing found: the files, the folders searched and those read. */
  get discovery(): Discovery {
    return this.listing;
  }

  /** Brings only these files up to date (a watcher saw them change); a vanished one is dropped. */
  async refreshPaths(paths: readonly string[]): Promise<Loaded<R>> {
    const known = new Map(this.listing.files.map((f) => [f.path, f]));
    const changed: LogFile[] = [];
    for (const path of new Set(paths)) {
      const provider = known.get(path)?.provider;
      if (!provider) continue;
      try {
        const s = statSync(path);
        const file = { path, provider, size: s.size, mtimeMs: s.mtimeMs };
        known.set(path, file);
        changed.push(file);
      } catch {
        known.delete(path);
        this.current.delete(path);
        this.cache?.delete(path);
      }
    }
    this.listing = { ...this.listing, files: [...known.values()] };
    await this.update(changed);
    this.cache?.flush();
    return this.snapshot();
  }

  snapshot(): Loaded<R> {
    const skips: Skip[] = [];
    const files = this.orderedFiles();
    const entries = files.map((file) => this.current.get(file.path));
    // Made at their size: pushed, the two lists of a run's events left their smaller copies behind.
    let count = 0;
    for (const entry of entries) count += entry?.events.length ?? 0;
    const events: R[] = new Array(count);
    const sources = new Int32Array(count);
    let n = 0;
    entries.forEach((entry, f) => {
      if (!entry) return;
      const device = this.deviceOf(files[f]!);
      for (const e of entry.events) {
        this.records.stamp(e, device);
        events[n] = e;
        sources[n++] = f;
      }
      for (const s of entry.skips) skips.push(s);
    });
    return { events: this.records.dedupe(events, sources), files: this.listing.files, searched: this.listing.searched, skips };
  }

  /** The files a one-shot run reads (listed once, as `digest` lists them), each with its source's device label. */
  async listedFiles(): Promise<(LogFile & { device: string })[]> {
    const files = await (this.listed ??= this.list());
    return files.map((file) => ({ ...file, device: this.deviceOf(file) }));
  }

  /**
   * Brings the listed files up to date (not listed again) and gives, per device label, its files
   * oldest first, each with its records (deduplicated within the file), and the device's records
   * deduplicated among its own files only: `sync` pushes each device's copy of a response, and a
   * reader of the database dedupes across devices as a local run does across sources. `devices`:
   * only these devices' files are read.
   */
  async perDevice(devices?: ReadonlySet<string>): Promise<Map<string, DeviceRecords<R>>> {
    const listed = await (this.listed ??= this.list());
    await this.update(devices ? listed.filter((file) => devices.has(this.deviceOf(file))) : listed);
    this.cache?.flush();
    const grouped = new Map<string, { files: FileRecords<R>[]; all: R[]; sources: number[] }>();
    for (const entry of this.orderedEntries()) {
      if (!entry) continue;
      const device = this.deviceOf(entry);
      if (devices && !devices.has(device)) continue;
      let group = grouped.get(device);
      if (!group) grouped.set(device, (group = { files: [], all: [], sources: [] }));
      for (const record of entry.events) {
        this.records.stamp(record, device);
        group.all.push(record);
        group.sources.push(group.files.length);
      }
      group.files.push({ file: entry, records: entry.events, skips: entry.skips });
    }
    const out = new Map<string, DeviceRecords<R>>();
    for (const [device, { files, all, sources }] of grouped) out.set(device, { files, records: this.records.dedupe(all, sources) });
    return out;
  }

  private deviceOf(file: Pick<LogFile, 'path'>): string {
    return this.sources[this.sourceOf.get(file.path) ?? 0]!.device;
  }

  private orderedEntries(): (CachedFile<R> | undefined)[] {
    return this.orderedFiles().map((file) => this.current.get(file.path));
  }

  /**
   * Source by source (this machine first), then oldest file first: on a tie between files, dedupe keeps
   * the response where it first appeared, and a transcript copied to two machines is the first source's.
   */
  private orderedFiles(): LogFile[] {
    const sourceAt = (file: LogFile): number => this.sourceOf.get(file.path) ?? 0;
    return [...this.listing.files].sort((a, b) => sourceAt(a) - sourceAt(b) || oldestFileFirst(a, b));
  }

  private async update(files: readonly LogFile[]): Promise<void> {
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
    let doneFiles = 0;
    let doneBytes = 0;
    const done = (file: LogFile): void => {
      doneBytes += file.size;
      this.opts.onProgress?.(++doneFiles, files.length, doneBytes, totalBytes);
    };
    const jobs: { file: LogFile; known?: CachedFile<R>; from?: ResumePoint }[] = [];
    for (const file of files) {
      const known = this.current.get(file.path) ?? this.cache?.get(file.path);
      if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) {
        this.current.set(file.path, known);
        done(file);
        continue;
      }
      // Only appended to since: go on from where it was left.
      const from = known ? resumeAfterAppend(file, known) : undefined;
      jobs.push(from ? { file, known, from } : { file, ...(known ? { known } : {}) });
    }
    const requests = jobs.map(({ file, from }) => ({
      provider: file.provider,
      path: file.path,
      bytes: from ? file.size - from.bytes : file.size,
      ...(from ? { from } : {}),
    }));
    const merge = (i: number, result: FileReadResult<unknown, R>): void => {
      const { file, known, from } = jobs[i]!;
      const entry: CachedFile<R> = {
        ...file,
        // A torn last line skipped last time is read again now: only skips of committed lines carry over.
        events: from ? this.records.keepBestPerKey([...known!.events, ...result.events]) : result.events,
        skips: from ? [...known!.skips.filter((s) => s.line <= from.lines), ...result.skips] : result.skips,
        ...(result.resume ? { resume: result.resume } : {}),
      };
      if (result.complete) this.cache?.set(entry);
      else this.cache?.delete(file.path);
      this.current.set(file.path, entry);
      done(file);
    };
    await readAll(requests, merge, readerThreads(this.opts.renv.env), this.records);
  }
}
