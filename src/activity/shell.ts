/**
 * What a shell command line runs, without running or keeping it: the program of each command of a
 * chain, the paths its arguments name, and the risky patterns the audit flags. A small POSIX-shell
 * word splitter, not a shell: quotes, escapes, `$(…)`, backticks and here-documents are honoured so
 * that nothing inside them is taken for an operator; expansions other than `$HOME` are not made.
 */
import type { CommandRisk } from '../core/tool-call.js';

/** One simple command of a chain: its words after quote removal. */
export interface ShellCommand {
  words: string[];
  /** The operator that joined it to the one before (`|` starts or continues a pipeline). */
  joinedBy: '' | '&&' | '||' | ';' | '|' | '&' | '\n';
  /** Words that followed `>`, `>>`, `&>` etc.: files the command writes. */
  redirectTargets: string[];
}

/** A path an argument named, as written (absolute, `~/…`, `$HOME/…` or climbing with `..`). */
export interface ShellPath {
  path: string;
  /** Deleted (`rm` targets) or written (redirections, `tee`); else only named. */
  write: boolean;
  /** The risky command it belongs to (`rm -rf` targets), for the audit's "outside the project". */
  risk?: CommandRisk;
}

export interface ShellAnalysis {
  /** Each command's program name, in order (`git`, `npm`, `rm`), repeats kept. */
  programs: string[];
  paths: ShellPath[];
  risks: CommandRisk[];
}

const OPERATORS = ['&&', '||', ';;', '|&', '|', ';', '&', '\n'] as const;
/** Characters that start none of splitCommands's cases (quotes, escapes, space, operators, redirections, groups, `$(`, `#`). */
const PLAIN_RUN = /[^\\'"`$#\s<>&|;(){}]+/y;

/**
 * The commands of `line`, split on `&&`, `||`, `;`, `|`, `&` and newlines outside quotes,
 * substitutions and here-documents. Never throws: an unclosed quote runs to the end.
 */
export function splitCommands(line: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let redirectTargets: string[] = [];
  let joinedBy: ShellCommand['joinedBy'] = '';
  let word = '';
  let inWord = false;
  let redirectNext = false;
  const heredocs: { tag: string; strip: boolean }[] = [];
  let heredocNext: { strip: boolean } | undefined;

  const endWord = (): void => {
    if (!inWord) return;
    if (heredocNext) {
      heredocs.push({ tag: word, strip: heredocNext.strip });
      heredocNext = undefined;
    } else if (redirectNext) {
      redirectTargets.push(word);
      redirectNext = false;
    } else {
      words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = (next: ShellCommand['joinedBy']): void => {
    endWord();
    if (words.length > 0 || redirectTargets.length > 0) commands.push({ words, joinedBy, redirectTargets });
    words = [];
    redirectTargets = [];
    joinedBy = next;
    redirectNext = false;
  };

  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === '\\') {
      // A backslash-newline joins lines; any other escaped character is literal.
      if (line[i + 1] === '\n') i += 2;
      else {
        word += line[i + 1] ?? '';
        inWord = true;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i = readDoubleQuoted(line, i + 1, (s) => (word += s));
      inWord = true;
      continue;
    }
    if (c === '`') {
      const end = skipBackticks(line, i + 1);
      word += line.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '$' && line[i + 1] === '(') {
      const end = skipParens(line, i + 2);
      word += line.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '#' && !inWord) {
      // A comment runs to the end of the line.
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '<' && line[i + 1] === '<' && line[i + 2] === '<') {
      // A here-string: its word is data.
      endWord();
      i += 3;
      continue;
    }
    if (c === '<' && line[i + 1] === '<') {
      endWord();
      const strip = line[i + 2] === '-';
      heredocNext = { strip };
      i += strip ? 3 : 2;
      continue;
    }
    if (c === '<' && line[i + 1] === '(') {
      // Process substitution `<(…)`: one word.
      const end = skipParens(line, i + 2);
      word += line.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '>' || c === '<' || (c === '&' && line[i + 1] === '>')) {
      // A redirection; a number right before it (`2>`) is its descriptor, not a word.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      let j = i + (c === '&' ? 2 : 1);
      if (line[j] === '>' || line[j] === '|') j++;
      if (line[j] === '&') {
        // `2>&1`, `>&2`: to another descriptor, no file.
        j++;
        while (j < n && /[\d-]/.test(line[j]!)) j++;
      } else {
        // An input file is an argument like any other; an output file is written.
        redirectNext = c !== '<';
      }
      i = j;
      continue;
    }
    if (c === '(' && inWord && word.endsWith('=')) {
      // An array assignment `a=(x y)`: one word.
      const end = skipParens(line, i + 1);
      word += line.slice(i, end);
      i = end;
      continue;
    }
    // Subshells and groups: their commands are commands of the chain.
    if (c === '(' || c === ')' || ((c === '{' || c === '}') && !inWord && isGroupBrace(line, i))) {
      endCommand(c === ')' || c === '}' ? ';' : joinedBy);
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      endCommand(op === '|&' ? '|' : op === ';;' ? ';' : op);
      if (op === '\n' && heredocs.length > 0) i = skipHeredocBodies(line, i + 1, heredocs.splice(0));
      else i += op.length;
      continue;
    }
    // Characters none of the cases above can start go into the word a run at a time.
    PLAIN_RUN.lastIndex = i;
    const run = PLAIN_RUN.exec(line)?.[0] ?? c;
    word += run;
    inWord = true;
    i += run.length;
  }
  endCommand('');
  return commands;
}

/** `{` or `}` standing alone as a word (a group), not inside `${x}` or `a{b,c}`. */
function isGroupBrace(line: string, i: number): boolean {
  const before = i === 0 ? ' ' : line[i - 1]!;
  const after = line[i + 1] ?? ' ';
  return /[\s;&|]/.test(before) && /[\s;]/.test(after);
}

/** Reads a double-quoted string from `i` (after the quote) to its end; returns the index after it. */
function readDoubleQuoted(line: string, i: number, add: (s: string) => void): number {
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === '"') return i + 1;
    if (c === '\\' && i + 1 < n) {
      const next = line[i + 1]!;
      add('$`"\\\n'.includes(next) ? (next === '\n' ? '' : next) : c + next);
      i += 2;
      continue;
    }
    if (c === '$' && line[i + 1] === '(') {
      const end = skipParens(line, i + 2);
      add(line.slice(i, end));
      i = end;
      continue;
    }
    if (c === '`') {
      const end = skipBackticks(line, i + 1);
      add(line.slice(i, end));
      i = end;
      continue;
    }
    add(c);
    i++;
  }
  return n;
}

/** The index after the `)` closing a `$(` or `<(` opened just before `i`, quotes inside honoured. */
function skipParens(line: string, i: number): number {
  let depth = 1;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
    } else if (c === '"') i = readDoubleQuoted(line, i + 1, () => {});
    else if (c === '`') i = skipBackticks(line, i + 1);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return n;
}

function skipBackticks(line: string, i: number): number {
  const n = line.length;
  while (i < n) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === '`') return i + 1;
    else i++;
  }
  return n;
}

/** Past the bodies of the here-documents opened on the line that just ended (each to its tag line). */
function skipHeredocBodies(line: string, i: number, docs: { tag: string; strip: boolean }[]): number {
  for (const doc of docs) {
    while (i < line.length) {
      const nl = line.indexOf('\n', i);
      const end = nl < 0 ? line.length : nl;
      const text = line.slice(i, end);
      i = end + 1;
      if ((doc.strip ? text.replace(/^\t+/, '') : text) === doc.tag) break;
    }
  }
  return Math.min(i, line.length);
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
/** Wrappers that run the next word as the program (their own options skipped). */
const WRAPPERS = new Set(['env', 'sudo', 'time', 'nohup', 'command', 'exec', 'nice', 'timeout']);
/** Options of a wrapper that take a value as the next word. */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group', '--chdir', '--prompt']),
  nice: new Set(['-n', '--adjustment']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
};

/** The program of one command: `name` its basename, `args` what follows it, `sudo` if run through sudo. */
function programOf(words: string[]): { name: string; args: string[]; sudo: boolean } | undefined {
  let i = 0;
  let sudo = false;
  for (;;) {
    while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
    const w = words[i];
    if (w === undefined) return undefined;
    const name = basename(w);
    if (!WRAPPERS.has(name)) return { name, args: words.slice(i + 1), sudo };
    if (name === 'sudo') sudo = true;
    i++;
    const valued = WRAPPER_VALUE_OPTIONS[name];
    while (i < words.length && words[i]!.startsWith('-') && words[i] !== '--') {
      if (valued?.has(words[i]!)) i++;
      i++;
    }
    if (words[i] === '--') i++;
    // `timeout 60 cmd`: the duration.
    if (name === 'timeout' && i < words.length && /^\d/.test(words[i]!)) i++;
  }
}

function basename(word: string): string {
  const cut = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return cut >= 0 ? word.slice(cut + 1) : word;
}

/** The script of `bash -c '…'` / `sh -lc '…'`, if the words are such a command. */
function shellScript(name: string, args: string[]): string | undefined {
  if (!SHELLS.has(name)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a.startsWith('--')) return undefined;
    if (a.slice(1).includes('c')) return args[i + 1];
  }
  return undefined;
}

/** Analyses a command line (a string for a shell). */
export function analyzeShell(line: string): ShellAnalysis {
  const result: ShellAnalysis = { programs: [], paths: [], risks: [] };
  analyzeInto(line, result, 0);
  return result;
}

/**
 * Analyses an argv (Codex's `["bash","-lc","…"]`): a shell's `-c` script is analysed as a line;
 * any other argv is one command.
 */
export function analyzeArgv(argv: readonly string[]): ShellAnalysis {
  const result: ShellAnalysis = { programs: [], paths: [], risks: [] };
  analyzeCommands([{ words: [...argv], joinedBy: '', redirectTargets: [] }], result, 0);
  return result;
}

function analyzeInto(line: string, result: ShellAnalysis, depth: number): void {
  analyzeCommands(splitCommands(line), result, depth);
}

const MAX_DEPTH = 4;

function analyzeCommands(commands: ShellCommand[], result: ShellAnalysis, depth: number): void {
  // Whether the pipeline being read has fetched something from the network so far.
  let fetchedInPipeline = false;
  for (const command of commands) {
    if (command.joinedBy !== '|') fetchedInPipeline = false;
    for (const target of command.redirectTargets) addPath(result, target, true);
    const program = programOf(command.words);
    if (!program) continue;
    if (program.sudo) addRisk(result, 'sudo');
    const script = shellScript(program.name, program.args);
    if (script !== undefined && depth < MAX_DEPTH) {
      if (/\$\(\s*(?:curl|wget)\b|`\s*(?:curl|wget)\b/.test(script)) addRisk(result, 'pipe-to-shell');
      analyzeInto(script, result, depth + 1);
      continue;
    }
    result.programs.push(program.name);
    if (SHELLS.has(program.name)) {
      if (fetchedInPipeline || program.args.some((a) => /^<\(\s*(?:curl|wget)\b/.test(a))) addRisk(result, 'pipe-to-shell');
    }
    if (program.name === 'curl' || program.name === 'wget') fetchedInPipeline = true;
    commandRisks(program.name, program.args, result);
  }
}

function commandRisks(name: string, args: string[], result: ShellAnalysis): void {
  const operands = args.filter((a) => !a.startsWith('-') || a === '-');
  switch (name) {
    case 'rm': {
      const rf = isRecursiveForce(args);
      if (rf) addRisk(result, 'rm-rf');
      for (const target of operandsAfterOptions(args)) addPath(result, target, true, rf ? 'rm-rf' : undefined, true);
      return;
    }
    case 'tee':
      for (const target of operands) addPath(result, target, true);
      return;
    case 'chmod':
      if (operands.some((a) => /^0?777$/.test(a) || /^(?:a|ugo)\+rwx$/.test(a))) addRisk(result, 'chmod-777');
      break;
    case 'git':
      if (isForcePush(args)) addRisk(result, 'force-push');
      break;
  }
  for (const a of args) {
    const eq = a.startsWith('-') ? a.indexOf('=') : -1;
    addPath(result, eq >= 0 ? a.slice(eq + 1) : a, false);
  }
}

/** rm's operands: every word after `--`, and before it those that are not options. */
function operandsAfterOptions(args: string[]): string[] {
  const dashes = args.indexOf('--');
  const before = dashes < 0 ? args : args.slice(0, dashes);
  const after = dashes < 0 ? [] : args.slice(dashes + 1);
  return [...before.filter((a) => !a.startsWith('-')), ...after];
}

function isRecursiveForce(args: string[]): boolean {
  let recursive = false;
  let force = false;
  for (const a of args) {
    if (a === '--') break;
    if (a === '--recursive') recursive = true;
    else if (a === '--force') force = true;
    else if (/^-[A-Za-z]+$/.test(a)) {
      if (/[rR]/.test(a)) recursive = true;
      if (a.includes('f')) force = true;
    }
  }
  return recursive && force;
}

/** `git [-C dir] [-c k=v] push … --force | -f | --force-with-lease | +refspec`. */
function isForcePush(args: string[]): boolean {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '-C' || args[i] === '-c' ? 2 : 1;
  if (args[i] !== 'push') return false;
  return args.slice(i + 1).some((a) => a === '--force' || a.startsWith('--force-with-lease') || /^-[A-Za-z]*f[A-Za-z]*$/.test(a) || (a.startsWith('+') && a.length > 1));
}

function addRisk(result: ShellAnalysis, risk: CommandRisk): void {
  if (!result.risks.includes(risk)) result.risks.push(risk);
}

/** Devices every script names: not files the audit cares about. */
const DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/tty', '/dev/zero', '/dev/urandom', '/dev/random']);

/**
 * Notes `word` as a path if it looks like one worth auditing: absolute (POSIX or Windows), `~/…`,
 * `$HOME/…`, or climbing out with `..`; `relative` keeps any other word too (rm's targets).
 */
function addPath(result: ShellAnalysis, word: string, write: boolean, risk?: CommandRisk, relative = false): void {
  const p = word.replace(/^(?:\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  // Expansions, substitutions and program text (`awk '/x/ {print}'`) are not paths; neither are URLs.
  if (p.length === 0 || /[\n$`{}()|;<>]/.test(p) || DEVICES.has(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return;
  const looksLikePath =
    p.startsWith('/') || p === '~' || p.startsWith('~/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || p === '..' || p.startsWith('../') || p.startsWith('..\\');
  if (!looksLikePath && !(relative && !p.startsWith('-'))) return;
  const known = result.paths.find((x) => x.path === p);
  if (known) {
    known.write ||= write;
    if (risk) known.risk = risk;
    return;
  }
  result.paths.push(risk ? { path: p, write, risk } : { path: p, write });
}
