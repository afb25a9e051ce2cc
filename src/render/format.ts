/**
 * 1234567.5 → "1,234,568": en-US grouping, rounded half away from zero. By hand: the first Intl
 * formatter of a process loads ICU's locale data (~12 ms), a tenth of a status-line call.
 */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  const rounded = Math.round(Math.abs(n));
  const digits = rounded < 1e21 ? String(rounded) : BigInt(rounded).toString(); // String() turns to 1e+21
  return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
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

/** A session id as tables show it: its first 12 characters and an ellipsis when longer. */
export function shortSessionId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 12)}…` : id;
}
