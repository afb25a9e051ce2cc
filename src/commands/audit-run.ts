import kleur from 'kleur';
import { Diagnostics } from '../core/diagnostics.js';
import { UserError } from '../core/errors.js';
import { auditFor, auditJsonRows, failsOn, FAIL_ON, type AuditFinding, type FailOn } from '../report/audit.js';
import { renderBoxTable } from '../render/box-table.js';
import { printNoLogs } from '../render/notices.js';
import { encodeCsv } from '../sinks/csv/encode.js';
import type { AuditFlags } from './audit.js';
import { NO_COMMANDS_IN_DB, normalizeCommon } from './options.js';
import { severalDevices } from '../config/sources.js';
import { finish, loadToolCalls } from './tools-run.js';

function parseFailOn(value: string | undefined): FailOn[] {
  if (value === undefined) return [];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(FAIL_ON as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new UserError(`unknown --fail-on "${unknown.join(',') || value}" (expected one or more of ${FAIL_ON.join(', ')})`);
  return names as FailOn[];
}

export async function runAudit(flags: AuditFlags): Promise<void> {
  const opts = normalizeCommon(flags);
  if (opts.db && flags.commands) throw new UserError(NO_COMMANDS_IN_DB);
  const failOn = parseFailOn(flags.failOn);
  const diagnostics = new Diagnostics();
  const { loaded, joined, store } = await loadToolCalls(opts, diagnostics);
  const findings = auditFor(joined.calls, opts, flags.commands === true);
  const withDevice = severalDevices(opts.sources, joined.calls, (c) => c.device);
  let stdout: string;
  let noLogs = '';
  const writer = { write: (t: string) => ((noLogs += t), true) };
  const noFiles = loaded.files.length === 0 && !opts.db;
  if (noFiles) printNoLogs(loaded.searched, writer);
  if (opts.json) stdout = `${JSON.stringify({ findings: auditJsonRows(findings, withDevice) }, null, 2)}\n`;
  else if (opts.csv) stdout = encodeCsv(auditJsonRows(findings, withDevice));
  else {
    stdout = noFiles ? noLogs : `${renderAudit(findings, flags.commands === true)}\n`;
    noLogs = '';
  }
  const failing = failOn.length > 0 && findings.some((x) => failsOn(x, failOn));
  // A failing run is not memoized: a replay could not give its exit code.
  finish(opts, store, diagnostics, joined, stdout, noLogs, !failing);
  if (failing) process.exitCode = 1;
}

const time = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function renderAudit(findings: readonly AuditFinding[], commands: boolean): string {
  if (findings.length === 0) return 'No findings: no tool named a path outside its project, and no risky command ran.';
  const head = ['Agent', 'Session', 'Path', 'Access', 'Tool', 'Count', 'Flags', 'First seen', 'Last seen', ...(commands ? ['Commands'] : [])];
  const rows = findings.map((x) => {
    const flags = [x.sensitive ? 'sensitive' : '', x.risk ?? ''].filter(Boolean).join(' ');
    return {
      cells: [x.provider, x.sessionId, x.path ?? '-', x.access, x.tool, String(x.count), flags, time(x.firstSeen), time(x.lastSeen), ...(commands ? [(x.commands ?? []).join('\n')] : [])],
      ...(x.sensitive || x.risk ? { style: (t: string) => kleur.red(t) } : {}),
    };
  });
  return renderBoxTable({ head, headStyle: (t) => kleur.cyan(t), align: head.map((h) => (h === 'Count' ? 'right' : 'left')), compact: true, rows });
}
