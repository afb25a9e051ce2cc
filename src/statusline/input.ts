import { fstatSync, readFileSync, type Stats } from 'node:fs';
import { asObject, asString } from '../core/values.js';

/**
 * What Claude Code sends a status-line command on stdin (formats.md, "Status line"), read defensively:
 * every field is optional, and a field of the wrong type is as good as absent.
 */
export interface StatusInput {
  sessionId?: string;
  transcriptPath?: string;
  modelId?: string;
  modelName?: string;
  /** Claude Code's own figure for this session, USD. */
  costUsd?: number;
  contextWindowSize?: number;
  /** Claude Code's own share of the window in use, 0–100. */
  contextUsedPercent?: number;
  /** input + cache writes + cache reads of the latest request, from `context_window.current_usage`. */
  contextTokens?: number;
  fiveHour?: PlanWindow;
  sevenDay?: PlanWindow;
}

export interface PlanWindow {
  usedPercent: number;
  /** Epoch ms. */
  resetsAt?: number;
}

export interface ParsedInput {
  input: StatusInput;
  /** Why the input was not usable, when it was not (empty input is not a problem: a terminal run). */
  problem?: string;
}

/** Reads and validates stdin's text. Never throws. */
export function parseStatusInput(text: string): ParsedInput {
  if (text.trim() === '') return { input: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { input: {}, problem: `stdin is not JSON (${text.length} bytes)` };
  }
  const root = asObject(raw);
  if (!root) return { input: {}, problem: 'stdin is JSON but not an object' };

  const input: StatusInput = {};
  const set = <K extends keyof StatusInput>(key: K, value: StatusInput[K] | undefined): void => {
    if (value !== undefined) input[key] = value;
  };
  const model = asObject(root.model);
  const cost = asObject(root.cost);
  const context = asObject(root.context_window);
  const usage = asObject(context?.current_usage);
  const limits = asObject(root.rate_limits);

  set('sessionId', asString(root.session_id));
  set('transcriptPath', asString(root.transcript_path));
  set('modelId', asString(model?.id));
  set('modelName', asString(model?.display_name));
  set('costUsd', nonNegative(cost?.total_cost_usd));
  set('contextWindowSize', positive(context?.context_window_size));
  set('contextUsedPercent', percent(context?.used_percentage));
  if (usage) {
    const parts = [usage.input_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens].map(nonNegative);
    // One usable count is enough: a missing kind is zero, as in the transcript.
    if (parts.some((p) => p !== undefined)) set('contextTokens', parts.reduce<number>((sum, p) => sum + (p ?? 0), 0));
  }
  set('fiveHour', planWindow(limits?.five_hour));
  set('sevenDay', planWindow(limits?.seven_day));
  return { input };
}

function nonNegative(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function percent(v: unknown): number | undefined {
  const n = nonNegative(v);
  return n === undefined ? undefined : Math.min(n, 100);
}

function planWindow(v: unknown): PlanWindow | undefined {
  const w = asObject(v);
  const usedPercent = percent(w?.used_percentage);
  if (usedPercent === undefined) return undefined;
  // Epoch seconds; an ISO string is accepted too, in case a build sends one.
  const at = w?.resets_at;
  const resetsAt =
    typeof at === 'number' && Number.isFinite(at) && at > 0
      ? at * 1000
      : typeof at === 'string' && Number.isFinite(Date.parse(at))
        ? Date.parse(at)
        : undefined;
  return resetsAt === undefined ? { usedPercent } : { usedPercent, resetsAt };
}

/**
 * Stdin's text, read with a deadline so that the bar never hangs: a terminal gives nothing, and a pipe
 * that stays open is read until it holds a complete JSON document or the deadline passes. A file or a
 * character device (a terminal, /dev/null) is told by fstat and read at once, without process.stdin,
 * whose terminal check alone loads the socket and stream modules; a pipe or socket (what Claude Code
 * gives) is read through process.stdin, which does not block (a blocking read on the thread pool would,
 * were the pipe left open, keep the process from exiting).
 */
export function readStdin(deadlineMs: number, fd = 0): Promise<string> {
  if (process.platform !== 'win32') {
    let stats: Stats;
    try {
      stats = fstatSync(fd);
    } catch {
      return Promise.resolve(''); // no stdin at all
    }
    if (stats.isCharacterDevice()) return Promise.resolve('');
    if (stats.isFile()) {
      try {
        return Promise.resolve(readFileSync(fd, 'utf8'));
      } catch {
        return Promise.resolve('');
      }
    }
  }
  return readStream(deadlineMs);
}

/** A JSON object is never the prefix of a longer document, so once the text parses it is complete. */
function isWhole(chunks: readonly Buffer[]): boolean {
  const text = Buffer.concat(chunks).toString('utf8').trimEnd();
  return text.endsWith('}') && isJson(text);
}

/** process.stdin's text, with the deadline. */
function readStream(deadlineMs: number, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', finish);
      // A pipe left open must not keep the process alive.
      stdin.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer | string): void => {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (isWhole(chunks)) finish();
    };
    const timer = setTimeout(finish, deadlineMs);
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', finish);
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
