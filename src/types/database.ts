/**
 * Public contracts of the database layer: the config shape (Lucid's
 * `defineConfig` shape, so a Lucid `config/database.ts` can be pasted),
 * the query event and the transaction options.
 */
import type { Knex } from 'knex'
import type { UntypedRow } from './rows.js'
import type { DialectContract, QueryEvent, QueryRunnerContract } from './query_client.js'
import type { SourceFile } from './migrator.js'
import type { DatabaseQueryBuilderContract } from './query_builder.js'
import type {
  InsertQueryBuilderContract,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReferenceBuilderContract,
} from './query_values.js'

export type { UntypedRow }
export type * from './query_client.js'

/** Isolation levels accepted by `db.transaction(cb, { isolationLevel })`. */
export type IsolationLevels =
  'read uncommitted' | 'read committed' | 'snapshot' | 'repeatable read' | 'serializable'

/** Options for `db.transaction()`. */
export interface TransactionOptions {
  isolationLevel?: IsolationLevels
  readOnly?: boolean
}

/** Migrations settings of one connection (used by the migrator). */
export interface MigratorConfig {
  paths?: string[]
  tableName?: string
  disableTransactions?: boolean
  disableRollbacksInProduction?: boolean
  naturalSort?: boolean
}

/** Seeders settings of one connection. */
export interface SeedersConfig {
  paths?: string[]
}

/** Settings every dialect shares. */
export interface SharedConfigNode {
  /** Report every query of this connection through the `db:query` event. */
  debug?: boolean
  useNullAsDefault?: boolean
  asyncStackTraces?: boolean
  pool?: Knex.PoolConfig
  migrations?: MigratorConfig
  seeders?: SeedersConfig
  wipe?: { ignoreTables?: string[] }
  /** Passed to knex as is. */
  wrapIdentifier?: Knex.Config['wrapIdentifier']
  postProcessResponse?: Knex.Config['postProcessResponse']
  /** Any other knex option. */
  [key: string]: unknown
}

/**
 * Read/write replicas: selects go to the read hosts in turn, writes to the
 * write host (docs/scaling.md).
 */
export interface ReplicasConfig<Connection> {
  write: { connection: Connection; pool?: Knex.PoolConfig }
  read: { connection: Connection[]; pool?: Knex.PoolConfig }
  /**
   * Read your writes: inside `db.stickyScope()`, once the connection wrote,
   * its reads go to the write host (Laravel's `sticky`). Default false.
   */
  sticky?: boolean
  /** Ms a replica that refused or lost a connection stays out of rotation (doubled per failure in a row). Default 1000. */
  retryAfter?: number
  /** Longest back-off of a failing replica, ms. Default 30000. */
  maxRetryAfter?: number
}

/**
 * better-sqlite3's own options; `timeout` (ms, default 5000) bounds how long a
 * write waits for another process holding the file's lock.
 */
export type SqliteDriverOptions = NonNullable<Knex.BetterSqlite3ConnectionConfig['options']> & {
  timeout?: number
}

export interface SqliteConfig extends SharedConfigNode {
  client: 'sqlite' | 'sqlite3' | 'better-sqlite3'
  connection: Omit<Knex.BetterSqlite3ConnectionConfig, 'options'> & {
    options?: SqliteDriverOptions
    [key: string]: unknown
  }
  replicas?: ReplicasConfig<Partial<Knex.BetterSqlite3ConnectionConfig>>
  /** Turn SQLite's foreign key enforcement on for every connection (default true). */
  foreignKeys?: boolean
}

export interface PostgreConfig extends SharedConfigNode {
  client: 'pg' | 'postgres' | 'postgresql'
  version?: string
  searchPath?: string | string[]
  connection?: string | Knex.PgConnectionConfig
  replicas?: ReplicasConfig<Knex.PgConnectionConfig>
  /**
   * The connection goes through PgBouncer (or another pooler) in transaction
   * pooling: the migration lock becomes a transaction-scoped advisory lock,
   * and what needs one session across transactions is refused (docs/scaling.md).
   */
  pgbouncer?: boolean
}

export interface MysqlConfig extends SharedConfigNode {
  client: 'mysql' | 'mysql2'
  version?: string
  connection?: string | Knex.MySql2ConnectionConfig
  replicas?: ReplicasConfig<Knex.MySql2ConnectionConfig>
}

/** Config of one named connection. */
export type ConnectionConfig = SqliteConfig | PostgreConfig | MysqlConfig

/** The whole database config, as given to `defineConfig`. */
export interface DatabaseConfig {
  /** Name of the default connection. */
  connection: string
  connections: Record<string, ConnectionConfig>
  /** Print every debug query as a readable line on stdout. */
  prettyPrintDebugQueries?: boolean
}

/**
 * Where Stratum sends knex's own log lines (`new Database(config, logger)`):
 * AdonisJS's logger, pino or `console` fit. Without one, knex's warnings
 * become `process.emitWarning` warnings.
 */
export interface DatabaseLogger {
  warn(message: string): void
  error(message: string): void
  /** Lines about failures already thrown as typed errors (a refused connection ...). */
  debug?(message: string): void
}

/**
 * What query builders need from the client they run on: a plain
 * `QueryClient` (pool) or a `TransactionClient` (one connection).
 */
export interface QueryClientContract extends QueryRunnerContract {
  /** knex's schema builder on the write side (Lucid's `client.schema`). */
  readonly schema: Knex.SchemaBuilder
  /** Query builder for selects, updates and deletes. */
  query<Row = UntypedRow>(): DatabaseQueryBuilderContract<Row>
  /** Query builder for inserts. */
  insertQuery<Row = UntypedRow>(): InsertQueryBuilderContract<Row>
  /** Executable raw query. */
  rawQuery<Result = any>(
    sql: string,
    bindings?: Knex.RawBinding[] | Knex.ValueDict
  ): RawQueryBuilderContract<Result>
  /** `query().from(table)`. */
  from<Row = UntypedRow>(table: string | Record<string, string>): DatabaseQueryBuilderContract<Row>
  /** `insertQuery().table(table)`. */
  table<Row = UntypedRow>(table: string): InsertQueryBuilderContract<Row>
  /** A raw SQL fragment for use inside queries. */
  raw(sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict): RawBuilderContract
  /** A column reference for use inside queries. */
  ref(reference: string): ReferenceBuilderContract
  /** Empties a table; `cascade` follows foreign keys where the dialect can. */
  truncate(table: string, cascade?: boolean): Promise<void>
  /** Column info of a table (knex's columnInfo). */
  columnsInfo(table: string, column?: string): Promise<Record<string, Knex.ColumnInfo>>
  /** Names of the user tables; PostgreSQL: of `schemas` (default: the current schema). */
  getAllTables(schemas?: string[]): Promise<string[]>
  /** Drops every user table (PostgreSQL: of `schemas`) but the connection's `wipe.ignoreTables`. */
  dropAllTables(schemas?: string[]): Promise<void>
  /** Names of the views; PostgreSQL: of `schemas`. */
  getAllViews(schemas?: string[]): Promise<string[]>
  /** Drops every view; PostgreSQL: of `schemas`. */
  dropAllViews(schemas?: string[]): Promise<void>
  /** PostgreSQL only: custom enum and composite types of `schemas`. */
  getAllTypes(schemas?: string[]): Promise<string[]>
  /** PostgreSQL only: drops the custom enum and composite types of `schemas`. */
  dropAllTypes(schemas?: string[]): Promise<void>
  /** PostgreSQL only: domains of `schemas`. */
  getAllDomains(schemas?: string[]): Promise<string[]>
  /** PostgreSQL only: drops the domains of `schemas`. */
  dropAllDomains(schemas?: string[]): Promise<void>
  /** Starts a transaction (a savepoint when this client is a transaction). */
  transaction(options?: TransactionOptions): Promise<TransactionClientContract>
  transaction<T>(
    callback: (trx: TransactionClientContract) => Promise<T>,
    options?: TransactionOptions
  ): Promise<T>
}

/** A transaction: a query client bound to one connection, with commit and rollback. */
export interface TransactionClientContract extends QueryClientContract {
  readonly isTransaction: true
  readonly knexClient: Knex.Transaction
  readonly isCompleted: boolean
  commit(): Promise<void>
  rollback(): Promise<void>
  on(event: 'commit' | 'rollback', handler: (trx: TransactionClientContract) => void): this
  once(event: 'commit' | 'rollback', handler: (trx: TransactionClientContract) => void): this
  off(event: 'commit' | 'rollback', handler: (trx: TransactionClientContract) => void): this
  listenerCount(event: 'commit' | 'rollback'): number
  /** Runs `handler` after the outermost transaction commits (or after this one rolls back). */
  after(event: 'commit' | 'rollback', handler: () => void | Promise<void>): this
}

/** `transaction(callback, options?)` or `transaction(options?)` of a query client. */
export interface TransactionFn {
  <T>(
    callback: (trx: TransactionClientContract) => Promise<T>,
    options?: TransactionOptions
  ): Promise<T>
  (options?: TransactionOptions): Promise<TransactionClientContract>
}

/** Options of `db.connection(name, options)`: pin the client to the write or the read hosts. */
export interface DatabaseClientOptions {
  mode?: 'read' | 'write'
}

/** Lucid's name for the payload of the `db:query` event. */
export type DbQueryEventNode = QueryEvent

/** A migration or seeder file found on disk (Lucid's `FileNode`; Stratum imports it itself). */
export type FileNode<_Source = unknown> = SourceFile

/** One named connection: its knex instances, opened lazily (`db.manager.get(name)?.connection`). */
export interface ConnectionContract {
  readonly name: string
  readonly config: ConnectionConfig
  readonly dialect: DialectContract
  /** Knex instance writes (and, without replicas, reads) go through; set once connected. */
  client?: Knex
  /** One knex instance per read replica. */
  readClients: Knex[]
  /** True when reads and writes go to different hosts. */
  readonly hasReadWriteReplicas: boolean
  /** True once `connect()` ran and `disconnect()` has not. */
  readonly isReady: boolean
  /** Creates the knex instances (no server is touched until the first query). */
  connect(): void
  /** Destroys the knex instances, rolling back transactions left open. */
  disconnect(): Promise<void>
}

/** What the connection manager knows of one named connection. */
export interface ConnectionNode {
  name: string
  config: ConnectionConfig
  /** Created on first use; kept, disconnected, after a close. */
  connection?: ConnectionContract
  state: 'registered' | 'open' | 'closed'
}

/** The named connections of a `Database` (`db.manager`). */
export interface ConnectionManagerContract {
  readonly connections: Map<string, ConnectionNode>
  /** Registers a connection config; a taken name is kept. */
  add(name: string, config: ConnectionConfig): void
  /** Opens a registered connection. */
  connect(name: string): void
  get(name: string): ConnectionNode | undefined
  has(name: string): boolean
  isConnected(name: string): boolean
  /** Replaces the config of a connection, closing it first. */
  patch(name: string, config: ConnectionConfig): Promise<void>
  /** Closes a connection; `release` also forgets its config. */
  close(name: string, release?: boolean): Promise<void>
  closeAll(release?: boolean): Promise<void>
  release(name: string): Promise<void>
}
