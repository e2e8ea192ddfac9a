import type { Knex } from 'knex'
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

/**
 * A session level advisory lock. Session locks belong to one connection,
 * so the lock holds a pool connection of its own until released.
 */
function advisoryLock(
  knex: Knex,
  statements: { lock: string; unlock: string; key: string | number }
) {
  let connection: unknown
  const knexClient = knex.client as {
    acquireConnection(): Promise<unknown>
    releaseConnection(connection: unknown): Promise<void>
  }
  const rowsOf = (result: any): Record<string, unknown>[] =>
    Array.isArray(result) ? result[0] : result.rows

  return {
    async acquire() {
      connection = await knexClient.acquireConnection()
      try {
        const result = await knex.raw(statements.lock, [statements.key]).connection(connection)
        const locked = rowsOf(result)[0]?.locked
        if (locked === true || Number(locked) === 1) return true
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
      try {
        await knex.raw(statements.unlock, [statements.key]).connection(held)
      } finally {
        await knexClient.releaseConnection(held)
      }
    },
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
    case 'postgres':
      return advisoryLock(knex, {
        lock: 'SELECT pg_try_advisory_lock(?) AS locked',
        unlock: 'SELECT pg_advisory_unlock(?)',
        key: hashKey(`stratum:${tableName}`),
      })
    case 'mysql':
      // GET_LOCK names are server wide: include the database, and stay within 64 chars
      return advisoryLock(knex, {
        lock: "SELECT GET_LOCK(LEFT(CONCAT('stratum:', DATABASE(), '.', ?), 64), 0) AS locked",
        unlock: "SELECT RELEASE_LOCK(LEFT(CONCAT('stratum:', DATABASE(), '.', ?), 64))",
        key: tableName,
      })
    default:
      return tableLock(knex, `${tableName}_lock`)
  }
}
