import type { DatabaseConfig } from './types/database.js'

/**
 * Declares the database config (Lucid's shape) with type checking. The
 * config is returned as given; connections are only validated when used.
 */
export function defineConfig<Config extends DatabaseConfig>(config: Config): Config {
  if (!config || typeof config !== 'object' || !config.connections) {
    throw new TypeError('defineConfig expects { connection: "name", connections: { name: {...} } }')
  }
  return config
}
