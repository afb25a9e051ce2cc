import type { CommonOptions } from '../../commands/options.js';
import type { UsageEvent } from '../../core/types.js';
import { DEFAULT_SESSION_MS } from '../../report/blocks.js';
import { computeBlocksFromPriced, computeReportFromPriced } from '../../report/compute.js';
import { priceEvents } from '../../report/price-events.js';
import type { AuditJson, BlockJson, BlocksData, DailyJson, ModelJson, PageData, ProjectJson, SessionJson, ToolsJson } from './page-data.js';

export interface CollectInput {
  events: readonly UsageEvent[];
  opts: CommonOptions;
  /** Damaged lines skipped while loading, as the reports' JSON counts them. */
  skipped: number;
  now: number;
  version: string;
  /** The activity reports' JSON, when the caller has them (`usage tools --json`, `usage audit --json`). */
  tools?: ToolsJson;
  audit?: AuditJson;
}

/**
 * The page's data: the JSON each report prints for the same flags (daily, session, project, model,
 * and the 5-hour windows of every agent shown), made by the same code as `--json`, nothing else.
 */
export function collectPageData(input: CollectInput): PageData {
  const { events, opts, skipped } = input;
  const priced = priceEvents(events, opts.pricing);
  const report = (kind: 'daily' | 'session' | 'project' | 'model'): unknown =>
    computeReportFromPriced(kind, priced, opts, { weekStartsOn: 1, skipped }).json;
  const windows = computeBlocksFromPriced(priced, opts, { sessionMs: DEFAULT_SESSION_MS, now: input.now, active: false, recent: false });
  const blocks: BlocksData = { blocks: windows.json.blocks as unknown as BlockJson[], providers: windows.result.providers };
  return {
    generator: { name: 'usage', version: input.version },
    generatedAt: new Date(input.now).toISOString(),
    timezone: opts.zone,
    filters: {
      ...(opts.since ? { since: opts.since } : {}),
      ...(opts.until ? { until: opts.until } : {}),
      ...(opts.project !== undefined ? { project: opts.project } : {}),
      providers: opts.providers,
    },
    daily: report('daily') as DailyJson,
    sessions: report('session') as SessionJson,
    projects: report('project') as ProjectJson,
    models: report('model') as ModelJson,
    blocks,
    ...(input.tools ? { tools: input.tools } : {}),
    ...(input.audit ? { audit: input.audit } : {}),
  };
}
