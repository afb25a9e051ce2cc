/**
 * `usage report --html`: the page's data equals the reports' `--json`, and the page, opened in real
 * headless Chromium, shows the hand-worked figures of fixtures/html (README there), draws every
 * chart, sorts and searches its tables, and asks for nothing but itself.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize } from 'node:v8';
import { gunzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeData } from '../src/sinks/html/encode.js';
import { openerFor } from '../src/sinks/html/open.js';
import type { PageData } from '../src/sinks/html/page-data.js';
import { pageRecord, pageText } from '../src/sinks/html/page-memo.js';
import { renderPage } from '../src/sinks/html/template.js';
import { launchBrowser, openWatched, paintedPixels } from './browser.js';
import { fixture, runCli, runJson, tempDirs, withoutToolCounts } from './helpers.js';

const ENV = {
  CLAUDE_CONFIG_DIR: fixture('html', 'claude'),
  CODEX_HOME: fixture('html', 'codex'),
  GEMINI_CLI_HOME: fixture('html', 'gemini'),
  USAGE_NOW: '2026-05-02T12:50:00Z',
};
const FLAGS = ['-z', 'UTC'];
const temp = tempDirs('usage-html-');

describe('the page data', () => {
  it('is the JSON of daily, session, project, model and blocks for the same flags', async () => {
    const data = await runJson<PageData>(['report', ...FLAGS], ENV);
    expect(data.daily).toEqual(await runJson(['daily', ...FLAGS], ENV));
    expect(data.sessions).toEqual(withoutToolCounts(await runJson(['session', ...FLAGS], ENV)));
    expect(data.projects).toEqual(await runJson(['project', ...FLAGS], ENV));
    expect(data.models).toEqual(await runJson(['model', ...FLAGS], ENV));
    const { blocks } = await runJson<{ blocks: unknown[] }>(['blocks', ...FLAGS, '-p', 'claude,codex,gemini'], ENV);
    expect(data.blocks).toEqual({ blocks, providers: ['claude', 'codex', 'gemini'] });
    // The hand-worked figures (fixtures/html/README.md).
    expect(data.daily.totals.totalCost).toBeCloseTo(0.07925, 12);
    expect(data.daily.totals.totalTokens).toBe(40_200);
    expect(data.daily.unpricedModels).toEqual(['claude-mystery-1']);
    expect(data.generatedAt).toBe('2026-05-02T12:50:00.000Z');
    expect(data.tools).toBeUndefined();
    expect(data.audit).toBeUndefined();
  });

  it('takes the reports\' filters', async () => {
    const data = await runJson<PageData>(['report', ...FLAGS, '--since', '2026-05-02', '--provider', 'claude', '--project', 'lib'], ENV);
    expect(data.filters).toEqual({ since: '2026-05-02', project: 'lib', providers: ['claude'] });
    expect(data.daily).toEqual(await runJson(['daily', ...FLAGS, '--since', '2026-05-02', '--provider', 'claude', '--project', 'lib'], ENV));
    expect(data.sessions.sessions.map((s) => s.sessionId)).toEqual(['a7e10002-0000-4aaa-8bbb-000000000002']);
    expect(data.blocks.blocks.map((b) => [b.startTime, b.totalTokens, b.isActive])).toEqual([['2026-05-02T12:00:00.000Z', 6000, true]]);
  });

  it('is embedded as base64 of its gzip, which no text in it can break out of', () => {
    const hostile = { path: '/x/</script><script>alert(1)</script><!--', sep: 'a\u2028b\u2029c', big: 'x'.repeat(10_000) };
    const text = encodeData(hostile);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(text.length).toBeLessThan(1_000);
    expect(JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8'))).toEqual(hostile);
  });
});

describe('usage report (command line)', () => {
  it('asks for --html or --json, and --open needs --html', async () => {
    const none = await runCli(['report'], ENV);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('usage: report needs --html FILE (the page to write), or --json for the data it embeds\n');
    const open = await runCli(['report', '--json', '--open'], ENV);
    expect(open.code).toBe(2);
    expect(open.stderr).toBe('usage: --open needs --html FILE\n');
  });

  it('says in one line when the file cannot be written', async () => {
    const r = await runCli(['report', '--html', path.join(temp(), 'missing', 'u.html')], ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: cannot write .*missing\/u\.html \(ENOENT\)\n$/);
  });

  it('opens the page with the platform opener only when asked', () => {
    expect(openerFor('linux', '/t/u.html')).toEqual({ command: 'xdg-open', args: ['/t/u.html'] });
    expect(openerFor('darwin', '/t/u.html')).toEqual({ command: 'open', args: ['/t/u.html'] });
    expect(openerFor('win32', 'C:\\t\\u.html')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', '"C:\\t\\u.html"'] });
  });
});

describe('the page in Chromium', () => {
  let context: BrowserContext;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = temp();
    file = path.join(dir, 'usage.html');
    const r = await runCli(['report', ...FLAGS, '--html', file], ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*usage\.html \(\d+ KB\): 2 days, 4 sessions\n$/);
    expect(r.stderr).toBe('warning: no price for claude-mystery-1: their cost is not in the totals\n');
    context = await launchBrowser(path.join(dir, 'profile'));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('is one file with everything inline, and embeds what `report --json` prints', async () => {
    const html = readFileSync(file, 'utf8');
    const embedded = /<script type="application\/gzip-base64" id="usage-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(gunzipSync(Buffer.from(embedded, 'base64')).toString('utf8'))).toEqual(await runJson(['report', ...FLAGS], ENV));
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="application/gzip-base64" id="usage-data">', '<script>']);
    // Outside the two scripts' text: nothing that could name another file.
    const markup = html.replace(/(<script\b[^>]*>)[^]*?(<\/script>)/g, '$1$2');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|\bhref=|@import|url\(/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
    expect(statSync(file).size).toBeLessThan(400_000);
  });

  it('loads without an error or a request, shows the totals and draws every chart', async () => {
    const url = pathToFileURL(file).href;
    const { page, errors, requests } = await openWatched(context, url);
    await page.waitForSelector('html[data-drawn-ms]');
    const total = (key: string): Promise<string> => page.$eval(`[data-total="${key}"] .value`, (e) => e.textContent ?? '');
    expect(await total('cost')).toBe('$0.08');
    expect(await total('tokens')).toBe('40,200');
    expect(await total('sessions')).toBe('4');
    expect(await total('agents')).toBe('3');
    expect(await total('period')).toBe('2026-05-01 – 05-02');
    expect(await page.$eval('[data-total="tokens"] .sub', (e) => e.textContent)).toBe('19,100 in · 5,100 out');
    expect(await page.textContent('#notes')).toBe('No price for claude-mystery-1: its cost is not in the totals (tokens are).');
    expect(await page.textContent('#active-windows')).toBe(
      'Active window (claude) 2026-05-02 10:00–15:00Time2h 50m elapsed, 2h 10m leftSo far19,200 tokens · $0.04' +
        'Burn rate137 tokens/min · $0.02/hProjection37,029 tokens · $0.07 at 15:00',
    );
    const shares = await page.$$eval('#table-models tbody tr', (rows) => (rows as HTMLTableRowElement[]).map((r) => [...r.cells].map((c) => c.textContent)));
    expect(shares).toEqual([
      ['claude/sonnet-4-5', '2', '14,500', '$0.03', '43.5%'],
      ['codex/gpt-5', '1', '11,000', '$0.02', '22.7%'],
      ['claude/haiku-4-5', '1', '6,000', '$0.01', '17.7%'],
      ['gemini/gemini-2.5-pro', '1', '8,500', '$0.01', '16.1%'],
      ['claude/mystery-1', '1', '200', 'no price', '0.0%'],
    ]);
    for (const chart of ['#chart-cost', '#chart-tokens', '#chart-models', '#chart-windows']) {
      expect(await paintedPixels(page, chart), chart).toBeGreaterThan(2_000);
    }
    expect(await page.$('#tools')).toBeNull();
    expect(await page.$('#audit')).toBeNull();
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(dir, 'light.png'), fullPage: true });
    expect(statSync(path.join(dir, 'light.png')).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('sorts on a header click, searches, and switches the cost chart to models', async () => {
    const { page, errors } = await openWatched(context, pathToFileURL(file).href);
    const sessions = (): Promise<string[][]> =>
      page.$$eval('#table-sessions tbody tr', (rows) => (rows as HTMLTableRowElement[]).map((r) => [r.cells[0]!.getAttribute('title')!.slice(0, 8), r.cells[5]!.textContent!]));
    expect(await sessions()).toEqual([
      ['a7e10001', '14,700'],
      ['0196a000', '11,000'],
      ['a7e10002', '6,000'],
      ['dddd4444', '8,500'],
    ]);
    await page.click('#table-sessions th[data-key="tokens"] button');
    expect(await sessions()).toEqual([
      ['a7e10001', '14,700'],
      ['0196a000', '11,000'],
      ['dddd4444', '8,500'],
      ['a7e10002', '6,000'],
    ]);
    expect(await page.getAttribute('#table-sessions th[data-key="tokens"]', 'aria-sort')).toBe('descending');
    await page.click('#table-sessions th[data-key="tokens"] button');
    expect((await sessions()).map((r) => r[1])).toEqual(['6,000', '8,500', '11,000', '14,700']);
    await page.click('#table-sessions th[data-key="agent"] button');
    expect((await sessions()).map((r) => r[0])).toEqual(['a7e10001', 'a7e10002', '0196a000', 'dddd4444']);

    await page.fill('#sessions input[type="search"]', 'LIB');
    expect(await sessions()).toEqual([['a7e10002', '6,000']]);
    expect(await page.textContent('#table-sessions .table-foot span')).toBe('1 of 4 sessions match');
    expect(await page.isHidden('#table-sessions tfoot')).toBe(true);
    await page.fill('#sessions input[type="search"]', '');
    expect(await sessions()).toHaveLength(4);

    const projects = (): Promise<string[]> => page.$$eval('#table-projects tbody tr', (rows) => (rows as HTMLTableRowElement[]).map((r) => r.cells[0]!.textContent!));
    expect(await projects()).toEqual(['/Users/me/app', '/home/me/api', '/Users/me/lib', '/home/me/web']);
    await page.click('#table-projects th[data-key="project"] button');
    expect(await projects()).toEqual(['/home/me/api', '/home/me/web', '/Users/me/app', '/Users/me/lib']);
    await page.fill('#projects input[type="search"]', 'gemini');
    expect(await projects()).toEqual(['/home/me/web']);

    const before = await page.$eval('#chart-cost', (c) => (c as HTMLCanvasElement).toDataURL());
    await page.click('#cost-per-day button[data-value="model"]');
    expect(await page.$eval('#chart-cost', (c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(before);
    expect(await page.getAttribute('#cost-per-day button[data-value="model"]', 'aria-pressed')).toBe('true');
    expect(await paintedPixels(page, '#chart-cost')).toBeGreaterThan(2_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws in dark mode and for print', async () => {
    const { page, errors } = await openWatched(context, pathToFileURL(file).href, 'dark');
    const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(20, 23, 28)');
    await page.screenshot({ path: path.join(dir, 'dark.png'), fullPage: true });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(await page.isHidden('#sessions input[type="search"]')).toBe(true);
    expect(await paintedPixels(page, '#chart-cost')).toBeGreaterThan(2_000);
    await page.screenshot({ path: path.join(dir, 'print.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(existsSync(path.join(dir, 'dark.png')) && existsSync(path.join(dir, 'print.png'))).toBe(true);
    await page.close();
  });

  it('shows the tool calls of the logs: its tools section is `usage tools --json` for the same flags', async () => {
    // fixtures/activity/claude/README.md: 15 calls in s1 and its sub-agent, 2 errors (toolu_05rm, toolu_21ls).
    const env = { CLAUDE_CONFIG_DIR: fixture('activity', 'claude', 'basic') };
    const flags = [...FLAGS, '-p', 'claude'];
    const data = await runJson<PageData>(['report', ...flags], env);
    expect(data.tools).toEqual(await runJson(['tools', ...flags], env));
    expect(data.tools!.totals).toEqual({ calls: 15, errors: 2 });
    const filtered = ['--since', '2026-05-03', ...flags];
    expect((await runJson<PageData>(['report', ...filtered], env)).tools).toBeUndefined();
    const dir2 = temp();
    const file2 = path.join(dir2, 'activity.html');
    const r = await runCli(['report', ...flags, '--html', file2], env);
    expect(r.code, r.stderr).toBe(0);
    const url = pathToFileURL(file2).href;
    const { page, errors, requests } = await openWatched(context, url);
    await page.waitForSelector('html[data-drawn-ms]');
    const rows = await page.$$eval('#table-tools tbody tr', (trs) => (trs as HTMLTableRowElement[]).map((tr) => [...tr.cells].slice(0, 6).map((c) => c.textContent)));
    // Bash: 5 calls (04chain, 05rm error, 06curl, 11sleep, 12bg); median of 1, 3, 4, 7, 30 s is 4 s.
    expect(rows[0]).toEqual(['Bash', 'claude', 'shell', '5', '1', '20.0%']);
    expect(rows).toHaveLength(10);
    expect(await page.$$eval('#table-tools tfoot td', (c) => c.map((x) => x.textContent))).toEqual(['Total', '', '', '15', '2', '13.3%', '', '', '']);
    expect(await paintedPixels(page, '#chart-tools')).toBeGreaterThan(2_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(dir2, 'activity.png'), fullPage: true });
    await page.close();
  });

  it('shows the audit findings of the logs: `usage audit --json` for the same flags, no command text, searchable', async () => {
    // fixtures/activity/claude/audit/README.md: ten findings, five sensitive, three risks (two name no path).
    const env = { CLAUDE_CONFIG_DIR: fixture('activity', 'claude', 'audit') };
    const flags = [...FLAGS, '-p', 'claude'];
    const data = await runJson<PageData>(['report', ...flags], env);
    expect(data.audit).toEqual(await runJson(['audit', ...flags], env));
    expect(data.audit!.findings).toHaveLength(10);
    expect((await runJson<PageData>(['report', ...flags, '--since', '2026-05-04'], env)).audit).toBeUndefined();
    const dir2 = temp();
    const file2 = path.join(dir2, 'audit.html');
    const r = await runCli(['report', ...flags, '--html', file2], env);
    expect(r.code, r.stderr).toBe(0);
    // Paths and program names only: the command lines, prompt, contents and outputs stay out of the file.
    const html = readFileSync(file2, 'utf8');
    const embedded = gunzipSync(Buffer.from(/id="usage-data">([^<]*)</.exec(html)![1]!, 'base64')).toString('utf8');
    const planted = ['PLANTED-PROMPT-7', 'PLANTED-CONTENT-3', 'PLANTED-CONTENT-4', 'PLANTED-OUTPUT-5', 'PLANTED-TOKEN-9', 'apt-get install', 'curl -fsSL', 'rm -rf'];
    for (const text of planted) expect(html + embedded, text).not.toContain(text);
    expect(embedded).not.toContain('"commands"');

    const url = pathToFileURL(file2).href;
    const { page, errors, requests } = await openWatched(context, url);
    await page.waitForSelector('html[data-drawn-ms]');
    const rows = (): Promise<(string | null)[][]> => page.$$eval('#table-audit tbody tr', (trs) => (trs as HTMLTableRowElement[]).map((tr) => [...tr.cells].slice(0, 6).map((c) => c.textContent)));
    // Sensitive first, then the JSON's order (first seen); a risk without a path shows a dash.
    expect(await rows()).toEqual([
      ['⚠ /home/dev/.aws/credentials', 'read', '', 'yes', 'Read', '1'],
      ['⚠ /home/dev/.zshrc', 'write', '', 'yes', 'Edit', '1'],
      ['⚠ /home/dev/other/.env.local', 'read', '', 'yes', 'Read', '1'],
      ['⚠ /etc/hosts', 'exec', '', 'yes', 'Bash', '1'],
      ['⚠ /home/dev/.ssh/id_ed25519', 'read', '', 'yes', 'Read', '2'],
      ['/home/dev/shared/lib.ts', 'read', '', '', 'Read', '1'],
      ['/home/dev/cache', 'write', 'rm-rf', '', 'Bash', '1'],
      ['—', 'exec', 'pipe-to-shell', '', 'Bash', '1'],
      ['—', 'exec', 'sudo', '', 'Bash', '1'],
      ['C:\\Users\\dev\\notes.txt', 'read', '', '', 'Read', '1'],
    ]);
    expect(await page.textContent('#audit .hint')).toBe('10 findings, 5 in sensitive places, 3 risky commands');
    expect(await page.$eval('#table-audit tbody tr td:last-child', (c) => c.textContent)).toBe('2026-05-03 09:00');
    await page.fill('#audit input[type="search"]', 'SUDO');
    expect((await rows()).map((row) => row[2])).toEqual(['sudo']);
    expect(await page.textContent('#table-audit .table-foot span')).toBe('1 of 10 findings match');
    await page.fill('#audit input[type="search"]', 'exec');
    expect((await rows()).map((row) => row[0])).toEqual(['⚠ /etc/hosts', '—', '—']);
    await page.fill('#audit input[type="search"]', '');
    await page.click('#table-audit th[data-key="count"] button');
    expect((await rows())[0]![0]).toBe('⚠ /home/dev/.ssh/id_ed25519');
    expect(await rows()).toHaveLength(10);
    const shown = (await page.textContent('body')) ?? '';
    for (const text of planted) expect(shown, text).not.toContain(text);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(dir2, 'audit.png'), fullPage: true });
    await page.close();
  });

  it('draws the tools and audit sections when their JSON is given, and shows hostile text as text', async () => {
    const data = await runJson<PageData>(['report', ...FLAGS], ENV);
    const hostile = '/tmp/</script><script>window.pwned=1</script><!--\u2028x';
    data.tools = {
      tools: [
        { provider: 'claude', tool: 'Bash', category: 'shell', calls: 40, errors: 6, durationMsMedian: 820, durationMsP95: 5400, sessions: 3 },
        { provider: 'claude', tool: 'Read', category: 'read', calls: 120, errors: 1, durationMsMedian: 12, durationMsP95: 40, sessions: 4 },
        { provider: 'codex', tool: 'shell', category: 'shell', calls: 9, errors: 0, durationMsMedian: null, durationMsP95: null, sessions: 1 },
      ],
      totals: { calls: 169, errors: 7 },
    };
    data.audit = {
      findings: [
        { provider: 'claude', sessionId: 'a7e10001-0000-4aaa-8bbb-000000000001', projectPath: '/Users/me/app', path: '/Users/me/.ssh/id_ed25519', access: 'read', tool: 'Read', count: 2, sensitive: true, firstSeen: '2026-05-02T10:31:00.000Z', lastSeen: '2026-05-02T10:40:00.000Z' },
        { provider: 'claude', sessionId: 'a7e10001-0000-4aaa-8bbb-000000000001', projectPath: '/Users/me/app', path: hostile, access: 'write', tool: 'Write', count: 1, sensitive: false, firstSeen: '2026-05-02T11:00:00.000Z', lastSeen: '2026-05-02T11:00:00.000Z' },
      ],
    };
    const dir2 = temp();
    const file2 = path.join(dir2, 'tools.html');
    writeFileSync(file2, renderPage(data));
    const url = pathToFileURL(file2).href;
    const { page, errors, requests } = await openWatched(context, url);
    await page.waitForSelector('html[data-drawn-ms]');
    const tools = await page.$$eval('#table-tools tbody tr', (rows) => (rows as HTMLTableRowElement[]).map((r) => [...r.cells].map((c) => c.textContent)));
    expect(tools).toEqual([
      ['Read', 'claude', 'read', '120', '1', '0.8%', '12 ms', '40 ms', '4'],
      ['Bash', 'claude', 'shell', '40', '6', '15.0%', '820 ms', '5.4 s', '3'],
      ['shell', 'codex', 'shell', '9', '0', '0.0%', '–', '–', '1'],
    ]);
    expect(await page.$$eval('#table-tools tfoot td', (c) => c.map((x) => x.textContent))).toEqual(['Total', '', '', '169', '7', '4.1%', '', '', '']);
    expect(await paintedPixels(page, '#chart-tools')).toBeGreaterThan(2_000);
    const findings = await page.$$eval('#table-audit tbody tr', (rows) => (rows as HTMLTableRowElement[]).map((r) => [r.cells[0]!.textContent, r.cells[1]!.textContent, r.cells[3]!.textContent]));
    expect(findings).toEqual([
      ['⚠ /Users/me/.ssh/id_ed25519', 'read', 'yes'],
      [hostile, 'write', ''],
    ]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(dir2, 'tools.png'), fullPage: true });
    await page.close();
  });
});

describe('the page from the report memo', () => {
  /** The fixture copied with its folders' mtimes in the past, as for logs written a while ago (the memo trusts no folder read right after it changed). */
  function settledCopy(): string {
    const logs = temp();
    cpSync(fixture('html'), logs, { recursive: true });
    const past = new Date('2026-05-02T13:00:00Z');
    const settle = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) settle(path.join(dir, e.name));
      utimesSync(dir, past, past);
    };
    settle(logs);
    return logs;
  }
  const setup = (now: string): { env: Record<string, string> & { CLAUDE_CONFIG_DIR: string }; cache: string; out: string } => {
    const logs = settledCopy();
    const cache = temp();
    const env = { CLAUDE_CONFIG_DIR: path.join(logs, 'claude'), CODEX_HOME: path.join(logs, 'codex'), GEMINI_CLI_HOME: path.join(logs, 'gemini'), USAGE_CACHE_DIR: cache, HOME: temp(), USAGE_NOW: now };
    return { env, cache, out: path.join(temp(), 'pages', 'usage.html') };
  };
  const memoFiles = (cache: string): string[] => readdirSync(cache).filter((f) => f.startsWith('reports-')).flatMap((d) => readdirSync(path.join(cache, d)));
  const dropAllButMemo = (cache: string): void => {
    for (const f of readdirSync(cache)) if (!f.startsWith('reports-')) rmSync(path.join(cache, f), { recursive: true });
  };

  it('is the page of renderPage, made at any instant', async () => {
    const data = await runJson<PageData>(['report', ...FLAGS], ENV);
    const record = pageRecord('/t/u.html', data, false);
    expect(pageText(record, Date.parse(data.generatedAt))).toBe(renderPage(data));
    expect(pageText(record, Date.parse('2027-01-02T03:04:05.678Z'))).toBe(renderPage({ ...data, generatedAt: '2027-01-02T03:04:05.678Z' }));
  });

  it('writes the same page again without computing it, and never across a change of the logs', async () => {
    // After every window of the fixture has ended: the page reads the same from then on.
    const { env, cache, out } = setup('2026-06-01T00:00:00Z');
    mkdirSync(path.dirname(out));
    const first = await runCli(['report', ...FLAGS, '--html', out], env);
    expect(first.code, first.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(memoFiles(cache)).toHaveLength(1);
    // With every other cache file gone, only the memo can answer: the same page, the same output.
    dropAllButMemo(cache);
    rmSync(out);
    const again = await runCli(['report', ...FLAGS, '--html', out], env);
    expect([again.code, again.stdout, again.stderr]).toEqual([0, first.stdout, first.stderr]);
    expect(readFileSync(out, 'utf8')).toBe(page);
    // A page that cannot be written is the run made again, which says why.
    rmSync(path.dirname(out), { recursive: true });
    const unwritable = await runCli(['report', ...FLAGS, '--html', out], env);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^usage: cannot write .*pages\/usage\.html \(ENOENT\)\n$/);
    // The page's folder now a link to another: the run is made again (and checks the place), never replayed there.
    const elsewhere = temp();
    symlinkSync(elsewhere, path.dirname(out));
    expect((await runCli(['report', ...FLAGS, '--html', out], env)).code).toBe(0);
    const [memo] = memoFiles(cache);
    const recorded = deserialize(readFileSync(path.join(cache, 'reports-v2', memo!))) as { page: { folder: string } };
    expect(recorded.page.folder).toBe(realpathSync(elsewhere));
    // A log removed: another listing, computed again.
    rmSync(path.join(env.CLAUDE_CONFIG_DIR, 'projects', '-Users-me-lib', 'a7e10002-0000-4aaa-8bbb-000000000002.jsonl'));
    const changed = await runCli(['report', ...FLAGS, '--html', out], env);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/: 2 days, 3 sessions\n$/);
  });

  it('is not recorded while a window is active (the page would change with the clock alone), nor with --json', async () => {
    const { env, cache, out } = setup('2026-05-02T12:50:00Z');
    mkdirSync(path.dirname(out));
    expect((await runCli(['report', ...FLAGS, '--html', out], env)).code).toBe(0);
    expect(memoFiles(cache)).toEqual([]);
    const later = { ...env, USAGE_NOW: '2026-06-01T00:00:00Z' };
    expect((await runCli(['report', ...FLAGS, '--html', out, '--json'], later)).code).toBe(0);
    expect(memoFiles(cache)).toEqual([]);
  });
});
