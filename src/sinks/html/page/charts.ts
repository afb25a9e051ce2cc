import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type TooltipItem,
} from 'chart.js';
import { formatCost, formatTokens } from '../../../render/format.js';
import { formatCompact, formatLocal, formatPercent, formatWindow } from '../../../render/blocks-format.js';
import type { ToolsJson } from '../page-data.js';
import { agentColour, ERROR_COLOUR, OTHER_COLOUR, readTheme, seriesColour, TOKEN_TYPE_COLOURS, type Theme } from './theme.js';
import { errorRate, type ModelShare, type Series, type Window } from './views.js';

// Only what the page draws is registered, so that the bundle carries only those parts of Chart.js.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);

// Each canvas's chart and how to make it: made again from scratch for new colours or a new width.
const configs = new Map<HTMLCanvasElement, (theme: Theme) => ChartConfiguration>();
const charts = new Map<HTMLCanvasElement, Chart>();

/** Draws a chart on `canvas` (in the page already: Chart.js sizes it to its box), replacing the one there. */
export function mount(canvas: HTMLCanvasElement, config: (theme: Theme) => ChartConfiguration): void {
  configs.set(canvas, config);
  draw(canvas, config);
}

function draw(canvas: HTMLCanvasElement, config: (theme: Theme) => ChartConfiguration): void {
  charts.get(canvas)?.destroy();
  const theme = readTheme();
  Chart.defaults.color = theme.muted;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  charts.set(canvas, new Chart(canvas, config(theme)));
}

export function redrawAll(): void {
  for (const [canvas, config] of configs) draw(canvas, config);
}

function base(theme: Theme): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, color: theme.fg } },
      tooltip: { backgroundColor: theme.card, titleColor: theme.fg, bodyColor: theme.fg, footerColor: theme.muted, borderColor: theme.grid, borderWidth: 1 },
    },
  };
}

// Small axes need more than cents: $0.005 steps would all read $0.01.
const costTick = (v: number | string): string => {
  const n = Number(v);
  return n === 0 ? '$0' : n < 1 ? `$${Number(n.toPrecision(2))}` : `$${formatCompact(n)}`;
};
const tokenTick = (v: number | string): string => formatCompact(Number(v));

function dayAxis(): Record<string, unknown> {
  return { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } };
}

/** Bars per day, stacked; the tooltip lists each part and their sum. */
function stackedPerDay(
  theme: Theme,
  days: string[],
  datasets: { label: string; data: number[]; backgroundColor: string }[],
  format: (n: number) => string,
  tick: (v: number | string) => string,
): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels: days, datasets: datasets.map((d) => ({ ...d, stack: 'day', maxBarThickness: 56 })) },
    options: {
      ...base(theme),
      scales: { x: dayAxis(), y: { stacked: true, beginAtZero: true, ticks: { callback: tick } } },
      plugins: {
        ...base(theme)!.plugins,
        tooltip: {
          ...base(theme)!.plugins!.tooltip,
          filter: (item: TooltipItem<'bar'>) => Number(item.raw) > 0,
          callbacks: {
            label: (item: TooltipItem<'bar'>) => `${item.dataset.label}: ${format(Number(item.raw))}`,
            footer: (items: TooltipItem<'bar'>[]) => `Total: ${format(items.reduce((sum, i) => sum + Number(i.raw), 0))}`,
          },
        },
      },
    },
  };
}

/** Cost per day, one stacked series per agent or per model. */
export function costPerDay(days: string[], series: Series[], byAgent: boolean): (theme: Theme) => ChartConfiguration {
  const datasets = series.map((s) => ({
    label: s.label,
    data: s.values,
    backgroundColor: byAgent ? agentColour(s.key) : s.colourIndex < 0 ? OTHER_COLOUR : seriesColour(s.colourIndex),
  }));
  return (theme) => stackedPerDay(theme, days, datasets, formatCost, costTick);
}

/** Tokens per day by type, stacked (reasoning is part of output, as in the tables). */
export function tokensPerDay(days: string[], t: Record<keyof typeof TOKEN_TYPE_COLOURS, number[]>): (theme: Theme) => ChartConfiguration {
  const sets: [keyof typeof TOKEN_TYPE_COLOURS, string][] = [
    ['input', 'Input'],
    ['output', 'Output'],
    ['cacheWrite', 'Cache create'],
    ['cacheRead', 'Cache read'],
  ];
  const datasets = sets.map(([key, label]) => ({ label, data: t[key], backgroundColor: TOKEN_TYPE_COLOURS[key] }));
  return (theme) => stackedPerDay(theme, days, datasets, formatTokens, tokenTick);
}

interface WindowPoint {
  x: [number, number];
  y: string;
  w: Window;
}

/** The 5-hour windows on a time line, one row per agent; the active window drawn in the accent colour. */
export function windowsTimeline(windows: Window[], agents: string[], zone: string, range: { min: number; max: number }): (theme: Theme) => ChartConfiguration {
  const point = (w: Window): WindowPoint => ({ x: [w.startMs, w.endMs], y: w.provider, w });
  const spanDays = (range.max - range.min) / 86_400_000;
  return (theme) => {
    const datasets: ChartDataset<'bar', WindowPoint[]>[] = agents.map((agent) => ({
      label: agent,
      data: windows.filter((w) => w.provider === agent && !w.block.isActive).map(point),
      backgroundColor: agentColour(agent),
      // Back-to-back windows stay two bars.
      borderColor: theme.card,
      borderWidth: { left: 1, right: 1 },
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.7,
      categoryPercentage: 1,
      minBarLength: 2,
    }));
    const active = windows.filter((w) => w.block.isActive).map(point);
    if (active.length > 0) datasets.push({
      label: 'active window',
      data: active,
      backgroundColor: theme.accent,
      borderColor: theme.fg,
      borderWidth: 2,
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.9,
      categoryPercentage: 1,
      minBarLength: 4,
    });
    return {
      type: 'bar',
      data: { labels: agents, datasets: datasets as unknown as ChartDataset<'bar'>[] },
      options: {
        ...base(theme),
        indexAxis: 'y',
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: {
            type: 'linear',
            min: range.min,
            max: range.max,
            afterBuildTicks: (axis) => {
              axis.ticks = timeTicks(range.min, range.max, zone).map((value) => ({ value }));
            },
            ticks: { maxRotation: 0, autoSkip: true, callback: (v) => formatLocal(Number(v), zone, spanDays > 3 ? 'MM-dd' : 'MM-dd HH:mm') },
          },
          y: { grid: { display: false } },
        },
        plugins: {
          ...base(theme)!.plugins,
          tooltip: {
            ...base(theme)!.plugins!.tooltip,
            callbacks: {
              title: (items: TooltipItem<'bar'>[]) => {
                const w = (items[0]?.raw as WindowPoint | undefined)?.w;
                return w ? `${w.provider} ${formatWindow(w.startMs, w.endMs, zone)}${w.block.isActive ? ' (active)' : ''}` : '';
              },
              label: (item: TooltipItem<'bar'>) => {
                const b = (item.raw as WindowPoint).w.block;
                return [`${formatCost(b.costUSD)} · ${formatTokens(b.totalTokens)} tokens · ${formatTokens(b.entries)} requests`, b.models.join(', ')];
              },
            },
          },
        },
      },
    };
  };
}

const HOUR_MS = 3_600_000;
const TICK_HOURS = [1, 2, 3, 6, 12, 24, 48, 24 * 7, 24 * 14, 24 * 28];

/**
 * About eight ticks on whole local hours (or local midnights), in the report's zone: Chart.js would put
 * them on round numbers of milliseconds.
 */
export function timeTicks(min: number, max: number, zone: string): number[] {
  const step = TICK_HOURS.find((h) => (max - min) / (h * HOUR_MS) <= 8) ?? TICK_HOURS[TICK_HOURS.length - 1]!;
  const ticks: number[] = [];
  let days = 0;
  for (let t = Math.ceil(min / HOUR_MS) * HOUR_MS; t <= max; t += HOUR_MS) {
    const hour = Number(formatLocal(t, zone, 'H'));
    if (step < 24 ? hour % step === 0 : hour === 0 && days++ % (step / 24) === 0) ticks.push(t);
  }
  return ticks;
}

/** Each model's share of the cost, largest first; the models after the first few as one slice. */
export function costShare(shares: ModelShare[]): (theme: Theme) => ChartConfiguration {
  const shown = shares.filter((s) => s.colourIndex >= 0 && s.cost > 0);
  const rest = shares.filter((s) => s.colourIndex < 0).reduce((sum, s) => sum + s.cost, 0);
  const labels = [...shown.map((s) => s.label), ...(rest > 0 ? ['other'] : [])];
  const values = [...shown.map((s) => s.cost), ...(rest > 0 ? [rest] : [])];
  const colours = [...shown.map((s) => seriesColour(s.colourIndex)), ...(rest > 0 ? [OTHER_COLOUR] : [])];
  const total = values.reduce((a, b) => a + b, 0);
  return (theme) => ({
    type: 'doughnut',
    data: { labels, datasets: [{ data: values, backgroundColor: colours, borderColor: theme.card, borderWidth: 2 }] },
    options: {
      ...base(theme),
      interaction: { mode: 'nearest', intersect: true },
      cutout: '58%',
      plugins: {
        ...base(theme)!.plugins,
        legend: { display: false },
        tooltip: {
          ...base(theme)!.plugins!.tooltip,
          callbacks: {
            label: (item: TooltipItem<'doughnut'>) => `${formatCost(Number(item.raw))} (${((Number(item.raw) / total) * 100).toFixed(1)}%)`,
          },
        },
      },
    },
  });
}

/** Calls per tool (the most used first), the failed ones stacked in red. */
export function toolCalls(tools: ToolsJson['tools'], multiAgent: boolean, top = 15): (theme: Theme) => ChartConfiguration {
  const ranked = [...tools].sort((a, b) => b.calls - a.calls).slice(0, top);
  const labels = ranked.map((t) => (multiAgent ? `${t.provider} · ${t.tool}` : t.tool));
  return (theme) => ({
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'succeeded or unknown', data: ranked.map((t) => t.calls - t.errors), backgroundColor: seriesColour(0), stack: 'calls', maxBarThickness: 28 },
        { label: 'failed', data: ranked.map((t) => t.errors), backgroundColor: ERROR_COLOUR, stack: 'calls', maxBarThickness: 28 },
      ],
    },
    options: {
      ...base(theme),
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true, ticks: { callback: tokenTick } }, y: { stacked: true, grid: { display: false } } },
      plugins: {
        ...base(theme)!.plugins,
        tooltip: {
          ...base(theme)!.plugins!.tooltip,
          callbacks: {
            label: (item: TooltipItem<'bar'>) => `${item.dataset.label}: ${formatTokens(Number(item.raw))}`,
            footer: (items: TooltipItem<'bar'>[]) => {
              const t = ranked[items[0]?.dataIndex ?? 0]!;
              return `${formatTokens(t.calls)} calls, ${formatPercent(errorRate(t.calls, t.errors))} failed`;
            },
          },
        },
      },
    },
  });
}
