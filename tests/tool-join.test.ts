import { describe, expect, it } from 'vitest';
import type { ToolCallPart, ToolPart, ToolResultPart } from '../src/core/tool-call.js';
import { TOOL_PARTS } from '../src/pipeline/tool-parts.js';
import { joinToolCalls } from '../src/report/tool-join.js';

const call = (key: string, timestamp: number, extra: Partial<ToolCallPart> = {}): ToolCallPart => ({
  part: 'call',
  provider: 'claude',
  key,
  timestamp,
  sessionId: 's1',
  projectPath: '/p',
  model: 'm',
  tool: 'Bash',
  category: 'shell',
  paths: [],
  programs: ['git'],
  risks: [],
  ...extra,
});
const result = (key: string, timestamp: number, status: ToolResultPart['status'], durationMs?: number): ToolResultPart => ({
  part: 'result',
  provider: 'claude',
  key,
  timestamp,
  status,
  ...(durationMs !== undefined ? { durationMs } : {}),
});

describe('joinToolCalls', () => {
  it('status and duration from the result, the call, or neither; orphans counted', () => {
    const parts: ToolPart[] = [
      call('a', 1_000),
      result('a', 3_500, 'ok'), // 2,500 ms from timestamps
      call('b', 2_000),
      result('b', 9_000, 'error', 120), // the agent's own 120 ms beats 7,000
      call('c', 5_000, { status: 'cancelled', durationMs: 40 }), // Gemini: status with the call
      call('d', 6_000), // no result: unknown, no duration
      call('e', 7_000),
      result('e', 6_000, 'ok'), // result stamped before the call: 0, never negative
      result('zz', 8_000, 'ok'), // no call: dropped
    ];
    const { calls, orphanResults } = joinToolCalls(parts);
    expect(calls.map((c) => [c.key, c.status, c.durationMs])).toEqual([
      ['a', 'ok', 2_500],
      ['b', 'error', 120],
      ['c', 'cancelled', 40],
      ['d', 'unknown', undefined],
      ['e', 'ok', 0],
    ]);
    expect(orphanResults).toBe(1);
  });
  it('a result away from its call is joined through the table, before or after the call; the rest stay unknown', () => {
    const parts: ToolPart[] = [
      result('late', 4_000, 'error'), // before its call: 4,000 - 1,000 = 3,000 ms
      call('p', 500),
      result('p', 700, 'ok'), // by position: 200 ms
      call('late', 1_000),
      call('far', 2_000, { mcpServer: 'srv', command: 'ls' }),
      call('none', 2_500),
      result('far', 2_600, 'cancelled', 9), // after another call: its own 9 ms
      result('lost', 3_000, 'ok'), // no call
    ];
    const { calls, orphanResults } = joinToolCalls(parts);
    expect(calls.map((c) => [c.key, c.status, c.durationMs])).toEqual([
      ['p', 'ok', 200],
      ['late', 'error', 3_000],
      ['far', 'cancelled', 9],
      ['none', 'unknown', undefined],
    ]);
    expect(orphanResults).toBe(1);
    // Optional fields only where the call had them.
    expect(calls.map((c) => ['mcpServer', 'command', 'durationMs'].filter((k) => k in c))).toEqual([['durationMs'], ['durationMs'], ['mcpServer', 'command', 'durationMs'], []]);
  });
});

describe('tool parts dedupe', () => {
  it('one call and one result per key; the oldest file keeps it, a sidechain copy never wins', () => {
    // File 0 (older): the call; file 1 (resumed): a copy of the call and the result; file 2: a sidechain copy.
    const parts: ToolPart[] = [call('a', 1_000, { model: 'original' }), call('a', 1_000, { model: 'copy' }), result('a', 2_000, 'ok'), call('b', 3_000, { sidechain: true, model: 'side' }), call('b', 3_000, { model: 'main' })];
    const sources = [0, 1, 1, 2, 2];
    const kept = TOOL_PARTS.dedupe(parts, sources);
    expect(kept.map((p) => (p.part === 'call' ? `call ${p.key} ${p.model}` : `result ${p.key}`))).toEqual(['call a original', 'result a', 'call b main']);
    const sidechainFirst = TOOL_PARTS.dedupe([call('b', 3_000, { sidechain: true, model: 'side' }), call('b', 3_000, { model: 'main' })], [0, 1]);
    expect(sidechainFirst.map((p) => (p as ToolCallPart).model)).toEqual(['main']);
    const { calls } = joinToolCalls(kept);
    expect(calls.map((c) => [c.key, c.status, c.durationMs])).toEqual([
      ['a', 'ok', 1_000],
      ['b', 'unknown', undefined],
    ]);
  });

  it('the codec gives back what it was given, and refuses what it did not write', () => {
    const parts: ToolPart[] = [call('a', 1, { paths: [{ path: '/etc/hosts', access: 'read' }], mcpServer: 'gh' }), result('a', 2, 'error', 5)];
    expect(TOOL_PARTS.decode(structuredClone(TOOL_PARTS.encode(parts)))).toEqual(parts);
    expect(() => TOOL_PARTS.decode({ parts: [{ part: 'call', key: 'x' }] })).toThrow();
  });
});
