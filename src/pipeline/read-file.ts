import { closeSync, openSync, readSync } from 'node:fs';
import { Decompress } from 'fzstd';
import type { Skip } from '../core/diagnostics.js';
import type { UsageEvent } from '../core/types.js';
import { BadCount, asObject } from '../core/values.js';
import type { Adapter } from '../providers/adapter.js';
import { INVALID, isJson, pickJson } from './json-pick.js';
import { theScanner } from './json-scan.js';
import { FINGERPRINT_BYTES, LineSplitter, lastBytes } from './lines.js';
import type { RecordKind, RecordOutput, RecordReader } from './record-kind.js';
import { USAGE_EVENTS } from './usage-records.js';

/** Where a line file was left, to go on from there once it has grown. */
export interface ResumePoint<State = unknown> {
  bytes: number;
  lines: number;
  state: State;
  /** Hex of the bytes just before `bytes`: still there if the file was only appended to. */
  fingerprint: string;
}

export interface FileReadResult<State = unknown, R = UsageEvent> {
  /** The records of the kind read: usage events, or tool-call parts. */
  events: R[];
  skips: Skip[];
  /** Set for an append-only line file read to its end; absent where the file must be re-read whole. */
  resume?: ResumePoint<State>;
  /** False when reading stopped on an I/O error: such a result must not be cached. */
  complete: boolean;
}

export function isZstd(file: string): boolean {
  return file.endsWith('.zst');
}

/**
 * Reads one file into events, one per response (see `keepBestPerKey`). Synchronous: a thread reads
 * one file at a time, and most logs are small enough that waiting on the thread pool for each chunk
 * cost more than reading it. Never throws for bad data: a damaged line, a damaged record or an
 * unreadable file becomes a Skip.
 */
export function readFile<State>(adapter: Adapter<State>, file: string, from?: ResumePoint<State>): FileReadResult<State> {
  return readFileAs(USAGE_EVENTS, adapter, file, from);
}

/** readFile for records of any kind, read by the adapter's reader of that kind. */
export function readFileAs<R, State>(kind: RecordKind<R>, adapter: Adapter, file: string, from?: ResumePoint<State>): FileReadResult<State, R> {
  const result = readRecords(kind, adapter, file, from);
  result.events = kind.keepBestPerKey(result.events);
  return result;
}

/** readFileAs before the file's own duplicates are dropped. */
function readRecords<R, State>(kind: RecordKind<R>, adapter: Adapter, file: string, from?: ResumePoint<State>): FileReadResult<State, R> {
  const events: R[] = [];
  const skips: Skip[] = [];
  let lineNo = 0;
  const out: RecordOutput<R> = {
    emit: (e) => kind.collect(events, e),
    skip: (reason) => skips.push({ file, line: lineNo, reason }),
  };
  // The store asks only for the kinds an adapter has a reader of.
  const reader = kind.reader(adapter) as RecordReader<R, State>;

  try {
    if (adapter.fileKind(file) === 'document') {
      reader.readDocument?.(decompressedChunks(file), file, out);
      return { events, skips, complete: true };
    }

    const resumable = !isZstd(file);
    const start = resumable && from ? from : { bytes: 0, lines: 0, state: reader.newState(file), fingerprint: '' };
    const state = start.state;
    const handle = (bytes: Buffer, begin: number, end: number): void => {
      const record = pickJson(bytes, begin, end, reader.pick);
      if (record === INVALID) {
        out.skip('invalid JSON');
        return;
      }
      const obj = asObject(record);
      if (!obj) {
        out.skip('not a JSON object');
        return;
      }
      try {
        reader.onRecord(obj, state, out);
      } catch (err) {
        out.skip(err instanceof BadCount ? err.message : 'unreadable record');
      }
    };
    // Resumed just after a last line that was complete but had no newline yet (the byte before the
    // resume point is not one): the bytes up to the next newline end that line and carry its number.
    const midLine = start.fingerprint.length > 0 && !start.fingerprint.endsWith('0a');
    const splitter = new LineSplitter(
      reader.needles,
      {
        line: (bytes, begin, end, n) => {
          lineNo = n;
          handle(bytes, begin, end);
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
    const input = resumable ? fileChunks(file, start.bytes) : decompressedChunks(file);
    for (const chunk of input) splitter.push(chunk);
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
      if (isJson(split.tail, 0, split.tail.length)) {
        handle(split.tail, 0, split.tail.length);
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

/**
 * The file's bytes from `position`, a chunk at a time, each valid only until the next. One buffer per
 * thread serves every file (reads are synchronous, one file at a time), and it lies in the JSON
 * scanner's memory: the lines in it are checked where they are, without a copy.
 */
function* fileChunks(file: string, position: number): Generator<Buffer> {
  const fd = openSync(file, 'r');
  const buffer = theScanner().chunk;
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, decompressed if it is a .zst (Node 20's zlib has no zstd: fzstd's streaming decoder). */
function* decompressedChunks(file: string): Generator<Buffer> {
  if (!isZstd(file)) {
    yield* fileChunks(file, 0);
    return;
  }
  const pending: Buffer[] = [];
  const decoder = new Decompress((data) => pending.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  for (const chunk of fileChunks(file, 0)) {
    // A copy: the decoder keeps the input of a block that is not complete yet.
    decoder.push(new Uint8Array(chunk));
    yield* pending.splice(0);
  }
  decoder.push(new Uint8Array(0), true);
  yield* pending.splice(0);
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'read error';
}

/**
 * Where to go on reading `file` (its path and size now) from, when it was only appended to since it
 * was read up to `known.resume`: a copy of that resume point, whose state the read may change.
 * Undefined when it must be read whole (no resume point, shrunk, same size, or rewritten).
 */
export function resumeAfterAppend<State>(file: { path: string; size: number }, known: { size: number; resume?: ResumePoint<State> }): ResumePoint<State> | undefined {
  const resume = known.resume;
  if (!resume || file.size <= known.size || fingerprintAt(file.path, resume.bytes) !== resume.fingerprint) return undefined;
  return { ...resume, state: structuredClone(resume.state) };
}

/** Hex of the bytes just before `offset`: equal to a resume point's fingerprint while the file was only appended to. */
function fingerprintAt(file: string, offset: number): string {
  const length = Math.min(FINGERPRINT_BYTES, offset);
  if (length === 0) return '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const bytesRead = readSync(fd, buf, 0, length, offset - length);
      return buf.subarray(0, bytesRead).toString('hex');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}
