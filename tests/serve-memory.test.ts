import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { claudeLine, metricsFixture, startServe, stop, waitFor, type Serving } from './metrics-helpers.js';

const APP_SESSION = '3e700001-0000-4aaa-8bbb-000000000001';

/** prom-client's own default metric, read from the exposition. */
function gauge(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} missing from /metrics`);
  return Number(line.slice(name.length + 1));
}

describe('usage serve memory', () => {
  const dir = tempDir('usage-serve-mem-');
  let serving: Serving | undefined;
  afterAll(async () => {
    await stop(serving?.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the heap does not grow with the number of scrapes', async () => {
    const { env, claudeDir } = metricsFixture(path.join(dir, 'logs'));
    serving = await startServe(env);
    const url = `${serving.url}/metrics`;
    const file = path.join(claudeDir, 'projects', '-home-me-app', `${APP_SESSION}.jsonl`);
    let n = 0;
    /** `appends` responses appended (each waited for), then `scrapes` scrapes; the least heap seen over the last 50 (after a GC). */
    const round = async (appends: number, scrapes: number): Promise<number> => {
      for (let i = 0; i < appends; i++) {
        n++;
        appendFileSync(file, claudeLine({ session: APP_SESSION, cwd: '/home/me/app', id: `mem${n}`, at: '2026-05-02T11:20:00.000Z', model: 'claude-sonnet-4-5', input: 1, output: 1 }));
        await waitFor('the append to count', async () => ((await (await fetch(url)).text()).includes(`usage_requests_total{agent="claude",model="claude-sonnet-4-5",device="laptop",project="/home/me/app"} ${1 + n}`) ? true : undefined));
      }
      let least = Infinity;
      for (let i = 0; i < scrapes; i++) {
        const heap = gauge(await (await fetch(url)).text(), 'nodejs_heap_size_used_bytes');
        if (i >= scrapes - 50) least = Math.min(least, heap);
      }
      return least;
    };
    await round(5, 100); // warm-up: code compiled, caches filled
    const after200 = await round(5, 200);
    const after2000 = await round(5, 2000);
    // Ten times the scrapes: within 4 MB (a leak of 2 kB per scrape would be 3.6 MB more).
    expect(after2000 - after200).toBeLessThan(4 * 1024 * 1024);
    expect(after200).toBeGreaterThan(0);
  }, 120_000);
});
