/** Something that was not counted, and where. Never holds the content of a line. */
export interface Skip {
  file: string;
  /** 0 when the whole file is meant. */
  line: number;
  reason: string;
}

/** Collects skips across a run; `--debug` lists them, every run reports their count. */
export class Diagnostics {
  readonly skips: Skip[] = [];
  readonly warnings = new Set<string>();

  add(skips: readonly Skip[]): void {
    for (const s of skips) this.skips.push(s);
  }

  warn(message: string): void {
    this.warnings.add(message);
  }

  countsByReason(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.skips) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
    return counts;
  }
}
