import type { Knex } from 'knex'
import type { DialectContract } from '../../types/database.js'
import {
  connectionError,
  type ConnectionFailure,
  isMapped,
  socketFailure,
} from './connection_errors.js'
import { conflictError } from './conflict_errors.js'
import { constraintError } from './constraint_errors.js'
import { unknownTableError } from './schema_errors.js'

interface MysqlError {
  code?: string
  errno?: number
  sqlMessage?: string
  message?: string
}

/** Server errors about the connection itself. */
const connectionErrnos: Record<number, ConnectionFailure> = {
  1053: 'lost', // ER_SERVER_SHUTDOWN
  1927: 'lost', // ER_CONNECTION_KILLED (MariaDB)
  2006: 'lost', // CR_SERVER_GONE_ERROR
  2013: 'lost', // CR_SERVER_LOST
  1040: 'refused', // ER_CON_COUNT_ERROR: too many connections
  1044: 'authentication', // ER_DBACCESS_DENIED_ERROR: the user may not use that database
  1045: 'authentication', // ER_ACCESS_DENIED_ERROR: unknown user or wrong password
  1049: 'unknownDatabase', // ER_BAD_DB_ERROR
}

/** mysql2's own codes and messages once the socket is gone. */
function mysqlFailure(error: unknown): ConnectionFailure | undefined {
  const { code, errno, message } = (error ?? {}) as MysqlError
  if (typeof errno === 'number' && connectionErrnos[errno]) return connectionErrnos[errno]
  if (code === 'PROTOCOL_CONNECTION_LOST' || code === 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR') {
    return 'lost'
  }
  // mysql2 refuses new commands on a connection that had a fatal error
  if (message?.includes("Can't add new command when connection is in closed state")) return 'lost'
  return socketFailure(error)
}

/** `(`db`.`posts`, CONSTRAINT `posts_user_id_foreign` FOREIGN KEY (`user_id`) ...` */
function foreignKeyDetails(message: string) {
  const match = /\(`[^`]+`\.`([^`]+)`, CONSTRAINT `([^`]+)` FOREIGN KEY \(([^)]+)\)/.exec(message)
  if (!match) return {}
  const columns = match[3].split(',').map((name) => name.trim().replace(/`/g, ''))
  return { table: match[1], constraint: match[2], columns }
}

/** `Duplicate entry 'x' for key 'users.users_email_unique'` (MySQL 8 prefixes the table). */
function uniqueDetails(message: string) {
  const key = /for key '([^']+)'/.exec(message)?.[1]
  if (!key) return {}
  const dot = key.lastIndexOf('.')
  return dot === -1
    ? { constraint: key }
    : { table: key.slice(0, dot), constraint: key.slice(dot + 1) }
}

/** Runs `work` on one connection with foreign key checks off. */
async function withoutForeignKeyChecks(
  client: Knex | Knex.Transaction,
  work: (trx: Knex.Transaction) => Promise<void>
) {
  await client.transaction(async (trx) => {
    await trx.raw('SET FOREIGN_KEY_CHECKS = 0')
    try {
      await work(trx)
    } finally {
      await trx.raw('SET FOREIGN_KEY_CHECKS = 1')
    }
  })
}

/** MySQL and MariaDB through mysql2. */
export const mysqlDialect: DialectContract = {
  name: 'mysql',
  supportsReturning: false,
  supportsReturningStatement: false,
  supportsAdvisoryLocks: true,
  maxBindings: 65535,
  dateTimeFormat: 'yyyy-MM-dd HH:mm:ss',

  mapError(error, details) {
    if (isMapped(error)) return error
    const failure = mysqlFailure(error)
    if (failure) return connectionError(failure, error, details)
    const conflict = conflictError(error)
    if (conflict) return conflict
    const mysqlError = error as MysqlError
    if (typeof mysqlError?.errno !== 'number') return error
    const message = mysqlError.sqlMessage ?? mysqlError.message ?? ''
    switch (mysqlError.errno) {
      case 1062: // ER_DUP_ENTRY
        return constraintError('unique', uniqueDetails(message), error)
      case 1216: // ER_NO_REFERENCED_ROW
      case 1217: // ER_ROW_IS_REFERENCED
      case 1451: // ER_ROW_IS_REFERENCED_2
      case 1452: // ER_NO_REFERENCED_ROW_2
        return constraintError('foreignKey', foreignKeyDetails(message), error)
      case 1048: // ER_BAD_NULL_ERROR: Column 'x' cannot be null
      case 1364: {
        // ER_NO_DEFAULT_FOR_FIELD: Field 'x' doesn't have a default value
        const column = /(?:Column|Field) '([^']+)'/.exec(message)?.[1]
        return constraintError('notNull', { columns: column ? [column] : [] }, error)
      }
      case 1146: {
        // ER_NO_SUCH_TABLE: Table 'app.comments' doesn't exist
        const table = /Table '(?:[^'.]+\.)?([^']+)' doesn't exist/.exec(message)?.[1]
        return table ? unknownTableError(table, error) : error
      }
      case 3819: // MySQL: Check constraint 'x' is violated.
      case 4025: {
        // MariaDB: CONSTRAINT `x` failed for `db`.`t`
        const name = /constraint [`']([^`']+)[`']/i.exec(message)?.[1]
        const table = /for `[^`]+`\.`([^`]+)`/.exec(message)?.[1]
        return constraintError('check', { constraint: name, table }, error)
      }
      default:
        return error
    }
  },

  async getAllTables(client) {
    const rows: { name: string }[] = await client
      .select('table_name as name')
      .from('information_schema.tables')
      .whereRaw('table_schema = database()')
      .where('table_type', 'BASE TABLE')
      .orderBy('table_name')
    return rows.map((row) => row.name)
  },

  async dropAllTables(client, ignore = []) {
    const tables = (await this.getAllTables(client)).filter((table) => !ignore.includes(table))
    if (!tables.length) return
    await withoutForeignKeyChecks(client, async (trx) => {
      await trx.raw('DROP TABLE IF EXISTS ??', [tables])
    })
  },

  async truncate(client, table, cascade = false) {
    if (!cascade) {
      await client.raw('TRUNCATE TABLE ??', [table])
      return
    }
    await withoutForeignKeyChecks(client, async (trx) => {
      await trx.raw('TRUNCATE TABLE ??', [table])
    })
  },
}
