import { h } from './dom.js';

export interface Column<R> {
  key: string;
  label: string;
  numeric?: boolean;
  /** Extra cell class: `path` and `id` cells are monospaced. */
  kind?: 'path' | 'id';
  text(row: R): string;
  /** What the column sorts by; the text when not given. */
  sort?(row: R): number | string;
  /** The whole value, when the cell shows it shortened. */
  title?(row: R): string;
  /** Content put before the text (a colour swatch, a flag). */
  lead?(row: R): Node | undefined;
}

export interface TableSpec<R> {
  id: string;
  columns: Column<R>[];
  rows: readonly R[];
  sortBy: string;
  descending: boolean;
  /** Rows shown before "show all"; every row when not given. */
  limit?: number;
  /** The text a search looks in. */
  searchText(row: R): string;
  /** The totals row (already formatted), shown while no search narrows the rows. */
  footer?: string[];
  noun: string;
}

interface Prepared<R> {
  row: R;
  cells: string[];
  keys: (number | string)[];
  search: string;
}

/** A table that sorts on a click of its header and filters by the search box it returns. */
export function sortableTable<R>(spec: TableSpec<R>): { table: HTMLElement; search: HTMLInputElement } {
  const prepared: Prepared<R>[] = spec.rows.map((row) => ({
    row,
    cells: spec.columns.map((c) => c.text(row)),
    keys: spec.columns.map((c) => (c.sort ? c.sort(row) : c.text(row).toLowerCase())),
    search: spec.searchText(row).toLowerCase(),
  }));
  let sortIndex = Math.max(0, spec.columns.findIndex((c) => c.key === spec.sortBy));
  let descending = spec.descending;
  let query = '';
  let showAll = spec.limit === undefined;

  const headCells = spec.columns.map((c, i) => {
    const button = h('button', { type: 'button' }, c.label);
    const th = h('th', { class: c.numeric ? 'num' : undefined, 'data-key': c.key, scope: 'col' }, button);
    button.addEventListener('click', () => {
      // A new column starts with its natural order: largest numbers, A before Z.
      if (i === sortIndex) descending = !descending;
      else {
        sortIndex = i;
        descending = c.numeric === true;
      }
      draw();
    });
    return th;
  });
  const tbody = h('tbody');
  const tfoot = spec.footer
    ? h('tfoot', {}, h('tr', {}, ...spec.footer.map((text, i) => h('td', { class: spec.columns[i]?.numeric ? 'num' : undefined }, text))))
    : undefined;
  const count = h('span');
  const more = h('button', { type: 'button' });
  more.addEventListener('click', () => {
    showAll = true;
    draw();
  });
  const search = h('input', { type: 'search', placeholder: `Search ${spec.noun}`, 'aria-label': `Search ${spec.noun}` });
  search.addEventListener('input', () => {
    query = search.value.trim().toLowerCase();
    draw();
  });
  const table = h(
    'div',
    { id: spec.id },
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, ...headCells)), tbody, tfoot)),
    h('div', { class: 'table-foot' }, count, more),
  );

  function draw(): void {
    headCells.forEach((th, i) => {
      if (i === sortIndex) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
    const sign = descending ? -1 : 1;
    const matching = prepared.filter((p) => query === '' || p.search.includes(query));
    // Ties keep the order of the report's JSON.
    const ordered = matching
      .map((p, at) => ({ p, at }))
      .sort((a, b) => {
        const x = a.p.keys[sortIndex]!;
        const y = b.p.keys[sortIndex]!;
        return (x < y ? -sign : x > y ? sign : 0) || a.at - b.at;
      })
      .map((e) => e.p);
    const shown = showAll ? ordered : ordered.slice(0, spec.limit);
    const fragment = document.createDocumentFragment();
    for (const p of shown) {
      const tr = h('tr');
      spec.columns.forEach((c, i) => {
        const cls = [c.numeric ? 'num' : '', c.kind ?? ''].filter(Boolean).join(' ') || undefined;
        tr.append(h('td', { class: cls, title: c.title?.(p.row) }, c.lead?.(p.row), p.cells[i]!));
      });
      fragment.append(tr);
    }
    tbody.replaceChildren(fragment);
    if (tfoot) tfoot.hidden = query !== '';
    const total = prepared.length;
    const counted = query === '' ? `${total} ${spec.noun}` : `${matching.length} of ${total} ${spec.noun} match`;
    count.textContent = shown.length < ordered.length ? `${counted}, ${shown.length} shown` : counted;
    more.hidden = shown.length === ordered.length;
    more.textContent = `Show all ${ordered.length}`;
  }

  draw();
  return { table, search };
}
