import { pack } from './packing.js';

/**
 * A JSON value as text that is safe inside `<script type="application/json">`: packed (packing.ts),
 * then every `<` written as `\u003c`, so that no `</script>` or `<!--` in a project path or model
 * name can end the block or change how the HTML parser reads it, and U+2028/U+2029 escaped as well
 * (line terminators to older JavaScript parsers). JSON.parse reads the escapes back as the same text.
 */
export function encodeForScript(value: unknown): string {
  return JSON.stringify(pack(value)).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
