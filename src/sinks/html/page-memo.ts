import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { now as nowMs } from '../../core/clock.js';
import type { PageData } from './page-data.js';
import { pageFromJson } from './template.js';

/**
 * A written page as the report memo (pipeline/output-memo.ts) keeps it: the data's JSON text on both
 * sides of `generatedAt`, the one value a replay makes anew, and the file it goes to. The page a
 * replay writes is the page the run wrote, made at the replay's instant.
 */
export interface PageRecord {
  file: string;
  /**
   * The file's folder with its links resolved, as the run wrote into it ('' if it could not be
   * resolved): a replay writes only into the same folder, where the run was let write.
   */
  folder: string;
  beforeTime: string;
  afterTime: string;
  /** `--open`: the replay opens the page too. */
  open: boolean;
}

/** The page's data as a record; `pageText(record, generatedAt)` is `renderPage(data)`. */
export function pageRecord(file: string, data: PageData, open: boolean): PageRecord {
  // The same keys in the same order as JSON.stringify(data): generator and generatedAt come first.
  const { generator, generatedAt: _made, ...rest } = data;
  return { file, folder: realFolder(file), beforeTime: `{"generator":${JSON.stringify(generator)},"generatedAt":`, afterTime: `,${JSON.stringify(rest).slice(1)}`, open };
}

/** The page of a record, made at `generatedAt` (epoch ms). */
export function pageText(record: PageRecord, generatedAt: number): string {
  return pageFromJson(`${record.beforeTime}${JSON.stringify(new Date(generatedAt).toISOString())}${record.afterTime}`);
}

/**
 * Whether the page would read the same at every later instant over the same logs: the clock enters
 * only through the 5-hour windows (active or not, a running burn rate and projection, blocks.ts
 * markActive), and once every window has ended none of that changes again.
 */
export function sameFromNowOn(data: PageData, now: number): boolean {
  return data.blocks.blocks.every((b) => Date.parse(b.endTime) <= now);
}

function realFolder(file: string): string {
  try {
    return realpathSync(path.dirname(file));
  } catch {
    return '';
  }
}

/**
 * Writes a recorded page as of now; false when it cannot, or when its folder now resolves elsewhere
 * (the run, made again, checks the place and says why).
 */
export function writeRecordedPage(record: PageRecord): boolean {
  try {
    if (record.folder === '' || realFolder(record.file) !== record.folder) return false;
    writeFileSync(record.file, pageText(record, nowMs()));
    return true;
  } catch {
    return false;
  }
}
