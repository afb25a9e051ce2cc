/**
 * One of Node's internal bindings through process.binding(), for the few hot paths that read
 * numbers the public API wraps in costly objects (discover.ts, statusline/input.ts). Callers check
 * that what they get is what they expect, and fall back to the public API when it is not, or when
 * this gives undefined: no process.binding(), or --pending-deprecation, under which it warns.
 */
export function processBinding(name: string): unknown {
  try {
    if (process.execArgv.includes('--pending-deprecation') || /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') || process.env.NODE_PENDING_DEPRECATION === '1') return undefined;
    return (process as unknown as { binding?: (name: string) => unknown }).binding?.(name);
  } catch {
    return undefined;
  }
}
