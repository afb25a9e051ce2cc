// Made on first use: building an Intl formatter loads locale data, which costs a status-line call
// that never formats a token count tens of milliseconds at start-up.
let integer: Intl.NumberFormat | undefined;

export function formatTokens(n: number): string {
  integer ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return integer.format(n);
}

export function formatCost(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** `claude-sonnet-4-5-20250929` → `sonnet-4-5`: tables are narrow, the JSON keeps full names. */
export function shortModel(model: string): string {
  return model
    .replace(/^(anthropic|openai|google|gemini|vertex_ai)\//, '')
    .replace(/^claude-/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '');
}
