import { constants, copyFileSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/** What `--install` puts in Claude Code's settings, running `command`. */
function statusLine(command: string): { type: 'command'; command: string; padding: number } {
  return { type: 'command', command, padding: 0 };
}

export interface Launcher {
  /** This tool's script (dist/cli.js), as it was started. */
  script: string;
  /** The Node running it. */
  execPath: string;
  /** The PATH Claude Code will search (this process's). */
  pathEnv: string | undefined;
  platform: NodeJS.Platform;
}

/**
 * How another program should start this tool: `usage` where `usage` on PATH is this very script (a
 * global install), else this Node and this script by their full paths (a clone, or npx, whose
 * node_modules/.bin is on PATH only while npx runs). The words of the command, before its own.
 */
export function launchArgv(launcher: Launcher): string[] {
  const script = realPath(launcher.script) ?? path.resolve(launcher.script);
  // npm's Windows shims are scripts, not links: there, the full path it is.
  if (launcher.platform !== 'win32') {
    for (const dir of (launcher.pathEnv ?? '').split(path.delimiter)) {
      if (dir === '' || (path.basename(dir) === '.bin' && path.basename(path.dirname(dir)) === 'node_modules')) continue;
      if (realPath(path.join(dir, 'usage')) === script) return ['usage'];
    }
  }
  return [launcher.execPath, script];
}

/** The status line's command, as one line for the shell Claude Code runs it with (see launchArgv). */
export function statusLineCommand(launcher: Launcher): string {
  return [...launchArgv(launcher).map((word, i) => (i === 0 && word === 'usage' ? word : shellQuote(word, launcher.platform))), 'statusline'].join(' ');
}

function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** A path as one word for the shell Claude Code runs the command with. */
function shellQuote(p: string, platform: NodeJS.Platform): string {
  if (platform === 'win32' || !/["$`\\]/.test(p)) return `"${p}"`;
  return `'${p.replace(/'/g, "'\\''")}'`;
}

/** `~/.claude/settings.json`, or the project's `.claude/settings.json` with `--project`. */
export function settingsFile(opts: { project: boolean; home: string; cwd: string }): string {
  return path.join(opts.project ? opts.cwd : opts.home, '.claude', 'settings.json');
}

export interface SettingsChange {
  file: string;
  changed: boolean;
  /** Where the file was copied before it was changed. */
  backup?: string;
  /** One line for the user. */
  message: string;
}

/**
 * Whether a statusLine setting runs this tool's status line, whatever its path, launcher or options
 * (`usage statusline`, `/usr/local/bin/usage statusline -z UTC`, `npx usage statusline`, or Node
 * running a `…/dist/cli.js statusline` by its path, as `--install` writes it from a clone).
 */
export function isOurs(setting: unknown): boolean {
  if (typeof setting !== 'object' || setting === null) return false;
  const { type, command } = setting as Record<string, unknown>;
  if (type !== 'command' || typeof command !== 'string') return false;
  return /(?:^|[\s/\\"'])usage(?:\.(?:js|cmd|exe))?["']?\s+statusline(?:\s|$)/.test(command) ||
    /^["']?[^"']*\bnode(?:\.exe)?["']?\s+["']?[^"']*[\\/]dist[\\/]cli\.js["']?\s+statusline(?:\s|$)/.test(command);
}

/** Adds our statusLine, keeping every other setting; idempotent; refuses to replace another one without `force`. */
export function install(file: string, opts: { command?: string; force?: boolean; now?: number } = {}): SettingsChange {
  const doc = readSettings(file);
  const current = doc?.data.statusLine;
  if (current !== undefined && isOurs(current)) {
    return { file, changed: false, message: `already installed in ${file} (command: ${(current as { command: string }).command})` };
  }
  if (current !== undefined && !opts.force) {
    const shown = typeof current === 'object' && current !== null && typeof (current as { command?: unknown }).command === 'string'
      ? `command: ${(current as { command: string }).command}`
      : JSON.stringify(current);
    throw new UserError(`${file} already has a statusLine (${shown}); rerun with --force to replace it (the file is backed up first)`);
  }
  const data = { ...(doc?.data ?? {}), statusLine: statusLine(opts.command ?? 'usage statusline') };
  const backup = doc ? backUp(file, opts.now ?? Date.now()) : undefined;
  write(file, data, doc);
  return {
    file,
    changed: true,
    ...(backup ? { backup } : {}),
    message: `installed the status line in ${file} (command: ${data.statusLine.command})${backup ? ` (backup: ${backup})` : ''}${current !== undefined ? ' — it replaced the statusLine that was there' : ''}`,
  };
}

/** Removes our statusLine, and only ours; every other setting is kept. */
export function uninstall(file: string, opts: { now?: number } = {}): SettingsChange {
  const doc = readSettings(file);
  const current = doc?.data.statusLine;
  if (!doc || current === undefined) return { file, changed: false, message: `no statusLine in ${file}: nothing to remove` };
  if (!isOurs(current)) return { file, changed: false, message: `the statusLine in ${file} is not this tool's: left as it is` };
  const data = { ...doc.data };
  delete data.statusLine;
  const backup = backUp(file, opts.now ?? Date.now());
  write(file, data, doc);
  return { file, changed: true, backup, message: `removed the status line from ${file} (backup: ${backup})` };
}

export interface SettingsDoc {
  data: Record<string, unknown>;
  indent: string;
  eol: string;
  finalNewline: boolean;
}

/**
 * The parsed file, or undefined when there is none. A file that is not a JSON object is never touched;
 * `key` is what the user is told to add by hand then.
 */
export function readSettings(file: string, key = 'statusLine'): SettingsDoc | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${file} (${code ?? 'read error'}); not touching it`);
  }
  const body = text.replace(/^\uFEFF/, '');
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  if (body.trim() === '') return { data: {}, indent: '  ', eol, finalNewline: true };
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new UserError(`cannot parse ${file} (${(err as Error).message}); not touching it — fix it, or add "${key}" by hand`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`${file} does not hold a JSON object; not touching it`);
  }
  const indent = /^([ \t]+)"/m.exec(body)?.[1] ?? '  ';
  return { data: data as Record<string, unknown>, indent, eol, finalNewline: /\n\s*$/.test(body) || body.trim() === '' };
}

/** Writes `data` in the indent, line ends and final newline of the file it was read from. */
export function write(file: string, data: Record<string, unknown>, like: SettingsDoc | undefined): void {
  const indent = like?.indent ?? '  ';
  const eol = like?.eol ?? '\n';
  let text = JSON.stringify(data, null, indent);
  if (eol !== '\n') text = text.replace(/\n/g, eol);
  if (like?.finalNewline ?? true) text += eol;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // In place, not by rename: a settings file that is a symlink (dotfile managers) stays one.
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

/** Copies the file beside itself, never over an earlier backup: `settings.json.bak`, else a timestamped name. */
export function backUp(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const names = [`${file}.bak`, `${file}.${stamp}.bak`, ...Array.from({ length: 20 }, (_, i) => `${file}.${stamp}-${i + 2}.bak`)];
  for (const name of names) {
    try {
      copyFileSync(file, name, constants.COPYFILE_EXCL);
      return name;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new UserError(`cannot back up ${file} to ${name} (${code ?? 'copy error'}); not touching it`);
    }
  }
  throw new UserError(`cannot back up ${file}: too many backups beside it; not touching it`);
}
