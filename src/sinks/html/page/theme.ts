/** Colours: the page's CSS variables (light, dark, print) for text and lines; fixed hues for data. */

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  card: string;
  accent: string;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string): string => style.getPropertyValue(name).trim();
  return { fg: v('--fg'), muted: v('--muted'), grid: v('--grid'), card: v('--card'), accent: v('--accent') };
}

/** Calls `redraw` when the colours or the page's width may have changed: dark mode switched, printing. */
export function onThemeChange(redraw: () => void): void {
  for (const query of ['(prefers-color-scheme: dark)', 'print']) matchMedia(query).addEventListener('change', redraw);
  window.addEventListener('beforeprint', redraw);
  window.addEventListener('afterprint', redraw);
}

const AGENT_COLOURS: Record<string, string> = { claude: '#d9774b', codex: '#10a37f', gemini: '#4a86e8' };

export function agentColour(provider: string): string {
  return AGENT_COLOURS[provider] ?? '#8c96a3';
}

/** Tableau 10: tells ten series apart in both modes and in grey print. */
const SERIES = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const OTHER_COLOUR = '#98a1ad';

export function seriesColour(index: number): string {
  return SERIES[index % SERIES.length]!;
}

export const TOKEN_TYPE_COLOURS = { input: '#4e79a7', output: '#f28e2b', cacheWrite: '#59a14f', cacheRead: '#76b7b2' } as const;
export const ERROR_COLOUR = '#e15759';
