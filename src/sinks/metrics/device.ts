import os from 'node:os';

/**
 * The `device` label of every metric: `USAGE_DEVICE`, else the host name. One place, so that the
 * device labels of issue 17 replace it here.
 */
export function deviceLabel(env: Record<string, string | undefined> = process.env): string {
  const named = env.USAGE_DEVICE?.trim();
  return named ? named : os.hostname();
}
