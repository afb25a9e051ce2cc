const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatTokens(n: number): string {
  return INTEGER.format(n);
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
