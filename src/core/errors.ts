/** An error the user caused (bad flag, date, zone, folder): one line on stderr and exit code 2. */
export class UserError extends Error {}

/** A folder the user named in an env var that is not there: a user error, not an empty result. */
export class MissingRoot extends UserError {
  constructor(readonly root: { dir: string; fromEnv?: string }) {
    super(`${root.fromEnv ?? 'configured folder'} names ${root.dir}, which does not exist`);
  }
}
