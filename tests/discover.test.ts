import { appendFileSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, settled } from '../src/pipeline/discover.js';
import type { Adapter } from '../src/providers/adapter.js';
import { tempDirs } from './helpers.js';

/**
 * Discovery lists files by the adapters' glob patterns (the subset discover.ts supports), and reuses
 * a folder read before while its mtime says it did not change. Symbolic links and loops: hostile.test.ts.
 */

const tempDir = tempDirs('usage-discover-');

/** An adapter with one explicit root and the given patterns: all discovery looks at. */
function adapter(root: string, patterns: string[]): Adapter {
  return { provider: 'claude', roots: () => [{ dir: root, explicit: true }], patterns } as unknown as Adapter;
}

const renv = { env: {}, platform: process.platform, home: '/nowhere' };

function touch(file: string, text = 'x'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function relative(root: string, files: { path: string }[]): string[] {
  return files.map((f) => path.relative(root, f.path).split(path.sep).join('/'));
}

describe('patterns', () => {
  it('`**` is any number of folders, `*` any name but not a dot file, literals are exact', () => {
    const root = tempDir();
    for (const f of ['projects/a.jsonl', 'projects/p/b.jsonl', 'projects/p/s/subagents/c.jsonl', 'projects/p/c.json', 'projects/.hidden/d.jsonl', 'projects/p/.e.jsonl', 'projects/p/x.jsonl/f.jsonl', 'other/g.jsonl', 'h.jsonl']) {
      touch(path.join(root, f));
    }
    const { files } = discover([adapter(root, ['projects/**/*.jsonl'])], renv);
    // The folder named x.jsonl is walked, not listed.
    expect(relative(root, files)).toEqual(['projects/a.jsonl', 'projects/p/b.jsonl', 'projects/p/s/subagents/c.jsonl', 'projects/p/x.jsonl/f.jsonl']);
  });

  it('a wildcard folder segment and several patterns', () => {
    const root = tempDir();
    for (const f of ['h1/chats/s.json', 'h1/chats/s.jsonl', 'h1/chats/p/sub.jsonl', 'h1/logs.json', 'h2/chats/t.json', '.h3/chats/u.json', 'h4/other/v.json']) touch(path.join(root, f));
    const { files } = discover([adapter(root, ['*/chats/**/*.json', '*/chats/**/*.jsonl'])], renv);
    expect(relative(root, files)).toEqual(['h1/chats/p/sub.jsonl', 'h1/chats/s.json', 'h1/chats/s.jsonl', 'h2/chats/t.json']);
  });

  it('a wildcard inside a name, and one that matches nothing before the rest', () => {
    const root = tempDir();
    for (const f of ['c/session-1.json', 'c/session-.json', 'c/other.json', 'c/session-2.json.bak', 'd/abc', 'd/xabc', 'd/.abc', 'd/ab']) touch(path.join(root, f));
    expect(relative(root, discover([adapter(root, ['c/session-*.json', 'd/*abc'])], renv).files)).toEqual(['c/session-.json', 'c/session-1.json', 'd/abc', 'd/xabc']);
  });

  it('`keep` leaves out the files the caller does not want', () => {
    const root = tempDir();
    for (const f of ['p/a.jsonl', 'p/bb.jsonl', 'p/ccc.jsonl']) touch(path.join(root, f), f);
    const { files } = discover([adapter(root, ['p/*.jsonl'])], renv, { keep: (f) => f.size !== 'p/bb.jsonl'.length });
    expect(relative(root, files)).toEqual(['p/a.jsonl', 'p/ccc.jsonl']);
  });

  it('patterns outside the supported subset are refused', () => {
    const root = tempDir();
    expect(() => discover([adapter(root, ['projects/*.{json,jsonl}'])], renv)).toThrow(/unsupported file pattern/);
  });
});

describe('folders read before', () => {
  // A folder mtime well in the past, so that it counts as settled when read now.
  const past = new Date('2026-01-01T00:00:00Z');

  it('are not read again while their mtime is unchanged; every file is still looked at', () => {
    const root = tempDir();
    const dir = path.join(root, 'projects', 'p');
    touch(path.join(dir, 'a.jsonl'), 'one');
    utimesSync(dir, past, past);
    const first = discover([adapter(root, ['projects/**/*.jsonl'])], renv);
    expect(settled(first.folders.get(dir)!)).toBe(true);

    // A file added behind the folder's back (its mtime put back): only a fresh read sees it.
    touch(path.join(dir, 'b.jsonl'));
    utimesSync(dir, past, past);
    appendFileSync(path.join(dir, 'a.jsonl'), 'two');
    const reused = discover([adapter(root, ['projects/**/*.jsonl'])], renv, { known: first.folders });
    expect(relative(root, reused.files)).toEqual(['projects/p/a.jsonl']);
    expect(reused.files[0]!.size).toBe(6);
    expect(relative(root, discover([adapter(root, ['projects/**/*.jsonl'])], renv).files)).toEqual(['projects/p/a.jsonl', 'projects/p/b.jsonl']);

    // Once the folder's mtime moves, it is read again.
    utimesSync(dir, new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
    const again = discover([adapter(root, ['projects/**/*.jsonl'])], renv, { known: reused.folders });
    expect(relative(root, again.files)).toEqual(['projects/p/a.jsonl', 'projects/p/b.jsonl']);
  });

  it('a folder that changed just before it was read is read again next time', () => {
    const root = tempDir();
    const dir = path.join(root, 'projects', 'p');
    touch(path.join(dir, 'a.jsonl'));
    const first = discover([adapter(root, ['projects/**/*.jsonl'])], renv);
    expect(settled(first.folders.get(dir)!)).toBe(false);
    // Same mtime, a new entry: the change came within the tick the folder was read in.
    const { mtime } = statSync(dir);
    touch(path.join(dir, 'b.jsonl'));
    utimesSync(dir, mtime, mtime);
    const next = discover([adapter(root, ['projects/**/*.jsonl'])], renv, { known: first.folders });
    expect(relative(root, next.files)).toEqual(['projects/p/a.jsonl', 'projects/p/b.jsonl']);
  });
});

describe('a focused discovery', () => {
  const past = new Date('2026-01-01T00:00:00Z');
  const patterns = ['projects/**/*.jsonl'];

  it('looks at the focus files, the folders holding them and what is new there; elsewhere nothing', () => {
    const root = tempDir();
    const file = (f: string): string => path.join(root, 'projects', f);
    for (const f of ['p/a.jsonl', 'p/s/subagents/x.jsonl', 'q/b.jsonl']) touch(file(f), 'one');
    for (const d of ['p/s/subagents', 'p/s', 'p', 'q', '.']) utimesSync(file(d), past, past);
    const first = discover([adapter(root, patterns)], renv);
    expect(relative(root, first.files)).toEqual(['projects/p/a.jsonl', 'projects/p/s/subagents/x.jsonl', 'projects/q/b.jsonl']);

    appendFileSync(file('p/a.jsonl'), 'two'); // a focus file grows
    appendFileSync(file('q/b.jsonl'), 'two'); // a file elsewhere grows
    touch(file('p/c.jsonl')); // new beside a focus file
    touch(file('p/t/z.jsonl')); // in a new folder beside one
    touch(file('q/d.jsonl')); // new elsewhere
    const focus = new Set([file('p/a.jsonl'), file('p/s/subagents/x.jsonl')]);
    const focused = discover([adapter(root, patterns)], renv, { known: first.folders, focus });
    expect(relative(root, focused.files)).toEqual(['projects/p/a.jsonl', 'projects/p/c.jsonl', 'projects/p/s/subagents/x.jsonl', 'projects/p/t/z.jsonl']);
    expect(focused.files[0]!.size).toBe(6);
    // The folder not visited is kept as it was known, so that the next full discovery reuses what it can.
    expect(focused.folders.get(file('q'))).toBe(first.folders.get(file('q')));
    expect(focused.folders.get(file('p'))!.entries.sort()).toEqual(['a.jsonl', 'c.jsonl', 's/', 't/']);

    // Without focus, everything again: the grown file and the new one elsewhere too.
    const all = discover([adapter(root, patterns)], renv, { known: focused.folders });
    expect(relative(root, all.files)).toEqual(['projects/p/a.jsonl', 'projects/p/c.jsonl', 'projects/p/s/subagents/x.jsonl', 'projects/p/t/z.jsonl', 'projects/q/b.jsonl', 'projects/q/d.jsonl']);
    expect(all.files.find((f) => f.path === file('q/b.jsonl'))!.size).toBe(6);
  });

  it('a root never read before is walked whole; a focus file that is gone is not listed', () => {
    const root = tempDir();
    const other = tempDir();
    touch(path.join(root, 'projects', 'p', 'a.jsonl'));
    touch(path.join(other, 'projects', 'r', 'e.jsonl'));
    const first = discover([adapter(root, patterns)], renv);
    const both: Adapter = { provider: 'claude', roots: () => [{ dir: root, explicit: true }, { dir: other, explicit: true }], patterns } as unknown as Adapter;
    const focus = new Set([path.join(root, 'projects', 'p', 'gone.jsonl')]);
    expect(relative(root, discover([both], renv, { known: first.folders, focus }).files)).toEqual([path.join('..', path.basename(other), 'projects', 'r', 'e.jsonl')]);
  });
});
