import type { Knex } from 'knex'
import { ConnectionError, E_READ_ONLY_CONNECTION, E_TRANSACTION_COMPLETED } from '../errors.js'
import type { QueryClientContract, TransactionClientContract } from '../types/database.js'
import { knexInternals } from './query_builder/knex_internals.js'

/** How one query is run and reported. */
export interface RunOptions {
  /** The query changes data: it goes to the write host. */
  write: boolean
  /** Report it through `db:query` even when the connection's `debug` is off. */
  debug?: boolean
  /** Extra fields for the `db:query` event (e.g. the model name). */
  reporterData?: { model?: string; ddl?: boolean }
}

/**
 * The typed error of a failed query; a lost or refused connection is also
 * reported through `db:connection:error`, for code that watches the pool.
 */
function failure(client: QueryClientContract, error: unknown): unknown {
  const mapped = client.dialect.mapError(error)
  if (mapped instanceof ConnectionError) {
    client.emitter.emit('db:connection:error', { connection: client.connectionName, error: mapped })
  }
  return mapped
}

/**
 * Runs a knex query or raw query on the right host of `client`, maps driver
 * errors to Stratum's typed errors and, when debugging, emits `db:query`.
 * The hot path (no debug) adds one branch and one try/catch over knex.
 */
export async function runQuery<Result>(
  client: QueryClientContract,
  query: Knex.QueryBuilder | Knex.Raw,
  options: RunOptions
): Promise<Result> {
  if (!client.isTransaction) {
    if (options.write && client.mode === 'read') {
      throw new E_READ_ONLY_CONNECTION(
        `Connection "${client.connectionName}" was opened in read mode and cannot run writes. ` +
          'Use db.connection(name) or { mode: "write" } for inserts, updates and deletes.'
      )
    }
    const target = options.write ? client.getWriteClient() : client.getReadClient()
    knexInternals(query).client = target.client
  } else if ((client as TransactionClientContract).isCompleted) {
    throw new E_TRANSACTION_COMPLETED(
      `Cannot run a query on a transaction of connection "${client.connectionName}" that was ` +
        'already committed or rolled back. Start a new transaction (db.transaction()) for this query.'
    )
  }

  if (!options.debug && !client.debug) {
    try {
      return (await query) as Result
    } catch (error) {
      throw failure(client, error)
    }
  }

  const start = process.hrtime()
  let failed: Error | undefined
  try {
    return (await query) as Result
  } catch (error) {
    failed = failure(client, error) as Error
    throw failed
  } finally {
    const { sql, bindings, method } = query.toSQL() as Knex.Sql
    client.emitter.emit('db:query', {
      connection: client.connectionName,
      sql,
      bindings,
      method: method ?? 'raw',
      inTransaction: client.isTransaction,
      duration: process.hrtime(start),
      ...options.reporterData,
      ...(failed ? { error: failed } : {}),
    })
  }
}
