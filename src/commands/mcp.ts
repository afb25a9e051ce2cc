import type { Command } from 'commander';

// Only the options live here: the server's code is loaded when it runs.

export interface McpFlags {
  install?: boolean;
  uninstall?: boolean;
  project?: boolean;
  force?: boolean;
  cache: boolean;
  debug?: boolean;
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('a Model Context Protocol server on stdio, for agents to ask for these reports themselves')
    .option('--install', "add the server to Claude Code's ~/.claude.json (mcpServers, backed up first)")
    .option('--uninstall', "remove this tool's server from Claude Code's configuration")
    .option('--project', 'with --install/--uninstall: ./.mcp.json (the project scope) instead of ~/.claude.json')
    .option('--force', 'with --install: replace an MCP server named "usage" that is not this tool’s')
    .option('--no-cache', 'read every file again instead of using the cache')
    .option('--debug', 'list every skipped line on stderr, and stack traces of internal errors')
    .action(async (flags: McpFlags) => (await import('./mcp-run.js')).runMcp(flags));
}
