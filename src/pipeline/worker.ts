import { parentPort } from 'node:worker_threads';
import { ADAPTERS } from '../providers/index.js';
import type { ReadRequest, ReadReply } from './pool.js';
import { readFile } from './read-file.js';

// A parse thread: reads the files it is sent, exactly as the main thread would.
parentPort!.on('message', async (request: ReadRequest) => {
  const result = await readFile(ADAPTERS[request.provider]!, request.path, request.from);
  parentPort!.postMessage({ id: request.id, result } satisfies ReadReply);
});
