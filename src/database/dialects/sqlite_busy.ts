/**
 * Waiting for a locked SQLite database without blocking the event loop.
 * Stratum's connections run with `busy_timeout = 0`: better-sqlite3 would
 * otherwise spin inside the driver call for the whole timeout (5 s), during
 * which no other callback of the process runs, including the one that would
 * release the lock. A statement that meets SQLITE_BUSY did nothing, so it
 * is run again here: after the in-process write lock when a transaction of
 * this process holds the file, else (another process writes) after short
 * asynchronous sleeps, for at most the busy timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { lockTimeout, writeLockOf } from './sqlite_write_lock.js'

/** better-sqlite3's default busy timeout, kept as the budget of the asynchronous waits. */
export const defaultBusyTimeout = 5000

/** The part of better-sqlite3's Database this needs. */
export interface RawSqliteConnection {
  readonly inTransaction: boolean
  readonly readonly: boolean
  exec(sql: string): unknown
  pragma(sql: string): unknown
  __knex__disposed?: unknown
}

/** What the retry needs from the knex client (also a transaction's copy of it). */
export interface BusyContext {
  /** Set on a transaction's copy of the client: its statements run under the lock already. */
  transacting?: boolean
  config: { acquireConnectionTimeout?: number }
  connectionSettings: { filename?: string; options?: { timeout?: number } }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT ...), SQLITE_LOCKED. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')
}

/** How long a statement may wait for another process: `connection.options.timeout`, else 5 s. */
export function busyTimeout(context: BusyContext): number {
  const timeout = context.connectionSettings.options?.timeout
  return typeof timeout === 'number' && timeout >= 0 ? timeout : defaultBusyTimeout
}

/** The in-process wait of a transaction or queued statement, as knex's pool waits. */
export function lockWaitTimeout(context: BusyContext): number {
  return context.config.acquireConnectionTimeout ?? 60_000
}

/**
 * Runs `run` again until it stops meeting SQLITE_BUSY, and rethrows the
 * last busy error once the wait is over. `connection` is the one `run`
 * uses: a statement outside a transaction queues for the file's write
 * lock when a transaction of this process holds it (a transaction's own
 * statements, BEGIN included, run under that lock already).
 */
export async function retryBusy<T>(
  context: BusyContext,
  connection: RawSqliteConnection,
  firstError: unknown,
  run: () => Promise<T>
): Promise<T> {
  const filename = context.connectionSettings.filename
  const lock = writeLockOf(filename, context)
  if (!context.transacting && !connection.inTransaction && lock.isHeld) {
    const timeout = lockWaitTimeout(context)
    const release = await lock.acquire(timeout, () => lockTimeout(filename, timeout))
    try {
      return await retryAfterSleeps(context, firstError, run)
    } finally {
      release()
    }
  }
  return retryAfterSleeps(context, firstError, run)
}

async function retryAfterSleeps<T>(
  context: BusyContext,
  firstError: unknown,
  run: () => Promise<T>
): Promise<T> {
  const deadline = Date.now() + busyTimeout(context)
  let error = firstError
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await run()
    } catch (failure) {
      if (!isBusy(failure)) throw failure
      error = failure
    }
    const left = deadline - Date.now()
    if (left <= 0) throw error
    await sleep(Math.min(pause, left))
  }
}
