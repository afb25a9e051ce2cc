/** An error the user caused (bad flag, date, zone, folder): one line on stderr and exit code 2. */
export class UserError extends Error {}

/** A folder the user named in an env var that is not there: a user error, not an empty result. */
export class MissingRoot extends UserError {
  constructor(readonly root: { dir: string; fromEnv?: string }) {
    super(`${root.fromEnv ?? 'configured folder'} names ${root.dir}, which does not exist`);
  }
}

/** A server the user named failed (unreachable, gone mid-way, refusing): one line, exit 1. */
export class ServiceError extends Error {}

/** User errors: one line, exit 2. Service errors: one line, exit 1. Anything else is our bug: one line (a stack with --debug), exit 1. */
export function exitCodeFor(err: unknown, debug: boolean): number {
  if (err instanceof UserError) {
    process.stderr.write(`usage: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ServiceError) {
    process.stderr.write(`usage: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(
    debug && err instanceof Error ? `${err.stack}\n` : `usage: internal error: ${(err as Error)?.message ?? err} (rerun with --debug for details)\n`,
  );
  return 1;
}
