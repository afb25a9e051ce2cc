import { shortModel } from '../../../render/format.js';
import type { BlockJson, DailyJson, ModelJson, PageData } from '../page-data.js';

/**
 * The charts' series, grouped from the reports' rows: sums of the rows' own figures by agent or
 * model, never a figure the JSON does not hold. Days with no row are zero on the axis.
 */

export interface Series {
  key: string;
  label: string;
  values: number[];
  /** Index into the series palette; -1 for "other". */
  colourIndex: number;
}

const DAY_MS = 86_400_000;

/** Every calendar day from the first report day to the last (YYYY-MM-DD; plain date arithmetic, no zone). */
export function daysOf(daily: DailyJson): string[] {
  const rows = daily.daily;
  if (rows.length === 0) return [];
  const dates = rows.map((r) => r.date).sort();
  const days: string[] = [];
  const last = Date.parse(`${dates[dates.length - 1]}T00:00:00Z`);
  for (let t = Date.parse(`${dates[0]}T00:00:00Z`); t <= last; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function costByAgent(daily: DailyJson, days: readonly string[]): Series[] {
  const at = new Map(days.map((d, i) => [d, i]));
  const byAgent = new Map<string, number[]>();
  for (const row of daily.daily) {
    for (const m of row.modelBreakdowns) {
      let values = byAgent.get(m.provider);
      if (!values) byAgent.set(m.provider, (values = days.map(() => 0)));
      values[at.get(row.date)!]! += m.cost;
    }
  }
  return [...byAgent.keys()].sort().map((provider, i) => ({ key: provider, label: provider, values: byAgent.get(provider)!, colourIndex: i }));
}

/** The `top` models by cost over the period, each its own series, and the rest as one "other". */
export function costByModel(daily: DailyJson, days: readonly string[], top = 8): Series[] {
  const at = new Map(days.map((d, i) => [d, i]));
  const byModel = new Map<string, { label: string; total: number; values: number[] }>();
  const multiAgent = new Set(daily.daily.flatMap((r) => r.modelBreakdowns.map((m) => m.provider))).size > 1;
  for (const row of daily.daily) {
    for (const m of row.modelBreakdowns) {
      const key = `${m.provider}/${m.modelName}`;
      let s = byModel.get(key);
      if (!s) byModel.set(key, (s = { label: modelLabel(m.provider, m.modelName, multiAgent), total: 0, values: days.map(() => 0) }));
      s.total += m.cost;
      s.values[at.get(row.date)!]! += m.cost;
    }
  }
  const ranked = [...byModel.entries()].sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  const series: Series[] = ranked.slice(0, top).map(([key, s], i) => ({ key, label: s.label, values: s.values, colourIndex: i }));
  const rest = ranked.slice(top);
  if (rest.length > 0) {
    series.push({ key: 'other', label: `${rest.length} other`, values: days.map((_, i) => rest.reduce((sum, [, s]) => sum + s.values[i]!, 0)), colourIndex: -1 });
  }
  return series;
}

export function tokensByType(daily: DailyJson, days: readonly string[]): Record<'input' | 'output' | 'cacheWrite' | 'cacheRead', number[]> {
  const at = new Map(days.map((d, i) => [d, i]));
  const out = { input: days.map(() => 0), output: days.map(() => 0), cacheWrite: days.map(() => 0), cacheRead: days.map(() => 0) };
  for (const row of daily.daily) {
    const i = at.get(row.date)!;
    out.input[i] = row.inputTokens;
    out.output[i] = row.outputTokens;
    out.cacheWrite[i] = row.cacheCreationTokens;
    out.cacheRead[i] = row.cacheReadTokens;
  }
  return out;
}

export interface ModelShare {
  label: string;
  provider: string;
  modelName: string;
  cost: number;
  tokens: number;
  requests: number;
  share: number;
  priced: boolean;
  colourIndex: number;
}

/** Every model row with its share of the total cost; the chart shows the first `top` and sums the rest. */
export function modelShares(models: ModelJson, top = 8): ModelShare[] {
  const total = models.totals.totalCost;
  const multiAgent = new Set(models.models.map((m) => m.provider)).size > 1;
  const unpriced = new Set(models.unpricedModels);
  return [...models.models]
    .sort((a, b) => b.totalCost - a.totalCost)
    .map((m, i) => ({
      label: modelLabel(m.provider, m.modelName, multiAgent),
      provider: m.provider,
      modelName: m.modelName,
      cost: m.totalCost,
      tokens: m.totalTokens,
      requests: m.requests,
      share: total > 0 ? m.totalCost / total : 0,
      priced: !unpriced.has(m.modelName),
      colourIndex: i < top ? i : -1,
    }));
}

export function modelLabel(provider: string, modelName: string, multiAgent: boolean): string {
  return multiAgent ? `${provider}/${shortModel(modelName)}` : shortModel(modelName);
}

export interface Window {
  provider: string;
  startMs: number;
  endMs: number;
  block: BlockJson;
}

/** The windows with activity (gaps are the space between bars), each with its agent. */
export function windowsOf(data: PageData): Window[] {
  const only = data.blocks.providers[0] ?? '';
  return data.blocks.blocks
    .filter((b) => !b.isGap)
    .map((b) => ({ provider: b.provider ?? only, startMs: Date.parse(b.startTime), endMs: Date.parse(b.endTime), block: b }));
}

/** The agents with usage in the period, from the model rows. */
export function agentsOf(data: PageData): string[] {
  return [...new Set(data.models.models.map((m) => m.provider))].sort();
}


/** Failed calls as a percentage of all calls (0 without calls). */
export function errorRate(calls: number, errors: number): number {
  return calls > 0 ? (errors / calls) * 100 : 0;
}
