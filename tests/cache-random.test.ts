import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, seededRandom, tempDirs } from './helpers.js';

/**
 * The cache must never change a number, whatever happens to the logs between two runs. Each step makes
 * one change of the kinds logs see (a new file, lines appended, a torn last line and its completion, a
 * truncation, a rewrite in place, a rename, a deletion, an mtime moved back or made equal to another
 * file's), then runs the same command with the cache and with --no-cache: the outputs must be equal byte
 * for byte. Response ids repeat within and across files, so dedupe's tie rules and the order of files
 * both count. Seeded: a failure names its step and the changes before it, and replays.
 */

const temp = tempDirs('usage-cache-random-');
const NOW = '2026-05-03T11:59:59Z';
const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-6', 'claude-haiku-4-5-20251001'];

class RandomLogs {
  readonly root = temp();
  readonly env: Record<string, string>;
  private readonly projects = ['-w-a', '-w-b', '-w-c'].map((p) => path.join(this.root, 'claude', 'projects', p));
  private readonly rollouts = path.join(this.root, 'codex', 'sessions', '2026', '05', '02');
  /** Each Codex file's running totals, for its next token_count line. */
  private readonly codexTotals = new Map<string, number[]>();
  private made = 0;
  private codexTurn = 0;

  constructor(
    private readonly rnd: (n: number) => number,
    /** The days the Claude lines fall on (their hours are 00–11). */
    private readonly days: readonly string[],
    private readonly withCodex: boolean,
  ) {
    for (const dir of [...this.projects, this.rollouts, path.join(this.root, 'gemini', '.gemini', 'tmp'), path.join(this.root, 'home')]) mkdirSync(dir, { recursive: true });
    this.env = {
      HOME: path.join(this.root, 'home'),
      CLAUDE_CONFIG_DIR: path.join(this.root, 'claude'),
      CODEX_HOME: path.join(this.root, 'codex'),
      GEMINI_CLI_HOME: path.join(this.root, 'gemini'),
      USAGE_CACHE_DIR: path.join(this.root, 'cache'),
      USAGE_NOW: NOW,
      TZ: 'UTC',
    };
  }

  files(): string[] {
    const dirs = this.withCodex ? [...this.projects, this.rollouts] : this.projects;
    return dirs.flatMap((dir) => readdirSync(dir).sort().map((f) => path.join(dir, f)));
  }

  /** Makes one change and says what it was. */
  change(): string {
    const { rnd } = this;
    const files = this.files();
    const r = rnd(100);
    if (files.length === 0 || r < 15) return this.create();
    const file = files[rnd(files.length)]!;
    const name = path.basename(file);
    const text = readFileSync(file, 'utf8');
    const torn = text.length > 0 && !text.endsWith('\n');
    if (r < 50) {
      const count = 1 + rnd(4);
      const completion = torn && rnd(10) < 7 ? '}\n' : '';
      appendFileSync(file, completion + Array.from({ length: count }, () => `${this.line(file)}\n`).join(''));
      return `append ${count} to ${name}${torn ? ' after a torn line' : ''}`;
    }
    if (r < 58) {
      const line = this.line(file);
      appendFileSync(file, line.slice(0, rnd(line.length)));
      return `torn line on ${name}`;
    }
    if (r < 64) {
      const size = rnd(text.length);
      truncateSync(file, size);
      this.codexTotals.delete(file);
      return `truncate ${name} to ${size}`;
    }
    if (r < 70) {
      if (rnd(2) === 0 && text.length > 10) {
        // Same size, one early byte different.
        const bytes = Buffer.from(text);
        const at = rnd(Math.min(200, bytes.length));
        bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
        writeFileSync(file, bytes);
        return `byte ${at} of ${name} changed`;
      }
      this.codexTotals.delete(file);
      writeFileSync(file, this.body(file));
      return `rewrite ${name}`;
    }
    if (r < 77) {
      const to = this.newPath(this.isCodex(file));
      renameSync(file, to);
      const totals = this.codexTotals.get(file);
      if (totals) this.codexTotals.set(to, totals);
      return `rename ${name} to ${path.basename(to)}`;
    }
    if (r < 83) {
      rmSync(file);
      return `delete ${name}`;
    }
    if (r < 90) {
      const at = new Date(Date.now() - rnd(10_000_000));
      utimesSync(file, at, at);
      return `mtime of ${name} moved back`;
    }
    const other = files[rnd(files.length)]!;
    const { atime, mtime } = statSync(other);
    utimesSync(file, atime, mtime);
    return `mtime of ${name} made ${path.basename(other)}'s`;
  }

  private create(): string {
    const file = this.newPath(this.withCodex && this.rnd(4) === 0);
    writeFileSync(file, this.body(file));
    return `new ${path.basename(file)}`;
  }

  private isCodex(file: string): boolean {
    return path.basename(file).startsWith('rollout-');
  }

  private newPath(codex: boolean): string {
    const n = String(++this.made).padStart(12, '0');
    if (codex) return path.join(this.rollouts, `rollout-2026-05-02T09-00-00-0196a000-0000-7000-8000-${n}.jsonl`);
    return path.join(this.projects[this.rnd(this.projects.length)]!, `${n.slice(4)}-0000-4aaa-8bbb-000000000000.jsonl`);
  }

  private body(file: string): string {
    if (this.isCodex(file)) {
      const id = path.basename(file, '.jsonl').slice(-36);
      return [
        { timestamp: '2026-05-02T09:00:00.000Z', type: 'session_meta', payload: { id, cwd: '/w/codex', timestamp: '2026-05-02T09:00:00.000Z' } },
        { timestamp: '2026-05-02T09:00:01.000Z', type: 'turn_context', payload: { model: 'gpt-5.1-codex-max', cwd: '/w/codex' } },
      ]
        .map((o) => `${JSON.stringify(o)}\n`)
        .join('');
    }
    return Array.from({ length: 1 + this.rnd(6) }, () => `${this.line(file)}\n`).join('');
  }

  private line(file: string): string {
    return this.isCodex(file) ? this.tokenCount(file) : this.assistant(path.basename(file, '.jsonl'));
  }

  /** A Claude response; ids from a small pool, so that copies meet within and across files. */
  private assistant(sessionId: string): string {
    const { rnd } = this;
    const k = rnd(30);
    const two = (n: number): string => String(n).padStart(2, '0');
    return JSON.stringify({
      type: rnd(10) === 0 ? 'user' : 'assistant',
      isSidechain: rnd(100) < 15,
      sessionId,
      cwd: rnd(2) === 0 ? '/w/a' : '/w/b',
      timestamp: `${this.days[rnd(this.days.length)]}T${two(rnd(12))}:${two(rnd(60))}:00.${String(rnd(1000)).padStart(3, '0')}Z`,
      requestId: rnd(10) === 0 ? undefined : `req_${k}`,
      message: {
        id: rnd(20) === 0 ? undefined : `msg_${k}`,
        model: MODELS[rnd(MODELS.length)],
        usage: {
          input_tokens: 1 + rnd(1000),
          output_tokens: 1 + rnd(500),
          cache_creation_input_tokens: rnd(3000),
          cache_read_input_tokens: rnd(9000),
          ...(rnd(3) === 0 ? { cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 50 } } : {}),
        },
      },
    });
  }

  /** A Codex token_count: running totals, or (one in five) the last totals again, as Codex re-emits them. */
  private tokenCount(file: string): string {
    const { rnd } = this;
    const before = this.codexTotals.get(file);
    const last = [100 + rnd(900), rnd(50), rnd(300), 0];
    const totals = before && rnd(5) === 0 ? before : (before ?? [0, 0, 0, 0]).map((v, i) => v + last[i]!);
    this.codexTotals.set(file, totals);
    const usage = ([input, cached, output, reasoning]: number[]) => ({
      input_tokens: input,
      cached_input_tokens: cached,
      output_tokens: output,
      reasoning_output_tokens: reasoning,
      total_tokens: input! + output!,
    });
    const minute = String(++this.codexTurn % 60).padStart(2, '0');
    return JSON.stringify({ timestamp: `2026-05-02T10:${minute}:00.000Z`, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: usage(totals), last_token_usage: usage(last) } } });
  }
}

/** The command's stdout; it must exit 0. */
async function run(logs: RandomLogs, args: string[], stdin?: string, env: Record<string, string> = {}): Promise<string> {
  const r = await runCli(args, { ...logs.env, ...env }, stdin);
  if (r.code !== 0) throw new Error(`usage ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the command with the cache and then without. */
async function bothWays(logs: RandomLogs, args: string[], stdin?: string, env: Record<string, string> = {}): Promise<{ cached: string; fresh: string }> {
  return { cached: await run(logs, args, stdin, env), fresh: await run(logs, [...args, '--no-cache'], stdin, env) };
}

describe('the cache under random changes to the logs', () => {
  it('gives every report exactly as a run without it, after each change', async () => {
    const rnd = seededRandom(7);
    const logs = new RandomLogs(rnd, ['2026-05-01', '2026-05-02', '2026-05-03'], true);
    const commands = [['daily', '--json'], ['session', '--json'], ['blocks', '--json'], ['monthly', '--json', '--provider', 'claude'], ['daily']];
    const changes: string[] = [];
    let reported = 0;
    for (let step = 0; step < 40; step++) {
      changes.push(logs.change());
      const command = commands[step % commands.length]!;
      const { cached, fresh } = await bothWays(logs, command);
      expect(cached, `step ${step}, ${command.join(' ')}, after: ${changes.slice(-4).join('; ')}`).toBe(fresh);
      if (command[0] === 'daily' && command[1] === '--json' && JSON.parse(cached).totals.totalTokens > 0) reported++;
    }
    // The runs compared had something to count.
    expect(reported).toBeGreaterThan(4);
  }, 180_000);

  it("keeps the status line's ledger equal to a fresh count, and today's cost equal to the daily report's", async () => {
    const rnd = seededRandom(21);
    const logs = new RandomLogs(rnd, ['2026-05-03'], false);
    const changes: string[] = [];
    let withBlock = 0;
    let rescans = 0;
    let focused = 0;
    for (let step = 0; step < 25; step++) {
      changes.push(logs.change());
      const files = logs.files();
      if (files.length === 0) continue;
      const transcript = files[rnd(files.length)]!;
      const stdin = JSON.stringify({ session_id: path.basename(transcript, '.jsonl'), transcript_path: transcript, cwd: '/w/a', model: { id: 'claude-sonnet-4-5' } });
      // Every call looking at every file: equal to a fresh count after each change.
      const { cached, fresh } = await bothWays(logs, ['statusline'], stdin, { USAGE_STATUSLINE_RESCAN: '0' });
      expect(cached, `step ${step}, after: ${changes.slice(-4).join('; ')}`).toBe(fresh);
      if (cached.includes(' block ')) withBlock++;
      // The default 15 s between looks at every file, with a ledger of its own and the clock 5 s on a step:
      // the calls in between look at the ledger's files only, and leave it such that the next call that
      // looks at every file is again equal to a fresh count.
      const later = { USAGE_NOW: new Date(Date.parse(NOW) - 3_600_000 + step * 5_000).toISOString(), USAGE_CACHE_DIR: path.join(logs.root, 'cache-rescans') };
      const call = await runCli(['statusline', '--debug'], { ...logs.env, ...later }, stdin);
      if (!/every file looked at/.test(call.stderr)) {
        focused++;
        continue;
      }
      rescans++;
      expect(call.stdout, `step ${step} (looking at every file), after: ${changes.slice(-4).join('; ')}`).toBe(await run(logs, ['statusline', '--no-cache'], stdin, later));
    }
    expect(withBlock).toBeGreaterThan(4);
    expect(rescans).toBeGreaterThan(4);
    expect(focused).toBeGreaterThan(4);
    const line = await run(logs, ['statusline'], JSON.stringify({ session_id: 'none', transcript_path: logs.files()[0], cwd: '/w/a' }));
    const daily = await run(logs, ['daily', '--json', '--provider', 'claude', '--no-cache']);
    const today = (JSON.parse(daily) as { daily: { date: string; totalCost: number }[] }).daily.find((d) => d.date === '2026-05-03')!.totalCost;
    expect(line).toContain(`$${today.toFixed(2)} today`);
  }, 180_000);
});
