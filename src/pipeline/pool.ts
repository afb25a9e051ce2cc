import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Provider } from '../core/types.js';
import type { FileReadResult, ResumePoint } from './read-file.js';

export interface ReadRequest {
  id: number;
  provider: Provider;
  path: string;
  from?: ResumePoint;
}

export interface ReadReply {
  id: number;
  result: FileReadResult;
}

// Below this many bytes to read, starting threads costs more than it saves.
export const PARALLEL_FROM_BYTES = 48 * 1024 * 1024;

/**
 * Worker threads that parse files in parallel, one per core. Exists only in the built CLI (the
 * worker is its own bundle beside cli.js); elsewhere `open` returns undefined and reading stays on
 * the main thread, with identical results.
 */
export class ReadPool {
  private readonly pending = new Map<number, (r: FileReadResult) => void>();
  /** Requests in flight per worker: a new one goes to the least busy (file sizes vary a lot). */
  private readonly busy: number[];
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    this.busy = workers.map(() => 0);
    workers.forEach((worker, w) => {
      worker.on('message', ({ id, result }: ReadReply) => {
        this.busy[w]!--;
        this.pending.get(id)?.(result);
        this.pending.delete(id);
      });
    });
  }

  static open(bytesToRead: number): ReadPool | undefined {
    if (bytesToRead < PARALLEL_FROM_BYTES) return undefined;
    const script = fileURLToPath(new URL('./worker.js', import.meta.url));
    const cores = availableParallelism();
    if (cores < 2 || !existsSync(script)) return undefined;
    return new ReadPool(Array.from({ length: Math.min(cores, 8) }, () => new Worker(script)));
  }

  get size(): number {
    return this.workers.length;
  }

  read(provider: Provider, path: string, from?: ResumePoint): Promise<FileReadResult> {
    const id = this.nextId++;
    const w = this.busy.indexOf(Math.min(...this.busy));
    this.busy[w]!++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.workers[w]!.postMessage({ id, provider, path, ...(from ? { from } : {}) } satisfies ReadRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
