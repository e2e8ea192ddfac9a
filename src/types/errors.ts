/**
 * Shapes the error classes of `src/errors.ts` carry, kept here so that the
 * other contracts of `src/types` can name them without importing the classes.
 */

/** Where a connection was going, as far as its config tells (nothing secret). */
export interface ConnectionDetails {
  /** Name of the connection in the config. */
  connection?: string
  host?: string
  port?: number
  user?: string
  database?: string
  /** SQLite's database file, resolved against the working directory. */
  filename?: string
}

/** An `after('commit')` hook that threw (`errors.E_AFTER_COMMIT_HOOK_FAILED`): the transaction IS committed. */
export interface AfterCommitHookError extends Error {
  readonly code: 'E_AFTER_COMMIT_HOOK_FAILED'
  /** HTTP-ish status (500). */
  status: number
  readonly committed: true
}
