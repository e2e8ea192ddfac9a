import type { Knex } from 'knex'
import { E_INVALID_QUERY, E_READ_ONLY_CONNECTION } from '../errors.js'
import type {
  DatabaseEvents,
  EmitterContract,
  QueryClientMode,
  TransactionOptions,
} from '../types/database.js'
import { BaseClient } from './base_client.js'
import type { Connection } from './connection/connection.js'
import { noteWrite } from './connection/read_context.js'
import { runManaged } from './managed_transaction.js'
import { TransactionClient } from './transaction_client.js'

const isolationLevels = ['read uncommitted', 'read committed', 'repeatable read', 'serializable']

/**
 * Refuses an isolation level the dialect has not, before BEGIN: `snapshot`
 * (SQL Server's, in Lucid's type) made PostgreSQL's BEGIN fail behind a
 * transaction reported as completed, and MySQL answer with a parse error.
 */
function ensureIsolationLevel(level: string | undefined, dialect: string) {
  if (level === undefined || dialect === 'sqlite' || isolationLevels.includes(level)) return
  throw new E_INVALID_QUERY(
    `Isolation level "${level}" is not available on ${dialect}. Use one of: ` +
      `${isolationLevels.join(', ')} (PostgreSQL's "repeatable read" is snapshot isolation)`
  )
}

const postgisTables: readonly string[] = ['spatial_ref_sys']

/**
 * Tables `dropAllTables()` and `db:wipe` keep: `wipe.ignoreTables`, by default
 * PostGIS's `spatial_ref_sys` on PostgreSQL (its extension owns it), as in Lucid.
 */
function wipeIgnoreTables(connection: Connection): readonly string[] {
  const configured = connection.config.wipe?.ignoreTables
  if (configured) return configured
  return connection.dialect.name === 'postgres' ? postgisTables : []
}

/**
 * The client of one named connection. In `dual` mode (the default) selects
 * go to a read replica and writes to the primary; `read` and `write` pin
 * every query to one side.
 */
export class QueryClient extends BaseClient {
  readonly isTransaction = false as const

  constructor(
    readonly mode: QueryClientMode,
    readonly connection: Connection,
    emitter: EmitterContract<DatabaseEvents>
  ) {
    super(connection.name, connection.dialect, emitter, connection.config.debug === true)
    this.wipeIgnoreTables = wipeIgnoreTables(connection)
  }

  /** True behind a transaction pooler (`pgbouncer: true`). */
  get pooled(): boolean {
    return this.connection.pooled
  }

  /** The knex instance selects run on. */
  getReadClient(): Knex {
    return this.mode === 'write' ? this.connection.getClient() : this.connection.getReadClient()
  }

  /** The knex instance writes run on. */
  getWriteClient(): Knex {
    return this.connection.getClient()
  }

  /**
   * Read mode refuses what would write through the write host: a transaction,
   * the schema builder, dropping and truncating tables (as Lucid, whose read
   * client has no write client). Queries are refused when they run (query_runner.ts).
   */
  protected override ensureWritable(action: string): void {
    if (this.mode !== 'read') return
    throw new E_READ_ONLY_CONNECTION(
      `Connection "${this.connectionName}" was opened in read mode and cannot ${action}. ` +
        'Use db.connection(name) or { mode: "write" } for it.'
    )
  }

  /**
   * Starts a transaction on the write host. With a callback it commits when
   * the callback resolves and rolls back when it throws; without one it
   * returns the transaction for manual `commit()`/`rollback()`.
   */
  transaction(options?: TransactionOptions): Promise<TransactionClient>
  transaction<T>(
    callback: (trx: TransactionClient) => Promise<T>,
    options?: TransactionOptions
  ): Promise<T>
  async transaction<T>(
    callbackOrOptions?: ((trx: TransactionClient) => Promise<T>) | TransactionOptions,
    options?: TransactionOptions
  ): Promise<T | TransactionClient> {
    const callback = typeof callbackOrOptions === 'function' ? callbackOrOptions : undefined
    const config: TransactionOptions =
      (callback ? options : (callbackOrOptions as TransactionOptions)) ?? {}
    this.ensureWritable('start a transaction')
    ensureIsolationLevel(config.isolationLevel, this.dialect.name)
    let knexTrx: Knex.Transaction
    try {
      knexTrx = await this.getWriteClient().transaction({
        ...(config.isolationLevel && this.dialect.name !== 'sqlite'
          ? { isolationLevel: config.isolationLevel }
          : {}),
        ...(config.readOnly ? { readOnly: true } : {}),
      })
    } catch (error) {
      throw this.dialect.mapError(error)
    }
    const trx = new TransactionClient(
      knexTrx,
      this.connectionName,
      this.dialect,
      this.emitter,
      this.debug
    )
    // SQLite has no read-only BEGIN: the connection refuses writes until the transaction ends
    if (config.readOnly && this.dialect.name === 'sqlite') await trx.refuseWritesUntilEnd()
    trx.host = this.connection.primaryHost
    trx.wipeIgnoreTables = this.wipeIgnoreTables
    trx.pooled = this.connection.pooled
    this.connection.trackTransaction(trx, knexTrx.executionPromise)
    // a transaction may write: later reads of a sticky context go to the primary
    if (this.connection.sticky && !config.readOnly) noteWrite(this.connection)
    return callback ? runManaged(trx, callback) : trx
  }
}
