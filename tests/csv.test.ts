import { describe, expect, it } from 'vitest';
import { encodeCsv } from '../src/sinks/csv/encode.js';
import { REPORT_KINDS } from '../src/report/reports.js';
import { parseCsv } from './csv-read.js';
import { fixture, runCli } from './helpers.js';

/** The CSV as objects by header, each field read back as the JSON had it (a number, a boolean, a `;` list). */
function readBack(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** What a JSON value is as CSV text. */
const asText = (v: unknown): string => (Array.isArray(v) ? v.join(';') : v === null ? '' : String(v));

/** Each CSV row holds exactly the JSON row's scalar fields (nested objects by `a.b`), every other field empty. */
function expectSameRow(csv: Record<string, string>, json: Record<string, unknown>, skip: string[] = []): void {
  const expected: Record<string, string> = {};
  const walk = (o: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(o)) {
      if (skip.includes(k) || v === null) continue;
      if (typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
      else if (!(Array.isArray(v) && v.some((x) => typeof x === 'object'))) expected[prefix + k] = asText(v);
    }
  };
  walk(json, '');
  for (const [k, v] of Object.entries(csv)) if (!(k in expected)) expected[k] = skip.includes(k) ? v : '';
  expect(csv).toEqual(expected);
  // Plain numbers: what JSON.parse reads back is the JSON's number.
  for (const [k, v] of Object.entries(json)) if (typeof v === 'number') expect(Number(csv[k])).toBe(v);
}

describe('encodeCsv', () => {
  it('quotes as RFC 4180 says, only where needed, and ends every line with CRLF', () => {
    const csv = encodeCsv([{ projectPath: '/a,b', note: 'say "hi"', lines: 'one\ntwo', n: 1234567.5, none: null, list: ['x', 'y'] }]);
    expect(csv).toBe('projectPath,note,lines,n,list\r\n"/a,b","say ""hi""","one\ntwo",1234567.5,x;y\r\n');
    expect(parseCsv(csv)[1]).toEqual(['/a,b', 'say "hi"', 'one\ntwo', '1234567.5', 'x;y']);
  });

  it('breakdown rows follow their row, carrying its text fields', () => {
    const csv = encodeCsv([{ date: 'd1', totalCost: 3, subs: [{ modelName: 'm1', cost: 1 }, { modelName: 'm2', cost: 2 }] }], { breakdown: 'subs' });
    expect(csv).toBe('date,totalCost,modelName,cost\r\nd1,3,,\r\nd1,,m1,1\r\nd1,,m2,2\r\n');
  });

  it('text a spreadsheet would run as a formula is prefixed with a quote; numbers and -names are not', () => {
    const row = {
      eq: '=HYPERLINK("http://x","y")', plus: '+1+2', at: '@SUM(A1)', tab: '\tx', dash: '-2+3', name: '-home-me-app',
      n: -1.5, list: ['=cmd', 'ok'], plain: 'a=b',
    };
    const csv = encodeCsv([row]);
    expect(parseCsv(csv)[1]).toEqual([`'=HYPERLINK("http://x","y")`, "'+1+2", "'@SUM(A1)", "'\tx", "'-2+3", '-home-me-app', '-1.5', "'=cmd;ok", 'a=b']);
  });
});

describe('--csv read back equals --json', () => {
  const env = { CLAUDE_CONFIG_DIR: fixture('prices', 'own'), CODEX_HOME: fixture('codex', 'fork') };
  const prices = fixture('prices', 'own', 'prices.json');

  for (const kind of REPORT_KINDS) {
    it(`${kind} --breakdown`, async () => {
      const args = [kind, '-z', 'UTC', '--breakdown', '--prices', prices];
      const [csv, json] = await Promise.all([runCli([...args, '--csv'], env), runCli([...args, '--json'], env)]);
      expect(csv.code).toBe(0);
      const rowsKey = Object.keys(JSON.parse(json.stdout))[0]!;
      const jsonRows = JSON.parse(json.stdout)[rowsKey] as Record<string, unknown>[];
      const csvRows = readBack(csv.stdout);
      const expectedCount = jsonRows.reduce((n, r) => n + 1 + (r.modelBreakdowns as unknown[]).length, 0);
      expect(csvRows).toHaveLength(expectedCount);
      expect(expectedCount).toBeGreaterThan(jsonRows.length);
      let at = 0;
      for (const row of jsonRows) {
        expectSameRow(csvRows[at++]!, row, ['modelBreakdowns']);
        const carried = Object.keys(row).filter((k) => typeof row[k] === 'string');
        for (const sub of row.modelBreakdowns as Record<string, unknown>[]) {
          const line = csvRows[at++]!;
          for (const k of carried) if (!(k in sub)) expect(line[k]).toBe(row[k]);
          expectSameRow(line, sub, carried.filter((k) => !(k in sub)));
        }
      }
    });
  }

  it('daily without --breakdown: one row per day, no model columns, plain figures', async () => {
    const r = await runCli(['daily', '-z', 'UTC', '--csv', '--prices', prices], { CLAUDE_CONFIG_DIR: fixture('prices', 'own') });
    expect(r.stdout).toBe(
      'date,inputTokens,outputTokens,cacheCreationTokens,cacheReadTokens,reasoningTokens,totalTokens,cacheCreation5mTokens,cacheCreation1hTokens,totalCost,modelsUsed\r\n' +
        `2026-05-01,1500,150,0,11000,0,12650,0,0,${0.006 + 0.0008},claude-sonnet-4-5-20250929;acme-coder-1\r\n` +
        `2026-05-02,3000,1100,0,0,0,4100,0,0,${0.0132 + 0.0045},acme-fast-2;claude-haiku-4-5-20251001\r\n`,
    );
  });

  it('blocks: nested fields as columns, a row per window and gap', async () => {
    const args = ['blocks', '--prices', prices];
    const [csv, json] = await Promise.all([runCli([...args, '--csv'], env), runCli([...args, '--json'], env)]);
    const blocks = JSON.parse(json.stdout).blocks as Record<string, unknown>[];
    const rows = readBack(csv.stdout);
    expect(rows).toHaveLength(blocks.length);
    blocks.forEach((b, i) => expectSameRow(rows[i]!, b));
    expect(rows.map((r) => r.costUSD)).toEqual(['0.0068', '0', '0.0177']);
  });

  it('--json and --csv together are a user error', async () => {
    const r = await runCli(['daily', '--json', '--csv'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('usage: --json and --csv cannot go together\n');
  });
});
