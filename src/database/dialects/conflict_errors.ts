/**
 * Typed errors of work the database refused because of concurrent work:
 * nothing of it was kept, and running it again can succeed.
 */
import { DatabaseBusy, DeadlockDetected } from '../../errors.js'

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
