/**
 * The two ways a test's writes are undone: a global transaction rolled back
 * after the test, or truncating the tables the test wrote to.
 */
import type { Database } from '../database/database.js'
import { withoutSqliteForeignKeys } from '../database/dialects/sqlite.js'
import { type QueryTracker, writtenTable } from './query_tracker.js'

/** How tests are isolated from each other. */
export type IsolationStrategy = 'transaction' | 'truncate'

/** Starts isolating one test; the returned function undoes its writes. */
export type Isolate = () => Promise<() => Promise<void>>

/** Opens a global transaction before the test and rolls it back after it. */
export function transactionIsolation(db: Database, connectionName: string): Isolate {
  return async () => {
    await db.beginGlobalTransaction(connectionName)
    return () => db.rollbackGlobalTransaction(connectionName)
  }
}

/**
 * Records the tables the test inserts into, updates or deletes from, and
 * truncates those still there afterwards (never the migrations tables).
 */
export function truncateIsolation(
  db: Database,
  connectionName: string,
  tracker: QueryTracker
): Isolate {
  return async () => {
    const collection = tracker.collect()
    return async () => {
      collection.stop()
      const touched = new Set<string>()
      for (const query of collection.queries) {
        const table = writtenTable(query.sql)
        if (table) touched.add(table)
      }
      if (touched.size) await truncateTables(db, connectionName, touched)
    }
  }
}

/** Names of the schema tables of a connection, which are never truncated. */
function protectedTables(db: Database, connectionName: string): Set<string> {
  const table =
    db.getRawConnection(connectionName)?.config.migrations?.tableName ?? 'stratum_schema'
  return new Set([table, `${table}_lock`])
}

async function truncateTables(db: Database, connectionName: string, touched: Set<string>) {
  const client = db.connection(connectionName)
  const knex = client.getWriteClient()
  const skip = protectedTables(db, connectionName)
  const existing = await client.dialect.getAllTables(knex)
  const tables = existing.filter((table) => touched.has(table) && !skip.has(table))
  if (!tables.length) return
  if (client.dialect.name === 'sqlite') {
    await withoutSqliteForeignKeys(knex, async () => {
      for (const table of tables) await client.dialect.truncate(knex, table)
    })
    return
  }
  for (const table of tables) await client.dialect.truncate(knex, table, true)
}
