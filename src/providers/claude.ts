import path from 'node:path';
import { usageEvent, type Tokens } from '../core/types.js';
import { rootsFromEnv } from '../core/env.js';
import { asObject, asString, responseKey, timestampMs, tokenCount } from '../core/values.js';
import { compilePick } from '../pipeline/json-pick.js';
import type { Adapter, SourceRoot } from './adapter.js';
import { claudeToolReader } from './claude-tools.js';

interface ClaudeFileState {
  /** Used when a record has no sessionId: the transcript's own name. */
  fallbackSession: string;
  /** Used when a record has no cwd: the escaped folder name (it cannot be turned back into a path). */
  fallbackProject: string;
}

export const claude: Adapter<ClaudeFileState> = {
  provider: 'claude',

  roots({ env, home }): SourceRoot[] {
    const configured = rootsFromEnv(env, 'CLAUDE_CONFIG_DIR');
    if (configured.length > 0) return configured;
    const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
    return [
      { dir: path.join(xdg, 'claude'), explicit: false },
      { dir: path.join(home, '.claude'), explicit: false },
    ];
  },

  // Recursive: sub-agent transcripts sit beside the session (older builds) or under
  // <session>/subagents/ (2026 builds), sometimes deeper. Their .meta.json sidecars are not matched.
  patterns: ['projects/**/*.jsonl'],

  // Only assistant lines carry usage, and every one of them holds this key.
  needles: ['"output_tokens"'],

  // What onRecord reads: the content blocks (most of every line) are checked, never built.
  pick: compilePick({
    type: true,
    timestamp: true,
    sessionId: true,
    cwd: true,
    requestId: true,
    isSidechain: true,
    isApiErrorMessage: true,
    message: {
      id: true,
      role: true,
      model: true,
      usage: {
        input_tokens: true,
        output_tokens: true,
        cache_creation_input_tokens: true,
        cache_read_input_tokens: true,
        cache_creation: { ephemeral_5m_input_tokens: true, ephemeral_1h_input_tokens: true },
        speed: true,
      },
    },
  }),

  fileKind: () => 'lines',

  tools: claudeToolReader((file) => claude.newState(file)),

  newState(file) {
    const rel = file.split(/[\\/]projects[\\/]/).pop() ?? file;
    const [projectDir = ''] = rel.split(/[\\/]/);
    const parts = file.split(/[\\/]/);
    const subagentsAt = parts.lastIndexOf('subagents');
    const session = subagentsAt > 0 ? parts[subagentsAt - 1]! : path.basename(file, '.jsonl');
    return { fallbackSession: session, fallbackProject: projectDir };
  },

  onRecord(record, state, out) {
    // `progress` lines of older builds hold a copy of a sub-agent's assistant record under
    // data.message; the sub-agent's own file has the original. Only top-level messages count.
    const message = asObject(record.message);
    if (!message || message.usage === undefined || message.usage === null) return;
    const usage = asObject(message.usage);
    // An assistant message: typed so, or untyped with the assistant's role (lines other tools count).
    // A usage on anything else is a shape we do not know: not counted, but said.
    const assistant = record.type === 'assistant' || (record.type === undefined && message.role === 'assistant');
    if (!assistant || !usage) {
      out.skip('unknown shape');
      return;
    }
    const model = asString(message.model) ?? 'unknown';
    // A local API-error message, not a response: zero usage, no price.
    if (model === '<synthetic>' || record.isApiErrorMessage === true) return;

    const timestamp = timestampMs(record.timestamp);
    if (timestamp === undefined) {
      out.skip('invalid timestamp');
      return;
    }

    const tokens = claudeTokens(usage);
    const sessionId = asString(record.sessionId) ?? state.fallbackSession;
    const messageId = asString(message.id);
    const requestId = asString(record.requestId);
    // One response is written once per content block, each line repeating the usage; requests
    // through gateways have no requestId and are unique per session; no message id, no dedupe.
    const dedupeKey = !messageId ? undefined : requestId ? responseKey('claude', messageId, requestId) : responseKey('claude', sessionId, messageId);
    out.emit(
      usageEvent({
        provider: 'claude',
        timestamp,
        sessionId,
        projectPath: asString(record.cwd) ?? state.fallbackProject,
        model,
        tokens,
        // Early lines of a response carry a streaming placeholder for output_tokens: the largest is final.
        rank: tokens.output,
        fast: usage.speed === 'fast' ? true : undefined,
        dedupeKey,
        responseId: messageId,
        sidechain: record.isSidechain === true ? true : undefined,
      }),
    );
  },
};

function claudeTokens(usage: Record<string, unknown>): Tokens {
  const writes = tokenCount(usage.cache_creation_input_tokens);
  const split = asObject(usage.cache_creation);
  const split5m = tokenCount(split?.ephemeral_5m_input_tokens);
  const split1h = tokenCount(split?.ephemeral_1h_input_tokens);
  // The split is authoritative when it says anything (old builds wrote 0 for the total beside a
  // correct split); without it every write is a 5-minute write.
  const useSplit = split5m + split1h > 0;
  return {
    input: tokenCount(usage.input_tokens),
    cacheWrite5m: useSplit ? split5m : writes,
    cacheWrite1h: useSplit ? split1h : 0,
    cacheRead: tokenCount(usage.cache_read_input_tokens),
    output: tokenCount(usage.output_tokens),
    reasoning: 0,
  };
}
