import type { Skip } from '../core/diagnostics.js';
import { PROVIDERS, type Provider, type UsageEvent } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import type { LogFile } from '../pipeline/discover.js';
import type { ToolPart } from '../core/tool-call.js';
import { EventStore, type Loaded } from '../pipeline/store.js';
import { TOOL_PARTS } from '../pipeline/tool-parts.js';
import { deviceSources } from '../config/sources.js';

/** What one call reads: the events and skipped lines of the agents it asked for. */
export interface CallEvents<R = UsageEvent> {
  events: R[];
  files: LogFile[];
  skips: Skip[];
}

/**
 * One event store over every agent for the server's whole life, brought up to date on each call (an
 * unchanged file is not read again, a grown one only from where it was left). A call for some agents
 * gets theirs alone, which is what a run with `--provider` loads: dedupe keys name their agent, and
 * a sidechain replay is only ever Claude's, so no agent's events decide another's; the files keep
 * their order, so do the events.
 */
export class EventSource {
  private readonly store: EventStore;
  /** The tool parts of the same logs, for the `tools` tool: a store of its own kind, kept as long. */
  private readonly toolStore: EventStore<ToolPart>;
  // One call at a time: a store is brought up to date by one caller.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(renv: RuntimeEnv, useCache: boolean) {
    // The config's sources too, as every report reads them.
    const sources = deviceSources(renv);
    this.store = new EventStore({ providers: PROVIDERS, renv, sources, useCache });
    this.toolStore = new EventStore({ kind: TOOL_PARTS, providers: PROVIDERS, renv, sources, useCache });
  }

  load(providers: readonly Provider[]): Promise<CallEvents> {
    return this.enqueue(() => this.store.refresh(), providers);
  }

  /** The deduplicated tool parts of these agents, as `usage tools` reads them. */
  loadToolParts(providers: readonly Provider[]): Promise<CallEvents<ToolPart>> {
    return this.enqueue(() => this.toolStore.refresh(), providers);
  }

  private enqueue<R extends { provider: Provider }>(refresh: () => Promise<Loaded<R>>, providers: readonly Provider[]): Promise<CallEvents<R>> {
    const next = this.queue.then(async () => this.mine(await refresh(), providers));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private mine<R extends { provider: Provider }>(loaded: Loaded<R>, providers: readonly Provider[]): CallEvents<R> {
    const wanted = new Set(providers);
    const files = loaded.files.filter((f) => wanted.has(f.provider));
    const paths = new Set(files.map((f) => f.path));
    return {
      events: loaded.events.filter((e) => wanted.has(e.provider)),
      files,
      skips: loaded.skips.filter((s) => paths.has(s.file)),
    };
  }
}
