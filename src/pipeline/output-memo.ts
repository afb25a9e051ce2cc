import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { writeAtomically } from './atomic-write.js';

export interface Output {
  stdout: string;
  stderr: string;
}

const FORMAT = 1;
// A few recent reports (daily, session, … with their options): enough for a user alternating between them.
const KEEP = 16;

/**
 * What a report printed, by everything it depends on: the digest of the files it read, its options,
 * and the code that made it (the report module's own bytes: bundled chunks are named by the hash of
 * their content and of what they import, so a change anywhere below changes them). A report of logs
 * that did not change is printed again without being computed again. Any trouble reading it is a miss.
 */
export class OutputMemo {
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, `reports-v${FORMAT}.bin`);
  }

  /** `moduleUrl`: the caller's `import.meta.url`; its file's bytes name the code that made the report. */
  static key(moduleUrl: string, parts: readonly string[]): string {
    const hash = createHash('sha256').update(readFileSync(fileURLToPath(moduleUrl)));
    for (const p of parts) hash.update(`\u0000${p}`);
    return hash.digest('hex');
  }

  get(key: string): Output | undefined {
    const hit = this.load().find(([k]) => k === key)?.[1];
    return hit && typeof hit.stdout === 'string' && typeof hit.stderr === 'string' ? hit : undefined;
  }

  set(key: string, output: Output): void {
    const kept = [[key, output] as const, ...this.load().filter(([k]) => k !== key)].slice(0, KEEP);
    writeAtomically(path.dirname(this.file), this.file, serialize({ format: FORMAT, entries: kept }));
  }

  private load(): (readonly [string, Output])[] {
    try {
      const body = deserialize(readFileSync(this.file)) as { format?: unknown; entries?: unknown };
      return body.format === FORMAT && Array.isArray(body.entries) ? (body.entries as [string, Output][]) : [];
    } catch {
      return [];
    }
  }
}
