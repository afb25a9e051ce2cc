import { loadConfig, configuredSources } from '../config/load.js';
import { SETTINGS, resolveSetting, type SettingName } from '../config/settings.js';
import { runtimeEnv } from '../core/env.js';
import { systemZone } from '../report/calendar.js';

/** What a setting without any value means. */
const UNSET: Partial<Record<SettingName, () => string>> = {
  timezone: () => `the system zone, ${systemZone()}`,
  providers: () => 'every agent whose logs exist; claude for blocks and watch',
  tokenLimit: () => 'none for blocks; the 90th percentile of ended windows for watch',
  costLimit: () => 'none',
};

export function runConfig(action: 'path' | 'show', flags: { json?: boolean }): void {
  const renv = runtimeEnv();
  const config = loadConfig(renv);
  if (action === 'path') {
    process.stdout.write(flags.json ? `${JSON.stringify({ file: config.file, found: config.found })}\n` : `${config.file}\n`);
    if (!config.found && !flags.json) process.stderr.write('usage: (no file there yet: every setting is a default)\n');
    return;
  }
  const settings = (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const resolved = resolveSetting(name, undefined, renv, config);
    return { key: SETTINGS[name].key, ...resolved, ...(resolved.value === undefined ? { meaning: UNSET[name]?.() } : {}) };
  });
  const sources = configuredSources(renv);
  const prices = config.values.prices;
  if (flags.json) {
    const body = {
      file: config.file,
      found: config.found,
      settings: Object.fromEntries(settings.map(({ key, ...rest }) => [key, rest])),
      sources,
      prices: prices ?? null,
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const lines = [`config file: ${config.file}${config.found ? '' : ' (not there: defaults only)'}`, ''];
  const width = Math.max(...settings.map((s) => s.key.length), 'sources'.length);
  for (const s of settings) {
    const where = s.origin === 'default' ? 'default' : `${s.origin} (${s.from})`;
    lines.push(`${s.key.padEnd(width)}  ${s.value ?? `(${s.meaning})`}  ← ${where}`);
  }
  lines.push(`${'sources'.padEnd(width)}  ${sources.length === 0 ? '(none)' : sources.map((s) => `${s.label}=${s.path}`).join(', ')}`);
  const models = Object.keys(prices?.models ?? {});
  const discounts = Object.entries(prices?.discount ?? {}).map(([p, d]) => `${p} ${Number((d * 100).toFixed(6))}% off`);
  lines.push(
    `${'prices'.padEnd(width)}  ${prices ? [`${models.length} own price(s)`, ...discounts].join(', ') : '(the snapshot only)'}${prices ? '  ← file' : ''}`,
  );
  if (prices) lines.push(`${''.padEnd(width)}  (\`usage prices\` shows them; --prices FILE replaces them for one run)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
