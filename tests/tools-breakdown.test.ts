import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-read.js';
import { runCli, tempDir } from './helpers.js';

/** One session, two models: Bash by opus at t 0 (ok after 2 s) and t 10 (error after 4 s), Bash by sonnet at t 20 (ok after 1 s). */
function twoModels(): string {
  const root = tempDir();
  const dir = path.join(root, 'projects', 'p');
  mkdirSync(dir, { recursive: true });
  const at = (s: number): string => `2026-05-06T12:00:${String(s).padStart(2, '0')}.000Z`;
  const lines: unknown[] = [];
  for (const [id, model, t, took, error] of [
    ['toolu_b1', 'claude-opus-4-1-20250805', 0, 2, false],
    ['toolu_b2', 'claude-opus-4-1-20250805', 10, 4, true],
    ['toolu_b3', 'claude-sonnet-4-5-20250929', 20, 1, false],
  ] as const) {
    lines.push({ type: 'assistant', cwd: '/home/dev/p', sessionId: 'b1', uuid: `a${id}`, timestamp: at(t), requestId: `r${id}`, message: { id: `m${id}`, role: 'assistant', model, content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'ls' } }], usage: { input_tokens: 1, output_tokens: 1 } } });
    lines.push({ type: 'user', cwd: '/home/dev/p', sessionId: 'b1', uuid: `u${id}`, timestamp: at(t + took), message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content: 'x', is_error: error }] } });
  }
  writeFileSync(path.join(dir, 'b1.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return root;
}

describe('usage tools --breakdown and --csv', () => {
  it('a sub-row per model, most calls first, in JSON, the table and CSV', async () => {
    const env = { CLAUDE_CONFIG_DIR: twoModels() };
    const args = ['tools', '--provider', 'claude', '-z', 'UTC', '--breakdown'];
    const json = await runCli([...args, '--json'], env);
    expect(JSON.parse(json.stdout).tools).toEqual([
      {
        provider: 'claude', tool: 'Bash', category: 'shell', calls: 3, errors: 1, durationMsMedian: 2000, durationMsP95: 4000, sessions: 1,
        modelBreakdowns: [
          { model: 'claude-opus-4-1-20250805', calls: 2, errors: 1, durationMsMedian: 2000, durationMsP95: 4000, sessions: 1 },
          { model: 'claude-sonnet-4-5-20250929', calls: 1, errors: 0, durationMsMedian: 1000, durationMsP95: 1000, sessions: 1 },
        ],
      },
    ]);
    const table = await runCli([...args, '--no-color'], env);
    expect(table.stdout).toMatch(/│ +└ claude-opus-4-1-20250805 +│ +│ +2 │ +1 │ +50\.0 │ +2\.0 s │ +4\.0 s │ +1 │/);
    const csv = parseCsv((await runCli([...args, '--csv'], env)).stdout);
    expect(csv).toEqual([
      ['provider', 'tool', 'category', 'calls', 'errors', 'durationMsMedian', 'durationMsP95', 'sessions', 'model'],
      ['claude', 'Bash', 'shell', '3', '1', '2000', '4000', '1', ''],
      ['claude', 'Bash', 'shell', '2', '1', '2000', '4000', '1', 'claude-opus-4-1-20250805'],
      ['claude', 'Bash', 'shell', '1', '0', '1000', '1000', '1', 'claude-sonnet-4-5-20250929'],
    ]);
    const plain = parseCsv((await runCli(['tools', '--provider', 'claude', '--csv'], env)).stdout);
    expect(plain).toEqual([
      ['provider', 'tool', 'category', 'calls', 'errors', 'durationMsMedian', 'durationMsP95', 'sessions'],
      ['claude', 'Bash', 'shell', '3', '1', '2000', '4000', '1'],
    ]);
  });
});
