/**
 * The device a record belongs to: its own label once records carry one, else this machine's. The
 * one place the sink reads it, so that the label's source can change in one line.
 */
export function deviceOf(record: object, fallback: string): string {
  return (record as { device?: string }).device ?? fallback;
}
