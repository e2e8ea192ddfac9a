import { E_UNSUPPORTED_CLIENT } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'
import { mysqlDialect } from './mysql.js'
import { postgresDialect } from './postgres.js'
import { sqliteDialect } from './sqlite.js'
import { StratumSqliteClient } from './sqlite_client.js'

/**
 * Config `client` names we accept, the knex driver each one runs on, and
 * the knex client class used instead of the driver name where Stratum has
 * its own (SQLite's compiles multi-row inserts its own way).
 */
interface Driver {
  knexClient: string
  clientClass?: typeof StratumSqliteClient
  dialect: DialectContract
}

const sqlite: Driver = {
  knexClient: 'better-sqlite3',
  clientClass: StratumSqliteClient,
  dialect: sqliteDialect,
}

const drivers: Record<string, Driver> = {
  sqlite,
  sqlite3: sqlite,
  'better-sqlite3': sqlite,
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
