import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Provider } from '../core/types.js';
import { MissingRoot } from '../core/errors.js';
import type { Adapter, RuntimeEnv } from '../providers/adapter.js';

export interface LogFile {
  path: string;
  provider: Provider;
  size: number;
  mtimeMs: number;
}

/**
 * A folder as discovery read it. Entries are names, a folder's with '/' after it and a symbolic
 * link's with '\0' (neither can be part of a name); a link's target is looked at again every time.
 */
export interface Folder {
  mtimeMs: number;
  /** When it was read (epoch ms). */
  readAtMs: number;
  entries: string[];
  /** It could not be read (and counted as empty): nothing says when that changes, so it is read every time. */
  unreadable?: true;
}

export interface Discovery {
  files: LogFile[];
  /** Every folder looked in, for the "no logs found" message. */
  searched: string[];
  /** Every folder read, by path, as it was read: a later discovery reuses those whose mtime stayed. */
  folders: Map<string, Folder>;
}

/**
 * Adding, removing or renaming an entry changes its folder's mtime, except within the tick of the
 * file system's clock (up to 2 s on some) in which the folder last changed: a folder read that soon
 * after its last change is not trusted to stay as read.
 */
const RACY_MS = 2000;

/** The folder's entries are known to be as read for as long as its mtime stays `mtimeMs`. */
export function settled(folder: Folder): boolean {
  return folder.unreadable !== true && folder.mtimeMs < folder.readAtMs - RACY_MS;
}

const GLOBSTAR = Symbol('**');
/** `**`, or what a name must be to match the segment. */
type Segment = typeof GLOBSTAR | ((name: string) => boolean);

/**
 * The glob subset the adapters use: segments separated by '/', each a literal name, a name with `*`
 * (any characters but '/'), or `**` (any number of folders). A wildcard never matches a name that
 * starts with '.' (hidden files and folders).
 */
function compilePattern(pattern: string): Segment[] {
  return pattern.split('/').map((part) => {
    if (part === '**') return GLOBSTAR;
    if (/[?[\]{}()!+@\\]|\*\*/.test(part) || part === '') throw new Error(`unsupported file pattern "${pattern}"`);
    if (!part.includes('*')) return (name) => name === part;
    const suffix = part.slice(1);
    // `*.jsonl`, the common case, as a test of the end of the name (a regular expression per file costs).
    if (part.startsWith('*') && !suffix.includes('*')) return (name) => name.endsWith(suffix) && !name.startsWith('.');
    const body = part.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    const re = new RegExp(`^${part.startsWith('*') ? '(?!\\.)' : ''}${body}$`);
    return (name) => re.test(name);
  });
}

/** Where a walk is in one pattern. */
interface Step {
  pattern: number;
  segment: number;
}

/**
 * What the walk looks for in one folder: the steps of every pattern it is at, with every `**` also
 * matching no folder at all. Made once per set of steps and shared by every folder at it.
 */
interface Place {
  steps: { step: Step; segment: Segment; last: boolean }[];
  /** The place below, per set of steps (keyed by their names). */
  below: Map<string, Place>;
  /** Every step that can go into a folder is a `**`: the place below is the same for any name not starting with '.'. */
  anyName: boolean;
}

function placeOf(patterns: readonly Segment[][], steps: readonly Step[]): Place {
  const all = [...steps];
  for (let i = 0; i < all.length; i++) {
    const { pattern, segment } = all[i]!;
    const next = segment + 1;
    if (patterns[pattern]![segment] === GLOBSTAR && next < patterns[pattern]!.length && !all.some((s) => s.pattern === pattern && s.segment === next)) {
      all.push({ pattern, segment: next });
    }
  }
  const placed: Place['steps'] = all.map((step) => ({ step, segment: patterns[step.pattern]![step.segment]!, last: step.segment === patterns[step.pattern]!.length - 1 }));
  return { steps: placed, below: new Map(), anyName: placed.every((s) => s.last || s.segment === GLOBSTAR) };
}

/** Whether a file of this name is wanted at the place. */
function wantsFile(place: Place, name: string): boolean {
  for (const { segment, last } of place.steps) {
    if (!last) continue;
    if (segment === GLOBSTAR ? !name.startsWith('.') : segment(name)) return true;
  }
  return false;
}

/** The place inside a folder of this name, if any pattern goes on there. */
function placeBelow(place: Place, name: string, patterns: readonly Segment[][]): Place | undefined {
  if (place.anyName) {
    if (name.startsWith('.')) return undefined;
    const known = place.below.get('*');
    if (known) return known;
  }
  const steps: Step[] = [];
  for (const { step, segment, last } of place.steps) {
    if (segment === GLOBSTAR) {
      if (!name.startsWith('.')) steps.push(step);
    } else if (!last && segment(name)) {
      steps.push({ pattern: step.pattern, segment: step.segment + 1 });
    }
  }
  if (steps.length === 0) return undefined;
  const key = place.anyName ? '*' : steps.map((s) => `${s.pattern}.${s.segment}`).join(',');
  let below = place.below.get(key);
  if (!below) {
    below = placeOf(patterns, steps);
    place.below.set(key, below);
  }
  return below;
}

interface Walk {
  patterns: Segment[][];
  known: ReadonlyMap<string, Folder> | undefined;
  /** A focused look (see `discover`): the files to look at, and every folder holding one (up to the roots). */
  focus: { files: ReadonlySet<string>; folders: ReadonlySet<string> } | undefined;
  folders: Map<string, Folder>;
  realPath: (p: string) => string;
  /** A wanted file, with its stat. */
  found: (file: string, stats: Stats) => void;
}

const MISSING_IS_UNDEFINED = { throwIfNoEntry: false } as const;

/** The stat of a path (following links); undefined when nothing is there (other errors throw). */
const statOf = (p: string): Stats | undefined => statSync(p, MISSING_IS_UNDEFINED);

/** The folder's entries: the known ones while its mtime is unchanged, else read now. Undefined if unreadable (as if empty). */
function entriesOf(dir: string, mtimeMs: number, readAtMs: number, walk: Walk): string[] | undefined {
  const known = walk.known?.get(dir);
  if (known && known.mtimeMs === mtimeMs && settled(known)) {
    walk.folders.set(dir, known);
    return known.entries;
  }
  let entries: string[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? [`${d.name}/`] : d.isFile() ? [d.name] : d.isSymbolicLink() ? [`${d.name}\0`] : [],
    );
  } catch {
    walk.folders.set(dir, { mtimeMs, readAtMs, entries: [], unreadable: true });
    return undefined;
  }
  walk.folders.set(dir, { mtimeMs, readAtMs, entries });
  return entries;
}

/**
 * Walks one folder. Symbolic links are followed; a folder reached through one that is one of its own
 * ancestors once links are resolved is left out (`loop -> ..` would otherwise be walked until the OS
 * refuses the path). Only folders below a link can be that, so only those pay for resolving real paths.
 */
function walkFolder(dir: string, mtimeMs: number, place: Place, viaLink: boolean, walk: Walk, whole = walk.focus === undefined): void {
  if (viaLink) {
    const real = walk.realPath(dir);
    for (let up = path.dirname(dir), below = dir; up !== below; below = up, up = path.dirname(up)) {
      if (walk.realPath(up) === real) return;
    }
  }
  const before = walk.known?.get(dir);
  const entries = entriesOf(dir, mtimeMs, Date.now(), walk);
  if (!entries) return;
  // Focused, only the focus files and the folders holding them are looked at, and what is new since
  // the folder was last read (all of a folder never read before).
  const all = whole || before === undefined;
  const seen = all || walk.folders.get(dir) === before ? undefined : new Set(before.entries);
  const looked = (full: string, entry: string): boolean =>
    all || walk.focus!.folders.has(full) || walk.focus!.files.has(full) || (seen !== undefined && !seen.has(entry));
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const entry of entries) {
    const kind = entry.charCodeAt(entry.length - 1);
    if (kind === 0x2f) {
      const name = entry.slice(0, -1);
      const below = placeBelow(place, name, walk.patterns);
      if (!below) continue;
      const full = prefix + name;
      if (!looked(full, entry)) continue;
      const stats = statOf(full);
      if (stats?.isDirectory()) walkFolder(full, stats.mtimeMs, below, viaLink, walk, all || !walk.focus!.folders.has(full));
    } else if (kind === 0) {
      const name = entry.slice(0, -1);
      const full = prefix + name;
      if (!looked(full, entry)) continue;
      const stats = statOf(full);
      if (!stats) continue; // a broken link
      if (stats.isDirectory()) {
        const below = placeBelow(place, name, walk.patterns);
        if (below) walkFolder(full, stats.mtimeMs, below, true, walk, all || !walk.focus!.folders.has(full));
      } else if (stats.isFile() && wantsFile(place, name)) {
        walk.found(full, stats);
      } // else a link to something else
    } else if (wantsFile(place, entry)) {
      const full = prefix + entry;
      if (!looked(full, entry)) continue;
      const stats = statOf(full);
      if (stats?.isFile()) walk.found(full, stats); // else gone since it was listed
    }
  }
}

function cachedRealPath(): (p: string) => string {
  const known = new Map<string, string>();
  return (p) => {
    let real = known.get(p);
    if (real === undefined) {
      try {
        real = realpathSync.native(p);
      } catch {
        real = p;
      }
      known.set(p, real);
    }
    return real;
  };
}

/**
 * Lists every log file of the given adapters, sorted by path so that every run sees the same order,
 * with one stat per file (its size and mtime tell the cache what changed). A file found under two
 * roots or by two paths (links, overlapping env entries) is listed once, under its smallest path.
 * `known` folders (a previous discovery's) are not read again while their mtime is unchanged; every
 * file is still looked at, since appending to a file does not change its folder. `keep` leaves out
 * the files a caller has no use for (before sorting, the one cost that grows faster than the files).
 *
 * `focus` (with `known`) looks at less: only the files named, the folders on the way to them, and
 * what is new in those folders since they were last read (a folder never read before, all of it);
 * every other known folder is taken as it was, unvisited, and its files are not listed. A file
 * elsewhere that grew, or a file or folder made elsewhere, is not seen: that takes a discovery
 * without focus.
 */
export function discover(
  adapters: readonly Adapter[],
  renv: RuntimeEnv,
  opts: { known?: ReadonlyMap<string, Folder>; keep?: (file: LogFile) => boolean; focus?: ReadonlySet<string> } = {},
): Discovery {
  const { known, keep } = opts;
  const focus = known && opts.focus ? { files: opts.focus, folders: foldersHolding(opts.focus) } : undefined;
  const searched: string[] = [];
  // Focused, the folders not visited stay as they were known.
  const folders = focus ? new Map(known) : new Map<string, Folder>();
  // Device, then inode: numbers as keys, not a string made per file.
  const byIdentity = new Map<number, Map<number, LogFile>>();
  const realPath = cachedRealPath();
  for (const adapter of adapters) {
    const patterns = adapter.patterns.map(compilePattern);
    const found = (file: string, stats: Stats): void => {
      let onDevice = byIdentity.get(stats.dev);
      if (!onDevice) byIdentity.set(stats.dev, (onDevice = new Map()));
      const listed = onDevice.get(stats.ino);
      if (listed && listed.path <= file) return;
      onDevice.set(stats.ino, { path: file, provider: adapter.provider, size: stats.size, mtimeMs: stats.mtimeMs });
    };
    for (const root of adapter.roots(renv)) {
      searched.push(root.dir);
      if (focus && known!.has(root.dir) && !focus.folders.has(root.dir)) continue;
      const stats = statOf(root.dir);
      if (!stats?.isDirectory()) {
        if (root.explicit) throw new MissingRoot(root);
        continue;
      }
      const place = placeOf(patterns, patterns.map((_, pattern) => ({ pattern, segment: 0 })));
      walkFolder(root.dir, stats.mtimeMs, place, false, { patterns, known, focus, folders, realPath, found }, !focus || !focus.folders.has(root.dir));
    }
  }
  const found = [...byIdentity.values()].flatMap((onDevice) => [...onDevice.values()]);
  const files = (keep ? found.filter(keep) : found).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, searched, folders };
}

/** Every folder above the files (to the file system's root). */
function foldersHolding(files: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return folders;
}
