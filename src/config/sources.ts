import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import type { Adapter, RuntimeEnv, SourceRoot } from '../providers/adapter.js';
import { configuredSources } from './load.js';
import { configuredDevice } from './settings.js';

/**
 * One set of log folders with the device label its records carry: this machine's (the adapters' own
 * roots), or another machine's copied or mounted folders (`--source LABEL=PATH`, the config's `sources`).
 */
export interface DeviceSource {
  device: string;
  /** Where `adapter` looks in this source; empty when the source holds none of its logs. */
  roots(adapter: Adapter): SourceRoot[];
}

/**
 * Whether a run shows devices: it reads more than one source, or its records come from more than one
 * device (`--db`: what several machines synced).
 */
export function severalDevices<T>(sources: readonly DeviceSource[] | undefined, records: readonly T[], deviceOf: (record: T) => string): boolean {
  const first = records[0] === undefined ? undefined : deviceOf(records[0]);
  return (sources?.length ?? 1) > 1 || records.some((r) => deviceOf(r) !== first);
}

/** This machine: the adapters' roots from the environment, under the configured device label. */
export function localSource(renv: RuntimeEnv): DeviceSource {
  return { device: configuredDevice(renv), roots: (adapter) => adapter.roots(renv) };
}

const isFolder = (dir: string): boolean => statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;

/** The agent folder a provider's adapter reads below a folder of that agent's own layout. */
const AGENT_LAYOUT: Record<Provider, { marks: string[]; root: (dir: string) => string }> = {
  claude: { marks: ['projects'], root: (dir) => dir },
  codex: { marks: ['sessions', 'archived_sessions'], root: (dir) => dir },
  gemini: { marks: ['tmp'], root: (dir) => path.join(dir, 'tmp') },
};

/**
 * Another machine's folder, `dir`, under `label`: a home-like folder (holding `.claude`, `.codex`,
 * `.gemini` or `.config/claude`) is read as the adapters read a home; otherwise an agent's own folder,
 * told by its layout (`projects/` Claude, `sessions/` or `archived_sessions/` Codex, `tmp/` Gemini).
 * `flag` names where it was given, for the error when it is neither.
 */
export function folderSource(label: string, dir: string, platform: NodeJS.Platform, flag: string): DeviceSource {
  if (!isFolder(dir)) throw new UserError(`${flag} ${label}=${dir}: no such folder`);
  if (['.claude', '.codex', '.gemini', path.join('.config', 'claude')].some((name) => isFolder(path.join(dir, name)))) {
    const home: RuntimeEnv = { env: {}, platform, home: dir };
    return { device: label, roots: (adapter) => adapter.roots(home) };
  }
  const agents = (Object.keys(AGENT_LAYOUT) as Provider[]).filter((p) => AGENT_LAYOUT[p].marks.some((m) => isFolder(path.join(dir, m))));
  if (agents.length === 0) {
    throw new UserError(`${flag} ${label}=${dir}: holds no .claude, .codex or .gemini folder, nor an agent folder's projects/, sessions/ or tmp/`);
  }
  return {
    device: label,
    roots: (adapter) => (agents.includes(adapter.provider) ? [{ dir: AGENT_LAYOUT[adapter.provider].root(dir), explicit: false }] : []),
  };
}

/** `LABEL=PATH` of a `--source` flag; the path resolved from the working folder. */
export function parseSourceFlag(value: string): { label: string; path: string } {
  const at = value.indexOf('=');
  const label = at < 0 ? '' : value.slice(0, at).trim();
  const dir = at < 0 ? '' : value.slice(at + 1);
  if (label === '' || dir === '') throw new UserError(`--source ${value}: expected LABEL=PATH`);
  return { label, path: path.resolve(dir) };
}

/**
 * Every source a run reads, in the order dedupe prefers them on a tie: this machine first, then the
 * config file's `sources`, then each `--source` as given.
 */
export function deviceSources(renv: RuntimeEnv, flags: readonly string[] = []): DeviceSource[] {
  return [
    localSource(renv),
    ...configuredSources(renv).map((s) => folderSource(s.label, s.path, renv.platform, 'config file "sources":')),
    ...flags.map(parseSourceFlag).map((s) => folderSource(s.label, s.path, renv.platform, '--source')),
  ];
}
