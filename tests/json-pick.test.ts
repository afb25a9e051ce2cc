/**
 * The byte-level JSON reader every adapter reads through: it must accept and refuse exactly what
 * JSON.parse does, and give exactly the values JSON.parse would give for what it picks. Checked on
 * hand-made cases, then against JSON.parse on many generated and damaged texts (a fixed seed, so a
 * failure is repeatable), and on every fixture log: reading with the adapters' picks gives the same
 * events as reading every record whole.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { INVALID, ObjectInString, compilePick, compileStreamedObject, isJson, jsonInString, pickJson, streamObject, type CompiledPick, type Pick } from '../src/pipeline/json-pick.js';
import { readFile } from '../src/pipeline/read-file.js';
import { ADAPTERS } from '../src/providers/index.js';
import { fixture } from './helpers.js';

/** JSON.parse, then the projection the module comment defines. */
function project(v: unknown, pick: Pick): unknown {
  if (pick === true) return v;
  if (Array.isArray(pick)) return Array.isArray(v) ? v.map((x) => project(x, (pick as readonly [Pick])[0])) : v;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(pick as Record<string, Pick>)) {
    if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = project((v as Record<string, unknown>)[k], sub);
  }
  return out;
}

function expected(text: Buffer, pick: Pick): unknown {
  try {
    return project(JSON.parse(text.toString('utf8')), pick);
  } catch {
    return INVALID;
  }
}

// Picks are compiled once, as the adapters compile theirs (compiled picks are never freed).
const compiled = new Map<Pick, CompiledPick>();

/** pickJson of `text` placed inside other bytes (as a line is inside a chunk), at an odd offset. */
function picked(text: Buffer | string, pick: Pick): unknown {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const around = Buffer.concat([Buffer.from('{"x":1}\n"'), bytes, Buffer.from('"\n\\')]);
  let program = compiled.get(pick);
  if (!program) compiled.set(pick, (program = compilePick(pick)));
  return pickJson(around, 9, 9 + bytes.length, program);
}

const CLAUDE_LIKE: Pick = { type: true, message: { id: true, usage: { output_tokens: true } } };

describe('pickJson on hand-made texts', () => {
  it('builds only the picked keys, at any depth, and keeps the rest out', () => {
    const line = '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"x"}],"usage":{"input_tokens":3,"output_tokens":12}},"uuid":"u"}';
    expect(picked(line, CLAUDE_LIKE)).toEqual({ type: 'assistant', message: { id: 'm1', usage: { output_tokens: 12 } } });
  });

  it('keeps a value of another kind than its pick whole, as the projection says', () => {
    expect(picked('{"message":"text","type":["a"]}', CLAUDE_LIKE)).toEqual({ message: 'text', type: ['a'] });
    expect(picked('[{"id":1}]', { id: true })).toEqual([{ id: 1 }]);
    expect(picked('{"a":[{"id":1,"x":2},3]}', { a: [{ id: true }] })).toEqual({ a: [{ id: 1 }, 3] });
  });

  it('takes the last of a repeated key, as JSON.parse does', () => {
    expect(picked('{"type":"a","type":"b"}', { type: true })).toEqual({ type: 'b' });
  });

  it('matches escaped keys and decodes escaped strings', () => {
    expect(picked('{"t\\u0079pe":"a\\"b\\n\\u00e9"}', { type: true })).toEqual({ type: 'a"b\né' });
  });

  it('reads numbers exactly as JSON.parse', () => {
    const text = '{"a":0,"b":-0,"c":12345678901234567890,"d":1e300,"e":-1.5e-3,"f":9007199254740993,"g":123456789012345}';
    const all = { a: true, b: true, c: true, d: true, e: true, f: true, g: true } as const;
    expect(isDeepStrictEqual(picked(text, all), JSON.parse(text))).toBe(true);
    expect(Object.is((picked(text, all) as { b: number }).b, -0)).toBe(true);
  });

  it('decodes UTF-8, and invalid bytes the way JSON.parse of the decoded line would', () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"日本 '), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from(' 😀"}')]);
    expect(picked(bytes, { type: true })).toEqual(expected(bytes, { type: true }));
  });

  it.each([
    ['a record cut short', '{"type":"a","message":{"id":"m"'],
    ['two records glued', '{"type":"a"}{"type":"b"}'],
    ['trailing junk', '{"type":"a"} x'],
    ['leading junk', 'x{"type":"a"}'],
    ['a raw NUL in an unpicked string', '{"type":"a","text":"x\u0000y"}'],
    ['a raw newline in a string', '{"type":"a\nb"}'],
    ['a bad escape', '{"text":"\\x41","type":"a"}'],
    ['a short unicode escape', '{"text":"\\u12","type":"a"}'],
    ['a leading zero', '{"n":012}'],
    ['a bare dot', '{"n":1.}'],
    ['a single quote', "{'type':'a'}"],
    ['a trailing comma', '{"type":"a",}'],
    ['a missing colon', '{"type" "a"}'],
    ['an unquoted key', '{type:"a"}'],
    ['a misspelt literal', '{"ok":tru}'],
    ['NaN', '{"n":NaN}'],
    ['empty', ''],
  ])('refuses %s, as JSON.parse does', (_name, text) => {
    expect(expected(Buffer.from(text), CLAUDE_LIKE)).toBe(INVALID);
    expect(picked(text, CLAUDE_LIKE)).toBe(INVALID);
    expect(isJson(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(false);
  });

  it('accepts values nested as deep as a line can hold them (JSON.parse does)', () => {
    const depth = 1_000_000;
    const text = `{"content":${'['.repeat(depth)}${']'.repeat(depth)},"message":{"id":"m"}}`;
    expect(() => JSON.parse(text)).not.toThrow();
    expect(picked(text, CLAUDE_LIKE)).toEqual({ message: { id: 'm' } });
    expect(picked(text.replace(']],', '],'), CLAUDE_LIKE)).toBe(INVALID);
  });

  it('accepts space, tabs, CR and LF between tokens, and nothing else', () => {
    expect(picked(' \t{ "type" :\r\n"a" }\n', { type: true })).toEqual({ type: 'a' });
    expect(picked('\u00a0{"type":"a"}', { type: true })).toBe(INVALID);
  });
});

// ---------------------------------------------------------------------------------------------------
// Against JSON.parse on generated texts

/** A small seeded generator (the same texts on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const KEYS = ['type', 'message', 'usage', 'id', 'a', 'x\\"y', 'café', 'tokens', 'messages', 'sessionId'];
const STRINGS = ['', 'plain', 'line\nbreak', 'tab\t"quoted"\\', '\u0001\u001f', 'é日本😀', '\u2028'];

function generate(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.35) {
    const q = rnd();
    if (q < 0.15) return Math.floor(rnd() * 1e7);
    if (q < 0.25) return (rnd() - 0.5) * 1e12;
    if (q < 0.3) return [true, false, null][Math.floor(rnd() * 3)];
    if (q < 0.33) return 1e300;
    // Now and then a long string, to cross word boundaries at every alignment.
    const s = STRINGS[Math.floor(rnd() * STRINGS.length)]!;
    return rnd() < 0.1 ? `${'x'.repeat(Math.floor(rnd() * 9))}${s}`.repeat(40) : s;
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => generate(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < rnd() * 5; i++) o[KEYS[Math.floor(rnd() * KEYS.length)]!] = generate(rnd, depth + 1);
  return o;
}

/** Bytes that break JSON where they land: structure, quotes, escapes, controls, invalid UTF-8. */
const DAMAGE = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x00, 0x0a, 0xff, 0x30, 0x2d, 0x2e, 0x65, 0x6e, 0x75];

function damage(rnd: () => number, bytes: Buffer): Buffer {
  let b = bytes;
  for (let k = Math.floor(rnd() * 3); k >= 0; k--) {
    const at = Math.floor(rnd() * b.length);
    const byte = Buffer.from([DAMAGE[Math.floor(rnd() * DAMAGE.length)]!]);
    const op = rnd();
    if (op < 0.4) b = Buffer.concat([b.subarray(0, at), byte, b.subarray(at + 1)]);
    else if (op < 0.7) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    else b = Buffer.concat([b.subarray(0, at), byte, b.subarray(at)]);
  }
  return b;
}

function textOf(rnd: () => number, value: unknown): Buffer {
  const text = JSON.stringify(value, null, rnd() < 0.3 ? 2 : undefined) ?? 'null';
  const spaced = rnd() < 0.2 ? text.replace(/,/g, ' ,\r\n\t') : text;
  const bytes = Buffer.from(spaced, 'utf8');
  return rnd() < 0.5 ? damage(rnd, bytes) : bytes;
}

const PICKS: Pick[] = [
  true,
  CLAUDE_LIKE,
  { a: [{ id: true, type: true }], café: true, 'x\\"y': true },
  [{ id: true }],
  { messages: [{ tokens: true, id: true }], sessionId: true },
];

describe('pickJson against JSON.parse', () => {
  it('agrees on 40,000 generated texts, half of them damaged', () => {
    const rnd = random(42);
    let refused = 0;
    for (let i = 0; i < 8000; i++) {
      const text = textOf(rnd, generate(rnd, 0));
      for (const pick of PICKS) {
        const want = expected(text, pick);
        const got = picked(text, pick);
        if (want === INVALID) refused++;
        if (!(want === INVALID ? got === INVALID : got !== INVALID && isDeepStrictEqual(got, want))) {
          expect({ text: text.toString('latin1'), pick, got }).toEqual({ text: text.toString('latin1'), pick, got: want });
        }
      }
    }
    // Both kinds were really tried.
    expect(refused).toBeGreaterThan(5000);
    expect(refused).toBeLessThan(35000);
  });
});

// ---------------------------------------------------------------------------------------------------
// A string holding JSON (Codex's older tool outputs), read without building it

const IN_STRING_INNER = { metadata: { exit_code: true, duration_seconds: true }, a: [{ id: true }] } as const;
const IN_STRING: Pick = { out: jsonInString(IN_STRING_INNER), z: true };

/** What JSON.parse gives for the record's `out`: its object when its text begins with `{` and is JSON, and the text. */
function inStringExpected(record: string): { object: unknown; text: unknown } | typeof INVALID {
  let out: unknown;
  try {
    out = (JSON.parse(record) as { out?: unknown }).out;
  } catch {
    return INVALID;
  }
  if (typeof out !== 'string') return { object: 'not kept as text', text: out };
  let object: unknown;
  if (out.startsWith('{')) {
    try {
      object = project(JSON.parse(out), IN_STRING_INNER);
    } catch {
      object = undefined;
    }
  }
  return { object, text: out };
}

function inStringPicked(record: string): { object: unknown; text: unknown } | typeof INVALID {
  const got = picked(record, IN_STRING);
  if (got === INVALID) return INVALID;
  const out = (got as { out?: unknown }).out;
  if (!(out instanceof ObjectInString)) return { object: 'not kept as text', text: out };
  return { object: out.object, text: out.text() };
}

describe('jsonInString', () => {
  it('reads the object a string holds, escaped or not, and builds the text only when asked', () => {
    const inner = JSON.stringify({ output: 'a "b"\n\\ é 😀', metadata: { exit_code: 2, duration_seconds: 1.5, x: 'y' } });
    const record = `{"out":${JSON.stringify(inner)}}`;
    // The same with every character past ASCII written as a \u escape (the emoji as a surrogate pair).
    const ascii = record.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(ascii).toContain('\\ud83d\\ude00');
    for (const text of [record, ascii]) {
      expect(inStringPicked(text)).toEqual({ object: { metadata: { exit_code: 2, duration_seconds: 1.5 } }, text: inner });
    }
    // Escapes of the outer string that the inner text's grammar sees: \t and \n are space between tokens, \u0020 too.
    expect(inStringPicked('{"out":"{\\t\\"metadata\\"\\n:\\u0020{\\"exit_code\\":1}}"}')).toEqual({ object: { metadata: { exit_code: 1 } }, text: '{\t"metadata"\n: {"exit_code":1}}' });
    // Without an escape the text is read where it lies.
    expect(inStringPicked('{"out":"{}"}')).toEqual({ object: {}, text: '{}' });
  });

  it('keeps no object for a text that does not begin with { or is not JSON, and keeps other values whole', () => {
    for (const out of ['" {}"', '"[1]"', '"{\\"a\\":1"', '"{\\"a\\":1}x"', '"Exit code: 1"', '""', '"{\\"a\\":\\"\\u0001\\"}"']) {
      const record = `{"out":${out}}`;
      expect(inStringPicked(record)).toEqual(inStringExpected(record));
      expect((inStringPicked(record) as { object: unknown }).object).toBeUndefined();
    }
    expect(picked('{"out":{"metadata":{"exit_code":1}},"z":3}', IN_STRING)).toEqual({ out: { metadata: { exit_code: 1 } }, z: 3 });
    expect(picked('{"out":7}', IN_STRING)).toEqual({ out: 7 });
  });

  it('reads an inner object with an escaped key as JSON.parse does', () => {
    const record = '{"out":"{\\"m\\\\u0065tadata\\":{\\"exit_code\\":3}}"}';
    expect(inStringPicked(record)).toEqual({ object: { metadata: { exit_code: 3 } }, text: '{"m\\u0065tadata":{"exit_code":3}}' });
  });

  it('refuses to hold another', () => {
    expect(() => compilePick({ a: jsonInString({ b: jsonInString({ c: true }) }) })).toThrow(/cannot hold another/);
  });

  it('agrees with JSON.parse on 8,000 generated inner texts, half of them damaged', () => {
    const rnd = random(7);
    let objects = 0;
    for (let i = 0; i < 8000; i++) {
      const inner = textOf(rnd, generate(rnd, 0)).toString('utf8');
      // Half of them made to begin with `{`.
      const text = i % 2 === 0 || inner.startsWith('{') ? inner : `{"a":[${inner}]}`;
      const record = `{"z":1,"out":${JSON.stringify(text)}}`;
      const want = inStringExpected(record);
      if (want !== INVALID && want.object !== undefined) objects++;
      expect(inStringPicked(record)).toEqual(want);
    }
    expect(objects).toBeGreaterThan(1000);
    expect(objects).toBeLessThan(7000);
  });
});

// ---------------------------------------------------------------------------------------------------
// Streaming a document

const ELEMENT: Pick = { type: true, tokens: true, id: true };
const DOCUMENT = compileStreamedObject({ sessionId: true, a: { id: true } }, 'messages', ELEMENT);

/** `streamObject` over `bytes` cut into chunks of the sizes `sizes` gives, round and round. */
function streamed(bytes: Buffer, sizes: () => number, maxPiece = 1 << 20) {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = sizes();
    chunks.push(Buffer.from(bytes.subarray(at, at + n)));
    at += n;
  }
  const members: Record<string, unknown> = {};
  const elements: unknown[] = [];
  const complete = streamObject(chunks, DOCUMENT, (k, v) => (members[k] = v), (v) => elements.push(v), maxPiece);
  return { complete, members, elements };
}

describe('streamObject', () => {
  it('hands on members and each element, and agrees with JSON.parse on 10,000 documents in chunks of 1–300 bytes', () => {
    const rnd = random(7);
    let whole = 0;
    for (let i = 0; i < 10000; i++) {
      const doc: Record<string, unknown> = {};
      for (const k of ['sessionId', 'projectHash', 'messages', 'a', 'startTime']) {
        if (rnd() < 0.7) doc[k] = k === 'messages' && rnd() < 0.9 ? Array.from({ length: Math.floor(rnd() * 6) }, () => generate(rnd, 1)) : generate(rnd, 1);
      }
      const text = rnd() < 0.1 ? textOf(rnd, doc).subarray(0, Math.floor(rnd() * 100)) : textOf(rnd, doc);
      const got = streamed(text, () => 1 + Math.floor(rnd() * (rnd() < 0.5 ? 5 : 300)));
      let parsed: unknown = INVALID;
      try {
        parsed = JSON.parse(text.toString('utf8'));
      } catch {
        // damaged
      }
      const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      expect(got.complete, text.toString('latin1')).toBe(isObject);
      if (!isObject) continue;
      whole++;
      const p = parsed as Record<string, unknown>;
      const members: Record<string, unknown> = {};
      if ('sessionId' in p) members.sessionId = p.sessionId;
      if ('a' in p) members.a = project(p.a, { id: true });
      let elements: unknown[] = [];
      if ('messages' in p) {
        if (Array.isArray(p.messages)) elements = p.messages.map((m) => project(m, ELEMENT));
        else members.messages = p.messages;
      }
      expect(got.members).toEqual(members);
      expect(got.elements).toEqual(elements);
    }
    expect(whole).toBeGreaterThan(4000);
  });

  it('hands on what came before damage, then says the document is damaged', () => {
    const text = Buffer.from('{"sessionId":"s","messages":[{"id":"g1","tokens":{"input":5}},{"id":"g2","tokens":{"inp');
    const got = streamed(text, () => 7);
    expect(got).toEqual({ complete: false, members: { sessionId: 's' }, elements: [{ id: 'g1', tokens: { input: 5 } }] });
  });

  it('reads past a byte-order mark', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"sessionId":"s","messages":[]}')]);
    expect(streamed(text, () => 2)).toEqual({ complete: true, members: { sessionId: 's' }, elements: [] });
  });

  it('refuses a piece bigger than it may hold, after what came before it', () => {
    const text = Buffer.from(`{"messages":[{"id":"a"},{"id":"${'x'.repeat(5000)}"}]}`);
    expect(streamed(text, () => 100, 1000)).toEqual({ complete: false, members: {}, elements: [{ id: 'a' }] });
    expect(streamed(text, () => 100, 10000).complete).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// The adapters' picks

function logFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(dir, rel))
    .filter((f) => /\.jsonl(\.zst)?$/.test(f) && statSync(f).isFile());
}

describe('the adapters read everything they use', () => {
  it.each(['claude', 'codex', 'gemini'] as const)('%s: every fixture log gives the same events through its pick as read whole', (provider) => {
    const adapter = ADAPTERS[provider]!;
    const whole = { ...adapter, pick: compilePick(true) };
    const files = [...logFiles(fixture(provider)), ...(provider === 'claude' ? logFiles(fixture('hostile')) : [])];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFile(adapter, file), file).toEqual(readFile(whole, file));
  });
});
