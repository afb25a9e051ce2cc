/**
 * The facts of one call that every agent's reader gathers the same way: the paths it named (made
 * absolute against the record's cwd) and, for a shell call, the programs, paths and risks of its
 * command line. Only paths and program names are kept: never arguments, contents or output.
 */
import type { CommandRisk, PathAccess, ToolCategory, ToolPath } from '../core/tool-call.js';
import { pathContext, resolvePath, type PathContext } from './paths.js';
import { analyzeArgv, analyzeShell, type ShellAnalysis } from './shell.js';

export interface CallFacts {
  paths: ToolPath[];
  programs: string[];
  risks: CommandRisk[];
}

/** Paths of one call, each (path, access) once, in the order named. */
export class PathList {
  readonly paths: ToolPath[] = [];

  constructor(readonly context: PathContext) {}

  /** Adds `raw` (a string, else ignored) resolved against the context; unresolvable paths are dropped. */
  add(raw: unknown, access: PathAccess, risk?: CommandRisk): void {
    if (typeof raw !== 'string') return;
    const p = resolvePath(raw, this.context);
    if (p === undefined) return;
    const known = this.paths.find((x) => x.path === p && x.access === access);
    if (known) {
      if (risk) known.risk = risk;
      return;
    }
    this.paths.push(risk ? { path: p, access, risk } : { path: p, access });
  }
}

/**
 * The paths a file tool's arguments name (strings, else ignored): writes for edit and write tools,
 * reads for read and search tools (search and listing tools name folders: reads of what is under
 * them); none for other categories.
 */
export function fileToolPaths(category: ToolCategory, named: readonly unknown[], ctx: PathContext): ToolPath[] {
  const list = new PathList(ctx);
  const access = category === 'edit' || category === 'write' ? 'write' : 'read';
  if (category === 'read' || category === 'edit' || category === 'write' || category === 'search') for (const raw of named) list.add(raw, access);
  return list.paths;
}

let lastCwd: string | undefined;
let lastContext: PathContext | undefined;

/**
 * The context for a record's cwd; an unknown cwd leaves relative paths unresolved. The records of a
 * file share their cwd: the last one's context is reused (contexts are never changed once made).
 */
export function recordContext(cwd: string | undefined): PathContext {
  const key = cwd ?? '';
  if (lastContext === undefined || key !== lastCwd) {
    lastCwd = key;
    lastContext = pathContext(key);
  }
  return lastContext;
}

/**
 * A shell call's facts: its command (a line, or an argv as Codex writes it) run in `workdir`
 * (relative to the record's cwd; the cwd when absent). The workdir is an `exec` path when it is
 * given; relative arguments resolve against it.
 */
export function shellFacts(command: string | readonly string[], ctx: PathContext, workdir?: unknown): CallFacts {
  const list = new PathList(ctx);
  let runIn = ctx;
  if (typeof workdir === 'string' && workdir.length > 0) {
    list.add(workdir, 'exec');
    const resolved = resolvePath(workdir, ctx);
    if (resolved !== undefined) runIn = { ...ctx, cwd: resolved };
  }
  const analysis: ShellAnalysis = typeof command === 'string' ? analyzeShell(command) : analyzeArgv(command);
  const inWorkdir = new PathList(runIn);
  for (const p of analysis.paths) inWorkdir.add(p.path, p.write ? 'write' : 'exec', p.risk);
  for (const p of inWorkdir.paths) list.add(p.path, p.access, p.risk);
  return { paths: list.paths, programs: analysis.programs, risks: analysis.risks };
}

/** The paths `*** Add File:`, `*** Update File:`, `*** Delete File:` and `*** Move to:` lines of an apply_patch name. */
export function patchPaths(patch: string, list: PathList): void {
  for (const m of patch.matchAll(/^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+?)\s*$/gm)) list.add(m[1]!, 'write');
}
