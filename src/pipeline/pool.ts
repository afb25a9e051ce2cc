import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Provider, UsageEvent } from '../core/types.js';
import { ADAPTERS } from '../providers/index.js';
import { readFileAs, type FileReadResult, type ResumePoint } from './read-file.js';
import type { RecordKind, RecordKindName } from './record-kind.js';
import { RECORD_KINDS } from './record-kinds.js';
import { USAGE_EVENTS } from './usage-records.js';

export interface ReadRequest {
  provider: Provider;
  path: string;
  from?: ResumePoint;
  /** What the read will go through, for sharing out the work. */
  bytes: number;
}

/** What a worker is given: every request, and a shared counter each reader takes the next one from. */
export interface WorkerTask {
  /** The kind of record read. */
  kind: RecordKindName;
  requests: readonly ReadRequest[];
  /** Indexes into `requests`, in the order they are taken. */
  order: readonly number[];
  next: SharedArrayBuffer;
}

/** A worker's answer for one request; a message without `index` says it took its last. */
export interface WorkerReply {
  index?: number;
  /** `events` as the kind encodes them. */
  result?: Omit<FileReadResult, 'events'> & { events: unknown };
}

// Below this many bytes to read, starting threads costs more than it saves.
export const PARALLEL_FROM_BYTES = 48 * 1024 * 1024;

// While this thread reads, what the workers send waits: let it in this often.
const YIELD_EVERY_MS = 50;

/**
 * How many threads read when USAGE_THREADS does not say: one per core, up to 8, but only from three
 * cores. On the bench's 2-vCPU machine a second reader left the cold run as fast (2.07 s against
 * 2.11 s, medians of 5) for 0.9 s more CPU and 52 MB more memory (measured
 * with the young generation held, since removed). Each of the two threads then read 0.5–0.6 GB/s, against 0.85 for one alone: the two
 * vCPUs share memory bandwidth, one thread alone has the other core for V8's collector, and each
 * worker compiles the same code again and sends its events across.
 */
function defaultReaders(): number {
  const cores = availableParallelism();
  return cores < 3 ? 1 : Math.min(cores, 8);
}

/**
 * Reads every request and hands each result to `onResult` (in no set order). Big jobs are shared
 * between this thread and one worker thread per further core: every reader takes the next request
 * (see `readingOrder`) from one shared counter, so no thread idles while another has a queue. Workers
 * exist only in the built CLI (the worker is its own bundle beside cli.js); elsewhere everything is
 * read here, with identical results.
 */
export async function readAll<R = UsageEvent>(
  requests: readonly ReadRequest[],
  onResult: (index: number, result: FileReadResult<unknown, R>) => void,
  threads = defaultReaders(),
  kind: RecordKind<R> = USAGE_EVENTS as unknown as RecordKind<R>,
): Promise<void> {
  const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
  const order = readingOrder(requests);
  const task: WorkerTask = { kind: kind.name, requests, order, next: new SharedArrayBuffer(4) };
  const answered = new Uint8Array(requests.length);
  const answer = (index: number, result: FileReadResult<unknown, R>): void => {
    answered[index] = 1;
    onResult(index, result);
  };
  const read = (index: number): void => {
    const r = requests[index]!;
    answer(index, readFileAs(kind, ADAPTERS[r.provider]!, r.path, r.from));
  };
  const finished = bytes >= PARALLEL_FROM_BYTES ? startWorkers(task, kind, answer, threads - 1) : [];
  const next = new Int32Array(task.next);
  let yielded = Date.now();
  for (;;) {
    const n = Atomics.add(next, 0, 1);
    if (n >= order.length) break;
    read(order[n]!);
    if (finished.length > 0 && Date.now() - yielded > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = Date.now();
    }
  }
  await Promise.all(finished);
  // A worker that died took requests with it: read them here.
  for (const index of order) if (answered[index] === 0) read(index);
}

// A file this big is read first: started late, it would keep one thread busy while the others wait.
const BIG_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The big files biggest first, then the rest as listed: files of one agent and one folder follow one
 * another, and the code reading them stays specialised to one kind (sorting everything by size
 * interleaved the agents and read the bench corpus 12 % slower).
 */
function readingOrder(requests: readonly ReadRequest[]): number[] {
  const indexes = requests.map((_, i) => i);
  const big = indexes.filter((i) => requests[i]!.bytes >= BIG_FILE_BYTES).sort((a, b) => requests[b]!.bytes - requests[a]!.bytes);
  return [...big, ...indexes.filter((i) => requests[i]!.bytes < BIG_FILE_BYTES)];
}

/**
 * A worker holds one file's events at a time; what it allocates besides dies young. V8's default young
 * generation (up to 48 MB) only held that garbage longer: capped, the bench's cold run peaked 19 MB
 * lower at the same speed (6 MB cost CPU; 24 MB saved half as much).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/** `count` workers; each promise settles when its worker has no more to do, or died. */
function startWorkers<R>(task: WorkerTask, kind: RecordKind<R>, onResult: (index: number, result: FileReadResult<unknown, R>) => void, count: number): Promise<void>[] {
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (count < 1 || !existsSync(script)) return [];
  return Array.from({ length: count }, () => {
    const worker = new Worker(script, { workerData: task, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    return new Promise<void>((resolve) => {
      worker.on('message', ({ index, result }: WorkerReply) => {
        if (index === undefined || result === undefined) {
          void worker.terminate();
          resolve();
          return;
        }
        onResult(index, { ...result, events: kind.decode(result.events) });
      });
      // Whatever it did not answer is read again on this thread.
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
    });
  });
}

/** The worker's side: takes requests until none is left, and sends each result as it is read. */
export function serveTask(task: WorkerTask, send: (reply: WorkerReply, transfer: ArrayBuffer[]) => void): void {
  const next = new Int32Array(task.next);
  const kind = RECORD_KINDS[task.kind];
  for (;;) {
    const n = Atomics.add(next, 0, 1);
    if (n >= task.order.length) break;
    const index = task.order[n]!;
    const r = task.requests[index]!;
    const { events, ...rest } = readFileAs(kind, ADAPTERS[r.provider]!, r.path, r.from);
    const encoded = kind.encode(events);
    send({ index, result: { ...rest, events: encoded } }, kind.transferables(encoded));
  }
  send({}, []);
}
