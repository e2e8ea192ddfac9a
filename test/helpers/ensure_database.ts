import knex from 'knex'
import { serverConnection, type TestDialect } from './database.js'

/**
 * Creates the `stratum_test` database (or another) on pg/mysql when it is missing, so a
 * developer's first run works without a manual step.
 */
export async function ensureTestDatabase(dialect: TestDialect, database?: string) {
  if (dialect === 'sqlite') return
  const target = serverConnection(dialect, database)
  const admin = knex({
    client: dialect === 'pg' ? 'pg' : 'mysql2',
    connection: { ...target, database: dialect === 'pg' ? 'postgres' : undefined },
    pool: { min: 0, max: 1 },
  })
  try {
    if (dialect === 'pg') {
      const found = await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [
        target.database,
      ])
      if (found.rows.length === 0) await admin.raw('CREATE DATABASE ??', [target.database])
    } else {
      await admin.raw('CREATE DATABASE IF NOT EXISTS ??', [target.database])
    }
  } finally {
    await admin.destroy()
  }
}
