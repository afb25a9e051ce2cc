import type { PageData } from '../page-data.js';
import { redrawAll } from './charts.js';
import { h } from './dom.js';
import { activitySections } from './sections-activity.js';
import { header, notes, totals } from './sections-summary.js';
import { chartSections, tableSections } from './sections-usage.js';
import { onThemeChange } from './theme.js';

/** The embedded reports' JSON (encode.ts): base64 of its gzip, read back by the browser's own decompressor. */
async function readData(source: HTMLElement): Promise<PageData> {
  const bytes = Uint8Array.from(atob((source.textContent ?? '').trim()), (c) => c.charCodeAt(0));
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return JSON.parse(text) as PageData;
}

/** The page: the data read once, drawn into <main>. */
async function start(): Promise<void> {
  const source = document.getElementById('usage-data');
  const app = document.getElementById('app');
  if (!source || !app) return;
  const data = await readData(source);
  app.replaceChildren(header(data), totals(data));
  const note = notes(data);
  if (note) app.append(note);
  if (data.daily.daily.length === 0) {
    app.append(h('p', { class: 'muted', id: 'empty' }, 'No usage in the selected period.'));
  } else {
    // Charts measure their box when made: each section is in the page before its charts are drawn.
    const grid = h('div', { class: 'grid' });
    app.append(grid);
    chartSections(data, grid);
    tableSections(data, grid);
    activitySections(data, grid);
  }
  app.append(
    h('footer', {}, `Made by ${data.generator.name} ${data.generator.version} from the agents' local logs at ${data.generatedAt}. This file loads nothing from the network.`),
  );
  onThemeChange(redrawAll);
  document.documentElement.dataset.drawnMs = String(Math.round(performance.now()));
}

start().catch((err: unknown) => {
  // A browser without DecompressionStream (before 2023), or a damaged file: say so instead of a blank page.
  document.getElementById('app')?.replaceChildren(h('p', { class: 'notes' }, `This report could not be drawn here: ${String(err)}`));
  throw err;
});
