/**
 * A lossless, compact form of a JSON value for embedding: an array of two or more objects that all
 * have the same keys in the same order (every row list of the reports) becomes
 * `{"~cols":[keys…],"~rows":[[values…],…]}`, so that each key is written once instead of once a row.
 * `unpack(pack(v))` gives back `v` exactly, key order included; no report JSON has a `~cols` key.
 */

const COLS = '~cols';
const ROWS = '~rows';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function pack(value: unknown): unknown {
  if (Array.isArray(value)) {
    const keys = sharedKeys(value);
    if (keys) return { [COLS]: keys, [ROWS]: value.map((row: Record<string, unknown>) => keys.map((k) => pack(row[k]))) };
    return value.map(pack);
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = pack(v);
    return out;
  }
  return value;
}

export function unpack(value: Json): Json {
  if (Array.isArray(value)) return value.map(unpack);
  if (value !== null && typeof value === 'object') {
    const cols = value[COLS];
    const rows = value[ROWS];
    if (Array.isArray(cols) && Array.isArray(rows) && Object.keys(value).length === 2) {
      return rows.map((row) => {
        const out: Record<string, Json> = {};
        (row as Json[]).forEach((v, i) => (out[cols[i] as string] = unpack(v)));
        return out;
      });
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unpack(v);
    return out;
  }
  return value;
}

/** The keys every element has, in one order, when the array is worth packing; otherwise undefined. */
function sharedKeys(rows: unknown[]): string[] | undefined {
  if (rows.length < 2 || !rows.every(isObject)) return undefined;
  const keys = Object.keys(rows[0]!);
  const signature = keys.join('\u0000');
  // An undefined value is dropped by JSON.stringify: such a row would not come back the same.
  for (const row of rows as Record<string, unknown>[]) {
    if (Object.keys(row).join('\u0000') !== signature || keys.some((k) => row[k] === undefined)) return undefined;
  }
  return keys;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
