import type { McpFlags } from './mcp.js';
import kleur from 'kleur';
import { now } from '../core/clock.js';
import { runtimeEnv } from '../core/env.js';
import { UserError } from '../core/errors.js';

export async function runMcp(flags: McpFlags): Promise<void> {
  const renv = runtimeEnv();
  if (flags.install || flags.uninstall) {
    if (flags.install && flags.uninstall) throw new UserError('--install and --uninstall cannot go together');
    const { installServer, mcpConfigFile, uninstallServer } = await import('../mcp/install.js');
    const { launchArgv } = await import('../statusline/settings.js');
    const file = mcpConfigFile({ project: flags.project === true, home: renv.home, cwd: process.cwd() });
    const launcher = { script: process.argv[1] ?? '', execPath: process.execPath, pathEnv: renv.env.PATH, platform: process.platform };
    const change = flags.install ? installServer(file, launchArgv(launcher), { force: flags.force === true }) : uninstallServer(file);
    process.stdout.write(`${change.message}\n`);
    return;
  }
  if (flags.project || flags.force) throw new UserError(`--${flags.project ? 'project' : 'force'} goes with --install or --uninstall`);

  const [{ StdioServerTransport }, { createServer }, { EventSource }, { TOOLS }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../mcp/server.js'),
    import('../mcp/source.js'),
    import('../mcp/tools.js'),
  ]);
  // stdout carries the protocol alone: notices are plain text on stderr, where clients log them.
  kleur.enabled = false;
  const useCache = flags.cache;
  const server = createServer(TOOLS, { source: new EventSource(renv, useCache), now: () => now(renv.env), useCache }, { err: process.stderr, debug: flags.debug === true });
  await server.connect(new StdioServerTransport());
  // The client closing our stdin is the end of the session.
  process.stdin.once('end', () => void server.close());
}
