import type { Knex } from 'knex'
import type { DialectContract } from '../../types/database.js'
import { connectionError, isMapped } from './connection_errors.js'
import { constraintError } from './constraint_errors.js'
import { busyError } from './conflict_errors.js'
import { unknownTableError } from './schema_errors.js'
import { isBusy } from './sqlite_busy.js'

/** `UNIQUE constraint failed: users.email, users.tenant_id` -> table and columns. */
function parseColumns(message: string): { table?: string; columns?: string[] } {
  const match = /constraint failed: (.+)$/m.exec(message)
  if (!match) return {}
  const pairs = match[1].split(',').map((part) => part.trim().split('.'))
  if (pairs.some((pair) => pair.length !== 2)) return {}
  return { table: pairs[0][0], columns: pairs.map((pair) => pair[1]) }
}

/** better-sqlite3's error for a file whose folder does not exist. */
function isMissingFolder(error: unknown): boolean {
  return error instanceof TypeError && error.message.includes('directory does not exist')
}

/**
 * Runs `run` with foreign keys off (SQLite checks them on each DELETE), so
 * related tables can be emptied in any order. Outside a transaction only:
 * SQLite ignores the pragma inside one.
 */
export async function withoutSqliteForeignKeys(
  knex: Knex | Knex.Transaction,
  run: () => Promise<void>
): Promise<void> {
  const rows: { foreign_keys: number }[] = await knex.raw('PRAGMA foreign_keys')
  const enabled = Number(rows[0]?.foreign_keys ?? 0) === 1
  if (enabled) await knex.raw('PRAGMA foreign_keys = OFF')
  try {
    await run()
  } finally {
    if (enabled) await knex.raw('PRAGMA foreign_keys = ON')
  }
}

/** SQLite through better-sqlite3. */
export const sqliteDialect: DialectContract = {
  name: 'sqlite',
  supportsReturning: true,
  supportsReturningStatement: true,
  supportsAdvisoryLocks: false,
  // better-sqlite3 is built with SQLITE_MAX_VARIABLE_NUMBER = 32766
  maxBindings: 32766,
  dateTimeFormat: 'yyyy-MM-dd HH:mm:ss',

  mapError(error, details) {
    if (isMapped(error)) return error
    const code = (error as { code?: unknown })?.code
    // better-sqlite3 throws a bare TypeError for a file in a missing folder
    if (details?.filename !== undefined && (code === 'SQLITE_CANTOPEN' || isMissingFolder(error))) {
      return connectionError('unknownDatabase', error, details)
    }
    if (isBusy(error)) return busyError(error)
    if (typeof code !== 'string') return error
    const message = (error as Error).message
    const missingTable = code === 'SQLITE_ERROR' && /no such table: (\S+)$/.exec(message)
    if (missingTable) return unknownTableError(missingTable[1], error)
    if (!code.startsWith('SQLITE_CONSTRAINT')) return error
    switch (code) {
      case 'SQLITE_CONSTRAINT_UNIQUE':
      case 'SQLITE_CONSTRAINT_PRIMARYKEY':
        return constraintError('unique', parseColumns(message), error)
      case 'SQLITE_CONSTRAINT_FOREIGNKEY':
        return constraintError('foreignKey', {}, error)
      case 'SQLITE_CONSTRAINT_NOTNULL':
        return constraintError('notNull', parseColumns(message), error)
      case 'SQLITE_CONSTRAINT_CHECK': {
        const name = /CHECK constraint failed: (.+)$/m.exec(message)?.[1]
        return constraintError('check', { constraint: name }, error)
      }
      default:
        return error
    }
  },

  async getAllTables(client) {
    const rows: { name: string }[] = await client
      .select('name')
      .from('sqlite_master')
      .where('type', 'table')
      .whereNot('name', 'like', 'sqlite_%')
      .orderBy('name')
    return rows.map((row) => row.name)
  },

  async dropAllTables(client, ignore = []) {
    const tables = (await this.getAllTables(client)).filter((table) => !ignore.includes(table))
    await client.raw('PRAGMA foreign_keys = OFF')
    try {
      for (const table of tables) await client.schema.dropTableIfExists(table)
    } finally {
      await client.raw('PRAGMA foreign_keys = ON')
    }
  },

  async truncate(client: Knex | Knex.Transaction, table) {
    // knex's sqlite truncate is DELETE + resetting sqlite_sequence, which is what we want
    await client.table(table).truncate()
  },
}
