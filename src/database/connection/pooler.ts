/**
 * What a transaction pooler (PgBouncer in transaction mode, `pgbouncer: true`)
 * cannot serve: anything that needs the same server session across
 * transactions. docs/scaling.md lists it.
 */
import { E_UNSUPPORTED_BY_POOLER } from '../../errors.js'
import type { QueryRunnerContract } from '../../types/query_client.js'

/** True when `client`'s connection goes through a transaction pooler. */
export function isPooled(client: QueryRunnerContract): boolean {
  return (client as { pooled?: boolean }).pooled === true
}

/**
 * `timeout(ms, { cancel: true })` cancels with pg_cancel_backend(pid of the
 * session): behind a pooler that pid is the pooler's, not the server's, so
 * it would cancel nothing, or another client's query.
 */
export function refuseCancelBehindPooler(client: QueryRunnerContract) {
  if (!isPooled(client)) return
  throw new E_UNSUPPORTED_BY_POOLER(
    `timeout(ms, { cancel: true }) cannot work on connection "${client.connectionName}" ` +
      '(pgbouncer: true): the query is cancelled by the process id of its server session, which ' +
      'a transaction pooler hides. Use timeout(ms) without cancel, or a statement_timeout set on ' +
      'the database role (ALTER ROLE ... SET statement_timeout = ...)'
  )
}
