import { unpack } from '../packing.js';
import type { PageData } from '../page-data.js';
import { redrawAll } from './charts.js';
import { h } from './dom.js';
import { activitySections } from './sections-activity.js';
import { header, notes, totals } from './sections-summary.js';
import { chartSections, tableSections } from './sections-usage.js';
import { onThemeChange } from './theme.js';

/** The page: the embedded reports' JSON, read once, drawn into <main>. */
function start(): void {
  const source = document.getElementById('usage-data');
  const app = document.getElementById('app');
  if (!source || !app) return;
  const data = unpack(JSON.parse(source.textContent ?? 'null')) as unknown as PageData;
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

start();
