import { E_INVALID_CONNECTION_CONFIG } from '../../errors.js'
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
  if (dialectOf(name, config) !== 'sqlite') return
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
