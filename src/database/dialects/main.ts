import { E_UNSUPPORTED_CLIENT } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'
import { mysqlDialect } from './mysql.js'
import { postgresDialect } from './postgres.js'
import { sqliteDialect } from './sqlite.js'

/** Config `client` names we accept, and the knex driver each one runs on. */
const drivers: Record<string, { knexClient: string; dialect: DialectContract }> = {
  sqlite: { knexClient: 'better-sqlite3', dialect: sqliteDialect },
  sqlite3: { knexClient: 'better-sqlite3', dialect: sqliteDialect },
  'better-sqlite3': { knexClient: 'better-sqlite3', dialect: sqliteDialect },
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
