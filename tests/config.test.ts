import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { resolveSetting } from '../src/config/settings.js';
import { configPath } from '../src/config/path.js';
import type { RuntimeEnv } from '../src/providers/adapter.js';
import { fixture, runCli, tempDir } from './helpers.js';

const renv = (env: Record<string, string | undefined>, platform: NodeJS.Platform = 'linux'): RuntimeEnv => ({ env, platform, home: '/home/me' });
const FILE = '/home/me/.config/usage/config.json';

describe('where the config file is', () => {
  it('follows XDG_CONFIG_HOME, the OS folders, and USAGE_CONFIG above them', () => {
    expect(configPath(renv({})).file).toBe(FILE);
    expect(configPath(renv({ XDG_CONFIG_HOME: '/x' })).file).toBe('/x/usage/config.json');
    expect(configPath(renv({}, 'darwin')).file).toBe('/home/me/Library/Application Support/usage/config.json');
    expect(configPath(renv({ APPDATA: '/appdata' }, 'win32')).file).toBe(path.join('/appdata', 'usage', 'config.json'));
    expect(configPath(renv({ USAGE_CONFIG: '/etc/u.json', XDG_CONFIG_HOME: '/x' }))).toEqual({ file: '/etc/u.json', explicit: true });
  });
});

describe('precedence: flag > env > file > default', () => {
  const config = parseConfig(JSON.stringify({ timezone: 'Asia/Tokyo', limits: { tokens: 500000 }, color: 'never' }), FILE);

  it('takes each layer only when the stronger ones say nothing', () => {
    const env = { USAGE_TIMEZONE: 'Europe/Berlin' };
    expect(resolveSetting('timezone', 'UTC', renv(env), config)).toEqual({ value: 'UTC', origin: 'flag', from: '--timezone' });
    expect(resolveSetting('timezone', undefined, renv(env), config)).toEqual({ value: 'Europe/Berlin', origin: 'env', from: 'USAGE_TIMEZONE' });
    expect(resolveSetting('timezone', undefined, renv({}), config)).toEqual({ value: 'Asia/Tokyo', origin: 'file', from: FILE });
    expect(resolveSetting('timezone', undefined, renv({}), parseConfig('{}', FILE))).toEqual({ value: undefined, origin: 'default' });
    expect(resolveSetting('tokenLimit', undefined, renv({}), config)).toEqual({ value: '500000', origin: 'file', from: FILE });
    expect(resolveSetting('startOfWeek', undefined, renv({}), config)).toEqual({ value: 'monday', origin: 'default' });
  });

  it('reads colour from --no-color, NO_COLOR / FORCE_COLOR, then the file', () => {
    expect(resolveSetting('color', 'never', renv({ FORCE_COLOR: '1' }), config).origin).toBe('flag');
    expect(resolveSetting('color', undefined, renv({ FORCE_COLOR: '1' }), config)).toEqual({ value: 'always', origin: 'env', from: 'FORCE_COLOR' });
    expect(resolveSetting('color', undefined, renv({ NO_COLOR: '1' }), config)).toEqual({ value: 'never', origin: 'env', from: 'NO_COLOR' });
    expect(resolveSetting('color', undefined, renv({ FORCE_COLOR: '0' }), config)).toEqual({ value: 'never', origin: 'file', from: FILE });
  });
});

describe('checking the file', () => {
  it('names the key and the file of a bad value', () => {
    expect(() => parseConfig('{"context":{"warn":120}}', FILE)).toThrow(`config file ${FILE}: "context.warn" expects a number at most 100, got 120`);
    expect(() => parseConfig('{"providers":["claude","cursor"]}', FILE)).toThrow(`"providers[1]" expects one of "claude", "codex", "gemini", got "cursor"`);
    expect(() => parseConfig('{"sources":[{"label":"work"}]}', FILE)).toThrow('"sources[0].path" is required');
    expect(() => parseConfig('{"prices":{"models":{"gpt-5":{"input":-1}}}}', FILE)).toThrow('"prices.models["gpt-5"].input" expects a number at least 0, got -1');
    // A misspelt rate would silently price at the snapshot's: refused, where an unknown top-level key is only warned about.
    expect(() => parseConfig('{"prices":{"models":{"gpt-5":{"inptu":1e-6}}}}', FILE)).toThrow('"prices.models["gpt-5"].inptu" is not a known key here');
    expect(() => parseConfig('[1]', FILE)).toThrow(`config file ${FILE}: the file expects an object, got [1]`);
    expect(parseConfig('{"timezone":"UTC","colour":"never","limits":{"token":5}}', FILE).unknownKeys).toEqual(['colour', 'limits.token']);
  });
});

describe('the CLI with a config file', () => {
  const logs = fixture('prices', 'own');

  function withConfig(config: unknown): Record<string, string> {
    const dir = tempDir('usage-config-');
    mkdirSync(path.join(dir, 'usage'));
    writeFileSync(path.join(dir, 'usage', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return { XDG_CONFIG_HOME: dir, CLAUDE_CONFIG_DIR: logs };
  }

  it('a bad value: one line naming the key and the file, exit 2', async () => {
    const env = withConfig({ startOfWeek: 'someday' });
    const r = await runCli(['weekly'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `usage: config file ${path.join(env.XDG_CONFIG_HOME!, 'usage', 'config.json')}: "startOfWeek" expects one of "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", got "someday"\n`,
    );
    const notJson = await runCli(['daily'], withConfig('{"timezone": '));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^usage: config file .*config\.json is not valid JSON \(.*\)\n$/);
  });

  it('an unknown key is a warning on stderr; the report runs; a replayed run warns again', async () => {
    const env = { ...withConfig({ timezone: 'UTC', sourcez: [] }), HOME: tempDir('usage-home-'), USAGE_CACHE_DIR: tempDir('usage-cache-') };
    const r = await runCli(['daily', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^usage: config file .*config\.json: unknown key "sourcez" \(ignored\)$/m);
    expect(JSON.parse(r.stdout).timezone).toBe('UTC');
    const again = await runCli(['daily', '--json'], env);
    expect(readdirSync(path.join(env.USAGE_CACHE_DIR, readdirSync(env.USAGE_CACHE_DIR).find((n) => n.startsWith('reports-'))!)).length).toBe(1);
    expect(again).toEqual(r);
  });

  it('the file sets the zone; an env var beats it; the flag beats both', async () => {
    const env = withConfig({ timezone: 'Pacific/Auckland' });
    // 2026-05-01T10:00Z is 22:00 on the 1st in Auckland (UTC+12), 06:00 in New York; 2026-05-02T10:00Z is the 2nd's 22:00.
    const dates = async (args: string[], extra: Record<string, string> = {}): Promise<string[]> =>
      (JSON.parse((await runCli(['daily', '--json', ...args], { ...env, ...extra })).stdout).daily as { date: string }[]).map((d) => d.date);
    expect(await dates([])).toEqual(['2026-05-01', '2026-05-02']);
    expect(await dates(['-z', 'Pacific/Kiritimati'])).toEqual(['2026-05-02', '2026-05-03']); // UTC+14: 10:00Z is midnight
    expect(await dates([], { USAGE_TIMEZONE: 'Pacific/Kiritimati' })).toEqual(['2026-05-02', '2026-05-03']);
    expect(await dates(['-z', 'UTC'], { USAGE_TIMEZONE: 'Pacific/Kiritimati' })).toEqual(['2026-05-01', '2026-05-02']);
  });

  it('config show says where each value came from', async () => {
    const env = withConfig({ timezone: 'Asia/Tokyo', limits: { cost: 40 } });
    const r = await runCli(['config', 'show', '--json'], { ...env, USAGE_TOKEN_LIMIT: 'max' });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout);
    const file = path.join(env.XDG_CONFIG_HOME!, 'usage', 'config.json');
    expect(shown.file).toBe(file);
    expect(shown.settings.timezone).toEqual({ value: 'Asia/Tokyo', origin: 'file', from: file });
    expect(shown.settings['limits.cost']).toEqual({ value: '40', origin: 'file', from: file });
    expect(shown.settings['limits.tokens']).toEqual({ value: 'max', origin: 'env', from: 'USAGE_TOKEN_LIMIT' });
    expect(shown.settings.startOfWeek).toEqual({ value: 'monday', origin: 'default' });
    expect((await runCli(['config', 'path'], env)).stdout).toBe(`${file}\n`);
  });

  it('a changed config file is a new run, not a replay of the memo', async () => {
    const env: Record<string, string> = { ...withConfig({ timezone: 'UTC' }), USAGE_CACHE_DIR: tempDir('usage-cache-') };
    const first = JSON.parse((await runCli(['daily', '--json'], env)).stdout);
    expect(first.timezone).toBe('UTC');
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'usage', 'config.json'), JSON.stringify({ timezone: 'Asia/Tokyo' }));
    const second = JSON.parse((await runCli(['daily', '--json'], env)).stdout);
    expect(second.timezone).toBe('Asia/Tokyo');
  });
});
