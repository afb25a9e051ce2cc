/**
 * Build time only (tsup.config.ts and vitest.config.ts call it): the page's script, bundled with the
 * parts of Chart.js it uses and minified, and its styles, minified, as `virtual:usage-html-page`
 * (src/types/html-page.d.ts). Their SHA-256 hashes go into the page's Content-Security-Policy, which
 * lets only these two blocks run and forbids every request. Nothing is read from node_modules when
 * the report is written: the page is in the build, so `npx usage` and a global install need no more.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

export const PAGE_MODULE = 'virtual:usage-html-page';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface PageAssets {
  script: string;
  style: string;
  scriptHash: string;
  styleHash: string;
}

export async function buildPageAssets(): Promise<PageAssets> {
  const bundled = await build({
    entryPoints: [path.join(HERE, 'page', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15.6'],
    write: false,
    // Chart.js's MIT notice stays with its code, at the end of the script.
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]!.text.trim();
  const style = (await transform(readFileSync(path.join(HERE, 'page', 'styles.css'), 'utf8'), { loader: 'css', minify: true })).code.trim();
  // Inside <script> and <style>, the HTML parser stops at `</script` / `</style` and reads `<!--` specially.
  for (const [name, text, end] of [['script', script, '</script'], ['style', style, '</style']] as const) {
    if (text.toLowerCase().includes(end) || text.includes('<!--')) throw new Error(`the page's ${name} holds ${end} or <!--, which would end its block early`);
  }
  const sha = (text: string): string => `sha256-${createHash('sha256').update(text).digest('base64')}`;
  return { script, style, scriptHash: sha(script), styleHash: sha(style) };
}

/** The module's source, as both bundlers load it. */
export async function pageModuleSource(): Promise<string> {
  const assets = await buildPageAssets();
  return Object.entries(assets)
    .map(([k, v]) => `export const ${k} = ${JSON.stringify(v)};`)
    .join('\n');
}
