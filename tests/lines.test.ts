import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../src/pipeline/lines.js';
import { theScanner } from '../src/pipeline/json-scan.js';
import { seededRandom } from './helpers.js';

const NEEDLE_SETS = [['"output_tokens"'], ['"token_count"', '"session_meta"', '"turn_context"'], ['"tokens"', '"sessionId"']];

interface Split {
  lines: [number, string][];
  committedBytes: number;
  committedLines: number;
  tail: string;
}

/** What the splitter must give, the obvious way: the whole input split on newlines. */
function reference(input: Buffer, needles: string[]): Split {
  let start = input.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  const lines: [number, string][] = [];
  let lineNo = 1;
  for (let nl = input.indexOf(10, start); nl !== -1; nl = input.indexOf(10, start)) {
    const line = input.subarray(start, nl);
    if (needles.some((n) => line.includes(n))) lines.push([lineNo, line.toString('latin1').replace(/\r$/, '')]);
    lineNo++;
    start = nl + 1;
  }
  return { lines, committedBytes: start, committedLines: lineNo - 1, tail: input.subarray(start).toString('latin1') };
}

/** The splitter fed `input` in the given chunk sizes, from JavaScript memory or (inMemory) from the scanner's chunk. */
function split(input: Buffer, needles: string[], sizes: () => number, inMemory: boolean): Split {
  const lines: [number, string][] = [];
  const splitter = new LineSplitter(needles, {
    line: (bytes, start, end, n) => lines.push([n, bytes.subarray(start, end).toString('latin1')]),
    overlong: () => expect.unreachable('no line here is too long'),
  });
  const chunk = theScanner().chunk;
  for (let at = 0; at < input.length; ) {
    const size = Math.min(sizes(), input.length - at, chunk.length);
    if (inMemory) {
      input.copy(chunk, 0, at, at + size);
      splitter.push(chunk.subarray(0, size));
    } else {
      splitter.push(Buffer.from(input.subarray(at, at + size)));
    }
    at += size;
  }
  const end = splitter.end();
  return { lines, committedBytes: end.committedBytes, committedLines: end.committedLines, tail: end.tail.toString('latin1') };
}


/** Text made of needles, pieces of them, newlines, CRs and the bytes needles are searched by. */
function randomInput(rnd: (n: number) => number, needles: string[], length: number): Buffer {
  const parts: string[] = rnd(10) === 0 ? ['\ufeff'] : [];
  const pieces = [...needles, ...needles.map((n) => n.slice(0, 1 + rnd(n.length - 1))), ...needles.map((n) => n.slice(1 + rnd(n.length - 1))), '\n', '\r\n', '_', '"', 'x', 'tokens', ' ', '\n\n'];
  let size = 0;
  while (size < length) {
    // Long runs without a newline or a needle's rare byte let the finder skip whole blocks.
    const piece = rnd(3) === 0 ? pieces[rnd(pieces.length)]! : rnd(2) === 0 ? 'abcdefghij "{}:,'.slice(rnd(16)).repeat(1 + rnd(40)) : 'abcdefghij_"\n'.slice(rnd(13)).repeat(1 + rnd(30));
    parts.push(piece);
    size += piece.length;
  }
  return Buffer.from(parts.join(''), 'utf8');
}

describe('LineSplitter', () => {
  it('gives what splitting on newlines gives, however the input is chunked', () => {
    const rnd = seededRandom(11);
    for (let round = 0; round < 300; round++) {
      const needles = NEEDLE_SETS[round % NEEDLE_SETS.length]!;
      const input = randomInput(rnd, needles, 1 + rnd(round % 10 === 0 ? 200_000 : 3000));
      const maxChunk = [1, 7, 64, 300, 5000, 1 << 20][rnd(6)]!;
      const got = split(input, needles, () => 1 + rnd(maxChunk), rnd(2) === 0);
      expect(got, `round ${round}`).toEqual(reference(input, needles));
    }
  });

  it('reports more wanted lines than one call of the line finder holds', () => {
    // 10,000 short wanted lines in one chunk: the finder is called again where it stopped.
    const input = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i % 3 === 2 ? `x${i}` : `"tokens"${i}`)).join('\n') + '\n');
    const got = split(input, ['"tokens"'], () => 1 << 20, true);
    expect(got.lines.length).toBe(6667);
    expect(got.lines[6666]).toEqual([10_000, '"tokens"9999']);
    expect(got.committedLines).toBe(10_000);
    expect(got).toEqual(reference(input, ['"tokens"']));
  });

  it('finds a needle that straddles two chunks, and one at the very end of a chunk', () => {
    const input = Buffer.from('{"a":1}\n{"output_tokens":5}\nlast "output_tokens"');
    for (let cut = 1; cut < input.length; cut++) {
      let first = true;
      const got = split(input, ['"output_tokens"'], () => (first ? ((first = false), cut) : 1 << 20), cut % 2 === 0);
      expect(got, `cut at ${cut}`).toEqual(reference(input, ['"output_tokens"']));
      expect(got.lines).toEqual([[2, '{"output_tokens":5}']]);
      expect(got.tail).toBe('last "output_tokens"');
    }
  });
});
