import type { ToolPart } from '../core/tool-call.js';
import type { Provider, UsageEvent } from '../core/types.js';
import type { CompiledPick } from '../pipeline/json-pick.js';

/** Where an adapter looks. `explicit` roots came from an env var the user set: a missing one is an error. */
export interface SourceRoot {
  dir: string;
  explicit: boolean;
  /** The env var that named it, for the error message. */
  fromEnv?: string;
}

/** What an adapter hands back while it reads one file. */
export interface ParseOutput {
  emit(event: UsageEvent): void;
  /** A record that could not be used: counted, and located by `--debug` (never its content). */
  skip(reason: string): void;
}

/**
 * The only provider-specific code: where the files are, how one file becomes events, and how its
 * duplicates are keyed (through `UsageEvent.dedupeKey`/`rank`).
 *
 * Line files are read by the shared streaming reader, which reads only lines holding one of
 * `needles`, and of those only the parts `pick` names (checking the rest is valid JSON), and passes
 * each record to `onRecord` with the file's parse state. The state must be plain JSON data: the
 * cache stores it to resume an appended file where it was left.
 */
export interface Adapter<State = unknown> {
  readonly provider: Provider;
  /** Folders to search, from the environment (see `RuntimeEnv`). */
  roots(env: RuntimeEnv): SourceRoot[];
  /** Glob patterns relative to each root, in the subset discover.ts supports (literal names, `*`, `**`). */
  readonly patterns: readonly string[];
  /** A line holding none of these byte strings cannot matter to this adapter and is never parsed. */
  readonly needles: readonly string[];
  /** Everything of a line's record that `onRecord` reads (`compilePick` of a Pick); the rest is never built. */
  readonly pick: CompiledPick;
  /** 'lines' = JSONL (resumable at a byte offset); 'document' = one JSON document read by `readDocument`. */
  fileKind(file: string): 'lines' | 'document';
  newState(file: string): State;
  onRecord(record: Record<string, unknown>, state: State, out: ParseOutput): void;
  /** Reads a 'document' file from its bytes, a chunk at a time (each valid only until the next). */
  readDocument?(chunks: Iterable<Buffer>, file: string, out: ParseOutput): void;
  /** The tool-call reader of the same files, when the agent logs tool calls. */
  readonly tools?: ToolReader;
}

/** What a tool-call reader hands back while it reads one file. */
export interface ToolOutput {
  emit(part: ToolPart): void;
  /** As ParseOutput.skip: counted, located by `--debug`, never its content. */
  skip(reason: string): void;
}

/**
 * The tool-call side of an adapter, read from the same files in a pass of its own, with its own
 * needles and pick: a usage report never reads or builds a tool call. Same contract as the usage
 * side (plain-JSON state, resumable at a byte offset).
 */
export interface ToolReader<State = unknown> {
  readonly needles: readonly string[];
  readonly pick: CompiledPick;
  newState(file: string): State;
  onRecord(record: Record<string, unknown>, state: State, out: ToolOutput): void;
  readDocument?(chunks: Iterable<Buffer>, file: string, out: ToolOutput): void;
}

/** The parts of the process environment discovery depends on, injectable for tests. */
export interface RuntimeEnv {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** HOME, then USERPROFILE. */
  home: string;
}
