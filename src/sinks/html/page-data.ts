/**
 * What the page is given: the reports' `--json` objects, each as that command prints it, and the
 * optional activity reports. Types only, shared by the writer (collect.ts) and the page (page/);
 * the fields are the JSON contracts of README's "JSON" section and `usage blocks --json`.
 */

export interface TokenFields {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

export interface ModelBreakdown extends TokenFields {
  modelName: string;
  provider: string;
  cost: number;
  requests: number;
}

export interface ReportRow extends TokenFields {
  totalCost: number;
  modelsUsed: string[];
  modelBreakdowns: ModelBreakdown[];
}

interface ReportMeta {
  totals: TokenFields & { totalCost: number };
  timezone: string;
  unpricedModels: string[];
  skipped: number;
}

export type DailyJson = ReportMeta & { daily: (ReportRow & { date: string })[] };
export type SessionJson = ReportMeta & {
  sessions: (ReportRow & { sessionId: string; provider: string; projectPath: string; firstActivity: string; lastActivity: string })[];
};
export type ProjectJson = ReportMeta & { projects: (ReportRow & { projectPath: string })[] };
export type ModelJson = ReportMeta & { models: (ReportRow & { modelName: string; provider: string; requests: number })[] };

export interface BlockJson {
  id: string;
  /** Present when windows of several agents are shown. */
  provider?: string;
  startTime: string;
  endTime: string;
  actualEndTime: string;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  totalTokens: number;
  costUSD: number;
  models: string[];
  burnRate: { tokensPerMinute: number; costPerHour: number } | null;
  projection: { totalTokens: number; totalCost: number; remainingMinutes: number } | null;
}

/** `usage blocks --json`, and the agents its windows are of (a row names its agent only when there are several). */
export interface BlocksData {
  blocks: BlockJson[];
  providers: string[];
}

/** `usage tools --json` (issue 16, item 3). */
export interface ToolsJson {
  tools: { provider: string; tool: string; category: string; calls: number; errors: number; durationMsMedian: number | null; durationMsP95: number | null; sessions: number }[];
  totals: { calls: number; errors: number };
}

/** `usage audit --json` (issue 16, item 4), without `--commands`: paths and program names, no command text. */
export interface AuditJson {
  findings: {
    provider: string;
    sessionId: string;
    projectPath: string;
    /** Null for a risky command that names no path (pipe-to-shell, sudo, chmod-777, force-push). */
    path: string | null;
    access: string;
    tool: string;
    count: number;
    sensitive: boolean;
    firstSeen: string;
    lastSeen: string;
    risk?: string;
  }[];
}

export interface PageData {
  generator: { name: string; version: string };
  generatedAt: string;
  timezone: string;
  filters: { since?: string; until?: string; project?: string; providers: string[] };
  daily: DailyJson;
  sessions: SessionJson;
  projects: ProjectJson;
  models: ModelJson;
  blocks: BlocksData;
  /** Shown only when present. */
  tools?: ToolsJson;
  audit?: AuditJson;
}
