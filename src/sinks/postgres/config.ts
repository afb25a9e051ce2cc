import type { ClientConfig } from 'pg';
import { ServiceError, UserError } from '../../core/errors.js';

/** A PostgreSQL URL as given, and the same URL with its password masked: the only form ever printed. */
export interface DbTarget {
  config: ClientConfig;
  printable: string;
  /** The password given in the URL, if any: masked in every message that could carry it. */
  secret?: string;
}

/**
 * `postgres://user[:password]@host[:port]/db[?sslmode=…&sslrootcert=…]`. The URL goes to pg as it
 * is, so its TLS parameters (sslmode, sslcert, sslkey, sslrootcert) and pg's own fallbacks for what
 * it leaves out (PGPASSWORD, ~/.pgpass, PGHOST…) apply unchanged.
 */
export function parseDbUrl(raw: string, flag: string): DbTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${flag} expects a postgres:// URL, got something else`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new UserError(`${flag} expects a postgres:// URL, got ${url.protocol}//…`);
  const secret = url.password ? decodeURIComponent(url.password) : undefined;
  const shown = new URL(raw);
  if (shown.password) shown.password = '***';
  return { config: { connectionString: raw, connectionTimeoutMillis: 10_000 }, printable: shown.toString(), ...(secret ? { secret } : {}) };
}

/** The database failed us (unreachable, gone mid-sync, refused): one line, exit 1, no password. */
export class DatabaseError extends ServiceError {}

/** A driver error as one line naming the server, with the URL's password (raw or encoded) masked. */
export function databaseError(target: DbTarget, err: unknown): DatabaseError {
  if (err instanceof UserError) return err;
  const e = err as { message?: string; code?: string };
  let message = `${e.message ?? String(err)}`.replace(/\s*\n\s*/g, ' ');
  if (!message || message === 'undefined') message = e.code ?? 'unknown error';
  return new DatabaseError(redact(target, `PostgreSQL at ${target.printable}: ${message}`));
}

export function redact(target: DbTarget, text: string): string {
  if (!target.secret) return text;
  let out = text;
  for (const form of new Set([target.secret, encodeURIComponent(target.secret)])) out = out.split(form).join('***');
  return out;
}
