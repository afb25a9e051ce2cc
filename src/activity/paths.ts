/**
 * Paths as the logs write them, made comparable: absolute, normalized, in the style of the machine
 * that wrote the log (which need not be this one). Nothing here touches the file system except
 * `isInside`'s symlink check, and that only for paths that exist here.
 *
 * Style: a log is Windows when its cwd starts with a drive letter (`C:\`, `C:/`) or `\\` (UNC);
 * otherwise POSIX. Case: Windows and macOS file systems ignore case by default, Linux does not; a
 * POSIX cwd under `/Users/` or `/Volumes/` is read as macOS.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

export type PathStyle = 'posix' | 'windows';

/** How the paths of one record are read: its cwd, and what the log says of the machine. */
export interface PathContext {
  cwd: string;
  style: PathStyle;
  /** Compare case-insensitively (Windows, macOS). */
  foldCase: boolean;
  /** The user's home on the log's machine, as its own paths show it; undefined when they do not. */
  home?: string;
}

const DRIVE = /^[A-Za-z]:(?:[\\/]|$)/;
const UNC = /^\\\\[^\\]/;
const MAC_ROOTS = /^\/(?:Users|Volumes)(?:\/|$)/;

export function pathStyle(p: string): PathStyle {
  return DRIVE.test(p) || UNC.test(p) ? 'windows' : 'posix';
}

/** The context of a record whose cwd is `cwd` (normalized first). */
export function pathContext(cwd: string): PathContext {
  const style = pathStyle(cwd);
  // An unknown cwd ('') stays unknown: relative paths are then not resolved.
  const normalized = cwd.length > 0 ? normalize(cwd, style) : '';
  return {
    cwd: normalized,
    style,
    foldCase: style === 'windows' || MAC_ROOTS.test(normalized),
    home: homeOf(normalized, style),
  };
}

/**
 * The home folder a path lies in, as the log's machine names it: `/Users/<me>` (macOS),
 * `/home/<me>` (Linux), `/root`, `C:\Users\<me>` (Windows). Undefined for a path in none.
 */
export function homeOf(p: string, style: PathStyle = pathStyle(p)): string | undefined {
  if (style === 'windows') {
    const m = /^([A-Za-z]:\\Users\\[^\\]+)(?:\\|$)/i.exec(p);
    return m ? m[1] : undefined;
  }
  const m = /^(\/(?:Users|home)\/[^/]+|\/root)(?:\/|$)/.exec(p);
  return m ? m[1] : undefined;
}

/**
 * `raw` made absolute against the context's cwd and normalized; `~` and `~/…` are the log's home
 * (undefined when the log does not show one, and for `~user`: another user's home is not known).
 */
export function resolvePath(raw: string, ctx: PathContext): string | undefined {
  if (raw.length === 0) return undefined;
  let p = raw;
  if (p === '~' || p.startsWith('~/') || (ctx.style === 'windows' && p.startsWith('~\\'))) {
    if (!ctx.home) return undefined;
    p = ctx.home + (ctx.style === 'windows' ? '\\' : '/') + p.slice(2);
  } else if (p.startsWith('~')) {
    return undefined;
  }
  if (ctx.style === 'windows') {
    if (DRIVE.test(p) || UNC.test(p)) return normalize(p, 'windows');
    if (ctx.cwd.length === 0) return undefined;
    // `\dir` is rooted on the cwd's drive.
    if (p.startsWith('\\') || p.startsWith('/')) return normalize(driveOf(ctx.cwd) + p, 'windows');
    return normalize(`${ctx.cwd}\\${p}`, 'windows');
  }
  // A Windows path named in a POSIX log's record is still a Windows path.
  if (DRIVE.test(p) || UNC.test(p)) return normalize(p, 'windows');
  if (p.startsWith('/')) return normalize(p, 'posix');
  return ctx.cwd.length > 0 ? normalize(`${ctx.cwd}/${p}`, 'posix') : undefined;
}

/** The root a Windows path starts with: `C:` or `\\server\share`. */
function driveOf(p: string): string {
  const unc = /^\\\\[^\\]+\\[^\\]+/.exec(p);
  if (unc) return unc[0];
  return /^[A-Za-z]:/.exec(p)?.[0] ?? '';
}

/**
 * `.` and `..` segments resolved, repeated and trailing separators dropped; `..` never climbs above
 * the root. Windows: `/` becomes `\`, the drive letter is upper-cased (`c:` and `C:` are one drive).
 */
export function normalize(p: string, style: PathStyle = pathStyle(p)): string {
  // Most paths in a log are absolute and normalized already: they come back as they are.
  if (style === 'posix' && isNormalPosix(p)) return p;
  const sep = style === 'windows' ? '\\' : '/';
  let root = '';
  let rest = p;
  if (style === 'windows') {
    rest = p.replace(/\//g, '\\');
    const unc = /^\\\\[^\\]+\\[^\\]+/.exec(rest);
    if (unc) root = unc[0];
    else if (/^[A-Za-z]:/.test(rest)) root = rest[0]!.toUpperCase() + ':';
    rest = rest.slice(root.length);
    if (root.length > 0 || rest.startsWith('\\')) root += '\\';
  } else if (rest.startsWith('/')) {
    root = '/';
  }
  const out: string[] = [];
  for (const segment of rest.split(sep)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (root === '') out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = root + out.join(sep);
  return joined.length > 0 ? joined : '.';
}

/** An absolute POSIX path with no empty, `.` or `..` segment and no trailing `/`: what `normalize` makes of it is itself. */
const NOT_NORMAL_POSIX = /\/\/|\/\.\.?(?:\/|$)/;

function isNormalPosix(p: string): boolean {
  return p.startsWith('/') && (p.length === 1 || !p.endsWith('/')) && !NOT_NORMAL_POSIX.test(p);
}

/**
 * Whether `p` is `root` or lies under it (both absolute, in the log's style; normalized here). Lexically first, with
 * the case rule of the log's machine. Symlinks: the log may come from another machine, so the
 * lexical answer stands unless the root exists here (POSIX logs); then real paths decide, the
 * path's through its longest existing ancestor (a project reached through a symlink is inside, a
 * file not yet written in it too; a link inside the project to `~/.ssh` is not).
 */
export function isInside(root: string, p: string, ctx?: Pick<PathContext, 'foldCase' | 'style'>): boolean {
  const style = ctx?.style ?? pathStyle(root);
  root = normalize(root, style);
  p = normalize(p, style);
  const foldCase = ctx?.foldCase ?? (style === 'windows' || MAC_ROOTS.test(root));
  const realRoot = style === 'posix' ? realPath(root) : undefined;
  if (realRoot !== undefined) return lexicallyInside(realRoot, realPathOfAncestor(p), '/', foldCase);
  return lexicallyInside(root, p, style === 'windows' ? '\\' : '/', foldCase);
}

function lexicallyInside(root: string, p: string, sep: string, foldCase: boolean): boolean {
  const r = foldCase ? root.toLowerCase() : root;
  const q = foldCase ? p.toLowerCase() : p;
  if (q === r) return true;
  const prefix = r.endsWith(sep) ? r : r + sep;
  return q.startsWith(prefix);
}

// Real paths of this machine, asked once per path per run (the audit asks for the same roots often).
const realPaths = new Map<string, string | undefined>();

/** The real path of `p` on this machine, undefined when it does not exist here. */
function realPath(p: string): string | undefined {
  if (realPaths.has(p)) return realPaths.get(p);
  let real: string | undefined;
  try {
    real = realpathSync.native(p);
  } catch {
    real = undefined;
  }
  realPaths.set(p, real);
  return real;
}

/**
 * `p` with its longest existing ancestor replaced by that ancestor's real path (a file not written
 * yet lies where its folder really is); `p` itself when nothing of it exists here.
 */
function realPathOfAncestor(p: string): string {
  let head = p;
  let tail = '';
  for (;;) {
    const real = realPath(head);
    if (real !== undefined) return tail ? path.posix.join(real, tail) : real;
    const parent = path.posix.dirname(head);
    if (parent === head) return p;
    tail = tail ? path.posix.join(path.posix.basename(head), tail) : path.posix.basename(head);
    head = parent;
  }
}
