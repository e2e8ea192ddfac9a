/**
 * knex's SQLite transaction, made safe with a pool of several connections:
 * an outermost transaction first queues for the file's write lock (see
 * sqlite_write_lock.ts), then begins with `BEGIN IMMEDIATE`, which takes
 * SQLite's own write lock at once, where waiting for another process is
 * still possible, instead of at its first write, where it could only fail.
 * And a connection never goes back to the pool inside a transaction: knex
 * releases it even when COMMIT failed, and every later query on it would
 * then run in that transaction (and keep the file locked).
 */
import { createRequire } from 'node:module'
import { lockWaitTimeout, type BusyContext, type RawSqliteConnection } from './sqlite_busy.js'
import { lockTimeout, writeLockOf } from './sqlite_write_lock.js'

const require = createRequire(import.meta.url)

/** The parts of knex's Transaction this needs (knex ships no typings for them). */
interface KnexTransactionInternals {
  client: BusyContext & { transacting?: boolean }
  readOnly?: boolean
  acquireConnection(
    config: unknown,
    callback: (conn: unknown) => Promise<unknown>
  ): Promise<unknown>
  query(conn: unknown, sql: string): Promise<unknown>
}

const SqliteTransaction =
  require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as new (
    ...args: unknown[]
  ) => KnexTransactionInternals

/** Rolls back a transaction knex left open on `conn`, or has the pool discard `conn`. */
function endLeftoverTransaction(conn: RawSqliteConnection) {
  if (!conn.inTransaction) return
  try {
    conn.exec('ROLLBACK')
  } catch (error) {
    // knex's pool destroys a connection marked this way instead of lending it again
    conn.__knex__disposed = error
  }
}

export class StratumSqliteTransaction extends SqliteTransaction {
  async acquireConnection(config: unknown, callback: (conn: unknown) => Promise<unknown>) {
    // a savepoint runs on its parent's connection, under its parent's lock
    if (this.client.transacting) return super.acquireConnection(config, callback)
    const filename = this.client.connectionSettings.filename
    const timeout = lockWaitTimeout(this.client)
    const release = await writeLockOf(filename, this.client).acquire(timeout, () =>
      lockTimeout(filename, timeout)
    )
    try {
      return await super.acquireConnection(config, async (conn) => {
        try {
          return await callback(conn)
        } finally {
          endLeftoverTransaction(conn as RawSqliteConnection)
        }
      })
    } finally {
      release()
    }
  }

  begin(conn: unknown) {
    // a read-only transaction (or file) takes no write lock; SQLite has no isolation levels
    const readOnly = this.readOnly || (conn as RawSqliteConnection).readonly
    return this.query(conn, readOnly ? 'BEGIN;' : 'BEGIN IMMEDIATE;')
  }
}
