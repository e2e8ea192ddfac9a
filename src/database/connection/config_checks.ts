import { E_INVALID_CONNECTION_CONFIG, E_UNSUPPORTED_BY_POOLER } from '../../errors.js'
import type { ConnectionConfig } from '../../types/database.js'
import { resolveDriver } from '../dialects/main.js'

/** The dialect of a config, or undefined for a client Connection creation will refuse. */
function dialectOf(name: string, config: ConnectionConfig) {
  try {
    return resolveDriver(name, config.client).dialect.name
  } catch {
    return undefined
  }
}

/**
 * Refuses a connection config that cannot work, when the Database is
 * created: knex would only print a warning and go on (a SQLite connection
 * without `filename` opens an anonymous temporary database).
 */
export function checkConnectionConfig(name: string, config: ConnectionConfig) {
  const dialect = dialectOf(name, config)
  checkPoolerConfig(name, config, dialect)
  if (dialect !== 'sqlite') return
  const connection = {
    ...(config.connection as object | undefined),
    ...(config.replicas?.write?.connection as object | undefined),
  }
  const filename = (connection as { filename?: unknown }).filename
  if (typeof filename === 'string' && filename.trim() !== '') return
  const got = filename === undefined ? '' : ` (got filename: ${JSON.stringify(filename)})`
  throw new E_INVALID_CONNECTION_CONFIG(
    `Connection "${name}" is a SQLite connection without a database file${got}. Set ` +
      `connection: { filename: 'database/app.sqlite3' }, or filename ':memory:' for a database ` +
      'that lives only as long as its connection'
  )
}

/**
 * `pgbouncer: true` is PostgreSQL's, and refuses `searchPath`: knex sets
 * it once per session, and under transaction pooling the next transaction
 * may run on a server session that never got it.
 */
function checkPoolerConfig(name: string, config: ConnectionConfig, dialect: string | undefined) {
  const pgbouncer = (config as { pgbouncer?: unknown }).pgbouncer
  if (pgbouncer === undefined || pgbouncer === false) return
  if (pgbouncer !== true || dialect !== 'postgres') {
    throw new E_INVALID_CONNECTION_CONFIG(
      `Connection "${name}" has "pgbouncer: ${JSON.stringify(pgbouncer)}": it takes true or false, ` +
        'on a PostgreSQL connection only'
    )
  }
  if ((config as { searchPath?: unknown }).searchPath !== undefined) {
    throw new E_UNSUPPORTED_BY_POOLER(
      `Connection "${name}" sets "searchPath" with "pgbouncer: true": knex sets the search path ` +
        'once per server session, and under transaction pooling the next transaction may run on ' +
        'another one. Set it on the database role instead (ALTER ROLE ... SET search_path = ...), ' +
        'or schema-qualify the tables'
    )
  }
}
