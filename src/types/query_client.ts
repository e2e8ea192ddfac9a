/**
 * The query client as the query builders and the runner see it: where and
 * how a knex query runs (read or write host, dialect, events). It names no
 * builder class, so the builders depend on it without a cycle;
 * `QueryClientContract` (database.ts) adds the builder factories.
 */
import type { Knex } from 'knex'
import type { AfterCommitHookError, ConnectionDetails } from './errors.js'

/** The dialect families Stratum supports. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql'

/**
 * What `ifDialect()`/`unlessDialect()` take: Stratum's names, and Lucid's
 * (`sqlite3`, `better-sqlite3` and `libsql` are SQLite; the others never match).
 */
export type DialectMatch =
  DialectName | 'sqlite3' | 'better-sqlite3' | 'libsql' | 'mssql' | 'oracledb' | 'redshift'

/** Mode of a query client: `dual` reads from replicas and writes to the primary. */
export type QueryClientMode = 'read' | 'write' | 'dual'

/** Payload of the `db:query` event. */
export interface QueryEvent {
  connection: string
  sql: string
  bindings: readonly unknown[]
  /** Time the query took, as `[seconds, nanoseconds]` (process.hrtime). */
  duration?: [number, number]
  method: string
  inTransaction: boolean
  /** Model name, for queries issued by a model. */
  model?: string
  /** True for schema (DDL) statements. */
  ddl?: boolean
  /** Set when the query failed. */
  error?: Error
  /** The server that ran it: `host:port` of the write host or of a read replica (the file on SQLite). */
  host?: string
  /** True when a read replica ran it, false for the write host (and every query of a transaction). */
  replica?: boolean
}

/** Events emitted by `Database`. */
export interface DatabaseEvents {
  'db:query': QueryEvent
  /** `name` repeats `connection` for listeners written for Lucid, which get the Connection. */
  'db:connection:connect': { connection: string; name: string }
  /** `name` repeats `connection`, as for `db:connection:connect`. */
  'db:connection:disconnect': { connection: string; name: string }
  'db:connection:error': { connection: string; error: Error }
  /**
   * A read replica refused or lost a connection: it is out of rotation for
   * `retryInMs` (its reads go to the other replicas, or the write host), then tried again.
   */
  'db:replica:down': {
    connection: string
    host: string
    error: Error
    /** Failures in a row; the back-off doubles with each. */
    failures: number
    retryInMs: number
  }
  /** A replica that was down served a read again: it is back in rotation. */
  'db:replica:up': { connection: string; host: string }
  /** An `after('commit')` hook threw; the transaction was committed all the same. */
  'db:after_commit:error': { connection: string; error: AfterCommitHookError }
}

/** A typed event emitter (`Emitter` implements it): events and payloads known at compile time. */
export interface EmitterContract<Events extends object> {
  /** Listen to every occurrence of `event`. */
  on<Name extends keyof Events & string>(
    event: Name,
    listener: (payload: Events[Name]) => void
  ): this
  /** Listen to the next occurrence of `event` only. */
  once<Name extends keyof Events & string>(
    event: Name,
    listener: (payload: Events[Name]) => void
  ): this
  /** Stop listening. */
  off<Name extends keyof Events & string>(
    event: Name,
    listener: (payload: Events[Name]) => void
  ): this
  /** Emit an event to its listeners. */
  emit<Name extends keyof Events & string>(event: Name, payload: Events[Name]): boolean
  /** True when somebody listens to `event`: lets hot paths skip building payloads. */
  hasListeners(event: keyof Events & string): boolean
  /** Remove every listener (of one event, or all). */
  clearListeners(event?: keyof Events & string): void
}

/** What the query builders and the manager need from a query client. */
export interface DialectContract {
  readonly name: DialectName
  /** `INSERT ... RETURNING` is available. */
  readonly supportsReturning: boolean
  /** Lucid's name for `supportsReturning`. */
  readonly supportsReturningStatement: boolean
  /** Session level advisory locks are available. */
  readonly supportsAdvisoryLocks: boolean
  /** Most bindings one statement may carry. */
  readonly maxBindings: number
  /** Format luxon uses to write a DateTime column. */
  readonly dateTimeFormat: string
  /**
   * Turns a driver error into a typed Stratum error, or returns it unchanged.
   * `details` tells where the connection was going, when the error came
   * while opening it; errors Stratum mapped already are returned as they are.
   */
  mapError(error: unknown, details?: ConnectionDetails): unknown
  /**
   * Names of the user tables of the current database; PostgreSQL: of
   * `schemas`, by default the current schema (the other dialects ignore it).
   */
  getAllTables(client: Knex | Knex.Transaction, schemas?: string[]): Promise<string[]>
  /** Drops every user table of `schemas` (as above) but `ignore` (`db:wipe`, `dropAllTables()`). */
  dropAllTables(
    client: Knex | Knex.Transaction,
    ignore?: readonly string[],
    schemas?: string[]
  ): Promise<void>
  /** Empties a table; `cascade` follows foreign keys where the dialect can. */
  truncate(client: Knex | Knex.Transaction, table: string, cascade?: boolean): Promise<void>
}

/** What a query builder needs from the client it runs on (pool or transaction). */
export interface QueryRunnerContract {
  readonly connectionName: string
  readonly mode: QueryClientMode
  readonly isTransaction: boolean
  readonly dialect: DialectContract
  /** Report every query of this client through `db:query`. */
  readonly debug: boolean
  readonly emitter: EmitterContract<DatabaseEvents>
  /** Knex instance selects run on (a read replica in `dual` mode). */
  getReadClient(): Knex | Knex.Transaction
  /** Knex instance writes run on. */
  getWriteClient(): Knex | Knex.Transaction
  /** A bare knex query builder bound to this client. */
  knexQuery(): Knex.QueryBuilder
  /** A bare knex raw query bound to this client. */
  knexRawQuery(sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict): Knex.Raw
}

/** What a query builder needs from a transaction it is moved into (`useTransaction`). */
export interface TransactionRunnerContract extends QueryRunnerContract {
  readonly isTransaction: true
  readonly knexClient: Knex.Transaction
  /** True once committed or rolled back: queries are refused. */
  readonly isCompleted: boolean
}
