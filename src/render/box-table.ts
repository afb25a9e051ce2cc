import stringWidth from 'string-width';

/**
 * A boxed table, drawn as cli-table3 draws one with its default characters and one space of padding
 * (tests/box-table.test.ts holds the two to the same output). cli-table3 lays a table out by checking
 * every cell against every cell above it for spans: 2.5 s for the bench corpus's 1,800 sessions, where
 * this takes milliseconds. Cells are plain text, lines split on `\n`; a row's colour is applied per
 * line of each cell, so it never runs into the borders.
 */
export interface BoxTable {
  head: readonly string[];
  headStyle?: (text: string) => string;
  align: readonly ('left' | 'right')[];
  /** No separator line between body rows (only under the head). */
  compact: boolean;
  rows: readonly BoxRow[];
}

export interface BoxRow {
  cells: readonly string[];
  style?: (text: string) => string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns of a line: its length when plain ASCII (nearly always), else string-width's count. */
function widthOf(line: string): number {
  return PRINTABLE_ASCII.test(line) ? line.length : stringWidth(line);
}

export function renderBoxTable(table: BoxTable): string {
  const rows: { lines: string[][]; style: ((text: string) => string) | undefined }[] = [
    { lines: table.head.map((c) => c.split('\n')), style: table.headStyle },
    ...table.rows.map((r) => ({ lines: r.cells.map((c) => c.split('\n')), style: r.style })),
  ];
  const columns = table.head.length;
  const widths = new Array<number>(columns).fill(0);
  for (const row of rows) {
    for (let i = 0; i < columns; i++) for (const line of row.lines[i] ?? []) widths[i] = Math.max(widths[i]!, widthOf(line));
  }
  const rule = (left: string, cross: string, right: string): string => left + widths.map((w) => '─'.repeat(w + 2)).join(cross) + right;
  const out: string[] = [rule('┌', '┬', '┐')];
  rows.forEach((row, r) => {
    if (r > 0 && (r === 1 || !table.compact)) out.push(rule('├', '┼', '┤'));
    const height = Math.max(1, ...row.lines.map((l) => l.length));
    for (let k = 0; k < height; k++) {
      let text = '│';
      for (let i = 0; i < columns; i++) {
        const line = row.lines[i]?.[k] ?? '';
        const fill = ' '.repeat(widths[i]! - widthOf(line));
        const shown = row.style && line !== '' ? row.style(line) : line;
        text += ` ${table.align[i] === 'right' ? fill + shown : shown + fill} │`;
      }
      out.push(text);
    }
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
