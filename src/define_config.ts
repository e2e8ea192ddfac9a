import type { ConnectionConfig, DatabaseConfig } from './types/database.js'

/**
 * A database config whose default `connection` is one of the keys of its
 * `connections`, checked by the compiler.
 */
export type DefinedDatabaseConfig<
  Connections extends Record<string, ConnectionConfig>,
  Name extends keyof Connections & string,
> = Omit<DatabaseConfig, 'connection' | 'connections'> & {
  /** Name of the default connection: a key of `connections`. */
  connection: Name
  connections: Connections
}

/**
 * Declares the database config (Lucid's shape) with type checking: the
 * default `connection` must name one of `connections`. The config is
 * returned as given; connections are only validated when used (a default
 * name computed at run time is checked by `db.connection()` and the CLI).
 *
 * @example
 * defineConfig({ connection: 'sqlite', connections: { sqlite: { client: 'better-sqlite3', connection: { filename: 'app.sqlite3' } } } })
 */
export function defineConfig<
  Connections extends Record<string, ConnectionConfig>,
  Name extends keyof Connections & string,
>(config: DefinedDatabaseConfig<Connections, Name>): DefinedDatabaseConfig<Connections, Name> {
  if (!config || typeof config !== 'object' || !config.connections) {
    throw new TypeError('defineConfig expects { connection: "name", connections: { name: {...} } }')
  }
  return config
}
