import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ToolCallPart, ToolPart } from '../src/core/tool-call.js';
import type { Provider } from '../src/core/types.js';
import { ADAPTERS } from '../src/providers/index.js';
import { readFileAs } from '../src/pipeline/read-file.js';
import { TOOL_PARTS } from '../src/pipeline/tool-parts.js';
import { fixture } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.jsonl?$/.test(name) && name !== 'projects.json' ? [full] : [];
  });
}

/** Every tool part the fixtures of issue 16 hold, read as the pipeline reads them. */
function fixtureParts(): ToolPart[] {
  return (['claude', 'codex', 'gemini'] as Provider[]).flatMap((provider) =>
    filesUnder(fixture('activity', provider)).flatMap((file) => readFileAs(TOOL_PARTS, ADAPTERS[provider]!, file).events),
  );
}

const roundTrip = (parts: readonly ToolPart[]): ToolPart[] => TOOL_PARTS.decode(deserialize(serialize(TOOL_PARTS.encode(parts))));

describe('the tool parts cache codec', () => {
  const parts = fixtureParts();
  const calls = parts.filter((p): p is ToolCallPart => p.part === 'call');

  it('the fixtures hold every field, set and unset, and Windows paths', () => {
    expect(new Set(parts.map((p) => p.provider))).toEqual(new Set(['claude', 'codex', 'gemini']));
    // (No fixture's call carries its own duration: the round trip below adds one.)
    for (const field of ['mcpServer', 'command', 'sidechain', 'status'] as const) {
      expect(calls.some((c) => c[field] !== undefined), field).toBe(true);
      expect(calls.some((c) => !(field in c)), field).toBe(true);
    }
    expect(parts.some((p) => p.part === 'result' && p.durationMs !== undefined)).toBe(true);
    expect(parts.some((p) => p.part === 'result' && !('durationMs' in p))).toBe(true);
    expect(calls.some((c) => c.paths.some((x) => x.risk !== undefined))).toBe(true);
    expect(calls.some((c) => c.paths.some((x) => /^[A-Za-z]:\\/.test(x.path)))).toBe(true);
    expect(calls.some((c) => c.risks.length > 0 && c.programs.length > 1)).toBe(true);
  });

  it('gives back exactly the parts it was given, optional fields absent where they were', () => {
    expect(parts.length).toBeGreaterThan(50);
    expect(roundTrip(parts)).toStrictEqual(parts);
    const own: ToolCallPart = { ...calls[0]!, key: 'own', durationMs: 1234.5, sidechain: false, status: 'unknown', paths: [{ path: 'C:\\x', access: 'exec', risk: 'sudo' }] };
    expect(roundTrip([own])).toStrictEqual([own]);
    // A saved result's calls carry the device they were stamped with.
    const stamped: ToolCallPart = { ...calls[0]!, key: 'stamped', device: 'laptop' };
    expect(roundTrip([stamped, own])).toStrictEqual([stamped, own]);
    expect(roundTrip([])).toStrictEqual([]);
  });

  it('refuses what it did not write', () => {
    const encoded = TOOL_PARTS.encode(parts) as { lists: Float64Array; keys: string[] };
    expect(() => TOOL_PARTS.decode({ ...encoded, lists: encoded.lists.subarray(1) })).toThrow();
    expect(() => TOOL_PARTS.decode({ ...encoded, keys: encoded.keys.slice(1) })).toThrow();
    expect(() => TOOL_PARTS.decode({ parts })).toThrow();
  });
});
