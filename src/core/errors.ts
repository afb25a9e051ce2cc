/** An error the user caused (bad flag, date, zone, folder): one line on stderr and exit code 2. */
export class UserError extends Error {}
