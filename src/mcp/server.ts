import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { UserError } from '../core/errors.js';
import { printDiagnostics, type Writer } from '../render/notices.js';
import type { McpTool, ToolContext } from './tools.js';
import pkg from '../../package.json' with { type: 'json' };

/**
 * The MCP server: each tool of the table, read-only, answering with the report's JSON as structured
 * content and as text. A mistake in the arguments is a tool error for the agent to read and fix, never
 * a crash; what the command line would print on stderr goes to `err` (never to stdout, which is the
 * protocol's).
 */
export function createServer(tools: readonly McpTool[], ctx: ToolContext, opts: { err: Writer; debug: boolean }): McpServer {
  const server = new McpServer({ name: 'usage', version: pkg.version });
  for (const t of tools) {
    server.registerTool(
      t.name,
      {
        title: t.title,
        description: t.description,
        inputSchema: t.input,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const { json, diagnostics, unpricedModels } = await t.run(args, ctx);
          printDiagnostics(diagnostics, unpricedModels, opts.debug, opts.err);
          return { content: [{ type: 'text', text: JSON.stringify(json) }], structuredContent: json };
        } catch (err) {
          if (err instanceof UserError) return toolError(err.message);
          // Our bug, not the caller's: said in full on stderr, in one line to the agent.
          opts.err.write(`usage mcp: ${t.name}: ${opts.debug && err instanceof Error ? err.stack : String(err)}\n`);
          return toolError(`internal error: ${(err as Error)?.message ?? err}`);
        }
      },
    );
  }
  return server;
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
