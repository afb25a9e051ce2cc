import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { backUp, readSettings, write, type SettingsChange } from '../statusline/settings.js';

/** The name the server is added under. */
export const SERVER_NAME = 'usage';

/**
 * Where Claude Code keeps MCP servers (`claude mcp add --scope user` writes `mcpServers` in
 * `~/.claude.json`; `--scope project` writes the project's `.mcp.json`).
 */
export function mcpConfigFile(opts: { project: boolean; home: string; cwd: string }): string {
  return opts.project ? path.join(opts.cwd, '.mcp.json') : path.join(opts.home, '.claude.json');
}

interface StdioServer {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The entry `claude mcp add` would write for `launch… mcp` (launchArgv's words). */
export function serverEntry(launch: readonly string[]): StdioServer {
  const [command, ...args] = launch;
  if (command === undefined) throw new Error('serverEntry: no command');
  return { type: 'stdio', command, args: [...args, 'mcp'], env: {} };
}

/**
 * Whether an entry runs this tool's MCP server, whatever its path or launcher: `usage mcp`, a path to
 * `usage`, or a Node running `…/dist/cli.js mcp`, as install writes it from a clone.
 */
export function isOurs(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const { command, args } = entry as Record<string, unknown>;
  if (typeof command !== 'string' || !Array.isArray(args)) return false;
  const program = path.basename(command.replace(/\\/g, '/')).toLowerCase();
  if (/^usage(?:\.(?:js|cmd|exe))?$/.test(program)) return args[0] === 'mcp';
  return /^(?:node|nodejs)[\d.]*(?:\.exe)?$/.test(program) && typeof args[0] === 'string' && /[\\/]dist[\\/]cli\.js$/.test(args[0]) && args[1] === 'mcp';
}

/** Adds our server to `mcpServers`, keeping every other entry and setting; idempotent; another `usage` server is kept unless `force`. */
export function installServer(file: string, launch: readonly string[], opts: { force?: boolean; now?: number } = {}): SettingsChange {
  const doc = readSettings(file, 'mcpServers');
  const servers = serversOf(file, doc?.data);
  const current = servers[SERVER_NAME];
  const entry = serverEntry(launch);
  const shown = [entry.command, ...entry.args].join(' ');
  if (isDeepStrictEqual(current, entry)) return { file, changed: false, message: `already installed in ${file} (command: ${shown})` };
  if (current !== undefined && !isOurs(current) && !opts.force) {
    throw new UserError(`${file} already has an MCP server named "${SERVER_NAME}" that is not this tool's; rerun with --force to replace it (the file is backed up first)`);
  }
  const backup = doc ? backUp(file, opts.now ?? Date.now()) : undefined;
  write(file, { ...(doc?.data ?? {}), mcpServers: { ...servers, [SERVER_NAME]: entry } }, doc);
  const replaced = current === undefined ? '' : isOurs(current) ? ' — it replaced an older entry of this tool' : ' — it replaced the server that was there';
  return {
    file,
    changed: true,
    ...(backup ? { backup } : {}),
    message: `added the MCP server "${SERVER_NAME}" to ${file} (command: ${shown})${backup ? ` (backup: ${backup})` : ''}${replaced}`,
  };
}

/** Removes our server, and only ours; every other entry and setting is kept. */
export function uninstallServer(file: string, opts: { now?: number } = {}): SettingsChange {
  const doc = readSettings(file, 'mcpServers');
  const servers = serversOf(file, doc?.data);
  const current = servers[SERVER_NAME];
  if (!doc || current === undefined) return { file, changed: false, message: `no MCP server "${SERVER_NAME}" in ${file}: nothing to remove` };
  if (!isOurs(current)) return { file, changed: false, message: `the MCP server "${SERVER_NAME}" in ${file} is not this tool's: left as it is` };
  const rest = { ...servers };
  delete rest[SERVER_NAME];
  const backup = backUp(file, opts.now ?? Date.now());
  write(file, { ...doc.data, mcpServers: rest }, doc);
  return { file, changed: true, backup, message: `removed the MCP server "${SERVER_NAME}" from ${file} (backup: ${backup})` };
}

function serversOf(file: string, data: Record<string, unknown> | undefined): Record<string, unknown> {
  const servers = data?.mcpServers;
  if (servers === undefined) return {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new UserError(`"mcpServers" in ${file} is not a JSON object; not touching it`);
  }
  return servers as Record<string, unknown>;
}
