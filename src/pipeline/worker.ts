import { parentPort, workerData } from 'node:worker_threads';
import { serveTask, type WorkerTask } from './pool.js';

// A read thread: reads requests exactly as the main thread would, until none is left.
serveTask(workerData as WorkerTask, (reply, transfer) => parentPort!.postMessage(reply, transfer));
