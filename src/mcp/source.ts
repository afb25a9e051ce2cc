import type { Skip } from '../core/diagnostics.js';
import { PROVIDERS, type Provider, type UsageEvent } from '../core/types.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import type { LogFile } from '../pipeline/discover.js';
import { EventStore } from '../pipeline/store.js';
import { deviceSources } from '../config/sources.js';

/** What one call reads: the events and skipped lines of the agents it asked for. */
export interface CallEvents {
  events: UsageEvent[];
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
  // One call at a time: a store is brought up to date by one caller.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(renv: RuntimeEnv, useCache: boolean) {
    // The config's sources too, as every report reads them.
    this.store = new EventStore({ providers: PROVIDERS, renv, sources: deviceSources(renv), useCache });
  }

  load(providers: readonly Provider[]): Promise<CallEvents> {
    const next = this.queue.then(() => this.refresh(providers));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async refresh(providers: readonly Provider[]): Promise<CallEvents> {
    const loaded = await this.store.refresh();
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
