/**
 * PostgreSQL transactions a statement failed in. PostgreSQL aborts a
 * transaction at its first failed statement: later statements fail, and
 * COMMIT answers ROLLBACK without an error, so a caller that caught the
 * failure would be told its work was committed when none of it was.
 */
const aborted = new WeakSet<object>()

/** Notes a failed statement of `client` when it is a PostgreSQL transaction and the server refused it. */
export function noteFailedStatement(
  client: { isTransaction: boolean; dialect: { name: string } },
  error: unknown
): void {
  if (!client.isTransaction || client.dialect.name !== 'postgres') return
  // the server's errors only: one knex raised before sending anything aborts nothing
  if ((error as { severity?: unknown } | null)?.severity === 'ERROR') aborted.add(client)
}

/** True when a statement of this transaction failed on the server (see above). */
export function wasAborted(client: object): boolean {
  return aborted.has(client)
}
