import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { ToolPart } from '../core/tool-call.js';
import type { Provider } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { adaptersFor } from '../providers/index.js';
import type { EventStore, Loaded } from './store.js';

/** Changes arriving together are read together: the first one waits this long for the others. */
const SETTLE_MS = 40;
/** A full discovery now and then: catches a log folder created after start and anything a watcher missed. */
const RESCAN_MS = 30_000;

/** Where to watch: each root of each adapter, and the folders under it that its patterns can match. */
function watchTargets(providers: readonly Provider[], renv: RuntimeEnv): { roots: string[]; bases: string[] } {
  const roots = new Set<string>();
  const bases = new Set<string>();
  for (const adapter of adaptersFor(providers)) {
    for (const root of adapter.roots(renv)) {
      roots.add(root.dir);
      for (const pattern of adapter.patterns) {
        const fixed: string[] = [];
        for (const segment of pattern.split('/')) {
          if (/[*?[\]{}()!]/.test(segment)) break;
          fixed.push(segment);
        }
        bases.add(path.join(root.dir, ...fixed));
      }
    }
  }
  return { roots: [...roots], bases: [...bases] };
}

/** Under a base (a log folder), or on the way to one: anything else in a root (~/.claude/debug, todos…) is ignored. */
function relevantPath(bases: readonly string[]): (p: string) => boolean {
  return (p) => {
    const abs = path.resolve(p);
    return bases.some((b) => abs === b || abs.startsWith(b + path.sep) || b.startsWith(abs + path.sep));
  };
}

/** What the logs hold after a refresh: the usage events, and the tool parts when they are followed too. */
export interface Followed {
  loaded: Loaded;
  tools?: Loaded<ToolPart>;
}

export interface FollowOptions {
  store: EventStore;
  /** The tool parts of the same logs (`serve`, for its tool counters): refreshed with `store`, from the same changes. */
  toolStore?: EventStore<ToolPart>;
  providers: readonly Provider[];
  renv: RuntimeEnv;
  /** Minimum time between two refreshes of the store. */
  intervalMs: number;
  /** After each refresh: what the logs hold now, or why the refresh failed. */
  onRefresh: (result: Followed | { error: Error }) => void;
  /** The file watcher itself failed (the last refresh stays in force). */
  onWatchError: (err: Error) => void;
}

/**
 * Keeps an EventStore (and the tool parts' store, when given) up to date as the logs change (`watch`,
 * `serve`): a changed file is refreshed alone, a new file or folder (and a rescan every 30 s) discovers
 * again. Refreshes never overlap and come at most once per interval.
 */
export class LogFollower {
  private readonly watcher: FSWatcher;
  private readonly roots: string[];
  private readonly watched: Set<string>;
  private readonly pendingPaths = new Set<string>();
  private known = new Set<string>();
  private pendingFull = false;
  private busy = false;
  private stopped = false;
  private lastUpdate = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly rescanTimer: NodeJS.Timeout;

  /** `loaded`: the store's first refresh, made by the caller (its errors are the caller's to report). */
  constructor(
    private readonly opts: FollowOptions,
    loaded: Loaded,
  ) {
    this.known = new Set(loaded.files.map((f) => f.path));
    const { roots, bases } = watchTargets(opts.providers, opts.renv);
    const relevant = relevantPath(bases);
    this.roots = roots;
    this.watched = new Set(roots.filter((r) => existsSync(r)));
    this.watcher = watch([...this.watched], { ignoreInitial: true, persistent: true, ignored: (p: string) => !relevant(p) });
    const changed = (p: string): void => {
      this.pendingPaths.add(path.resolve(p));
      this.schedule();
    };
    this.watcher.on('change', changed);
    this.watcher.on('unlink', changed);
    for (const event of ['add', 'addDir', 'unlinkDir'] as const) this.watcher.on(event, () => this.refreshAll());
    // Anything appended while the watcher was still scanning its folders is read once it is ready.
    this.watcher.on('ready', () => this.refreshAll());
    this.watcher.on('error', (err: unknown) => opts.onWatchError(err as Error));
    this.rescanTimer = setInterval(() => this.refreshAll(), RESCAN_MS);
  }

  /** Discovers every file again, soon. */
  refreshAll(): void {
    this.pendingFull = true;
    this.schedule();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.rescanTimer);
    await this.watcher.close();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(SETTLE_MS, this.lastUpdate + this.opts.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, wait);
  }

  /** A root created after start (the agent's first run) is watched from the next full refresh on. */
  private watchRoots(): void {
    for (const root of this.roots) {
      if (!this.watched.has(root) && existsSync(root)) {
        this.watched.add(root);
        this.watcher.add(root);
      }
    }
  }

  private async update(): Promise<void> {
    if (this.busy || this.stopped) return;
    if (!this.pendingFull && this.pendingPaths.size === 0) return;
    this.busy = true;
    const paths = [...this.pendingPaths];
    const full = this.pendingFull || paths.some((p) => !this.known.has(p));
    this.pendingPaths.clear();
    this.pendingFull = false;
    let result: Followed | { error: Error };
    const refresh = <R>(store: EventStore<R>): Promise<Loaded<R>> => (full ? store.refresh() : store.refreshPaths(paths));
    try {
      const loaded = await refresh(this.opts.store);
      const tools = this.opts.toolStore ? await refresh(this.opts.toolStore) : undefined;
      this.known = new Set(loaded.files.map((f) => f.path));
      if (full) this.watchRoots();
      result = tools ? { loaded, tools } : { loaded };
    } catch (err) {
      result = { error: err as Error };
    } finally {
      this.busy = false;
      this.lastUpdate = Date.now();
    }
    if (this.stopped) return;
    this.opts.onRefresh(result);
    if (this.pendingFull || this.pendingPaths.size > 0) this.schedule();
  }
}
