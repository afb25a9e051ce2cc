/**
 * CSV (RFC 4180) from a report's JSON rows, so that the CSV says what `--json` says: a header row of
 * the JSON's field names, one line per row, CRLF line ends; a field holding a comma, a quote or a
 * line break is quoted, its quotes doubled. Values as JSON has them: numbers as JavaScript prints them
 * (no separators, no currency sign), strings as they are, null (and a field a row lacks) empty; a nested object's
 * fields become columns named `parent.field`, a list of plain values one field joined by `;`. Lists
 * of objects are left out, but for the breakdown (below). A text value a spreadsheet would run as a
 * formula gets a leading `'` (see `defused`): command lines and paths come from what an agent did.
 */

type Row = Readonly<Record<string, unknown>>;

export interface CsvOptions {
  /**
   * The key of each row's list of sub-rows (`modelBreakdowns`): each row is followed by a row per
   * item, which carries the row's text fields it does not have itself (its date, session, project).
   */
  breakdown?: string;
  /** The header, in this order, whatever the rows hold (a fixed schema); default: every field seen, in order of first appearance. */
  columns?: readonly string[];
}

export function encodeCsv(rows: readonly Row[], opts: CsvOptions = {}): string {
  const lines: Map<string, string>[] = [];
  for (const row of rows) {
    const flat = flatten(row, opts.breakdown);
    lines.push(flat);
    if (opts.breakdown === undefined) continue;
    const items = row[opts.breakdown];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const sub = flatten(item as Row);
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'string' && !sub.has(key)) sub.set(key, value);
      }
      lines.push(sub);
    }
  }
  const columns: string[] = opts.columns ? [...opts.columns] : [];
  const known = new Set<string>(columns);
  for (const line of opts.columns ? [] : lines) {
    for (const key of line.keys()) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
  }
  const out = [columns.map(field).join(',')];
  for (const line of lines) out.push(columns.map((c) => field(line.get(c) ?? '')).join(','));
  return `${out.join('\r\n')}\r\n`;
}

/** A row's fields as column → text, nested objects as `parent.field`. */
function flatten(row: Row, skip?: string, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(row)) {
    if (key === skip) continue;
    const name = prefix + key;
    // Not a column of its own: `burnRate` is an object on one row and null on the next.
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) into.set(name, defused(value.map((v) => String(v ?? '')).join(';')));
    } else if (typeof value === 'object') flatten(value as Row, undefined, `${name}.`, into);
    else into.set(name, typeof value === 'string' ? defused(value) : String(value));
  }
  return into;
}

/**
 * Text that Excel, LibreOffice or Sheets would evaluate (it starts with `=`, `+`, `@`, a tab or a CR,
 * or `-` followed by more than a name) is prefixed with `'`, which they show as text (OWASP's CSV
 * injection advice). A `-` name such as Claude's project folder `-home-me-app` is left as it is.
 * Numbers never come here, so negative figures stay numbers.
 */
function defused(text: string): string {
  const first = text.charCodeAt(0);
  if (first === 0x3d || first === 0x2b || first === 0x40 || first === 0x09 || first === 0x0d) return `'${text}`;
  if (first === 0x2d && !/^-[\w./-]*$/.test(text)) return `'${text}`;
  return text;
}

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
