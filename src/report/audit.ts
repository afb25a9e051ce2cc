import type { CommonOptions } from '../commands/options.js';
import { ZonedCalendar } from './calendar.js';
import type { CommandRisk, PathAccess, ToolCall } from '../core/tool-call.js';
import type { Provider } from '../core/types.js';
import { isInside, normalize, pathContext, type PathContext } from '../activity/paths.js';
import { keepsCall, type CallFilter } from './tools.js';

/**
 * One thing the audit reports: a path a tool named outside the session's project, or a risky
 * command, with how often and when. A risk finding of `rm -rf` carries the path it deleted (and
 * only when that path is outside the project); the other risks (`pipe-to-shell`, `sudo`,
 * `chmod-777`, `force-push`) name no path: `path` is null and `access` is `exec`.
 */
export interface AuditFinding {
  provider: Provider;
  /** The machine whose logs held the session. */
  device: string;
  sessionId: string;
  projectPath: string;
  path: string | null;
  access: PathAccess;
  tool: string;
  count: number;
  sensitive: boolean;
  firstSeen: number;
  lastSeen: number;
  risk?: CommandRisk;
  /** Only with `--commands`: the distinct command lines behind the finding, in order seen. */
  commands?: string[];
}

export interface AuditFilter extends CallFilter {
  /** Keep the command lines (`--commands`). */
  commands: boolean;
}

export const FAIL_ON = ['outside-write', 'sensitive'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Places under the log's home whose contents are credentials or configuration of the user's accounts. */
const SENSITIVE_IN_HOME = ['.ssh', '.aws', '.gnupg', '.config/gcloud', '.kube', '.netrc'];
/** Shell start-up files: writing one runs code in every later shell. */
const SHELL_RC = new Set(['.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin', '.zlogout', '.cshrc', '.tcshrc', '.kshrc']);

/**
 * Whether `p` (absolute, normalized) is a sensitive place: under the log's home's `.ssh`, `.aws`,
 * `.gnupg`, `.config/gcloud`, `.kube`, the file `.netrc`, under `/etc`, any `.env`/`.env.*` file or
 * a shell rc file. The home is the one the project path shows (`homeOf`); without one, only the
 * name rules and `/etc` apply.
 */
export function isSensitive(p: string, ctx: PathContext): boolean {
  const style = ctx.style === 'windows' || /^[A-Za-z]:\\|^\\\\/.test(p) ? 'windows' : 'posix';
  const sep = style === 'windows' ? '\\' : '/';
  const name = p.slice(p.lastIndexOf(sep) + 1);
  const folded = ctx.foldCase || style === 'windows' ? name.toLowerCase() : name;
  if (folded === '.env' || folded.startsWith('.env.') || SHELL_RC.has(folded)) return true;
  const inside = (root: string): boolean => isInside(root, p, { style, foldCase: ctx.foldCase || style === 'windows' });
  if (style === 'posix' && inside('/etc')) return true;
  if (ctx.home === undefined) return false;
  return SENSITIVE_IN_HOME.some((place) => inside(normalize(`${ctx.home}${sep}${place}`, style)));
}

/** The findings of the calls the filters keep, by agent, session, first seen, path. */
export function buildAudit(calls: readonly ToolCall[], f: AuditFilter): AuditFinding[] {
  const findings = new Map<string, AuditFinding>();
  // Per project path: its context, and whether each path named is inside its root (shared by the
  // project paths of one root), with no key made per path.
  const contexts = new Map<string, { ctx: PathContext; inside: Map<string, boolean> }>();
  const insideOf = new Map<string, Map<string, boolean>>();
  const add = (c: ToolCall, path: string | null, access: PathAccess, ctx: PathContext, risk?: CommandRisk): void => {
    const key = [c.device, c.provider, c.sessionId, c.projectPath, path ?? '', access, c.tool, risk ?? ''].join('\u0000');
    let held = findings.get(key);
    if (!held) {
      held = { provider: c.provider, device: c.device, sessionId: c.sessionId, projectPath: c.projectPath, path, access, tool: c.tool, count: 0, sensitive: path !== null && isSensitive(path, ctx), firstSeen: c.timestamp, lastSeen: c.timestamp, ...(risk ? { risk } : {}) };
      findings.set(key, held);
    }
    held.count++;
    held.firstSeen = Math.min(held.firstSeen, c.timestamp);
    held.lastSeen = Math.max(held.lastSeen, c.timestamp);
    if (f.commands && c.command !== undefined) {
      held.commands ??= [];
      if (!held.commands.includes(c.command)) held.commands.push(c.command);
    }
  };
  for (const c of calls) {
    if (!keepsCall(c, f)) continue;
    let project = contexts.get(c.projectPath);
    if (!project) {
      const ctx = pathContext(c.projectPath);
      let inside = insideOf.get(ctx.cwd);
      if (!inside) insideOf.set(ctx.cwd, (inside = new Map()));
      contexts.set(c.projectPath, (project = { ctx, inside }));
    }
    const { ctx } = project;
    for (const p of c.paths) {
      let inside = project.inside.get(p.path);
      // An unknown project root has no inside: every path named is outside it.
      if (inside === undefined) project.inside.set(p.path, (inside = ctx.cwd.length > 0 && isInside(ctx.cwd, p.path, ctx)));
      if (!inside) add(c, p.path, p.access, ctx, p.risk);
    }
    // rm -rf is a finding through its outside targets above; the other risks name no path.
    for (const risk of c.risks) if (risk !== 'rm-rf') add(c, null, 'exec', ctx, risk);
  }
  const out = [...findings.values()];
  out.sort((a, b) => compare(a.provider, b.provider) || compare(a.sessionId, b.sessionId) || a.firstSeen - b.firstSeen || compare(a.path ?? '', b.path ?? '') || compare(a.access, b.access) || compare(a.risk ?? '', b.risk ?? ''));
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a finding is one `--fail-on` names: a write outside the project, or a sensitive path. */
export function failsOn(finding: AuditFinding, on: readonly FailOn[]): boolean {
  return (on.includes('outside-write') && finding.access === 'write' && finding.path !== null) || (on.includes('sensitive') && finding.sensitive);
}

/**
 * The `--json` rows: times as ISO strings, `risk` and `commands` only where they are, `device` when
 * the run reads several devices' logs.
 */
export function auditJsonRows(findings: readonly AuditFinding[], withDevice = false): Record<string, unknown>[] {
  return findings.map((x) => ({
    provider: x.provider,
    ...(withDevice ? { device: x.device } : {}),
    sessionId: x.sessionId,
    projectPath: x.projectPath,
    path: x.path,
    access: x.access,
    tool: x.tool,
    count: x.count,
    sensitive: x.sensitive,
    firstSeen: new Date(x.firstSeen).toISOString(),
    lastSeen: new Date(x.lastSeen).toISOString(),
    ...(x.risk ? { risk: x.risk } : {}),
    ...(x.commands ? { commands: x.commands } : {}),
  }));
}

/** The findings for a command's options, as `usage audit` shows them (and the HTML page's findings section). */
export function auditFor(
  calls: readonly ToolCall[],
  opts: Pick<CommonOptions, 'zone' | 'since' | 'until' | 'project' | 'order'>,
  commands = false,
): AuditFinding[] {
  const findings = buildAudit(calls, {
    calendar: new ZonedCalendar(opts.zone),
    commands,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
  });
  if (opts.order === 'desc') findings.reverse();
  return findings;
}
