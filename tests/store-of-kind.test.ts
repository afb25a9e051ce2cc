import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolCallPart, ToolPart } from '../src/core/tool-call.js';
import { responseKey } from '../src/core/values.js';
import { folderSource } from '../src/config/sources.js';
import { EventStore } from '../src/pipeline/store.js';
import { TOOL_PARTS } from '../src/pipeline/tool-parts.js';
import { fixture, tempDir } from './helpers.js';

// fixtures/devices (README): toolu_dev_1 is in the transcript both machines hold, toolu_dev_2 only on the desktop.
const renv = { env: {}, platform: process.platform, home: tempDir('usage-of-kind-home-') };
const sources = [folderSource('a', fixture('devices', 'laptop'), process.platform, '--source'), folderSource('b', fixture('devices', 'desktop-claude'), process.platform, '--source')];

const callDevices = (parts: readonly ToolPart[]): [string, string | undefined][] =>
  parts.filter((p): p is ToolCallPart => p.part === 'call').map((p) => [p.key, p.device]);

describe('EventStore.ofKind: the tool parts of the usage store\'s listing', () => {
  for (const useCache of [false, true]) {
    it(`reads the files the usage store listed, each under its own source (${useCache ? 'cache' : '--no-cache'})`, async () => {
      const cached = { ...renv, env: { USAGE_CACHE_DIR: tempDir('usage-of-kind-cache-') } };
      const usage = new EventStore({ providers: ['claude', 'codex', 'gemini'], renv: cached, sources, useCache });
      const events = await usage.loadOnce();
      const tools = await usage.ofKind(TOOL_PARTS).loadOnce();
      const alone = await new EventStore({ kind: TOOL_PARTS, providers: ['claude', 'codex', 'gemini'], renv: cached, sources, useCache }).loadOnce();
      expect(tools.files).toBe(events.files);
      expect(tools.files.map((f) => path.basename(f.path)).sort()).toEqual(['s-desktop.jsonl', 's-laptop.jsonl', 's-shared.jsonl', 's-shared.jsonl']);
      expect(tools.files).toEqual(alone.files);
      // The shared transcript's call is the first source's; the desktop's own call is b's, not the first source's.
      expect(callDevices(tools.events).sort()).toEqual([[responseKey('claude', 'toolu_dev_1'), 'a'], [responseKey('claude', 'toolu_dev_2'), 'b']]);
      expect(tools.events).toEqual(alone.events);
    });
  }
});
