import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Script } from 'node:vm';
import { writeAtomically } from '../pipeline/atomic-write.js';
import { murmurHex } from './hash.js';

const MAGIC = 0x43475355; // "USGC"
// Not `statusline-…`: those are ledgers, which the status line prunes by name.
const PREFIX = 'code-cache-';

/**
 * Runs a CommonJS bundle (the status line's) as require() would, but compiled with V8's code cache
 * for it kept in `cacheDir`: a call then skips most of parsing and compiling its code (Node 20 has
 * no module.enableCompileCache). The cache is named by Node's version and platform and the
 * bundle's path, size and mtime, and made at exit of a call that had none (or whose V8 rejected it),
 * with the functions that call compiled. V8 trusts a cache that passes its header checks, and
 * damaged bytes past the header can crash it, so the file holds the cache twice: one that is not
 * byte for byte the same as its copy is not used. `load` is require() for the bundle: it runs it
 * when anything here fails before the bundle started.
 */
export function runWithCodeCache(file: string, cacheDir: string, load: (file: string) => unknown, requireFn: NodeJS.Require): void {
  let script: Script;
  let cacheFile: string;
  let fresh: boolean;
  try {
    const source = readFileSync(file, 'utf8');
    const stats = statSync(file);
    cacheFile = path.join(cacheDir, `${PREFIX}${murmurHex([process.version, process.platform, process.arch, file, stats.size, stats.mtimeMs].join('\u0000'), 16)}.bin`);
    const cachedData = readCodeCache(cacheFile);
    // The wrapper require() puts around a CommonJS file, on the same line: stack traces keep their lines.
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.startsWith('#!') ? `//${source}` : source}\n})`;
    script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
    fresh = cachedData === undefined || script.cachedDataRejected === true;
  } catch {
    load(file);
    return;
  }
  if (fresh) process.once('exit', () => saveCodeCache(cacheDir, cacheFile, script.createCachedData()));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFn, module, file, path.dirname(file));
}

/** The cache in the file, or undefined when there is none or its two copies differ. */
export function readCodeCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const length = bytes.readUInt32LE(4);
  if (length === 0 || bytes.length !== 8 + 2 * length) return undefined;
  const cache = bytes.subarray(8, 8 + length);
  return cache.equals(bytes.subarray(8 + length)) ? cache : undefined;
}

/** Writes the cache (twice, see runWithCodeCache) and removes the caches of other builds. Never throws. */
export function saveCodeCache(dir: string, file: string, cache: Buffer): void {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(cache.length, 4);
  if (!writeAtomically(dir, file, Buffer.concat([header, cache, cache]))) return;
  try {
    const name = path.basename(file);
    for (const n of readdirSync(dir)) if (n.startsWith(PREFIX) && n.endsWith('.bin') && n !== name) rmSync(path.join(dir, n), { force: true });
  } catch {
    // Not ours to tidy now: the next build's first call tries again.
  }
}
