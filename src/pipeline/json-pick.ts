/**
 * Reads only the parts of a JSON text that a reader uses, straight from its bytes.
 *
 * Log lines are mostly text nobody counts (thinking, tool inputs, file contents), and decoding all
 * of it to strings and objects is what made reading slow. `pickJson` has the whole text checked
 * against the JSON grammar, as `JSON.parse` does (a damaged line is refused just the same), by the
 * WebAssembly scanner (json-scan.ts), which also notes where the picked values are; only those are
 * built here.
 *
 * Its result equals `project(JSON.parse(text), pick)`, where a pick of `true` keeps a value whole; an
 * object pick keeps, of an object, only its keys (each projected by its own pick), and keeps any other
 * value whole; `[pick]` projects every element of an array. A text JSON.parse refuses gives `INVALID`.
 * `jsonInString(pick)` reads a string that holds a JSON object (Codex's older tool outputs) without
 * building it: see `ObjectInString`.
 * `streamObject` does the same for a document too big to hold, one piece at a time.
 */
import {
  SCAN_ESCAPED_KEY,
  SCAN_TRUNCATED,
  SLOT_DESCENDED,
  SLOT_ESCAPED,
  SLOT_PRESENT,
  theScanner,
  type Scanner,
} from './json-scan.js';

export type Pick = true | { readonly [key: string]: Pick } | readonly [Pick] | JsonInString;

/** The pick `jsonInString` makes. */
class JsonInString {
  constructor(readonly inner: { readonly [key: string]: Pick }) {}
}

/**
 * A string value is kept as an `ObjectInString`: the object its text holds, projected by `pick`, and
 * the text itself, built only when asked for. Any other value is kept whole. The object's strings
 * are built from the text's UTF-8 (a lone surrogate escape becomes U+FFFD, where JSON.parse keeps it).
 */
export function jsonInString(pick: { readonly [key: string]: Pick }): Pick {
  return new JsonInString(pick);
}

/**
 * What `jsonInString` keeps of a string: `object` is `project(JSON.parse(text), pick)` when the text
 * begins with `{` and is JSON (undefined otherwise); `text()` builds the string, and is valid only
 * while the record it came with is handled (it reads the line's bytes).
 */
export class ObjectInString {
  constructor(
    readonly object: Record<string, unknown> | undefined,
    readonly text: () => string,
  ) {}
}

export const INVALID: unique symbol = Symbol('invalid JSON');

interface KeyPick {
  readonly name: string;
  readonly pick: CompiledPick;
  /** Where the scanner notes this key's value. */
  readonly slot: number;
}

interface ObjectPick {
  readonly keys: readonly KeyPick[];
  /** Builds the object from its slots (made for this pick: see `objectBuilder`). */
  readonly build: (s: Scanner) => Record<string, unknown>;
  /** The scanner's program for this object (its address in the scanner's memory). */
  readonly node: number;
}

interface EachPick {
  readonly each: CompiledPick;
}

interface InStringPick {
  readonly inString: ObjectPick;
}

/** A pick made ready for the scanner. */
export type CompiledPick = true | ObjectPick | EachPick | InStringPick;

/** Compiles a pick once (at start-up): programs are never freed. */
export function compilePick(pick: Pick, inString = false): CompiledPick {
  if (pick === true) return true;
  if (Array.isArray(pick)) return { each: compilePick((pick as readonly [Pick])[0], inString) };
  if (pick instanceof JsonInString) {
    // Its text is unescaped into one place in the scanner's memory: a second level would overwrite it.
    if (inString) throw new Error('a jsonInString pick cannot hold another');
    return { inString: compilePick(pick.inner, true) as ObjectPick };
  }
  const s = theScanner();
  const entries = Object.entries(pick as { [key: string]: Pick });
  // The node's own slots first, then its children's: entering it forgets all of them at once.
  const firstSlot = s.allocateSlots(entries.length);
  const keys = entries.map(([name, sub], i) => ({ name, pick: compilePick(sub, inString), slot: firstSlot + i }));
  const slotCount = s.allocateSlots(0) - firstSlot;
  const node = s.allocateProgram(3 + 4 * keys.length);
  const words = new Uint32Array(s.bytes.buffer, node, 3 + 4 * keys.length);
  words.set([firstSlot, slotCount, keys.length]);
  keys.forEach((key, i) => {
    const name = Buffer.from(key.name, 'utf8');
    const child = nodeOf(key.pick);
    words.set([s.allocateBytes(name), name.length, child, key.slot], 3 + 4 * i);
  });
  return { keys, node, build: objectBuilder(keys) };
}

/**
 * A function that builds the picked object from the slots, each key stored under its own constant
 * name: V8 then keeps one object shape per pick and stores each key directly. Stored by a name read
 * from a list (`out[key.name]`), every store took V8's generic path: most of the cost of building.
 * The names come from the adapters' picks, never from log data, and are written as JSON strings.
 */
function objectBuilder(keys: readonly KeyPick[]): (s: Scanner) => Record<string, unknown> {
  const body = keys.map((key, i) => {
    // Stored by name, this one would set the prototype, not a property (as JSON.parse makes it).
    if (key.name === '__proto__') throw new Error('a pick cannot name __proto__');
    const at = 3 * key.slot;
    const name = JSON.stringify(key.name);
    return `f = slots[${at + 2}];
  if ((f & ${SLOT_PRESENT}) !== 0) {
    if ((f & ${SLOT_DESCENDED}) !== 0) out[${name}] = keys[${i}].pick.build(s);
    else out[${name}] = build(s, keys[${i}].pick, slots[${at}], slots[${at + 1}], f & ${SLOT_ESCAPED});
  }`;
  });
  const make = new Function('keys', 'build', `return function buildPicked(s) {
  const slots = s.slots;
  const out = {};
  let f;
  ${body.join('\n  ')}
  return out;
};`) as (keys: readonly KeyPick[], b: typeof build) => (s: Scanner) => Record<string, unknown>;
  return make(keys, build);
}

/** The projection of the JSON text in `text[start, end)` (see the module comment), or INVALID. */
export function pickJson(text: Buffer, start: number, end: number, pick: CompiledPick): unknown {
  const s = theScanner();
  const at = s.place(text, start, end);
  if (at < 0) return parseAndProject(text, start, end, pick);
  const stop = at + end - start;
  const r = s.walk(nodeOf(pick), at, stop);
  if (r === SCAN_ESCAPED_KEY) return parseAndProject(text, start, end, pick);
  if (r < 0 || skipSpace(s.bytes, r, stop) !== stop) return INVALID;
  return build(s, pick, skipSpace(s.bytes, at, stop), r, s.escaped());
}

/** Whether `text[start, end)` is one JSON value, as JSON.parse would accept it. */
export function isJson(text: Buffer, start: number, end: number): boolean {
  const s = theScanner();
  const at = s.place(text, start, end);
  if (at < 0) return parseAndProject(text, start, end, true) !== INVALID;
  const r = s.walk(0, at, at + end - start);
  return r >= 0 && skipSpace(s.bytes, r, at + end - start) === at + end - start;
}

/** The slow way, for what the scanner leaves (escaped keys in picked objects, texts over its space). */
function parseAndProject(text: Buffer, start: number, end: number, pick: CompiledPick): unknown {
  try {
    return project(JSON.parse(text.toString('utf8', start, end)), pick);
  } catch {
    return INVALID;
  }
}

/** The scanner's program of a pick: 0 for a pick that reads no object's keys. */
function nodeOf(pick: CompiledPick): number {
  return pick !== true && 'node' in pick ? pick.node : 0;
}

function project(v: unknown, pick: CompiledPick): unknown {
  if (pick === true) return v;
  if ('each' in pick) return Array.isArray(v) ? v.map((x) => project(x, pick.each)) : v;
  if ('inString' in pick) return typeof v === 'string' ? new ObjectInString(objectIn(v, pick.inString), () => v) : v;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key of pick.keys) if (Object.hasOwn(v, key.name)) out[key.name] = project((v as Record<string, unknown>)[key.name], key.pick);
  return out;
}

function skipSpace(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Building what was picked, from bytes the scanner has checked

/** `project(JSON.parse(text), pick)` when `text` begins with `{` and is JSON. */
function objectIn(text: string, pick: ObjectPick): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return project(JSON.parse(text), pick) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The value in `s.bytes[start, end)` (checked), projected by `pick`. */
function build(s: Scanner, pick: CompiledPick, start: number, end: number, escaped: boolean | number): unknown {
  const first = s.bytes[start];
  if (pick !== true) {
    if (first === 0x7b && 'node' in pick) return pick.build(s);
    if (first === 0x5b && 'each' in pick) return buildArray(s, pick.each, start, end);
    if (first === 0x22 && 'inString' in pick) return buildInString(s, pick.inString, start, end, escaped);
  }
  return whole(s.bytes, start, end, escaped);
}

/**
 * The (checked) string at `start` as an ObjectInString: its text is checked and read where it lies
 * when it has no escape, else once its escapes are undone into the scanner's `unescaped` space.
 */
function buildInString(s: Scanner, pick: ObjectPick, start: number, end: number, escaped: boolean | number): ObjectInString {
  const bytes = s.bytes;
  const text = (): string => whole(bytes, start, end, escaped) as string;
  let at = start + 1;
  let stop = end - 1;
  if (escaped) {
    at = s.unescaped.byteOffset;
    stop = at + s.unescapeString(start + 1, end - 1, at);
  }
  if (at === stop || bytes[at] !== 0x7b) return new ObjectInString(undefined, text);
  const r = s.walk(pick.node, at, stop);
  if (r === SCAN_ESCAPED_KEY) return new ObjectInString(objectIn(bytes.toString('utf8', at, stop), pick), text);
  if (r < 0 || skipSpace(bytes, r, stop) !== stop) return new ObjectInString(undefined, text);
  return new ObjectInString(pick.build(s), text);
}

/** The elements of the (checked) array at `start`, each read through `each`. */
function buildArray(s: Scanner, each: CompiledPick, start: number, end: number): unknown[] {
  const out: unknown[] = [];
  const node = nodeOf(each);
  let p = skipSpace(s.bytes, start + 1, end);
  if (s.bytes[p] === 0x5d) return out;
  for (;;) {
    let r = s.walk(node, p, end);
    if (r === SCAN_ESCAPED_KEY) {
      r = checkedEnd(s, p, end);
      out.push(parseAndProject(s.bytes, p, r, each));
    } else {
      out.push(build(s, each, p, r, s.escaped()));
    }
    p = skipSpace(s.bytes, r, end);
    if (s.bytes[p] === 0x5d) return out;
    p = skipSpace(s.bytes, p + 1, end); // the comma
  }
}

/** The end of the value at `p` (only checked); throws where it is damaged or cut short. */
function checkedEnd(s: Scanner, p: number, end: number): number {
  const r = s.walk(0, p, end);
  if (r < 0) throw r === SCAN_TRUNCATED ? truncated : invalid;
  return r;
}

/** A checked value, as JSON.parse would give it. */
function whole(b: Buffer, start: number, end: number, escaped: boolean | number): unknown {
  const c = b[start];
  if (c === 0x22) return escaped ? JSON.parse(b.toString('utf8', start, end)) : b.toString('utf8', start + 1, end - 1);
  if (c === 0x74) return true;
  if (c === 0x66) return false;
  if (c === 0x6e) return null;
  // Whole objects and arrays are picked only where they are small (a rate-limit block, a source).
  if (c === 0x7b || c === 0x5b) return JSON.parse(b.toString('utf8', start, end));
  // Token counts are plain integers: up to 15 digits they are exact in a double, summed here without
  // making a string first.
  if (end - start <= 15) {
    let value = 0;
    let k = start;
    for (; k < end; k++) {
      const digit = b[k]! - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (k === end) return value;
  }
  return Number(b.toString('latin1', start, end));
}

// ---------------------------------------------------------------------------------------------------
// Streaming a document too big to hold

export interface StreamedObject {
  /** The top-level members to hand on (projected), by name. */
  members: ReadonlyMap<string, CompiledPick>;
  /** The member whose array is handed on element by element. */
  stream: string;
  element: CompiledPick;
}

/** `members`: the top-level members to hand on whole; `stream`: the array member to hand on element by element. */
export function compileStreamedObject(members: { readonly [key: string]: Pick }, stream: string, element: Pick): StreamedObject {
  return {
    members: new Map(Object.entries(members).map(([name, pick]) => [name, compilePick(pick)])),
    stream,
    element: compilePick(element),
  };
}

/** Thrown where the grammar is broken. */
const invalid = new Error('invalid JSON');
/** Thrown where the bytes so far ended too soon. */
const truncated = new Error('truncated JSON');

/**
 * Reads a document whose top level is an object from `chunks`, holding only the piece being read:
 * each member the spec names is handed to `onMember`, and each element of the array under
 * `spec.stream` to `onElement`, as soon as it is complete. Every byte is checked as `pickJson`
 * checks it; false means the document is not valid JSON (or holds a piece over `maxPiece` bytes),
 * and what came before the damage has been handed on. A `spec.stream` member that is not an array
 * goes to `onMember`.
 */
export function streamObject(
  chunks: Iterable<Buffer>,
  spec: StreamedObject,
  onMember: (name: string, value: unknown) => void,
  onElement: (value: unknown) => void,
  maxPiece: number,
): boolean {
  const s = theScanner();
  const bytes = s.bytes;
  const window = s.window;
  const source = chunks[Symbol.iterator]();
  // Unread bytes are bytes[start, end), inside the window.
  let start = window.byteOffset;
  let end = start;
  let pos = start;

  /** Appends the next chunk after what is left unread; false at the end of the input, or when the piece is too big. */
  const more = (): boolean => {
    if (end - start > maxPiece) return false;
    const next = source.next();
    if (next.done) return false;
    const chunk = next.value;
    // What is unread goes to the front first: the window's pages stay few, however long the document.
    if (start > window.byteOffset) {
      bytes.copyWithin(window.byteOffset, start, end);
      end -= start - window.byteOffset;
      start = window.byteOffset;
    }
    if (end + chunk.length > window.byteOffset + window.length) return false;
    bytes.set(chunk, end);
    end += chunk.length;
    return true;
  };

  /**
   * One step of reading from `start` (a step starts with space: what came before may have ended just
   * before it); a step that ran out of bytes runs again with more. A step's result is taken only once
   * the step is complete, so nothing is handed on twice.
   */
  const step = <T>(read: () => T): T | typeof INVALID => {
    for (;;) {
      pos = start;
      try {
        const value = read();
        start = pos;
        return value;
      } catch (err) {
        if (err === truncated && more()) continue;
        if (err === invalid || err === truncated) return INVALID;
        throw err;
      }
    }
  };

  /** Past space to the next byte, which must be there. */
  const skipSpaceTo = (): number => {
    pos = skipSpace(bytes, pos, end);
    if (pos >= end) throw truncated;
    return bytes[pos]!;
  };
  /** Past the value at `pos`, read through `pick` (or only checked), to what `build` makes of it. */
  const value = (pick: CompiledPick | undefined): unknown => {
    skipSpaceTo();
    const at = pos;
    const r = s.walk(pick === undefined ? 0 : nodeOf(pick), at, end);
    if (r === SCAN_ESCAPED_KEY) {
      pos = checkedEnd(s, at, end);
      return parseAndProject(bytes, at, pos, pick!);
    }
    if (r < 0) throw r === SCAN_TRUNCATED ? truncated : invalid;
    pos = r;
    return pick === undefined ? undefined : build(s, pick, at, r, s.escaped());
  };
  /** After a member or element: true at the closing byte, false after a comma. */
  const endOfMember = (close: number): boolean => {
    const c = skipSpaceTo();
    if (c !== close && c !== 0x2c) throw invalid;
    pos++;
    return c === close;
  };

  const opened = step(() => {
    if (skipSpaceTo() === 0xef) {
      // A byte-order mark (what else starts with this byte is not JSON).
      if (pos + 3 > end) throw truncated;
      if (bytes[pos + 1] === 0xbb && bytes[pos + 2] === 0xbf) pos += 3;
    }
    if (skipSpaceTo() !== 0x7b) throw invalid;
    pos++;
    if (skipSpaceTo() !== 0x7d) return false;
    pos++;
    return true;
  });
  if (opened === INVALID) return false;
  let closed: boolean = opened;
  while (!closed) {
    // One member: its key, then its value whole, or the streamed array element by element.
    const key = step(() => {
      if (skipSpaceTo() !== 0x22) throw invalid;
      const name = value(true) as string;
      if (skipSpaceTo() !== 0x3a) throw invalid;
      pos++;
      return { name, streamed: name === spec.stream && skipSpaceTo() === 0x5b };
    });
    if (key === INVALID) return false;
    if (key.streamed) {
      let last = step(() => {
        pos++;
        if (skipSpaceTo() !== 0x5d) return false;
        pos++;
        return true;
      });
      while (last === false) {
        const element = step(() => ({ value: value(spec.element), last: endOfMember(0x5d) }));
        if (element === INVALID) return false;
        onElement(element.value);
        last = element.last;
      }
      if (last === INVALID) return false;
      const after = step(() => endOfMember(0x7d));
      if (after === INVALID) return false;
      closed = after;
    } else {
      const pick = key.name === spec.stream ? true : spec.members.get(key.name);
      const member = step(() => ({ value: value(pick), last: endOfMember(0x7d) }));
      if (member === INVALID) return false;
      if (pick !== undefined) onMember(key.name, member.value);
      closed = member.last;
    }
  }
  // Only space may follow the document.
  for (;;) {
    if (skipSpace(bytes, start, end) !== end) return false;
    start = end = window.byteOffset;
    if (!more()) return true;
  }
}
