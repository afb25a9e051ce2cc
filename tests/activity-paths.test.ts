/** Path normalization and the audit's boundary (src/activity/paths.ts), on paths of three kinds of machine. */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeOf, isInside, normalize, pathContext, resolvePath } from '../src/activity/paths.js';
import { tempDir } from './helpers.js';

describe('normalize', () => {
  it.each([
    ['/a/b/../c/./d/', '/a/c/d'],
    ['/a//b', '/a/b'],
    ['/../..', '/'],
    ['a/../../b', '../b'],
    ['C:\\a\\..\\b', 'C:\\b'],
    ['c:/Users/me/x', 'C:\\Users\\me\\x'],
    ['C:\\..\\..', 'C:\\'],
    ['\\\\server\\share\\a\\..\\b', '\\\\server\\share\\b'],
    ['\\\\server\\share\\..', '\\\\server\\share\\'],
    // Absolute POSIX paths that are normal already come back as they are; the rest do not.
    ['/', '/'],
    ['/a/.hidden/...', '/a/.hidden/...'],
    ['/a/b\\c', '/a/b\\c'],
    ['/a/', '/a'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['/./a', '/a'],
    ['//a', '/a'],
  ])('%s → %s', (input, out) => {
    expect(normalize(input)).toBe(out);
  });
});

describe('pathContext and resolvePath', () => {
  it('tells the machine from the cwd: home, style and case rule', () => {
    expect(pathContext('/Users/me/app')).toEqual({ cwd: '/Users/me/app', style: 'posix', foldCase: true, home: '/Users/me' });
    expect(pathContext('/home/me/app/')).toEqual({ cwd: '/home/me/app', style: 'posix', foldCase: false, home: '/home/me' });
    expect(pathContext('/root/x')).toMatchObject({ home: '/root', foldCase: false });
    expect(pathContext('/srv/app').home).toBeUndefined();
    expect(pathContext('C:\\Users\\Me\\proj')).toEqual({ cwd: 'C:\\Users\\Me\\proj', style: 'windows', foldCase: true, home: 'C:\\Users\\Me' });
    expect(homeOf('/home/me')).toBe('/home/me');
  });

  it('resolves relative, `..`, `~`, `$HOME`-free and Windows paths against the record', () => {
    const mac = pathContext('/Users/me/app');
    expect(resolvePath('src/a.ts', mac)).toBe('/Users/me/app/src/a.ts');
    expect(resolvePath('../other/./b', mac)).toBe('/Users/me/other/b');
    expect(resolvePath('~/.ssh/id_rsa', mac)).toBe('/Users/me/.ssh/id_rsa');
    expect(resolvePath('~', mac)).toBe('/Users/me');
    // Another user's home is not known; neither is a home the log does not show.
    expect(resolvePath('~bob/x', mac)).toBeUndefined();
    expect(resolvePath('~/x', pathContext('/srv/app'))).toBeUndefined();
    const win = pathContext('C:\\Users\\me\\proj');
    expect(resolvePath('src\\x.ts', win)).toBe('C:\\Users\\me\\proj\\src\\x.ts');
    expect(resolvePath('../secret', win)).toBe('C:\\Users\\me\\secret');
    expect(resolvePath('\\Windows\\System32', win)).toBe('C:\\Windows\\System32');
    expect(resolvePath('D:/data', win)).toBe('D:\\data');
    expect(resolvePath('~\\.aws\\credentials', win)).toBe('C:\\Users\\me\\.aws\\credentials');
    // No cwd: only absolute paths resolve.
    const unknown = pathContext('');
    expect(resolvePath('a', unknown)).toBeUndefined();
    expect(resolvePath('/etc/hosts', unknown)).toBe('/etc/hosts');
  });
});

describe('isInside', () => {
  it('compares lexically, by segments, with the case rule of the log', () => {
    expect(isInside('/home/me/app', '/home/me/app')).toBe(true);
    expect(isInside('/home/me/app', '/home/me/app/src/x')).toBe(true);
    expect(isInside('/home/me/app', '/home/me/app2/x')).toBe(false);
    expect(isInside('/home/me/app', '/home/me/App/x')).toBe(false);
    expect(isInside('/home/me/app/', '/home/me/app/../app/x')).toBe(true);
    expect(isInside('/home/me/app', '/home/me/app/../other')).toBe(false);
    expect(isInside('/Users/me/app', '/users/ME/App/x')).toBe(true);
    expect(isInside('C:\\Users\\me\\proj', 'c:/users/me/PROJ/README.md')).toBe(true);
    expect(isInside('C:\\Users\\me\\proj', 'C:\\Users\\me\\project')).toBe(false);
    expect(isInside('C:\\Users\\me\\proj', '\\\\server\\share\\proj')).toBe(false);
  });

  it('lets real paths decide when both exist on this machine: a linked project is inside, a link out of it is not', () => {
    const dir = tempDir('usage-paths-');
    const real = path.join(dir, 'real-project');
    const outside = path.join(dir, 'secrets');
    mkdirSync(real);
    mkdirSync(outside);
    const linkedProject = path.join(dir, 'linked-project');
    symlinkSync(real, linkedProject);
    symlinkSync(outside, path.join(real, 'escape'));
    // The session ran in the link; the tool named the real path.
    expect(isInside(linkedProject, real)).toBe(true);
    // A file not written yet: its folder's real path decides.
    expect(isInside(linkedProject, path.join(real, 'missing-file'))).toBe(true);
    expect(isInside(linkedProject, path.join(outside, 'new-file'))).toBe(false);
    // Inside by name, outside in fact.
    expect(isInside(real, path.join(real, 'escape'))).toBe(false);
    // A path that does not exist here: the names decide.
    expect(isInside(real, path.join(real, 'not-here', 'x'))).toBe(true);
    expect(isInside('/no/such/root', path.join(real, 'escape'))).toBe(false);
  });
});
