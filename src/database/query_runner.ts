import type { Knex } from 'knex'
import { noteFailedStatement } from './aborted_transactions.js'
import { ConnectionError, E_READ_ONLY_CONNECTION, E_TRANSACTION_COMPLETED } from '../errors.js'
import type { QueryRunnerContract, TransactionRunnerContract } from '../types/query_client.js'
import { hasReadScopes, noteWrite, readsFromPrimary } from './connection/read_context.js'
import { ReadHosts } from './connection/read_hosts.js'
import { runOnKnexClient, type KnownWrite } from './known_write.js'
import { knexInternals } from './query_builder/knex_internals.js'

/** How one query is run and reported. */
export interface RunOptions {
  /** The query changes data: it goes to the write host. */
  write: boolean
  /** A read that must run on the write host (`usePrimary()`). */
  primary?: boolean
  /** Report it through `db:query` (true) or not (false); undefined: as the connection's `debug` says. */
  debug?: boolean
  /** Extra fields for the `db:query` event (e.g. the model name). */
  reporterData?: { model?: string; ddl?: boolean }
}

/**
 * What routing reads of a connection (connection.ts), named here by shape:
 * importing the class would tie the query builders to the connection's
 * whole module graph (a type import cycle through every dialect).
 */
interface Connection {
  readonly readClients: Knex[]
  readonly readHosts?: ReadHosts
  readonly primaryHost: string
  readonly sticky: boolean
}

/** The part of a pool's client (query_client.ts) routing needs. */
interface QueryClient {
  readonly mode: 'dual' | 'read' | 'write'
  readonly connection: Connection
  getWriteClient(): Knex
}

/** Where a query ran: the connection and the replica index, -1 for the write host. */
interface Target {
  connection?: Connection
  replica: number
}

const inTransaction: Target = { replica: -1 }

/**
 * The typed error of a failed query; a lost or refused connection is also
 * reported through `db:connection:error`, for code that watches the pool.
 */
function failure(client: QueryRunnerContract, error: unknown): unknown {
  noteFailedStatement(client, error)
  const mapped = client.dialect.mapError(error)
  if (mapped instanceof ConnectionError) {
    client.emitter.emit('db:connection:error', { connection: client.connectionName, error: mapped })
  }
  return mapped
}

/** Points a knex query at the pool of `target` (knex queries carry their client). */
function bind(query: Knex.QueryBuilder | Knex.Raw, target: Knex) {
  knexInternals(query).client = target.client
}

/**
 * The replica a read goes to, or -1 for the write host: the write host in
 * write mode, for `usePrimary()`, for locking selects (`forUpdate()`,
 * `forShare()`: a replica cannot lock) and in a context that reads from the
 * primary (read_context.ts: looked up only once such a context was opened).
 */
function readRoute(
  client: QueryClient,
  connection: Connection,
  query: Knex.QueryBuilder | Knex.Raw,
  options: RunOptions
): number {
  const hosts = connection.readHosts
  if (!hosts || client.mode === 'write' || options.primary) return -1
  if (knexInternals(query)._single?.lock !== undefined) return -1
  if (hasReadScopes() && readsFromPrimary(connection)) return -1
  return hosts.pick()
}

/**
 * Refuses a query the client cannot run: any query on a finished
 * transaction, a write on a connection opened in read mode.
 */
function ensureRunnable(client: QueryRunnerContract, write: boolean) {
  if (client.isTransaction) {
    if ((client as TransactionRunnerContract).isCompleted) {
      throw new E_TRANSACTION_COMPLETED(
        `Cannot run a query on a transaction of connection "${client.connectionName}" that was ` +
          'already committed or rolled back. Start a new transaction (db.transaction()) for this query.'
      )
    }
    return
  }
  if (write && client.mode === 'read') {
    throw new E_READ_ONLY_CONNECTION(
      `Connection "${client.connectionName}" was opened in read mode and cannot run writes. ` +
        'Use db.connection(name) or { mode: "write" } for inserts, updates and deletes.'
    )
  }
}

/** A client that is not a transaction: the pool client of one connection (query_client.ts). */
function poolClient(client: QueryRunnerContract): QueryClient {
  return client as unknown as QueryClient
}

/** Where a write runs: the write host (noted, for sticky reads), or the transaction. */
function writeTarget(client: QueryRunnerContract): Target {
  if (client.isTransaction) return inTransaction
  const connection = poolClient(client).connection
  if (connection.sticky) noteWrite(connection)
  return { connection, replica: -1 }
}

/**
 * Runs a knex query or raw query on the right host of `client`, maps driver
 * errors to Stratum's typed errors and, when debugging, emits `db:query`.
 * A read whose replica refused or lost the connection takes that replica
 * out of rotation and runs again on the next one, or on the write host.
 */
export async function runQuery<Result>(
  client: QueryRunnerContract,
  query: Knex.QueryBuilder | Knex.Raw,
  options: RunOptions
): Promise<Result> {
  ensureRunnable(client, options.write)
  if (client.isTransaction) return execute(client, query, options, inTransaction)
  const queryClient = poolClient(client)
  const connection = queryClient.connection
  const primary = queryClient.getWriteClient()
  if (options.write) {
    bind(query, primary)
    return execute(client, query, options, writeTarget(client))
  }
  let replica = readRoute(queryClient, connection, query, options)
  if (replica < 0) {
    bind(query, primary)
    return execute(client, query, options, { connection, replica })
  }
  const hosts = connection.readHosts!
  for (let attempt = 1; ; attempt++) {
    bind(query, replica < 0 ? primary : connection.readClients[replica])
    try {
      const result = await execute<Result>(client, query, options, { connection, replica })
      if (replica >= 0 && hosts.isUnhealthy(replica)) hosts.markUp(replica, client.emitter)
      return result
    } catch (error) {
      if (replica < 0 || !ReadHosts.isHostFailure(error)) throw error
      hosts.markDown(replica, error as Error, client.emitter)
      // each replica gets one try per read, then the write host answers
      replica = attempt < hosts.clients.length ? hosts.pick() : -1
    }
  }
}

/** Runs the bound query; reports it through `db:query` when debugging. */
function execute<Result>(
  client: QueryRunnerContract,
  query: Knex.QueryBuilder | Knex.Raw,
  options: RunOptions,
  target: Target
): Promise<Result> {
  return run(
    client,
    options,
    target,
    () => query as PromiseLike<Result>,
    () => query.toSQL() as Knex.Sql
  )
}

/**
 * Runs a write whose SQL is known (known_write.ts) on the write host or in
 * the transaction, with the checks, error mapping and reports of `runQuery`.
 */
export function runKnownWrite<Result>(
  client: QueryRunnerContract,
  write: KnownWrite,
  bindings: unknown[]
): Promise<Result> {
  ensureRunnable(client, true)
  return run(
    client,
    knownWriteOptions,
    writeTarget(client),
    () => runOnKnexClient<Result>(client.getWriteClient(), write, bindings),
    () => ({ sql: write.sql, bindings, method: write.method })
  )
}

const knownWriteOptions: RunOptions = { write: true }

/**
 * Awaits `query`, mapping a failure to Stratum's typed errors; when
 * debugging, reports it through `db:query` (its SQL read by `statement`).
 */
async function run<Result>(
  client: QueryRunnerContract,
  options: RunOptions,
  target: Target,
  query: () => PromiseLike<Result>,
  statement: () => { sql: string; bindings: readonly unknown[]; method?: string }
): Promise<Result> {
  // a builder's own choice (`debug(false)` included) wins over the connection's
  if (!(options.debug ?? client.debug)) {
    try {
      return await query()
    } catch (error) {
      throw failure(client, error)
    }
  }

  const start = process.hrtime()
  let failed: Error | undefined
  try {
    return await query()
  } catch (error) {
    failed = failure(client, error) as Error
    throw failed
  } finally {
    const { sql, bindings, method } = statement()
    client.emitter.emit('db:query', {
      connection: client.connectionName,
      sql,
      bindings,
      method: method ?? 'raw',
      inTransaction: client.isTransaction,
      duration: process.hrtime(start),
      host: hostOf(client, target),
      replica: target.replica >= 0,
      ...options.reporterData,
      ...(failed ? { error: failed } : {}),
    })
  }
}

/** `host:port` of the server that ran a query (the transaction's host inside one). */
function hostOf(client: QueryRunnerContract, target: Target): string | undefined {
  if (!target.connection) return (client as { host?: string }).host
  return target.replica < 0
    ? target.connection.primaryHost
    : target.connection.readHosts!.labels[target.replica]
}
