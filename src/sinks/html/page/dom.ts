/** Elements from data: text always goes in as text (project paths and model names are not markup). */

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** A card: a heading, optional controls beside it, then the body. */
export function card(id: string, title: string, controls: Child[], ...body: Child[]): HTMLElement {
  return h('section', { class: 'card', id }, h('div', { class: 'card-head' }, h('h2', {}, title), ...controls), ...body);
}

/** A row of buttons of which one is pressed; `onPick` gets the chosen value. */
export function switcher<T extends string>(label: string, options: [T, string][], initial: T, onPick: (value: T) => void): HTMLElement {
  const box = h('div', { class: 'switch', role: 'group', 'aria-label': label });
  const buttons = options.map(([value, text]) => {
    const b = h('button', { type: 'button', 'data-value': value, 'aria-pressed': String(value === initial) }, text);
    b.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
      onPick(value);
    });
    return b;
  });
  append(box, buttons);
  return box;
}
