import type { Knex } from 'knex'
import { isPooled } from '../database/connection/pooler.js'
import { E_UNSUPPORTED_BY_POOLER } from '../errors.js'
import type { QueryClientContract } from '../types/database.js'

/** A lock that keeps two migrators off the same schema table. */
export interface MigrationLock {
  /** True when the lock was taken, false when somebody holds it. */
  acquire(): Promise<boolean>
  release(): Promise<void>
}

/** FNV-1a of `text` as a signed 32 bit integer (pg advisory lock keys are numbers). */
function hashKey(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash | 0
}

interface PoolClient {
  acquireConnection(): Promise<unknown>
  releaseConnection(connection: unknown): Promise<void>
}

const rowsOf = (result: any): Record<string, unknown>[] =>
  Array.isArray(result) ? result[0] : result.rows

/** True for a lock function's answer: pg's boolean, MySQL's 1. */
const isTrue = (value: unknown) => value === true || Number(value) === 1

/**
 * A session level advisory lock. Session locks belong to one connection,
 * so the lock holds a pool connection of its own until released.
 */
function advisoryLock(
  knex: Knex,
  statements: { lock: string; unlock: string; key: string | number },
  connectionName: string
) {
  let connection: unknown
  const knexClient = knex.client as PoolClient

  return {
    async acquire() {
      connection = await knexClient.acquireConnection()
      try {
        const result = await knex.raw(statements.lock, [statements.key]).connection(connection)
        if (isTrue(rowsOf(result)[0]?.locked)) return true
      } catch (error) {
        await this.release()
        throw error
      }
      await knexClient.releaseConnection(connection)
      connection = undefined
      return false
    },
    async release() {
      if (connection === undefined) return
      const held = connection
      connection = undefined
      let result: unknown
      try {
        result = await knex.raw(statements.unlock, [statements.key]).connection(held)
      } finally {
        await knexClient.releaseConnection(held)
      }
      if (isTrue(rowsOf(result)[0]?.unlocked)) return
      // another server session answered: a transaction pooler, which leaves the lock held
      throw new E_UNSUPPORTED_BY_POOLER(
        `The migration lock of connection "${connectionName}" was taken on one server session ` +
          'and could not be released on the next: the connection goes through a transaction ' +
          'pooler (PgBouncer pool_mode = transaction?). Set "pgbouncer: true" on the connection ' +
          'for a lock that works there; the lock left behind ends with its server session'
      )
    },
  }
}

/**
 * A transaction-scoped advisory lock for connections behind a transaction
 * pooler: session locks would stay on whichever server session ran them.
 * The lock's own connection keeps a transaction open until release, which
 * pins one server session for that long; COMMIT releases the lock.
 */
function transactionLock(knex: Knex, key: number): MigrationLock {
  let connection: unknown
  const knexClient = knex.client as PoolClient
  const run = (sql: string, bindings: number[] = []) =>
    knex.raw(sql, bindings).connection(connection)
  const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
    if (connection === undefined) return
    try {
      await run(sql)
    } finally {
      await knexClient.releaseConnection(connection)
      connection = undefined
    }
  }
  return {
    async acquire() {
      connection = await knexClient.acquireConnection()
      try {
        await run('BEGIN')
        const result = await run('SELECT pg_try_advisory_xact_lock(?) AS locked', [key])
        if (isTrue(rowsOf(result)[0]?.locked)) return true
      } catch (error) {
        await end('ROLLBACK').catch(() => {})
        throw error
      }
      await end('ROLLBACK')
      return false
    },
    release: () => end('COMMIT'),
  }
}

/** A row in `<tableName>_lock`: SQLite has no advisory locks. */
function tableLock(knex: Knex, table: string): MigrationLock {
  return {
    async acquire() {
      if (!(await knex.schema.hasTable(table))) {
        await knex.schema.createTable(table, (t) => {
          t.integer('id').primary()
          t.timestamp('locked_at').defaultTo(knex.fn.now())
        })
      }
      try {
        await knex.table(table).insert({ id: 1 })
        return true
      } catch {
        return false
      }
    },
    async release() {
      await knex.table(table).where('id', 1).delete()
    },
  }
}

/** The lock of a schema table on the client's dialect. */
export function migrationLock(client: QueryClientContract, tableName: string): MigrationLock {
  const knex = client.getWriteClient() as Knex
  switch (client.dialect.name) {
    case 'postgres': {
      const key = hashKey(`stratum:${tableName}`)
      if (isPooled(client)) return transactionLock(knex, key)
      return advisoryLock(
        knex,
        {
          lock: 'SELECT pg_try_advisory_lock(?) AS locked',
          unlock: 'SELECT pg_advisory_unlock(?) AS unlocked',
          key,
        },
        client.connectionName
      )
    }
    case 'mysql':
      // GET_LOCK names are server wide: include the database, and stay within 64 chars
      return advisoryLock(
        knex,
        {
          lock: "SELECT GET_LOCK(LEFT(CONCAT('stratum:', DATABASE(), '.', ?), 64), 0) AS locked",
          unlock:
            "SELECT RELEASE_LOCK(LEFT(CONCAT('stratum:', DATABASE(), '.', ?), 64)) AS unlocked",
          key: tableName,
        },
        client.connectionName
      )
    default:
      return tableLock(knex, `${tableName}_lock`)
  }
}
