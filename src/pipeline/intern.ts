import type { ToolCallPart } from '../core/tool-call.js';
import type { UsageEvent } from '../core/types.js';

// Session ids, project paths and model names repeat across thousands of events: one copy each.
const interned = new Map<string, string>();

function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  interned.set(s, s);
  return s;
}

// Consecutive events mostly repeat the last one's strings: comparing them is cheaper than hashing a
// new string for the map.
let lastSession = '';
let lastProject = '';
let lastModel = '';

export function internStrings(e: UsageEvent): UsageEvent {
  e.sessionId = e.sessionId === lastSession ? lastSession : (lastSession = intern(e.sessionId));
  e.projectPath = e.projectPath === lastProject ? lastProject : (lastProject = intern(e.projectPath));
  e.model = e.model === lastModel ? lastModel : (lastModel = intern(e.model));
  return e;
}

/** The same for a tool call's strings, which repeat as much (a session's calls share all but the tool's name). */
export function internCallStrings(c: ToolCallPart): ToolCallPart {
  c.sessionId = intern(c.sessionId);
  c.projectPath = intern(c.projectPath);
  c.model = intern(c.model);
  c.tool = intern(c.tool);
  return c;
}
