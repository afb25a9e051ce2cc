import { z } from 'zod';
import { Diagnostics } from '../core/diagnostics.js';
import type { ToolCall } from '../core/tool-call.js';
import { PROVIDERS } from '../core/types.js';
import { normalizeCommon, type CommonFlags, type CommonOptions } from '../commands/options.js';
import { auditFor, auditJsonRows } from '../report/audit.js';
import { parseSessionLength, parseTokenLimit } from '../report/blocks-report.js';
import { DEFAULT_SESSION_MS } from '../report/blocks.js';
import { parseWeekday } from '../report/calendar.js';
import { computeBlocksReport, computeReport } from '../report/compute.js';
import type { ReportKind } from '../report/reports.js';
import { joinToolCalls } from '../report/tool-join.js';
import { TOOL_GROUPINGS, toolsJson, toolsReportFor } from '../report/tools.js';
import type { EventSource } from './source.js';

/** What a tool call has to work with. */
export interface ToolContext {
  source: EventSource;
  /** The instant "now" is (USAGE_NOW pins it). */
  now: () => number;
  /** The cache setting the server was started with (`--no-cache`). */
  useCache: boolean;
}

/** A tool's answer: the report's JSON, and what the command line would have said on stderr. */
export interface ToolAnswer {
  json: Record<string, unknown>;
  diagnostics: Diagnostics;
  unpricedModels: string[];
}

/** One tool of the server. Adding a tool is adding one of these to TOOLS. */
export interface McpTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** The arguments, as the SDK takes them (a zod shape); the SDK checks every call against it. */
  input: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, ctx: ToolContext): Promise<ToolAnswer>;
}

/** Keeps a tool's own argument types inside it; the table holds tools of every shape. */
function tool<Shape extends z.ZodRawShape>(t: McpTool<Shape>): McpTool {
  return t as unknown as McpTool;
}

const DAY = /^\d{4}-?\d{2}-?\d{2}$/;

/** The arguments every report takes, as the command line's common options. */
const COMMON = {
  since: z.string().regex(DAY, 'expected YYYY-MM-DD').optional().describe('first day to include, YYYY-MM-DD, in the report time zone'),
  until: z.string().regex(DAY, 'expected YYYY-MM-DD').optional().describe('last day to include, YYYY-MM-DD, in the report time zone'),
  providers: z.array(z.enum(PROVIDERS)).min(1).optional().describe(`agents to include, any of ${PROVIDERS.join(', ')}`),
  project: z.string().optional().describe('only projects whose path contains this text'),
  timezone: z.string().optional().describe('IANA time zone for day boundaries, such as Europe/Berlin (default: the system zone)'),
  order: z.enum(['asc', 'desc']).optional().describe('sort order'),
};
type CommonArgs = z.infer<z.ZodObject<typeof COMMON>>;

/** The arguments, checked as the command line checks its flags (a bad date or zone is a UserError). */
function commonOptions(args: CommonArgs, ctx: ToolContext, fallbackProviders?: CommonOptions['providers']): CommonOptions {
  const flags: CommonFlags = {
    since: args.since,
    until: args.until,
    timezone: args.timezone,
    provider: args.providers?.join(','),
    project: args.project,
    order: args.order,
    json: true,
    cache: ctx.useCache,
    color: false,
  };
  return normalizeCommon(flags, fallbackProviders);
}

const ROW_FIELDS = 'inputTokens, outputTokens (reasoning included), cacheCreationTokens, cacheReadTokens, totalTokens, totalCost (USD), modelsUsed, modelBreakdowns';

function reportTool(kind: ReportKind, description: string): McpTool {
  return tool({
    name: kind,
    title: `usage ${kind}`,
    description: `${description}, from the local logs of Claude Code, Codex CLI and Gemini CLI: the JSON of \`usage ${kind} --json\` (each row: ${ROW_FIELDS}; plus totals, timezone, unpricedModels, skipped).`,
    input: COMMON,
    async run(args, ctx) {
      const opts = commonOptions(args, ctx);
      const loaded = await ctx.source.load(opts.providers);
      const diagnostics = new Diagnostics();
      diagnostics.add(loaded.skips);
      const { json, unpricedModels } = computeReport(kind, loaded.events, opts, { weekStartsOn: parseWeekday('monday'), skipped: loaded.skips.length });
      return { json, diagnostics, unpricedModels };
    },
  });
}

const BLOCKS = tool({
  name: 'blocks',
  title: 'usage blocks',
  description:
    'Usage and cost per 5-hour billing window (default: Claude Code only), with the active window\'s burn rate and projection to its end: the JSON of `usage blocks --json`. ' +
    'Each block: startTime, endTime, isActive, isGap, tokenCounts, totalTokens, costUSD, models, burnRate {tokensPerMinute, costPerHour}, projection {totalTokens, totalCost, remainingMinutes} (the time left), tokenLimitStatus when a token limit is given.',
  input: {
    ...COMMON,
    active: z.boolean().optional().describe('only the window running now'),
    recent: z.boolean().optional().describe('only windows of the last 3 days (and the active one)'),
    sessionLength: z.number().positive().optional().describe('length of a window in hours (default 5)'),
    tokenLimit: z.union([z.number().positive(), z.literal('max')]).optional().describe('compare each window with this many tokens, or "max": the largest ended window'),
  },
  async run(args, ctx) {
    const opts = commonOptions(args, ctx, ['claude']);
    const sessionMs = parseSessionLength(args.sessionLength === undefined ? undefined : String(args.sessionLength)) ?? DEFAULT_SESSION_MS;
    const tokenLimit = parseTokenLimit(args.tokenLimit === undefined ? undefined : String(args.tokenLimit));
    const loaded = await ctx.source.load(opts.providers);
    const diagnostics = new Diagnostics();
    diagnostics.add(loaded.skips);
    const { json, unpricedModels, warnings } = computeBlocksReport(loaded.events, opts, {
      sessionMs,
      active: args.active === true,
      recent: args.recent === true,
      now: ctx.now(),
      ...(tokenLimit !== undefined ? { tokenLimit } : {}),
    });
    for (const w of warnings) diagnostics.warn(w);
    return { json, diagnostics, unpricedModels };
  },
});

/** The joined tool calls of the agents asked for, as `usage tools` and `usage audit` read them. */
async function toolCallsFor(opts: CommonOptions, ctx: ToolContext): Promise<{ calls: ToolCall[]; diagnostics: Diagnostics }> {
  const loaded = await ctx.source.loadToolParts(opts.providers);
  const diagnostics = new Diagnostics();
  diagnostics.add(loaded.skips);
  return { calls: joinToolCalls(loaded.events).calls, diagnostics };
}

const TOOL_CALLS = tool({
  name: 'tools',
  title: 'usage tools',
  description:
    'Tool calls the agents made (Read, Bash, MCP tools …) per tool, from the local logs: the JSON of `usage tools --json`. ' +
    'Each row: provider, tool, category, calls, errors, durationMsMedian, durationMsP95, sessions (and the group named by `by`: day, sessionId, projectPath or model; modelBreakdowns with `breakdown`); plus totals {calls, errors}. Figures only: no command text, paths or outputs.',
  input: {
    ...COMMON,
    by: z.enum(TOOL_GROUPINGS).optional().describe('group rows by day, session, project or model besides the tool (default: tool alone)'),
    breakdown: z.boolean().optional().describe('a sub-row per model in each row'),
  },
  async run(args, ctx) {
    const opts = commonOptions(args, ctx);
    const by = args.by ?? 'tool';
    const { calls, diagnostics } = await toolCallsFor(opts, ctx);
    const json = toolsJson(toolsReportFor(calls, opts, by, args.breakdown === true), by);
    return { json, diagnostics, unpricedModels: [] };
  },
});

const AUDIT = tool({
  name: 'audit',
  title: 'usage audit',
  description:
    "Paths the agents' tools named outside each session's project, sensitive places (~/.ssh, ~/.aws, .env files, /etc, shell rc files) and risky commands (rm -rf, pipe to shell, sudo, chmod 777, force push), from the local logs: the JSON of `usage audit --json`. " +
    'Each finding: provider, sessionId, projectPath, path (null for a risk that names none), access (read, write, exec), tool, count, sensitive, firstSeen, lastSeen, risk when one; commands (the command lines behind it) only with `commands`.',
  input: {
    ...COMMON,
    commands: z.boolean().optional().describe('include the whole command lines behind each finding (off: only paths and program names)'),
  },
  async run(args, ctx) {
    const opts = commonOptions(args, ctx);
    const { calls, diagnostics } = await toolCallsFor(opts, ctx);
    return { json: { findings: auditJsonRows(auditFor(calls, opts, args.commands === true)) }, diagnostics, unpricedModels: [] };
  },
});

/** Every tool the server offers, in the order it lists them. */
export const TOOLS: readonly McpTool[] = [
  reportTool('daily', 'Usage and cost per day'),
  reportTool('session', 'Usage and cost per session (sessionId, provider, projectPath, firstActivity, lastActivity)'),
  reportTool('model', 'Usage and cost per model (modelName, provider, requests)'),
  BLOCKS,
  TOOL_CALLS,
  AUDIT,
];
