/**
 * Every error Stratum throws on purpose. Coded errors carry a stable `code`
 * (E_ROW_NOT_FOUND ...) and a message that says what to fix; driver errors
 * are mapped to the same typed classes on SQLite, PostgreSQL and MySQL.
 *
 * Naming rule: a class named `E_*` is Stratum refusing something itself (misuse,
 * a missing row, a bad config); its `code` is its name. A PascalCase class
 * (`UniqueViolation`, `ConnectionLost`, `DeadlockDetected` ...) is the database
 * or its driver refusing, mapped to one class on every dialect with the
 * driver's error as `cause`; its `code` is a literal `E_*` string. Every class
 * extends `StratumError`, and `code` is typed as its literal on each class.
 */
import type { AfterCommitHookError, ConnectionDetails } from './types/errors.js'

export interface StratumErrorOptions {
  cause?: unknown
  status?: number
}

/** Base class of every Stratum error. */
export class StratumError extends Error {
  /** Stable, machine readable error code. */
  declare code: string
  /** HTTP-ish status, kept for parity with Lucid's errors. */
  status: number

  constructor(message: string, options: StratumErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.status = options.status ?? 500
  }
}

/** An instance of a coded error: a `StratumError` whose `code` is one literal. */
export type CodedError<Code extends string> = StratumError & { code: Code }

/** The class `coded()` returns: `code` is readable on the class and on its instances. */
export interface CodedErrorClass<Code extends string> {
  new (message: string, options?: StratumErrorOptions): CodedError<Code>
  readonly code: Code
}

/** Defines a coded error class; `code` is readable on the class and on instances. */
function coded<Code extends string>(code: Code, status = 500): CodedErrorClass<Code> {
  return class extends StratumError {
    static readonly code = code
    declare code: Code
    constructor(message: string, options: StratumErrorOptions = {}) {
      super(message, { status, ...options })
      this.code = code
    }
  }
}

/** Where a missing row was looked for, when the query knows it. */
export interface RowNotFoundDetails {
  /** Name of the model class, for model queries. */
  model?: string
  /** Table the query read or wrote. */
  table?: string
}

/** No row matched a `firstOrFail`, `findOrFail`, `refresh` or an update by key. */
export class E_ROW_NOT_FOUND extends coded('E_ROW_NOT_FOUND', 404) {
  /** Name of the model class, when a model query failed. */
  readonly model?: string
  /** Table the query read or wrote, when known. */
  readonly table?: string

  constructor(message: string, details: RowNotFoundDetails = {}, options?: StratumErrorOptions) {
    super(message, options)
    this.model = details.model
    this.table = details.table
  }
}
export class E_MODEL_DELETED extends coded('E_MODEL_DELETED') {}
export class E_UNDEFINED_RELATIONSHIP extends coded('E_UNDEFINED_RELATIONSHIP') {}
export class E_INVALID_RELATION extends coded('E_INVALID_RELATION') {}
export class E_MISSING_MODEL_ATTRIBUTE extends coded('E_MISSING_MODEL_ATTRIBUTE') {}
export class E_INVALID_DATE_COLUMN_VALUE extends coded('E_INVALID_DATE_COLUMN_VALUE') {}
export class E_UNMANAGED_DB_CONNECTION extends coded('E_UNMANAGED_DB_CONNECTION') {}
export class E_INVALID_REPLICAS_CONFIG extends coded('E_INVALID_REPLICAS_CONFIG') {}
export class E_UNSUPPORTED_CLIENT extends coded('E_UNSUPPORTED_CLIENT') {}
export class E_UNABLE_ACQUIRE_LOCK extends coded('E_UNABLE_ACQUIRE_LOCK') {}
export class E_UNDEFINED_FACTORY_STATE extends coded('E_UNDEFINED_FACTORY_STATE') {}
export class E_UNDEFINED_FACTORY_RELATION extends coded('E_UNDEFINED_FACTORY_RELATION') {}
export class E_FACTORY_CYCLE extends coded('E_FACTORY_CYCLE') {}
export class E_UNSUPPORTED_FACTORY_RELATION extends coded('E_UNSUPPORTED_FACTORY_RELATION') {}
export class E_FACTORY_NOT_SOFT_DELETABLE extends coded('E_FACTORY_NOT_SOFT_DELETABLE') {}
export class E_FACTORY_MISSING_PERSIST extends coded('E_FACTORY_MISSING_PERSIST') {}
export class E_FACTORY_UNIQUE_EXHAUSTED extends coded('E_FACTORY_UNIQUE_EXHAUSTED') {}
export class E_UNKNOWN_FACTORY_LOCALE extends coded('E_UNKNOWN_FACTORY_LOCALE') {}
/** A factory callback returned something it may not (a promise, a non-builder). */
export class E_INVALID_FACTORY_CALLBACK extends coded('E_INVALID_FACTORY_CALLBACK') {}
/** A factory was asked for a number of rows that is not a whole number from 0 up. */
export class E_INVALID_FACTORY_COUNT extends coded('E_INVALID_FACTORY_COUNT') {}
/** A query ran on a transaction that was already committed or rolled back. */
export class E_TRANSACTION_COMPLETED extends coded('E_TRANSACTION_COMPLETED') {}
/**
 * A PostgreSQL transaction was asked to commit after one of its statements
 * failed (the error was caught): PostgreSQL had aborted it, and answers
 * COMMIT with a rollback. Nothing was committed; its rollback hooks ran.
 */
export class E_TRANSACTION_ABORTED extends coded('E_TRANSACTION_ABORTED') {}
export class E_READ_ONLY_CONNECTION extends coded('E_READ_ONLY_CONNECTION') {}
export class E_INVALID_QUERY extends coded('E_INVALID_QUERY') {}
/** A polymorphic type stored in a row (or asked for) that no model answers to. */
export class E_UNKNOWN_MORPH_TYPE extends coded('E_UNKNOWN_MORPH_TYPE') {}
/** A value the database cannot store as given (NUL on PostgreSQL, lone surrogates anywhere). */
export class E_INVALID_VALUE extends coded('E_INVALID_VALUE') {}
export class E_INVALID_MODEL_DEFINITION extends coded('E_INVALID_MODEL_DEFINITION') {}
export class E_MISSING_ADAPTER extends coded('E_MISSING_ADAPTER') {}
export class E_MISSING_SCHEMA_FILES extends coded('E_MISSING_SCHEMA_FILES') {}
export class E_INVALID_SCHEMA_FILE extends coded('E_INVALID_SCHEMA_FILE') {}
export class E_ROLLBACK_DISABLED extends coded('E_ROLLBACK_DISABLED') {}
export class E_DB_SERVICE_NOT_BOOTED extends coded('E_DB_SERVICE_NOT_BOOTED') {}
/**
 * Something that needs one server session for longer than a transaction,
 * asked of a connection behind a transaction pooler (`pgbouncer: true`, or
 * a session advisory lock released on another session).
 */
export class E_UNSUPPORTED_BY_POOLER extends coded('E_UNSUPPORTED_BY_POOLER') {}

export interface ConstraintDetails {
  table?: string
  constraint?: string
  columns?: string[]
}

/**
 * A constraint the database refused. The same class is thrown on every
 * dialect; the driver's own error stays reachable as `cause`.
 */
export class DatabaseConstraintError extends StratumError {
  declare code: string
  /** Table named by the driver, when it names one. */
  table?: string
  /** Constraint or index name, when the driver names one. */
  constraint?: string
  /** Columns involved, when the driver names them. */
  columns: string[]

  constructor(message: string, details: ConstraintDetails, cause: unknown) {
    super(message, { cause, status: 409 })
    this.table = details.table
    this.constraint = details.constraint
    this.columns = details.columns ?? []
  }
}

export class UniqueViolation extends DatabaseConstraintError {
  override code = 'E_UNIQUE_VIOLATION' as const
}
export class ForeignKeyViolation extends DatabaseConstraintError {
  override code = 'E_FOREIGN_KEY_VIOLATION' as const
}
export class NotNullViolation extends DatabaseConstraintError {
  override code = 'E_NOT_NULL_VIOLATION' as const
}
export class CheckViolation extends DatabaseConstraintError {
  override code = 'E_CHECK_VIOLATION' as const
}

/**
 * The database server could not be reached or dropped the connection. The
 * same classes are thrown on PostgreSQL and MySQL; the driver's error stays
 * reachable as `cause`. The pool discards the dead connection, so the next
 * query opens a fresh one once the server answers again.
 */
export class ConnectionError extends StratumError {
  declare code: string

  constructor(message: string, cause: unknown) {
    super(message, { cause, status: 503 })
  }
}

/** An open connection died (server restart, killed session, network cut). */
export class ConnectionLost extends ConnectionError {
  override code = 'E_CONNECTION_LOST' as const
}

/** No connection could be opened (server down, starting up, unreachable, or full). */
export class ConnectionRefused extends ConnectionError {
  override code = 'E_CONNECTION_REFUSED' as const
}

export type { ConnectionDetails }

/**
 * The server refused to log in: unknown user or role, wrong password, or
 * no right to the database (pg 28000/28P01, MySQL 1044/1045). Retrying
 * does not help: the connection config must change.
 */
export class AuthenticationFailed extends ConnectionError {
  override code = 'E_AUTHENTICATION_FAILED' as const

  constructor(
    message: string,
    readonly details: ConnectionDetails,
    cause: unknown
  ) {
    super(message, cause)
  }
}

/**
 * The database named in the config does not exist (pg 3D000, MySQL 1049),
 * or SQLite cannot open its file (a missing folder).
 */
export class UnknownDatabase extends ConnectionError {
  override code = 'E_UNKNOWN_DATABASE' as const

  constructor(
    message: string,
    readonly details: ConnectionDetails,
    cause: unknown
  ) {
    super(message, cause)
  }
}

/**
 * A query named a table the database does not have (SQLite "no such table",
 * pg 42P01, MySQL 1146): most often migrations that were not run, or a model
 * whose `static table` is wrong. The driver's error stays reachable as `cause`.
 */
export class UnknownTable extends StratumError {
  override code = 'E_UNKNOWN_TABLE' as const

  constructor(
    message: string,
    /** The table as the database named it (`comments`, `public.comments` ...). */
    readonly table: string,
    cause: unknown
  ) {
    super(message, { cause, status: 500 })
  }
}

/** A connection config that cannot work (a SQLite connection without `filename` ...). */
export class E_INVALID_CONNECTION_CONFIG extends coded('E_INVALID_CONNECTION_CONFIG') {}

/** A configured `migrations.paths` or `seeders.paths` folder that does not exist. */
export class E_MISSING_SOURCE_PATH extends coded('E_MISSING_SOURCE_PATH') {}
/** A seeder asked for by name (`db:seed --files`, the Japa plugin's `seed.files`) that no file has. */
export class E_UNKNOWN_SEEDER_FILE extends coded('E_UNKNOWN_SEEDER_FILE') {}

/** A connection's database driver (better-sqlite3, pg, mysql2) is not installed in the app. */
export class E_MISSING_DRIVER extends coded('E_MISSING_DRIVER') {}
/** A connection's database driver is installed but does not load (a native build for another Node.js ...). */
export class E_DRIVER_LOAD_FAILED extends coded('E_DRIVER_LOAD_FAILED') {}

/**
 * The database refused work because of concurrent work and kept none of it:
 * running the same transaction (or statement) again can succeed. `retryable`
 * is always true; the driver's error stays reachable as `cause`.
 */
export class TransactionConflict extends StratumError {
  declare code: string
  readonly retryable = true as const

  constructor(message: string, cause: unknown) {
    super(message, { cause, status: 409 })
  }
}

/**
 * The database chose this transaction as a deadlock victim (MySQL
 * ER_LOCK_DEADLOCK 1213, PostgreSQL deadlock_detected 40P01) and rolled it
 * back (pg: the transaction is aborted and rolls back when it ends).
 */
export class DeadlockDetected extends TransactionConflict {
  override code = 'E_DEADLOCK' as const
}

/**
 * SQLite's database file stayed locked by another connection or process for
 * the whole wait (SQLITE_BUSY, SQLITE_LOCKED). The statement did nothing.
 */
export class DatabaseBusy extends TransactionConflict {
  override code = 'E_DATABASE_BUSY' as const
}

/**
 * No connection of the pool became free within `acquireConnectionTimeout`
 * (knex's "Timeout acquiring a connection"), or, on SQLite, the write lock
 * of the file stayed held by another transaction of this process that long.
 */
export class AcquireConnectionTimeout extends StratumError {
  declare code: 'E_ACQUIRE_CONNECTION_TIMEOUT'

  constructor(message: string, cause?: unknown) {
    super(message, { cause, status: 503 })
    this.code = 'E_ACQUIRE_CONNECTION_TIMEOUT'
  }
}

/**
 * An `after('commit')` hook threw. The transaction IS committed (`committed`
 * is always true): `db.transaction()` resolves anyway and this error is
 * reported through the `db:after_commit:error` event (or `process.emitWarning`
 * when nobody listens). Never retry the transaction because of it.
 */
export class E_AFTER_COMMIT_HOOK_FAILED
  extends coded('E_AFTER_COMMIT_HOOK_FAILED')
  implements AfterCommitHookError
{
  readonly committed = true as const
}

/**
 * PostgreSQL could not run this transaction as if alone under REPEATABLE
 * READ or SERIALIZABLE isolation (serialization_failure 40001) and aborted
 * it: a concurrent transaction changed what it read or wrote.
 */
export class SerializationFailure extends TransactionConflict {
  override code = 'E_SERIALIZATION_FAILURE' as const
}

/**
 * A statement gave up on a row or table lock another transaction held:
 * MySQL ER_LOCK_WAIT_TIMEOUT (1205, after `innodb_lock_wait_timeout`) or
 * ER_LOCK_NOWAIT (3572), PostgreSQL lock_not_available (55P03, after
 * `lock_timeout` or with NOWAIT). The statement did nothing; MySQL keeps the
 * transaction open with its earlier work, PostgreSQL aborts it.
 */
export class LockTimeout extends TransactionConflict {
  override code = 'E_LOCK_TIMEOUT' as const
}
