import type { Provider } from '../core/types.js';
import type { Adapter } from './adapter.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { gemini } from './gemini.js';

/** Every adapter, by provider. A new agent is one adapter file and one line here. */
export const ADAPTERS: Readonly<Record<Provider, Adapter | undefined>> = {
  claude: claude as Adapter,
  codex: codex as Adapter,
  gemini: gemini as Adapter,
};

export function adaptersFor(providers: readonly Provider[]): Adapter[] {
  return providers.map((p) => ADAPTERS[p]).filter((a): a is Adapter => a !== undefined);
}
