import { now as nowMs } from '../../core/clock.js';
import type { ToolPart } from '../../core/tool-call.js';
import type { Provider } from '../../core/types.js';
import type { Loaded } from '../../pipeline/store.js';
import { DEFAULT_SESSION_MS } from '../../report/blocks.js';
import { ZonedCalendar } from '../../report/calendar.js';
import { buildLiveState } from '../../report/live-state.js';
import type { Pricing } from '../../pricing/overrides.js';
import { priceEvents, type PricedRun } from '../../report/price-events.js';
import { joinToolCalls } from '../../report/tool-join.js';
import { buildCounters, buildGauges, type CounterSet, type GaugeSet, type LabelOptions } from './metric-set.js';
import { MonotonicCounters } from './monotonic.js';

/** A session is active when it logged anything in the last this many minutes (as `watch` defaults). */
const ACTIVE_MINUTES = 10;

/**
 * The metrics of a long-running sink (`serve`, `push --interval`): counters recomputed when the store
 * is refreshed and held monotonic, gauges computed from the live state whenever they are read.
 */
export class LiveMetrics {
  private priced: PricedRun = { events: [], unpricedModels: [] };
  private held: CounterSet | undefined;
  /** The agents whose logs exist: the gauges name only them. */
  private present: Provider[] = [];
  private readonly monotonic = new MonotonicCounters();
  // "Today" plays no part in the gauges: the calendar's zone does not matter.
  private readonly calendar = new ZonedCalendar('UTC');

  constructor(
    private readonly providers: readonly Provider[],
    private readonly labels: LabelOptions,
    /** The prices in force (the config's own prices over the snapshot), as every report uses. */
    private readonly pricing: Pricing,
  ) {}

  /**
   * Takes what the logs hold now: the usage events and the tool parts of the same logs (both
   * deduplicated by their stores, the parts joined as `usage tools` joins them). Says how many series
   * are held above their total (see MonotonicCounters).
   */
  update(loaded: Loaded, tools: Loaded<ToolPart>): { lowered: number } {
    this.priced = priceEvents(loaded.events, this.pricing);
    this.present = this.providers.filter((p) => loaded.files.some((f) => f.provider === p));
    const { counters, lowered } = this.monotonic.hold(buildCounters(this.priced.events, joinToolCalls(tools.events).calls, this.labels));
    this.held = counters;
    return { lowered };
  }

  get unpricedModels(): readonly string[] {
    return this.priced.unpricedModels;
  }

  counters(): CounterSet {
    return this.held ?? { tokens: [], cost: [], requests: [], toolCalls: [], toolErrors: [] };
  }

  gauges(): GaugeSet {
    const state = buildLiveState(this.priced.events, {
      providers: this.present,
      now: nowMs(),
      calendar: this.calendar,
      sessionMs: DEFAULT_SESSION_MS,
      activeMinutes: ACTIVE_MINUTES,
    });
    return buildGauges(state, this.labels.device);
  }
}
