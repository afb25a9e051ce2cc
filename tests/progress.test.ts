import { afterEach, describe, expect, it, vi } from 'vitest';
import { terminalProgress } from '../src/render/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = { isTTY, written: '', write(s: string) { stream.written += s; return true; } };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

afterEach(() => vi.useRealTimers());

describe('terminalProgress', () => {
  it('stays silent when stderr is not a terminal', () => {
    expect(terminalProgress(fakeStream(false))).toBeUndefined();
  });

  it('shows files and MB only once a scan has run for a second, and clears its line', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const progress = terminalProgress(stream)!;
    progress.update(1, 10, 1024 * 1024, 20 * 1024 * 1024);
    expect(stream.written).toBe('');
    vi.setSystemTime(1500);
    progress.update(4, 10, 8 * 1024 * 1024, 20 * 1024 * 1024);
    expect(stream.written).toBe('\r\x1b[2Kreading logs: 4/10 files, 8/20 MB');
    progress.done();
    expect(stream.written.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('a fast scan leaves nothing behind', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const progress = terminalProgress(stream)!;
    progress.update(10, 10, 1, 1);
    progress.done();
    expect(stream.written).toBe('');
  });
});
