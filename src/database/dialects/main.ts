import { E_UNSUPPORTED_CLIENT } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'
import { mysqlDialect } from './mysql.js'
import { postgresDialect } from './postgres.js'
import { sqliteDialect } from './sqlite.js'
import { StratumSqliteClient } from './sqlite_client.js'

/** Config `client` names we accept, and the knex driver each one runs on. */
/** A knex client name, or a client class (SQLite's compiles multi-row inserts its own way). */
type KnexClient = string | typeof StratumSqliteClient

const drivers: Record<string, { knexClient: KnexClient; dialect: DialectContract }> = {
  sqlite: { knexClient: StratumSqliteClient, dialect: sqliteDialect },
  sqlite3: { knexClient: StratumSqliteClient, dialect: sqliteDialect },
  'better-sqlite3': { knexClient: StratumSqliteClient, dialect: sqliteDialect },
  pg: { knexClient: 'pg', dialect: postgresDialect },
  postgres: { knexClient: 'pg', dialect: postgresDialect },
  postgresql: { knexClient: 'pg', dialect: postgresDialect },
  mysql: { knexClient: 'mysql2', dialect: mysqlDialect },
  mysql2: { knexClient: 'mysql2', dialect: mysqlDialect },
}

/** Names accepted in a connection's `client` option. */
export const supportedClients = Object.keys(drivers)

/**
 * Resolves a config `client` to its knex driver and dialect. `sqlite` and
 * `sqlite3` run on better-sqlite3, the only SQLite driver Stratum ships.
 */
export function resolveDriver(connectionName: string, client: unknown) {
  const driver = typeof client === 'string' ? drivers[client] : undefined
  if (!driver) {
    throw new E_UNSUPPORTED_CLIENT(
      `Connection "${connectionName}" uses client "${String(client)}", which Stratum does not support. ` +
        `Use one of: ${supportedClients.join(', ')}`
    )
  }
  return driver
}
