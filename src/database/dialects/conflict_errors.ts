/**
 * Typed errors of work the database refused because of concurrent work:
 * nothing of it was kept, and running it again can succeed.
 */
import {
  DatabaseBusy,
  DeadlockDetected,
  LockTimeout,
  SerializationFailure,
  type TransactionConflict,
} from '../../errors.js'

function driverMessage(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, '')
}

/** MySQL ER_LOCK_DEADLOCK (1213), PostgreSQL deadlock_detected (40P01). */
export function isDeadlock(error: unknown): boolean {
  const { errno, code } = (error ?? {}) as { errno?: unknown; code?: unknown }
  return errno === 1213 || code === '40P01'
}

/** The typed error of a deadlock victim, saying what happened to its transaction. */
export function deadlockError(cause: unknown): DeadlockDetected {
  return new DeadlockDetected(
    `Deadlock: ${driverMessage(cause)}. The database rolled this transaction back (PostgreSQL ` +
      'aborts it until it ends) because another transaction waited for its locks while it ' +
      'waited for theirs. Run the whole transaction again; taking row locks in the same order ' +
      'everywhere (e.g. by primary key) makes this rarer.',
    cause
  )
}

/** PostgreSQL serialization_failure (40001); MySQL's 40001 deadlocks are isDeadlock. */
export function isSerializationFailure(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '40001'
}

/** MySQL ER_LOCK_WAIT_TIMEOUT (1205) and ER_LOCK_NOWAIT (3572), PostgreSQL lock_not_available (55P03). */
export function isLockTimeout(error: unknown): boolean {
  const { errno, code } = (error ?? {}) as { errno?: unknown; code?: unknown }
  return errno === 1205 || errno === 3572 || code === '55P03'
}

/** The typed error of a deadlock, serialization failure or lock timeout, else undefined. */
export function conflictError(error: unknown): TransactionConflict | undefined {
  if (isDeadlock(error)) return deadlockError(error)
  if (isSerializationFailure(error)) {
    return new SerializationFailure(
      `Serialization failure: ${driverMessage(error)}. PostgreSQL aborted this transaction ` +
        '(REPEATABLE READ or SERIALIZABLE isolation) because a concurrent transaction changed ' +
        'rows it read or wrote, so the two could not run as if one after the other. Run the ' +
        'whole transaction again.',
      error
    )
  }
  if (isLockTimeout(error)) {
    const pg = (error as { code?: unknown }).code === '55P03'
    return new LockTimeout(
      `Lock not available: ${driverMessage(error)}. Another transaction held a lock this ` +
        'statement needed for longer than the lock timeout (MySQL innodb_lock_wait_timeout, ' +
        'PostgreSQL lock_timeout), or the statement asked not to wait (NOWAIT). The statement ' +
        'did nothing; ' +
        (pg
          ? 'PostgreSQL aborted the transaction. '
          : 'MySQL keeps the transaction open with its earlier work: roll it back. ') +
        'Run the whole transaction again, or find the transaction that holds the lock so long.',
      error
    )
  }
  return undefined
}

/** The typed error of SQLITE_BUSY that outlasted Stratum's waits. */
export function busyError(cause: unknown): DatabaseBusy {
  return new DatabaseBusy(
    `SQLite database is locked: ${driverMessage(cause)}. Another connection or process held ` +
      'the file for the whole wait (connection.options.timeout, 5000 ms by default); transactions ' +
      'of this process queue for it without this error. Run the statement or transaction again, ' +
      "or keep the other writer's transactions short.",
    cause
  )
}
