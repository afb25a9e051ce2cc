import { UserError } from './errors.js';

/**
 * The current instant (epoch ms). `USAGE_NOW` (an ISO 8601 timestamp, e.g. 2026-05-02T10:00:00Z) pins it,
 * so that tests and benchmarks get exact, repeatable figures; any command that asks "what is now" should
 * ask here.
 */
export function now(env: Record<string, string | undefined> = process.env): number {
  const value = env.USAGE_NOW;
  if (value === undefined || value.trim() === '') return Date.now();
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new UserError(`USAGE_NOW expects an ISO timestamp such as 2026-05-02T10:00:00Z, got "${value}"`);
  return ms;
}
