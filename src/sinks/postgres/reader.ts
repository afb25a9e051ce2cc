import type { ClientBase } from 'pg';
import type { Provider, UsageEvent } from '../../core/types.js';
import { usageEvent } from '../../core/types.js';
import { dedupe } from '../../pipeline/dedupe.js';
import { oldestFileFirst } from '../../pipeline/store.js';
import { checkSchema } from './migrations.js';

type Row = [string, string, string, number, string, string, string, string, number, number, number, number, number, number, boolean, number, string | null, boolean, boolean, number, number];

/**
 * Every device's events of the asked agents, deduplicated across devices, in the order a local run
 * over the same files sees them: files oldest first (then by path, then device), each in its
 * order. A response synced from two devices is one. `skipped`: the damaged lines of their files.
 */
export async function readEvents(client: ClientBase, providers: readonly Provider[]): Promise<{ events: UsageEvent[]; skipped: number }> {
  await checkSchema(client);
  const { rows } = await client.query({
    text: `SELECT e.device, e.file_path, e.dedupe_key, e.ts_ms, e.provider, e.session_id, e.project_path, e.model,
             e.input_tokens, e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.cache_read_tokens, e.output_tokens, e.reasoning_tokens,
             e.fast, e.rank, e.response_id, e.sidechain, e.keyed, e.file_ordinal, f.mtime_ms
           FROM usage_events e JOIN usage_files f ON f.device = e.device AND f.path = e.file_path
           WHERE e.provider = ANY($1::text[])`,
    values: [providers],
    rowMode: 'array',
  });
  const files = new Map<string, { path: string; mtimeMs: number; device: string; rows: Row[] }>();
  for (const row of rows as Row[]) {
    const id = `${row[0]}\u0000${row[1]}`;
    let file = files.get(id);
    if (!file) files.set(id, (file = { path: row[1], mtimeMs: row[20], device: row[0], rows: [] }));
    file.rows.push(row);
  }
  const ordered = [...files.values()].sort((a, b) => oldestFileFirst(a, b) || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const events: UsageEvent[] = [];
  const sources: number[] = [];
  ordered.forEach((file, f) => {
    file.rows.sort((a, b) => a[19] - b[19]);
    for (const r of file.rows) {
      events.push(usageEvent({
        provider: r[4] as Provider,
        timestamp: r[3],
        sessionId: r[5],
        projectPath: r[6],
        model: r[7],
        tokens: { input: r[8], cacheWrite5m: r[9], cacheWrite1h: r[10], cacheRead: r[11], output: r[12], reasoning: r[13] },
        rank: r[15],
        device: r[0],
        ...(r[14] ? { fast: true } : {}),
        ...(r[18] ? { dedupeKey: r[2] } : {}),
        ...(r[16] !== null ? { responseId: r[16] } : {}),
        ...(r[17] ? { sidechain: true } : {}),
      }));
      sources.push(f);
    }
  });
  const { rows: [skips] } = await client.query('SELECT coalesce(sum(skipped_lines), 0)::int AS n FROM usage_files WHERE provider = ANY($1::text[])', [providers]);
  return { events: dedupe(events, sources), skipped: skips.n as number };
}
