/**
 * Debian's Chromium, headless, driven by playwright-core: one browser profile in a fresh folder per
 * launch, nothing of its own fetched (no sync, component updates, background requests or QUIC).
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 900 },
    timeout: 30_000,
  });
}

export interface Watched {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every URL the page asked for; anything but the file itself is aborted. */
  requests: string[];
}

/** A page that records its errors and requests, at `url`. */
export async function openWatched(context: BrowserContext, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  // Had the page asked for anything else, it would not have left the machine.
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.emulateMedia({ colorScheme });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** How many pixels of a canvas are not transparent: above zero once a chart has drawn on it. */
export function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
}
