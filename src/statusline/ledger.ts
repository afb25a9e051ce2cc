import { isAscii } from 'node:buffer';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROVIDERS, fromFloat64, storeTokens, tokensAt, usageEvent, type UsageEvent } from '../core/types.js';
import { writeAtomically } from '../pipeline/atomic-write.js';
import type { Folder } from '../pipeline/discover.js';
import { readFully } from '../pipeline/read-fully.js';
import type { ResumePoint } from '../pipeline/read-file.js';
import { SNAPSHOT_PRICING, type Pricing } from '../pricing/overrides.js';
import type { PricedEvent } from '../report/aggregate.js';
import type { Cost, WindowTotals } from './figures.js';
import { murmur128 } from './hash.js';

/** Bump when what a ledger holds changes: one of another format is rebuilt, never trusted. */
const FORMAT = 6;

/** A log file whose events the ledger holds, as it was when last read. */
export interface LedgerFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Where reading goes on once it has grown; absent: it can only be read again whole. */
  resume?: ResumePoint;
}

export interface TotalsQuery {
  now: number;
  todayStartMs: number;
  blocksFromMs: number;
  sessionId?: string;
}

// One row of numbers per event. Sessions, projects and models are indexes into `names`. A dedupe key
// or response id is kept as 96 bits of its 128-bit MurmurHash3, in two numbers (-1: none): the row is
// then all numbers, loaded and saved as a copy; two of the ~10^5 ids of a ledger share those bits
// with odds of about 10^-19. The first half is the "hash" the bitsets and indexes use.
const TS = 0;
const RANK = 1;
const COST = 2;
const TOKENS = 3; // input, 5m writes, 1h writes, reads, output, reasoning
const FLAGS = 9;
const FILE = 10;
const SESSION = 11;
const PROJECT = 12;
const MODEL = 13;
const KEY_HASH = 14;
const KEY_REST = 15;
const RID_HASH = 16;
const RID_REST = 17;
const STRIDE = 18;

/** An id as two 48-bit numbers. */
export type Identity = readonly [hash: number, rest: number];

/** Up to this many lookups of a key are a scan of the rows; past it, an index is built. */
const SCANS = 32;
/** Bits in each of the hash bitsets. */
const BITS = 1 << 20;
/** Rows added since the rows file was last written, past which it is written again (else only the state is). */
const TAIL_ROWS = 4096;
/** A rows or listing file no state names that is older than this is left over (a rebuild's, a concurrent call's). */
const ORPHAN_MS = 60_000;
/** Files changed since the listing was written, past which it is written again (else the state holds them). */
const CHANGED_FILES = 64;

const SIDECHAIN = 1;
const PRICED = 2;
const FAST = 4;
/** Replaced by a better line of the same response (kept until the ledger is built again). */
const DEAD = 8;
const PROVIDER_SHIFT = 4;

/**
 * The events the status line counts, kept from call to call so that a call pays only for what was
 * appended since the last: every file of the window (modified since `windowFrom`) and of the session,
 * each read up to its resume point, with the events already reduced by the first dedupe rule (one per
 * dedupe key across all files: the highest rank, on a tie the later line of one file, or the file read
 * first) and priced. The second rule (a sidechain replay of a response counted elsewhere) depends on
 * every event at once and is applied when totals are taken. Stored as columns in one file per
 * session, with the folders discovery read; a replaced event stays, marked, until the ledger is built
 * again (at least daily), so that rows never move.
 */
export class Ledger {
  readonly files: LedgerFile[] = [];
  /** Prices rows as they are added: a ledger's identity names the prices, so rows priced otherwise are never reused. */
  pricing: Pricing = SNAPSHOT_PRICING;
  /** The folders discovery read last time, to be reused while unchanged. */
  folders = new Map<string, Folder>();
  /** When discovery last looked at every file (a rescan) (epoch ms, the clock's); undefined: never. */
  rescannedAtMs: number | undefined;
  private readonly fileIndex = new Map<string, number>();
  private rows: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private count = 0;
  private names: string[] = [];
  private nameIndex: Map<string, number> | undefined;
  /** Key hash → row of the event holding it (-1: more than one key has that hash); built past SCANS lookups. */
  private keyIndex: Map<number, number> | undefined;
  private scans = 0;
  /** A bit per hash (modulo BITS) of every row's key and response id: a clear bit says no row has it. */
  private keyBits: Uint32Array<ArrayBufferLike> = new Uint32Array(BITS / 32);
  private ridBits: Uint32Array<ArrayBufferLike> = new Uint32Array(BITS / 32);
  /** What rows [0, sealed.rows) add up to, while none of them was replaced or may be a replay. */
  private sealed: Sealed | undefined;
  /** The rows file holds rows [0, baseRows), under this generation; rows of it since replaced are listed. */
  private baseRows = 0;
  private generation: string | undefined;
  private deadBase: number[] = [];
  /**
   * The listing file holds the files as of some call and the folders (the bulk of a ledger, and what
   * changes least): the files tracked again since, by index, go in the state, and the listing is
   * written again only when the folders changed or many files did.
   */
  private listing: { name: string; folders: ReadonlyMap<string, Folder> } | undefined;
  private readonly changedFiles = new Set<number>();
  /** The state file's bytes as loaded: a call that changed nothing does not write it again. */
  private loadedState: Uint8Array | undefined;

  constructor(
    /** Every file modified since this instant (epoch ms) is in the ledger, with the session's own. */
    readonly windowFrom: number,
    /** Of keys and response ids; a test gives one whose first half collides. */
    private readonly identify: (id: string) => Identity = murmurIdentity,
  ) {}

  /**
   * The ledger saved under `file` for `identity`, or undefined when there is none that can be trusted.
   * It is kept in three files: the rows as of some call (written again only when many were added since,
   * so that a call does not rewrite megabytes for one line), the listing (files and folders, written
   * again when the folders changed), and `file`, with the rows added since, those of the rows file
   * replaced since, the files tracked since, and the names. Not V8's serialization: node:v8 costs a
   * call milliseconds to load, and the rows are read straight into the ledger's buffer.
   */
  static load(file: string, identity: string): Ledger | undefined {
    try {
      const bytes = readFileSync(file);
      const stored = decodeState(bytes);
      if (!stored) return undefined;
      const { header: state, tail } = stored;
      if (state.format !== FORMAT || state.identity !== identity || typeof state.windowFrom !== 'number') return undefined;
      const { names, deadBase, baseRows, sealed, changed, generation, listing: listingName } = state;
      if (typeof baseRows !== 'number' || !Number.isInteger(baseRows) || typeof generation !== 'string' || typeof listingName !== 'string') return undefined;
      if (!Array.isArray(names) || !Array.isArray(changed) || !Array.isArray(deadBase)) return undefined;
      const dir = path.dirname(file);
      const listing = readListing(path.join(dir, listingName), identity);
      if (!listing) return undefined;
      const ledger = new Ledger(state.windowFrom);
      const count = baseRows + tail.length / STRIDE;
      // Room for the rows this call adds: growing copies them all.
      ledger.rows = new Float64Array((count + 1024) * STRIDE);
      const base = readRows(rowsFile(file, generation), ledger.rows, baseRows);
      if (!base || base.identity !== identity || base.generation !== generation) return undefined;
      ledger.rows.set(tail, baseRows * STRIDE);
      ledger.count = count;
      ledger.baseRows = baseRows;
      ledger.generation = generation;
      ledger.deadBase = deadBase;
      for (const row of deadBase) ledger.rows[row * STRIDE + FLAGS] = ledger.rows[row * STRIDE + FLAGS]! | DEAD;
      ledger.keyBits = base.keyBits;
      ledger.ridBits = base.ridBits;
      for (let i = baseRows; i < count; i++) {
        if (ledger.rows[i * STRIDE + KEY_HASH]! >= 0) setBit(ledger.keyBits, ledger.rows[i * STRIDE + KEY_HASH]!);
        if (ledger.rows[i * STRIDE + RID_HASH]! >= 0) setBit(ledger.ridBits, ledger.rows[i * STRIDE + RID_HASH]!);
      }
      ledger.names = names;
      ledger.folders = listing.folders;
      if (typeof state.rescannedAtMs === 'number') ledger.rescannedAtMs = state.rescannedAtMs;
      ledger.listing = { name: listingName, folders: listing.folders };
      if (sealed && sealed.rows === count && Array.isArray(sealed.window)) ledger.sealed = sealed;
      // The listing's files, with those tracked since in their places (a new one right after the last).
      const files = listing.files;
      for (const [index, f] of changed) {
        if (!Number.isInteger(index) || index < 0 || index > files.length) return undefined;
        files[index] = f;
      }
      for (const f of files) ledger.track(f);
      ledger.changedFiles.clear();
      for (const [index] of changed) ledger.changedFiles.add(index);
      ledger.loadedState = bytes;
      return ledger;
    } catch {
      return undefined; // none yet, damaged, or of an older build
    }
  }

  /** Never throws: a ledger that cannot be written only makes the next call slower. */
  save(file: string, identity: string): void {
    const dir = path.dirname(file);
    const previous = this.generation;
    if (this.generation === undefined || this.count - this.baseRows > Math.max(TAIL_ROWS, this.baseRows / 4) || this.deadBase.length > TAIL_ROWS) {
      const generation = newGeneration();
      if (!writeAtomically(dir, rowsFile(file, generation), encodeRows({ identity, generation }, this.rows, this.count, this.keyBits, this.ridBits))) return;
      this.generation = generation;
      this.baseRows = this.count;
      this.deadBase = [];
    }
    const previousListing = this.listing?.name;
    if (!this.listing || this.changedFiles.size > CHANGED_FILES || !sameFolders(this.folders, this.listing.folders)) {
      const name = path.basename(listingFile(file, newGeneration()));
      const files = this.files.map(jsonSafeFile);
      const folders = [...this.folders].map(([dir, f]): StoredFolder => {
        const entries = f instanceof ListedFolder ? f.stored : joinEntries(f.entries);
        return f.unreadable ? [dir, f.mtimeMs, f.readAtMs, entries, 1] : [dir, f.mtimeMs, f.readAtMs, entries];
      });
      const listing: StoredListing = { format: FORMAT, identity, files, folders };
      if (!writeAtomically(dir, path.join(dir, name), Buffer.from(JSON.stringify(listing)))) return;
      this.listing = { name, folders: this.folders };
      this.changedFiles.clear();
    }
    const state: StoredState = {
      format: FORMAT,
      identity,
      generation: this.generation,
      listing: this.listing.name,
      baseRows: this.baseRows,
      deadBase: this.deadBase,
      windowFrom: this.windowFrom,
      ...(this.rescannedAtMs !== undefined ? { rescannedAtMs: this.rescannedAtMs } : {}),
      changed: [...this.changedFiles].sort((a, b) => a - b).map((i) => [i, jsonSafeFile(this.files[i]!)]),
      names: this.names,
      ...(this.sealed?.rows === this.count ? { sealed: this.sealed } : {}),
    };
    const bytes = withJsonHeader(state, [this.rows.subarray(this.baseRows * STRIDE, this.count * STRIDE)]);
    if (this.loadedState !== undefined && Buffer.compare(bytes, this.loadedState) === 0) return; // as loaded
    // The rows and listing files this one replaced go once the state names the new ones, with any left
    // behind by a rebuild a while ago (not a newer one: another call may be about to name it).
    if (writeAtomically(dir, file, bytes)) {
      this.loadedState = bytes;
      const prefix = `${path.basename(file, '.bin')}-`;
      const current = new Set([path.basename(rowsFile(file, this.generation)), this.listing.name]);
      const replaced = new Set([previous === undefined ? '' : path.basename(rowsFile(file, previous)), previousListing ?? '']);
      try {
        for (const n of readdirSync(dir)) {
          if (!n.startsWith(prefix) || !(n.endsWith('.rows.bin') || n.endsWith('.list.json')) || current.has(n)) continue;
          const old = replaced.has(n) || (statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0) < Date.now() - ORPHAN_MS;
          if (old) rmSync(path.join(dir, n), { force: true });
        }
      } catch {
        // Gone, or not ours to tidy: the next rewrite tries again.
      }
    }
  }

  file(path: string): LedgerFile | undefined {
    const i = this.fileIndex.get(path);
    return i === undefined ? undefined : this.files[i];
  }

  /** Records (or updates) a file as read up to its resume point; its index names its events. */
  track(file: LedgerFile): number {
    let i = this.fileIndex.get(file.path);
    if (i === undefined) {
      i = this.files.push(file) - 1;
      this.fileIndex.set(file.path, i);
    } else {
      this.files[i] = file;
    }
    this.changedFiles.add(i);
    return i;
  }

  /**
   * Adds the events of one read of a file (already one per key within that read, in line order): an
   * event whose key is held already replaces the held one only with a higher rank, or an equal rank in
   * the same file (a later line of a streamed response).
   */
  add(fileIndex: number, events: readonly UsageEvent[]): void {
    for (const e of events) {
      const key = e.dedupeKey === undefined ? undefined : this.identify(e.dedupeKey);
      const rid = e.responseId === undefined ? undefined : this.identify(e.responseId);
      if (key !== undefined) {
        const held = this.holder(key);
        if (held >= 0) {
          const r = held * STRIDE;
          if (!(e.rank > this.rows[r + RANK]! || (e.rank === this.rows[r + RANK]! && this.rows[r + FILE] === fileIndex))) continue;
          this.rows[r + FLAGS] = this.rows[r + FLAGS]! | DEAD;
          if (held < this.baseRows) this.deadBase.push(held);
          if (this.sealed && held < this.sealed.rows) this.sealed = undefined;
        }
      }
      // A response id some row may already have can change which of them the second rule keeps.
      if (this.sealed && rid !== undefined && hasBit(this.ridBits, rid[0])) this.sealed = undefined;
      const row = this.push(fileIndex, e, key, rid);
      if (this.keyIndex && key !== undefined) {
        const known = this.keyIndex.get(key[0]);
        this.keyIndex.set(key[0], known === undefined || this.has(known, KEY_HASH, key) ? row : -1);
      }
    }
  }

  /**
   * The session's cost and latest main request, today's cost and the events the 5-hour blocks are made
   * of, over the events that count: after the second dedupe rule (a sidechain event whose response id
   * a main-conversation event also has is a replay of it; of sidechain events alone, the best, the later
   * on a tie). Nothing later than `now` counts for today or the blocks.
   *
   * Only the rows added since the last totals are looked at while none of the rows before them was
   * replaced or shares a response id with a newer one: their session sum, latest request and the list
   * of their rows in the window were kept (the sums go on in the same order, so they are the same
   * numbers a pass over every row gives).
   */
  totals(q: TotalsQuery): WindowTotals {
    const rows = this.rows;
    const sessionId = q.sessionId ?? null;
    const base = this.sealed?.sessionId === sessionId ? this.sealed : undefined;
    const from = base?.rows ?? 0;
    const replays = this.sidechainReplays(from);
    const session = sessionId === null ? -1 : this.names.indexOf(sessionId);
    let sessionUsd = base?.sessionUsd ?? 0;
    let sessionPartial = base?.sessionPartial ?? false;
    let lastMain = base?.lastMain ?? -1;
    const unpriced = new Set<number>(base?.unpriced);
    const window = base ? [...base.window] : [];
    for (let i = from; i < this.count; i++) {
      const r = i * STRIDE;
      const flags = rows[r + FLAGS]!;
      if (flags & DEAD) continue;
      if (replays && flags & SIDECHAIN && rows[r + RID_HASH]! >= 0 && replays.get(replays.keyOf(i))!.kept !== i) continue;
      if (rows[r + SESSION] === session) {
        sessionUsd += rows[r + COST]!;
        if (this.lacksPrice(i)) {
          sessionPartial = true;
          unpriced.add(rows[r + MODEL]!);
        }
        // The main conversation's latest request holds the context; sub-agents have contexts of their own.
        if (!(flags & SIDECHAIN) && this.tokens(i) > 0 && (lastMain < 0 || rows[r + TS]! >= rows[lastMain * STRIDE + TS]!)) lastMain = i;
      }
      if (rows[r + TS]! >= this.windowFrom) window.push(i);
    }
    this.sealed = { rows: this.count, sessionId, sessionUsd, sessionPartial, lastMain, unpriced: [...unpriced], window };

    const today: Cost = { usd: 0, partial: false };
    const recent: PricedEvent[] = [];
    for (const i of window) {
      const ts = rows[i * STRIDE + TS]!;
      const cost = rows[i * STRIDE + COST]!;
      const lacksPrice = this.lacksPrice(i);
      if (ts > q.now) continue;
      if (ts >= q.todayStartMs) {
        today.usd += cost;
        if (lacksPrice) today.partial = true;
      }
      if (lacksPrice && (ts >= q.todayStartMs || ts >= q.blocksFromMs)) unpriced.add(rows[i * STRIDE + MODEL]!);
      if (ts >= q.blocksFromMs) recent.push({ event: this.event(i), cost });
    }
    return {
      ...(sessionId !== null ? { session: { usd: sessionUsd, partial: sessionPartial } } : {}),
      ...(lastMain >= 0 ? { lastMain: this.event(lastMain) } : {}),
      today,
      recent,
      unpricedModels: [...unpriced].map((m) => this.names[m]!).sort(),
    };
  }

  private tokens(i: number): number {
    const r = i * STRIDE + TOKENS;
    return this.rows[r]! + this.rows[r + 1]! + this.rows[r + 2]! + this.rows[r + 3]! + this.rows[r + 4]!;
  }

  private lacksPrice(i: number): boolean {
    return !(this.rows[i * STRIDE + FLAGS]! & PRICED) && this.tokens(i) > 0;
  }

  /**
   * Per response id that sidechain rows from `from` on carry, the row of the one sidechain event kept
   * (-1 when a main-conversation row has the id). Grouped by hash; should two ids share a hash, grouped
   * by the whole identity. Undefined when no sidechain row has a response id. (Rows before `from` share
   * no response id with these: `add` forgets the sealed totals when one might.)
   */
  private sidechainReplays(from: number): Replays | undefined {
    const byHash = this.groupReplays(from, (i) => this.rows[i * STRIDE + RID_HASH]!);
    return byHash === 'collision' ? (this.groupReplays(from, (i) => `${this.rows[i * STRIDE + RID_HASH]}:${this.rows[i * STRIDE + RID_REST]}`) as Replays | undefined) : byHash;
  }

  private groupReplays(from: number, keyOf: (row: number) => number | string): Replays | 'collision' | undefined {
    let replays: Replays | undefined;
    const rows = this.rows;
    for (let i = from; i < this.count; i++) {
      const flags = rows[i * STRIDE + FLAGS]!;
      if (flags & DEAD || !(flags & SIDECHAIN) || rows[i * STRIDE + RID_HASH]! < 0) continue;
      replays ??= Object.assign(new Map<number | string, { first: number; kept: number }>(), { keyOf });
      const k = keyOf(i);
      const group = replays.get(k);
      if (!group) replays.set(k, { first: i, kept: i });
      else if (!this.sameRid(group.first, i)) return 'collision';
      else if (rows[i * STRIDE + RANK]! >= rows[group.kept * STRIDE + RANK]!) group.kept = i;
    }
    if (!replays) return undefined;
    for (let i = from; i < this.count; i++) {
      const flags = rows[i * STRIDE + FLAGS]!;
      if (flags & DEAD || flags & SIDECHAIN || rows[i * STRIDE + RID_HASH]! < 0) continue;
      const group = replays.get(keyOf(i));
      if (!group) continue;
      if (!this.sameRid(group.first, i)) return 'collision';
      group.kept = -1;
    }
    return replays;
  }

  /** The row of the event holding this key, or -1. */
  private holder(key: Identity): number {
    if (!hasBit(this.keyBits, key[0])) return -1;
    if (!this.keyIndex && ++this.scans > SCANS) {
      this.keyIndex = new Map();
      for (let i = 0; i < this.count; i++) {
        const h = this.rows[i * STRIDE + KEY_HASH]!;
        if (h < 0 || this.rows[i * STRIDE + FLAGS]! & DEAD) continue;
        this.keyIndex.set(h, this.keyIndex.has(h) ? -1 : i);
      }
    }
    const indexed = this.keyIndex?.get(key[0]);
    if (indexed !== undefined && indexed >= 0) return this.has(indexed, KEY_HASH, key) ? indexed : -1;
    if (indexed === undefined && this.keyIndex) return -1;
    for (let i = 0; i < this.count; i++) {
      if (!(this.rows[i * STRIDE + FLAGS]! & DEAD) && this.has(i, KEY_HASH, key)) return i;
    }
    return -1;
  }

  /** Whether the row's key (KEY_HASH) or response id (RID_HASH) is this identity. */
  private has(row: number, column: number, id: Identity): boolean {
    const r = row * STRIDE + column;
    return this.rows[r] === id[0] && this.rows[r + 1] === id[1];
  }

  private sameRid(a: number, b: number): boolean {
    return this.rows[a * STRIDE + RID_HASH] === this.rows[b * STRIDE + RID_HASH] && this.rows[a * STRIDE + RID_REST] === this.rows[b * STRIDE + RID_REST];
  }

  private push(fileIndex: number, e: UsageEvent, key: Identity | undefined, rid: Identity | undefined): number {
    if ((this.count + 1) * STRIDE > this.rows.length) {
      const grown = new Float64Array(Math.max(1024 * STRIDE, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    const cost = this.pricing.cost(e.model, e.provider, e.tokens, e.fast);
    const r = this.count * STRIDE;
    const rows = this.rows;
    rows[r + TS] = e.timestamp;
    rows[r + RANK] = e.rank;
    rows[r + COST] = cost ?? 0;
    storeTokens(rows, r + TOKENS, e.tokens);
    rows[r + FLAGS] = (e.sidechain ? SIDECHAIN : 0) | (cost !== undefined ? PRICED : 0) | (e.fast ? FAST : 0) | (PROVIDERS.indexOf(e.provider) << PROVIDER_SHIFT);
    rows[r + FILE] = fileIndex;
    rows[r + SESSION] = this.name(e.sessionId);
    rows[r + PROJECT] = this.name(e.projectPath);
    rows[r + MODEL] = this.name(e.model);
    rows[r + KEY_HASH] = key?.[0] ?? -1;
    rows[r + KEY_REST] = key?.[1] ?? -1;
    if (key) setBit(this.keyBits, key[0]);
    rows[r + RID_HASH] = rid?.[0] ?? -1;
    rows[r + RID_REST] = rid?.[1] ?? -1;
    if (rid) setBit(this.ridBits, rid[0]);
    return this.count++;
  }

  /** The event of a row, for the blocks and the context: without its dedupe key and response id, done with. */
  private event(i: number): UsageEvent {
    const r = i * STRIDE;
    const rows = this.rows;
    const flags = rows[r + FLAGS]!;
    return usageEvent({
      provider: PROVIDERS[flags >> PROVIDER_SHIFT]!,
      timestamp: rows[r + TS]!,
      sessionId: this.names[rows[r + SESSION]!]!,
      projectPath: this.names[rows[r + PROJECT]!]!,
      model: this.names[rows[r + MODEL]!]!,
      tokens: tokensAt(rows, r + TOKENS),
      rank: fromFloat64(rows[r + RANK]!),
      fast: flags & FAST ? true : undefined,
      sidechain: flags & SIDECHAIN ? true : undefined,
    });
  }

  private name(s: string): number {
    if (!this.nameIndex) this.nameIndex = new Map(this.names.map((n, i) => [n, i]));
    let i = this.nameIndex.get(s);
    if (i === undefined) {
      i = this.names.push(s) - 1;
      this.nameIndex.set(s, i);
    }
    return i;
  }
}

/** The totals of the first `rows` rows for one session (null: none), and those of them in the window. */
interface Sealed {
  rows: number;
  sessionId: string | null;
  sessionUsd: number;
  sessionPartial: boolean;
  lastMain: number;
  /** Models (name indexes) with tokens but no price among the session's rows. */
  unpriced: number[];
  /** The rows that count with a timestamp at or after the window start, in order. */
  window: number[];
}

function hasBit(bits: Uint32Array, hash: number): boolean {
  const i = hash % BITS;
  return (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
}

function setBit(bits: Uint32Array, hash: number): void {
  const i = hash % BITS;
  bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
}

/** Per response id (or its hash): the first sidechain row with it and the one kept (-1: none). */
type Replays = Map<number | string, { first: number; kept: number }> & { keyOf: (row: number) => number | string };

function murmurIdentity(id: string): Identity {
  const [a, b, c, d] = murmur128(id);
  return [a + (b & 0xffff) * 2 ** 32, c + (d & 0xffff) * 2 ** 32];
}

/** The rows file of a ledger (`statusline-….bin` → `statusline-…-<generation>.rows.bin`). */
export function rowsFile(file: string, generation: string): string {
  return `${file.replace(/\.bin$/, '')}-${generation}.rows.bin`;
}

/**
 * A rows file: the length of a JSON header (8 bytes), the header (identity, generation, rows), padding
 * to 8 bytes, the rows, then the two bitsets. Not V8's serialization: the rows are read straight into
 * the ledger's own buffer, with room for new ones, with no copy.
 */
interface RowsHeader {
  identity: string;
  generation: string;
}

function encodeRows(header: RowsHeader, rows: Float64Array, count: number, keyBits: Uint32Array, ridBits: Uint32Array): Uint8Array {
  return withJsonHeader({ ...header, format: FORMAT, rows: count }, [rows.subarray(0, count * STRIDE), keyBits, ridBits]);
}

/**
 * The layout of both a ledger's files: the length of a JSON header (a double), the header, padding to
 * 8 bytes, then the numbers of `bodies`, one after another.
 */
function withJsonHeader(header: object, bodies: readonly (Float64Array | Uint32Array)[]): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  let at = bodyOffset(json.length);
  const out = Buffer.alloc(at + bodies.reduce((sum, b) => sum + b.byteLength, 0));
  out.writeDoubleLE(json.length, 0);
  json.copy(out, 8);
  for (const b of bodies) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += b.byteLength;
  }
  return out;
}

/** Where the numbers start after a JSON header of `jsonLength` bytes. */
function bodyOffset(jsonLength: number): number {
  return 8 + Math.ceil(jsonLength / 8) * 8;
}

/** Reads a rows file's `count` rows into `into`; undefined when it is not one of this format with that many rows. */
function readRows(file: string, into: Float64Array, count: number): (RowsHeader & { keyBits: Uint32Array; ridBits: Uint32Array }) | undefined {
  const fd = openSync(file, 'r');
  try {
    const length = Buffer.alloc(8);
    if (!readFully(fd, length, 0)) return undefined;
    const jsonLength = length.readDoubleLE(0);
    if (!Number.isInteger(jsonLength) || jsonLength <= 0 || jsonLength > 1 << 20) return undefined;
    const json = Buffer.alloc(jsonLength);
    if (!readFully(fd, json, 8)) return undefined;
    const header = JSON.parse(json.toString('utf8')) as RowsHeader & { format?: unknown; rows?: unknown };
    if (header.format !== FORMAT || header.rows !== count || typeof header.identity !== 'string' || typeof header.generation !== 'string') return undefined;
    const at = bodyOffset(jsonLength);
    const rowBytes = count * STRIDE * 8;
    const keyBits = new Uint32Array(BITS / 32);
    const ridBits = new Uint32Array(BITS / 32);
    const parts: [Uint8Array, number][] = [
      [new Uint8Array(into.buffer, into.byteOffset, rowBytes), at],
      [new Uint8Array(keyBits.buffer), at + rowBytes],
      [new Uint8Array(ridBits.buffer), at + rowBytes + BITS / 8],
    ];
    for (const [view, position] of parts) if (!readFully(fd, view, position)) return undefined; // cut short
    return { identity: header.identity, generation: header.generation, keyBits, ridBits };
  } finally {
    closeSync(fd);
  }
}

/** The state file's header (the tail of rows follows it). */
interface StoredState {
  format: number;
  identity: string;
  generation: string;
  listing: string;
  baseRows: number;
  deadBase: number[];
  windowFrom: number;
  rescannedAtMs?: number;
  /** Files tracked since the listing was written, by index (one past the listing's last: a new one). */
  changed: [number, LedgerFile][];
  names: string[];
  sealed?: Sealed;
}

/** A folder: path, mtime, when read, entries (see `joinEntries`), and 1 when it could not be read. */
type StoredFolder = [string, number, number, string | string[]] | [string, number, number, string | string[], 1];

/**
 * A folder's entries as one string, a line each, unless a name holds a line break (a list then):
 * a listing then parses into a string per folder rather than per name, and discovery splits a
 * folder's when it walks it, into strings that die young (the GC of ~6,000 names that lived the
 * whole call cost more than their parse).
 */
function joinEntries(entries: readonly string[]): string | string[] {
  return entries.some((e) => e.includes('\n')) ? [...entries] : entries.join('\n');
}

/** A folder of a listing as discovery reads it, its entries split when asked for. */
class ListedFolder implements Folder {
  readonly unreadable?: true;
  constructor(
    readonly mtimeMs: number,
    readonly readAtMs: number,
    readonly stored: string | string[],
    unreadable: boolean,
  ) {
    if (unreadable) this.unreadable = true;
  }

  get entries(): string[] {
    return typeof this.stored !== 'string' ? this.stored : this.stored === '' ? [] : this.stored.split('\n');
  }
}

interface StoredListing {
  format: number;
  identity: string;
  files: LedgerFile[];
  folders: StoredFolder[];
}

function newGeneration(): string {
  return Math.random().toString(36).slice(2);
}

/** The listing file of a ledger (`statusline-….bin` → `statusline-…-<generation>.list.json`). */
function listingFile(file: string, generation: string): string {
  return `${file.replace(/\.bin$/, '')}-${generation}.list.json`;
}

function readListing(file: string, identity: string): { files: LedgerFile[]; folders: Map<string, Folder> } | undefined {
  const bytes = readFileSync(file);
  // Most listings are ASCII: taken as Latin-1 then, a copy, where UTF-8 is decoded (~1 ms of 0.6 MB).
  const listing = JSON.parse(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')) as Partial<StoredListing>;
  if (listing.format !== FORMAT || listing.identity !== identity || !Array.isArray(listing.files) || !Array.isArray(listing.folders)) return undefined;
  const folders = new Map<string, Folder>();
  for (const [dir, mtimeMs, readAtMs, entries, unreadable] of listing.folders) {
    if (typeof dir !== 'string' || typeof mtimeMs !== 'number' || typeof readAtMs !== 'number' || !(typeof entries === 'string' || Array.isArray(entries))) return undefined;
    folders.set(dir, new ListedFolder(mtimeMs, readAtMs, entries, unreadable === 1));
  }
  return { files: listing.files, folders };
}

/** Whether discovery reused every folder of the listing as it was (it hands back the same objects). */
function sameFolders(now: ReadonlyMap<string, Folder>, listed: ReadonlyMap<string, Folder>): boolean {
  if (now === listed) return true;
  if (now.size !== listed.size) return false;
  for (const [dir, folder] of now) if (listed.get(dir) !== folder) return false;
  return true;
}

/**
 * The file as JSON keeps it: a resume point whose adapter state JSON would not give back as it is
 * (anything but plain objects, arrays, strings, finite numbers, booleans and null) is left out,
 * so that the file is read again whole rather than resumed from a state that came back different.
 */
function jsonSafeFile(f: LedgerFile): LedgerFile {
  return f.resume === undefined || plainJson(f.resume.state) ? f : { path: f.path, size: f.size, mtimeMs: f.mtimeMs };
}

function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(plainJson);
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every(plainJson);
}

/** A state file (`withJsonHeader`: its header, then the tail rows), the header unchecked: the caller checks what it reads. */
function decodeState(bytes: Buffer): { header: StoredState; tail: Float64Array } | undefined {
  if (bytes.length < 8) return undefined;
  const jsonLength = bytes.readDoubleLE(0);
  if (!Number.isInteger(jsonLength) || jsonLength <= 0 || 8 + jsonLength > bytes.length) return undefined;
  const at = bodyOffset(jsonLength);
  const tailBytes = bytes.length - at;
  if (tailBytes < 0 || tailBytes % (STRIDE * 8) !== 0) return undefined;
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + jsonLength)) as StoredState;
  // A copy: the buffer's offset need not be a multiple of 8.
  const tail = new Float64Array(tailBytes / 8);
  new Uint8Array(tail.buffer).set(bytes.subarray(at));
  return { header, tail };
}
