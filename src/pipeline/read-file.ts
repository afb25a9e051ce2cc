import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Decompress } from 'fzstd';
import type { Skip } from '../core/diagnostics.js';
import type { UsageEvent } from '../core/types.js';
import { BadCount, asObject, detached } from '../core/values.js';
import type { Adapter, ParseOutput } from '../providers/adapter.js';
import { LineSplitter, lastBytes } from './lines.js';

/** Where a line file was left, to go on from there once it has grown. */
export interface ResumePoint<State = unknown> {
  bytes: number;
  lines: number;
  state: State;
  /** Hex of the bytes just before `bytes`: still there if the file was only appended to. */
  fingerprint: string;
}

export interface FileReadResult<State = unknown> {
  events: UsageEvent[];
  skips: Skip[];
  /** Set for an append-only line file read to its end; absent where the file must be re-read whole. */
  resume?: ResumePoint<State>;
  /** False when reading stopped on an I/O error: such a result must not be cached. */
  complete: boolean;
}

const CHUNK_BYTES = 1 << 20;

export function isZstd(file: string): boolean {
  return file.endsWith('.zst');
}

/**
 * Reads one file into events. Never throws for bad data: a damaged line, a damaged record or an
 * unreadable file becomes a Skip.
 */
export async function readFile<State>(
  adapter: Adapter<State>,
  file: string,
  from?: ResumePoint<State>,
): Promise<FileReadResult<State>> {
  const events: UsageEvent[] = [];
  const skips: Skip[] = [];
  let lineNo = 0;
  const out: ParseOutput = {
    emit: (e) => events.push(detachStrings(e)),
    skip: (reason) => skips.push({ file, line: lineNo, reason }),
  };

  try {
    if (adapter.fileKind(file) === 'document') {
      await adapter.readDocument!(openDecompressed(file), file, out);
      return { events, skips, complete: true };
    }

    const resumable = !isZstd(file);
    const start = resumable && from ? from : { bytes: 0, lines: 0, state: adapter.newState(file), fingerprint: '' };
    const state = start.state;
    const handle = (text: string): void => {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        out.skip('invalid JSON');
        return;
      }
      const obj = asObject(record);
      if (!obj) {
        out.skip('not a JSON object');
        return;
      }
      try {
        adapter.onRecord(obj, state, out);
      } catch (err) {
        out.skip(err instanceof BadCount ? err.message : 'unreadable record');
      }
    };
    // Resumed just after a last line that was complete but had no newline yet (the byte before the
    // resume point is not one): the bytes up to the next newline end that line and carry its number.
    const midLine = start.fingerprint.length > 0 && !start.fingerprint.endsWith('0a');
    const splitter = new LineSplitter(
      adapter.needles,
      {
        line: (text, n) => {
          lineNo = n;
          handle(text);
        },
        overlong: (n) => {
          lineNo = n;
          out.skip('line too long');
        },
      },
      midLine ? start.lines : start.lines + 1,
      start.bytes,
      Buffer.from(start.fingerprint, 'hex'),
    );
    const input = resumable ? readChunks(file, start.bytes) : openDecompressed(file);
    for await (const chunk of input) splitter.push(chunk as Buffer);
    const split = splitter.end();

    let { committedBytes: bytes, committedLines: lines, fingerprint } = split;
    // Still inside the line the resume point is in: no newline came yet.
    if (lines < start.lines) lines = start.lines;
    if (split.overlongTail) {
      // Torn or not, a last line this long can never be read: say so, as for a complete one.
      lineNo = lines + 1;
      out.skip('line too long');
    } else if (split.tail.length > 0) {
      lineNo = lines + 1;
      // A complete object cannot be a torn prefix, so a last line that parses is final even without
      // its newline; one that does not parse may still be being written and is read again next time.
      if (isCompleteJson(split.tail)) {
        handle(split.tail.toString('utf8'));
        bytes += split.tail.length;
        lines += 1;
        fingerprint = lastBytes(fingerprint, split.tail);
      } else {
        out.skip('torn last line');
      }
    }
    return { events, skips, complete: true, ...(resumable ? { resume: { bytes, lines, state, fingerprint: fingerprint.toString('hex') } } : {}) };
  } catch (err) {
    skips.push({ file, line: 0, reason: `unreadable file (${errorCode(err)})` });
    return { events, skips, complete: false };
  }
}

// Read buffers outlive the files they were used for: allocating one per file churned through more
// memory than the garbage collector gave back in time (peak RSS grew with the corpus).
const spareBuffers: Buffer[] = [];

/**
 * The file's bytes from `position`, through one reused buffer: most logs are small, and a stream per
 * file costs more than reading it. A chunk is only valid until the next one.
 */
async function* readChunks(file: string, position: number): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    spareBuffers.push(buffer);
    await handle.close();
  }
}

// Session ids, project paths and model names repeat across thousands of events: one copy each.
const interned = new Map<string, string>();

function intern(s: string): string {
  let copy = interned.get(s);
  if (copy === undefined) {
    copy = detached(s);
    interned.set(copy, copy);
  }
  return copy;
}

/** An event that keeps none of the log lines it was read from (see `detached`). */
function detachStrings(e: UsageEvent): UsageEvent {
  e.sessionId = intern(e.sessionId);
  e.projectPath = intern(e.projectPath);
  e.model = intern(e.model);
  if (e.dedupeKey !== undefined) e.dedupeKey = detached(e.dedupeKey);
  if (e.responseId !== undefined) e.responseId = detached(e.responseId);
  return e;
}

function isCompleteJson(buf: Buffer): boolean {
  try {
    JSON.parse(buf.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function openDecompressed(file: string): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  if (!isZstd(file)) return raw;
  return Readable.from(zstdDecode(raw));
}

/** fzstd's streaming decoder over a byte stream (Node 20's zlib has no zstd). */
async function* zstdDecode(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const pending: Buffer[] = [];
  const decoder = new Decompress((data) => pending.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  for await (const chunk of source) {
    decoder.push(chunk);
    yield* pending.splice(0);
  }
  decoder.push(new Uint8Array(0), true);
  yield* pending.splice(0);
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'read error';
}
