/**
 * knex's "Timeout acquiring a connection" as a typed error that says why
 * the pool had nothing to lend: every connection busy (most often a query
 * sent without `trx` inside a transaction, on a small pool, waiting for the
 * connection its own transaction holds), or a server that never answered
 * the connection attempts.
 */
import { AcquireConnectionTimeout } from '../../errors.js'

/** The parts of knex's client and tarn's pool this reads. */
export interface PoolInternals {
  config?: { acquireConnectionTimeout?: number }
  pool?: { max: number; numUsed(): number; numPendingCreates(): number }
}

/** True for knex's acquire timeout (KnexTimeoutError, also when thrown by another knex copy). */
export function isAcquireTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'KnexTimeoutError' &&
    error.message.includes('Timeout acquiring a connection')
  )
}

/** The typed error of an acquire timeout on connection `name`, with the pool's state. */
export function acquireTimeoutError(
  name: string,
  client: PoolInternals,
  cause: unknown
): AcquireConnectionTimeout {
  const timeout = client.config?.acquireConnectionTimeout ?? 60_000
  const pool = client.pool
  const max = pool?.max ?? 'its'
  const used = pool?.numUsed() ?? 0
  const head = `No connection of connection "${name}" became free within ${timeout} ms (acquireConnectionTimeout)`
  if (pool && used < pool.max && pool.numPendingCreates() > 0) {
    return new AcquireConnectionTimeout(
      `${head}: the database server did not answer the attempts to open one. Check that it is ` +
        "reachable, and set the driver's connect timeout (connectionTimeoutMillis for pg, " +
        'connectTimeout for mysql2) to fail sooner.',
      cause
    )
  }
  return new AcquireConnectionTimeout(
    `${head}: all ${max} connections of the pool (pool.max = ${max}) were in use. The usual ` +
      'cause is a query sent without `trx` inside a transaction callback (db.from(...), or a ' +
      'model without { client: trx } / useTransaction(trx)): it waits for a connection while ' +
      'its own transaction holds one. Pass the transaction to it; otherwise raise pool.max, ' +
      'or release connections sooner (commit or roll back every transaction you open).',
    cause
  )
}
