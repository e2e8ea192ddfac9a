import type { Knex } from 'knex'
import type {
  DatabaseConfig,
  DatabaseEvents,
  DatabaseLogger,
  QueryClientContract,
  QueryClientMode,
  TransactionOptions,
  UntypedRow,
} from '../types/database.js'
import { ConnectionManager, type ConnectionNode } from './connection/manager.js'
import { stickyScope, usePrimary } from './connection/read_context.js'
import { Emitter } from './emitter.js'
import { prettyPrint } from './pretty_print.js'
import type { DatabaseQueryBuilderContract } from '../types/query_builder.js'
import type {
  InsertQueryBuilderContract,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReferenceBuilderContract,
} from '../types/query_values.js'
import { QueryClient } from './query_client.js'
import type { TransactionClient } from './transaction_client.js'

/** Which connection a shortcut (`db.query()`, `db.from()` ...) runs on. */
export interface ConnectionOptions {
  connection?: string
  mode?: 'read' | 'write'
  /**
   * Runs the query on this client, a transaction most often (Lucid's guide:
   * `db.query({ client: trx })`); `connection` and `mode` are then not read.
   */
  client?: QueryClientContract
}

type Bindings = Knex.RawBinding[] | Knex.ValueDict

/**
 * The entry point of the database layer: holds the named connections and
 * hands out query clients. Needs nothing but the config.
 *
 * @example
 * const db = new Database(defineConfig({ connection: 'sqlite', connections: { sqlite: {...} } }))
 * const users = await db.from('users').where('active', true)
 * await db.manager.closeAll()
 */
export class Database {
  /** The named connections. */
  readonly manager: ConnectionManager
  /** Name of the default connection. */
  readonly primaryConnectionName: string
  /** Emits `db:query` and connection events. */
  readonly emitter: Emitter<DatabaseEvents>
  /** Global transactions, by connection name (see `beginGlobalTransaction`). */
  readonly connectionGlobalTransactions = new Map<string, TransactionClient>()
  #prettyPrintListener?: (query: DatabaseEvents['db:query']) => void

  /**
   * Lucid's `new Database(config, logger, emitter)`. The logger receives knex's own log lines
   * (without one they become `process.emitWarning` warnings; lines about failures thrown as typed
   * errors are dropped); the emitter, when given, receives the events instead of a new one.
   */
  constructor(
    readonly config: DatabaseConfig,
    readonly logger?: DatabaseLogger,
    emitter: Emitter<DatabaseEvents> = new Emitter<DatabaseEvents>()
  ) {
    this.emitter = emitter
    this.manager = new ConnectionManager(this.emitter, logger)
    this.primaryConnectionName = config.connection
    for (const [name, connectionConfig] of Object.entries(config.connections)) {
      this.manager.add(name, connectionConfig)
    }
    if (config.prettyPrintDebugQueries) {
      this.#prettyPrintListener = (query) => prettyPrint(query)
      this.emitter.on('db:query', this.#prettyPrintListener)
    }
  }

  /**
   * Closes every connection: open transactions are rolled back and the pools
   * destroyed (`db.manager.closeAll()`). A script must call it before it ends
   * on PostgreSQL and MySQL, whose pooled sockets keep the process alive;
   * the Database stays usable, a later query reopens its connection.
   */
  async close(): Promise<void> {
    await this.manager.closeAll()
  }

  /** Listen to `db:query` and connection events. */
  on<Name extends keyof DatabaseEvents>(
    event: Name,
    listener: (payload: DatabaseEvents[Name]) => void
  ) {
    this.emitter.on(event, listener)
    return this
  }

  /** Listen to the next occurrence of an event. */
  once<Name extends keyof DatabaseEvents>(
    event: Name,
    listener: (payload: DatabaseEvents[Name]) => void
  ) {
    this.emitter.once(event, listener)
    return this
  }

  /** Stop listening. */
  off<Name extends keyof DatabaseEvents>(
    event: Name,
    listener: (payload: DatabaseEvents[Name]) => void
  ) {
    this.emitter.off(event, listener)
    return this
  }

  /** Prints a `db:query` payload as one readable line. */
  prettyPrint(query: DatabaseEvents['db:query']): void {
    prettyPrint(query)
  }

  /**
   * The query client of a connection (the primary one by default), opening
   * it on first use. Inside a global transaction, that transaction.
   */
  connection(
    name: string = this.primaryConnectionName,
    options: { mode?: 'read' | 'write' } = {}
  ): QueryClient | TransactionClient {
    const globalTrx = this.connectionGlobalTransactions.get(name)
    if (globalTrx && !globalTrx.isCompleted) return globalTrx
    // ended without us (committed by hand, or rolled back by closing the connection)
    if (globalTrx) this.connectionGlobalTransactions.delete(name)
    const connection = this.manager.open(name)
    const mode: QueryClientMode = options.mode ?? 'dual'
    return new QueryClient(mode, connection, this.emitter)
  }

  /**
   * Runs `fn` (one HTTP request, one job) in a read-your-writes context: once
   * a connection with `replicas.sticky` wrote inside it, that connection's
   * reads inside it go to the write host. Nested calls share the outer context.
   */
  stickyScope<Result>(fn: () => Result): Result {
    return stickyScope(fn)
  }

  /** Runs `fn` with every read of every connection going to the write host. */
  usePrimary<Result>(fn: () => Result): Result {
    return usePrimary(fn)
  }

  #client(options: ConnectionOptions = {}): QueryClientContract {
    if (options.client) return options.client
    return this.connection(options.connection, { mode: options.mode })
  }

  /** The manager's node of a connection (config, state, open Connection). */
  getRawConnection(name: string): ConnectionNode | undefined {
    return this.manager.get(name)
  }

  /** Query builder for selects, updates and deletes. */
  query<Row = UntypedRow>(options?: ConnectionOptions): DatabaseQueryBuilderContract<Row> {
    return this.#client(options).query<Row>()
  }

  /** `query().from(table)` on the primary connection. */
  from<Row = UntypedRow>(
    table: string | Record<string, string>
  ): DatabaseQueryBuilderContract<Row> {
    return this.#client().from<Row>(table)
  }

  /** Insert query builder for `table`. */
  table<Row = UntypedRow>(table: string): InsertQueryBuilderContract<Row> {
    return this.#client().table<Row>(table)
  }

  /** Query builder for inserts. */
  insertQuery<Row = UntypedRow>(options?: ConnectionOptions): InsertQueryBuilderContract<Row> {
    return this.#client(options).insertQuery<Row>()
  }

  /** Executable raw query; values go as bindings. */
  rawQuery<Result = any>(
    sql: string,
    bindings?: Bindings,
    options?: ConnectionOptions
  ): RawQueryBuilderContract<Result> {
    return this.#client(options).rawQuery<Result>(sql, bindings)
  }

  /** A bare knex query builder on the primary connection. */
  knexQuery(): Knex.QueryBuilder {
    return this.#client().knexQuery()
  }

  /** A bare knex raw query on the primary connection. */
  knexRawQuery(sql: string, bindings?: Bindings): Knex.Raw {
    return this.#client().knexRawQuery(sql, bindings)
  }

  /** A raw SQL fragment for use inside other queries. */
  raw(sql: string, bindings?: Bindings): RawBuilderContract {
    return this.#client().raw(sql, bindings)
  }

  /** A column reference for use inside other queries. */
  ref(reference: string): ReferenceBuilderContract {
    return this.#client().ref(reference)
  }

  /**
   * Starts a transaction on the primary connection: managed with a callback
   * (commit on return, rollback on throw), manual without one.
   */
  transaction(options?: TransactionOptions & { connection?: string }): Promise<TransactionClient>
  transaction<T>(
    callback: (trx: TransactionClient) => Promise<T>,
    options?: TransactionOptions & { connection?: string }
  ): Promise<T>
  transaction<T>(
    callbackOrOptions?:
      ((trx: TransactionClient) => Promise<T>) | (TransactionOptions & { connection?: string }),
    options?: TransactionOptions & { connection?: string }
  ): Promise<T | TransactionClient> {
    const settings = typeof callbackOrOptions === 'function' ? options : callbackOrOptions
    const client = this.connection(settings?.connection)
    if (typeof callbackOrOptions === 'function') {
      return client.transaction(
        callbackOrOptions as (trx: TransactionClient) => Promise<T>,
        settings
      )
    }
    return client.transaction(settings) as Promise<TransactionClient>
  }

  /**
   * Opens a transaction that every later `db.connection(name)` returns, so
   * queries, models and factories join it (test isolation).
   */
  async beginGlobalTransaction(
    name: string = this.primaryConnectionName,
    options?: TransactionOptions
  ): Promise<TransactionClient> {
    const existing = this.connectionGlobalTransactions.get(name)
    if (existing && !existing.isCompleted) return existing
    const trx = (await this.connection(name).transaction(options)) as TransactionClient
    this.connectionGlobalTransactions.set(name, trx)
    return trx
  }

  /** Commits the global transaction of a connection. */
  async commitGlobalTransaction(name: string = this.primaryConnectionName): Promise<void> {
    const trx = this.connectionGlobalTransactions.get(name)
    if (!trx) return
    this.connectionGlobalTransactions.delete(name)
    await trx.commit()
  }

  /** Rolls back the global transaction of a connection. */
  async rollbackGlobalTransaction(name: string = this.primaryConnectionName): Promise<void> {
    const trx = this.connectionGlobalTransactions.get(name)
    if (!trx) return
    this.connectionGlobalTransactions.delete(name)
    await trx.rollback()
  }
}
