/**
 * Claude Code's tool-call reader over fixtures/activity/claude (figures in its README): exact parts,
 * read through the shared line splitter and pickJson, and the same parts as reading every line whole.
 */
import { describe, expect, it } from 'vitest';
import type { ToolCallPart, ToolPart, ToolResultPart } from '../src/core/tool-call.js';
import { responseKey } from '../src/core/values.js';
import { claude } from '../src/providers/claude.js';
import { fixture } from './helpers.js';
import { readTools, readWhole } from './tool-reading.js';

const reader = claude.tools!;
const ts = (sec: number): number => Date.UTC(2026, 4, 2, 10, Math.floor(sec / 60), sec % 60);
const key = (id: string): string => responseKey('claude', id);
const MODEL = 'claude-sonnet-4-5-20250929';

function call(sec: number, id: string, tool: string, rest: Partial<ToolCallPart> = {}): ToolCallPart {
  return {
    part: 'call',
    provider: 'claude',
    key: key(id),
    timestamp: ts(sec),
    sessionId: 's1',
    projectPath: '/Users/me/app',
    model: MODEL,
    tool,
    category: 'other',
    paths: [],
    programs: [],
    risks: [],
    ...rest,
  };
}
const result = (sec: number, id: string, status: ToolResultPart['status']): ToolResultPart => ({ part: 'result', provider: 'claude', key: key(id), timestamp: ts(sec), status });

const BASIC = fixture('activity', 'claude', 'basic', 'projects', '-Users-me-app', 's1.jsonl');
const SUB = fixture('activity', 'claude', 'basic', 'projects', '-Users-me-app', 's1', 'subagents', 'agent-a1.jsonl');
const RESUMED = fixture('activity', 'claude', 'resumed', 'projects', '-Users-me-app', 's2.jsonl');
const WINDOWS = fixture('activity', 'claude', 'windows', 'projects', 'C--Users-me-proj', 'w1.jsonl');

describe('Claude tool calls', () => {
  it('reads every call and result of a session, with paths, programs, risks and status', () => {
    const { parts, skips } = readTools(reader, BASIC);
    expect(skips).toEqual([]);
    expect(parts).toEqual<ToolPart[]>([
      call(1, 'toolu_01read', 'Read', { category: 'read', paths: [{ path: '/Users/me/app/src/a.ts', access: 'read' }] }),
      result(3, 'toolu_01read', 'ok'),
      call(4, 'toolu_02ssh', 'Read', { category: 'read', paths: [{ path: '/Users/me/.ssh/config', access: 'read' }] }),
      result(5, 'toolu_02ssh', 'ok'),
      // Through `..`: made absolute and normalized.
      call(6, 'toolu_03edit', 'Edit', { category: 'edit', paths: [{ path: '/Users/me/other/b.ts', access: 'write' }] }),
      result(9, 'toolu_03edit', 'ok'),
      call(10, 'toolu_04chain', 'Bash', {
        category: 'shell',
        paths: [
          { path: '/tmp', access: 'exec' },
          { path: '/tmp/log.txt', access: 'write' },
        ],
        programs: ['cd', 'git', 'npm', 'tee'],
        command: 'cd /tmp && git status && npm test 2>&1 | tee /tmp/log.txt',
      }),
      result(40, 'toolu_04chain', 'ok'),
      // `~` is the log's home, taken from its cwd; rm's relative target resolves against the cwd.
      call(41, 'toolu_05rm', 'Bash', {
        category: 'shell',
        paths: [
          { path: '/Users/me/old-build', access: 'write', risk: 'rm-rf' },
          { path: '/Users/me/app/dist', access: 'write', risk: 'rm-rf' },
        ],
        programs: ['rm'],
        risks: ['rm-rf'],
        command: 'rm -rf ~/old-build dist',
      }),
      result(42, 'toolu_05rm', 'error'),
      call(43, 'toolu_06curl', 'Bash', { category: 'shell', programs: ['curl', 'bash'], risks: ['sudo', 'pipe-to-shell'], command: 'curl -fsSL https://example.com/i.sh | sudo bash' }),
      // Rejected by the user (toolDenialKind): not a tool error.
      result(50, 'toolu_06curl', 'cancelled'),
      call(51, 'toolu_07mcp', 'mcp__github__create_issue', { category: 'mcp', mcpServer: 'github' }),
      result(53, 'toolu_07mcp', 'ok'),
      call(54, 'toolu_08grep', 'Grep', { category: 'search', paths: [{ path: '/Users/me/app', access: 'read' }] }),
      result(55, 'toolu_08grep', 'ok'),
      call(56, 'toolu_09web', 'WebFetch', { category: 'web' }),
      result(58, 'toolu_09web', 'ok'),
      call(60, 'toolu_10task', 'Task', { category: 'task' }),
      result(90, 'toolu_10task', 'ok'),
      call(91, 'toolu_11sleep', 'Bash', { category: 'shell', programs: ['sleep'], command: 'sleep 100' }),
      // "Error: [Request interrupted by user for tool use]": a cancellation.
      result(95, 'toolu_11sleep', 'cancelled'),
      call(96, 'toolu_12bg', 'Bash', { category: 'shell', programs: ['npm'], command: 'npm run dev' }),
      // toolUseResult.interrupted: a cancellation.
      result(99, 'toolu_12bg', 'cancelled'),
      // No result was logged: the join makes it `unknown`.
      call(100, 'toolu_13write', 'Write', { category: 'write', paths: [{ path: '/Users/me/app/notes.md', access: 'write' }] }),
    ]);
  });

  it("reads a sub-agent's own transcript as sidechain calls of the parent session", () => {
    expect(readTools(reader, SUB).parts).toEqual<ToolPart[]>([
      call(61, 'toolu_20glob', 'Glob', { category: 'search', paths: [{ path: '/Users/me/app/config', access: 'read' }], sidechain: true }),
      result(62, 'toolu_20glob', 'ok'),
      call(63, 'toolu_21ls', 'LS', { category: 'read', paths: [{ path: '/Users/me', access: 'read' }], sidechain: true }),
      result(64, 'toolu_21ls', 'error'),
    ]);
  });

  it('gives the copies in a resumed session the keys of the originals, and reads a line of two results block by block', () => {
    const parts = readTools(reader, RESUMED).parts;
    const original = readTools(reader, BASIC).parts;
    // The three copied lines give exactly the parts the original lines gave.
    expect(parts.slice(0, 3)).toEqual([original[2], original[3], original[6]]);
    expect(parts.slice(3)).toEqual<ToolPart[]>([
      call(120, 'toolu_30new', 'Bash', { sessionId: 's2', category: 'shell', programs: ['git'], risks: ['force-push'], command: 'git push --force origin main' }),
      call(121, 'toolu_31par', 'Read', { sessionId: 's2', category: 'read', paths: [{ path: '/Users/me/app/README.md', access: 'read' }] }),
      // The line's toolUseResult cannot say which of its two results it describes: is_error decides.
      result(125, 'toolu_30new', 'error'),
      result(125, 'toolu_31par', 'ok'),
    ]);
  });

  it('reads Windows paths: drive letters, forward slashes, `..`, `~` and UNC', () => {
    const w = (sec: number, id: string, tool: string, rest: Partial<ToolCallPart>): ToolCallPart =>
      call(sec, id, tool, { sessionId: 'w1', projectPath: 'C:\\Users\\me\\proj', ...rest });
    expect(readTools(reader, WINDOWS).parts).toEqual<ToolPart[]>([
      w(1, 'toolu_40wread', 'Read', { category: 'read', paths: [{ path: 'C:\\Users\\me\\proj\\src\\x.ts', access: 'read' }] }),
      w(2, 'toolu_41wedit', 'Edit', { category: 'edit', paths: [{ path: 'C:\\users\\me\\PROJ\\README.md', access: 'write' }] }),
      w(3, 'toolu_42wbash', 'Bash', {
        category: 'shell',
        paths: [
          { path: 'C:\\Users\\me\\secret.txt', access: 'exec' },
          { path: 'C:\\Users\\me\\Documents', access: 'exec' },
        ],
        programs: ['cat', 'ls'],
        command: 'cat ../secret.txt && ls ~/Documents',
      }),
      w(4, 'toolu_43unc', 'Read', { category: 'read', paths: [{ path: '\\\\server\\share\\doc.txt', access: 'read' }] }),
    ]);
  });

  it.each([BASIC, SUB, RESUMED, WINDOWS])('needs nothing its needles and pick leave out (%s)', (file) => {
    expect(readTools(reader, file)).toEqual(readWhole(reader, file));
  });

  it('keeps no prompt, file content or tool output on a part', () => {
    const text = JSON.stringify(readTools(reader, BASIC).parts);
    for (const secret of ['const secret', 'private text', 'private file content', 'find the config', 'Host x', 'created #1', 'summarise', "doesn't want"]) {
      expect(text).not.toContain(secret);
    }
  });
});
