import { script, scriptHash, style, styleHash } from 'virtual:usage-html-page';
import { encodeJson } from './encode.js';
import type { PageData } from './page-data.js';

/**
 * The whole page: styles, data and script inline. The policy lets only this page's own script and
 * styles run and allows no request of any kind (no fonts, images, frames or connections), so the
 * file works offline and cannot send anything anywhere, whatever a project path holds.
 */
const POLICY = [
  "default-src 'none'",
  `script-src '${scriptHash}'`,
  `style-src '${styleHash}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderPage(data: PageData): string {
  return pageFromJson(JSON.stringify(data));
}

/** The page around its data's JSON text (which must be `JSON.stringify` of a PageData). */
export function pageFromJson(json: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<title>Agent usage</title>',
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main id="app"><noscript>This report draws its charts and tables with JavaScript; turn it on to see them.</noscript></main>',
    `<script type="application/gzip-base64" id="usage-data">${encodeJson(json)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
