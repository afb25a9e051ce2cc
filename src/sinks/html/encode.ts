import { gzipSync } from 'node:zlib';

/**
 * The page's data as the text of its `<script type="application/gzip-base64">` block: the JSON, gzipped,
 * in base64. The bench corpus's reports are 4.5 MB of JSON, 0.9 MB so (the page must stay under
 * 2 MB), made in ~40 ms; packing rows by column reached 1.9 MB and took longer. Base64's alphabet
 * has no `<`, so no `</script>` or `<!--` in a project path can end the block or change how the page
 * is parsed, and line separators (U+2028/9) are only bytes inside the compressed text. The page
 * reads it back with the browser's own DecompressionStream.
 */
export function encodeData(value: unknown): string {
  return encodeJson(JSON.stringify(value));
}

/** encodeData of a value already made JSON text. */
export function encodeJson(json: string): string {
  // Level 4: a tenth larger than level 6, in half the time.
  return gzipSync(json, { level: 4 }).toString('base64');
}
