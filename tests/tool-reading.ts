/**
 * Drives a ToolReader over a fixture file as the pipeline does: the shared line splitter with the
 * reader's needles, pickJson with its pick, the state made plain JSON (as the cache stores it) at
 * every line, or a document's bytes through readDocument. `readWhole` reads every line with
 * JSON.parse and no needles: equal parts prove the needles and the pick cover what onRecord reads.
 */
import { readFileSync } from 'node:fs';
import type { ToolPart } from '../src/core/tool-call.js';
import { asObject } from '../src/core/values.js';
import { INVALID, pickJson } from '../src/pipeline/json-pick.js';
import { LineSplitter } from '../src/pipeline/lines.js';
import type { ToolOutput, ToolReader } from '../src/providers/adapter.js';

export interface ToolRead {
  parts: ToolPart[];
  skips: string[];
}

function collector(): { out: ToolOutput; read: ToolRead } {
  const read: ToolRead = { parts: [], skips: [] };
  return { read, out: { emit: (p) => read.parts.push(p), skip: (r) => read.skips.push(r) } };
}

export function readTools(reader: ToolReader, file: string): ToolRead {
  const { out, read } = collector();
  const bytes = readFileSync(file);
  if (reader.readDocument && !file.endsWith('.jsonl')) {
    // Small chunks: a document is read a piece at a time.
    const chunks = function* (): Generator<Buffer> {
      for (let at = 0; at < bytes.length; at += 97) yield bytes.subarray(at, at + 97);
    };
    reader.readDocument(chunks(), file, out);
    return read;
  }
  let state = reader.newState(file);
  const splitter = new LineSplitter(reader.needles, {
    line: (b, start, end) => {
      const record = asObject(pickJson(b, start, end, reader.pick));
      if (record === undefined) {
        out.skip('invalid JSON');
        return;
      }
      reader.onRecord(record, state, out);
      // What the cache keeps between two reads of a growing file.
      state = JSON.parse(JSON.stringify(state));
    },
    overlong: () => out.skip('line too long'),
  });
  splitter.push(bytes);
  const split = splitter.end();
  if (split.tail.length > 0) throw new Error('fixture lines end with a newline');
  return read;
}

export function readWhole(reader: ToolReader, file: string): ToolRead {
  const { out, read } = collector();
  const state = reader.newState(file);
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.length === 0) continue;
    let record: unknown = INVALID;
    try {
      record = JSON.parse(text);
    } catch {
      out.skip('invalid JSON');
    }
    const obj = asObject(record);
    if (obj) reader.onRecord(obj, state, out);
  }
  return read;
}
