import kleur from 'kleur';
import type { Diagnostics } from '../core/diagnostics.js';

/** Where a notice is written: a stream, or a buffer that keeps the text. */
export interface Writer {
  write(text: string): unknown;
}

export function printNoLogs(searched: readonly string[], stream: Writer = process.stdout): void {
  stream.write(`No usage logs found. Looked in:\n${searched.map((d) => `  ${d}\n`).join('')}`);
}

/** Warnings go to stderr so that stdout stays a clean table or JSON document. */
export function printDiagnostics(
  diagnostics: Diagnostics,
  unpricedModels: readonly string[],
  debug: boolean,
  err: Writer = process.stderr,
): void {
  if (unpricedModels.length > 0) {
    err.write(kleur.yellow(`warning: no price for ${unpricedModels.join(', ')}: their cost is not in the totals\n`));
  }
  for (const w of diagnostics.warnings) err.write(kleur.yellow(`warning: ${w}\n`));
  const skips = diagnostics.skips;
  if (skips.length === 0) return;
  if (debug) {
    for (const s of skips) err.write(`skipped ${s.file}${s.line > 0 ? `:${s.line}` : ''}: ${s.reason}\n`);
    return;
  }
  const files = new Set(skips.map((s) => s.file)).size;
  const reasons = [...diagnostics.countsByReason()].map(([r, n]) => `${n} ${r}`).join(', ');
  err.write(kleur.gray(`note: skipped ${skips.length} in ${files} file${files === 1 ? '' : 's'} (${reasons}); --debug lists them\n`));
}
