import { COUNTERS, type CounterSet, type Labels, type Sample } from './metric-set.js';

/** A series' identity: its label values in a fixed order. */
function seriesKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
}

/**
 * Keeps exported counters from going down while a process runs (`serve`, `push --interval`).
 *
 * A counter is the deduplicated total of what the logs hold now; the store recounts a file that was
 * rewritten or shrank, as the cache does. When such a recount lowers a total, the series holds its
 * highest value until the total passes it again: it never reads as a counter reset (which would count
 * everything again as new), and a rewrite that briefly lowers a total and then restores it (a whole-file
 * rewrite seen half-written, a session moved between folders) leaves no trace. The price: what vanished
 * for good (a deleted transcript) is still in the counter, and the next usage of that series, up to the
 * amount that vanished, does not show in it. A series whose records vanish entirely keeps its last value.
 */
export class MonotonicCounters {
  private readonly held = new Map<string, Map<string, Sample>>();

  /** The counters to export for these totals; `lowered` counts the series held above their total. */
  hold(totals: CounterSet): { counters: CounterSet; lowered: number } {
    let lowered = 0;
    const counters = {} as CounterSet;
    for (const name of COUNTERS) {
      let series = this.held.get(name);
      if (!series) this.held.set(name, (series = new Map()));
      const present = new Set<string>();
      for (const sample of totals[name]) {
        const key = seriesKey(sample.labels);
        present.add(key);
        const before = series.get(key);
        if (before === undefined || sample.value >= before.value) series.set(key, sample);
        else lowered++;
      }
      // A series whose records are all gone is held too (at a value above 0, it is above its total).
      for (const [key, sample] of series) if (!present.has(key) && sample.value > 0) lowered++;
      counters[name] = [...series.values()];
    }
    return { counters, lowered };
  }
}
