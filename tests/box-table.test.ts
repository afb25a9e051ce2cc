import Table from 'cli-table3';
import kleur from 'kleur';
import { describe, expect, it } from 'vitest';
import { renderBoxTable, type BoxTable } from '../src/render/box-table.js';

/** cli-table3's drawing of the same table (plain text), as the reports drew it before. */
function cliTable3(t: BoxTable): string {
  const table = new Table({ head: [...t.head], colAligns: [...t.align], style: { head: [], border: [], compact: t.compact } });
  for (const r of t.rows) table.push([...r.cells]);
  return table.toString();
}

function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
}

const WORDS = ['', 'a', 'opus-4-6', '1,234,567', '$12.34', '2026-05-02', 'Total', 'プロジェクト', 'café', '└ sonnet-4-5', '  x  ', '日本語テキスト'];

describe('renderBoxTable', () => {
  it('draws what cli-table3 draws', () => {
    const rnd = random(5);
    for (let round = 0; round < 400; round++) {
      const columns = 1 + rnd(8);
      const cell = (): string => Array.from({ length: rnd(4) === 0 ? 1 + rnd(3) : 1 }, () => WORDS[rnd(WORDS.length)]!).join('\n');
      const t: BoxTable = {
        head: Array.from({ length: columns }, cell),
        align: Array.from({ length: columns }, () => (rnd(2) === 0 ? 'left' : 'right')),
        compact: rnd(2) === 0,
        rows: Array.from({ length: rnd(12) }, () => ({ cells: Array.from({ length: columns }, cell) })),
      };
      expect(renderBoxTable(t), `round ${round}`).toBe(cliTable3(t));
    }
  });

  it('draws a small table exactly', () => {
    const t: BoxTable = { head: ['Date', 'Cost'], align: ['left', 'right'], compact: false, rows: [{ cells: ['2026-05-02', '$1.50'] }, { cells: ['Total', '$12.00'] }] };
    expect(renderBoxTable(t)).toBe(
      [
        '┌────────────┬────────┐',
        '│ Date       │   Cost │',
        '├────────────┼────────┤',
        '│ 2026-05-02 │  $1.50 │',
        '├────────────┼────────┤',
        '│ Total      │ $12.00 │',
        '└────────────┴────────┘',
      ].join('\n'),
    );
  });

  it('colours each line of a cell, never the borders or the padding', () => {
    const was = kleur.enabled;
    kleur.enabled = true;
    try {
      const t: BoxTable = { head: ['Models', 'Cost'], headStyle: kleur.cyan, align: ['left', 'right'], compact: true, rows: [{ cells: ['opus-4-6\nsonnet-4-5', '$1.00'], style: kleur.green }] };
      const out = renderBoxTable(t);
      expect(out.replace(/\x1b\[\d+m/g, '')).toBe(renderBoxTable({ ...t, headStyle: undefined, rows: [{ cells: t.rows[0]!.cells }] }));
      expect(out.split('\n')[4]).toBe(`│ ${kleur.green('sonnet-4-5')} │       │`);
      for (const line of out.split('\n')) for (const part of line.split('│')) expect(part.match(/\x1b\[(?:3[0-8]|9\d)m/g)?.length ?? 0).toBe(part.match(/\x1b\[39m/g)?.length ?? 0);
    } finally {
      kleur.enabled = was;
    }
  });
});
