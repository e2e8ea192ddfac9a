/**
 * Compile-time checks of `defineConfig`, run by `npm run typecheck`: each
 * `@ts-expect-error` line must fail to compile, the rest must compile.
 */
import { defineConfig } from '../../src/define_config.js'
import type { DatabaseConfig } from '../../src/types/database.js'

const sqlite = { client: 'better-sqlite3', connection: { filename: 'app.sqlite3' } } as const

export function checks() {
  // the default connection is one of `connections`
  const config = defineConfig({ connection: 'sqlite', connections: { sqlite } })
  const name: 'sqlite' = config.connection
  const client: 'better-sqlite3' = config.connections.sqlite.client

  defineConfig({
    connection: 'pg',
    prettyPrintDebugQueries: true,
    connections: {
      sqlite,
      pg: { client: 'pg', connection: { host: '127.0.0.1', database: 'app' } },
    },
  })

  // @ts-expect-error the default connection is not under `connections`
  defineConfig({ connection: 'postgres', connections: { sqlite } })

  // @ts-expect-error a misspelled default connection
  defineConfig({ connection: 'sqllite', connections: { sqlite } })

  defineConfig({
    connection: 'sqlite',
    // @ts-expect-error an unknown client
    connections: { sqlite: { client: 'oracle', connection: {} } },
  })

  // a config typed as the wide DatabaseConfig (a name read from the environment) still passes
  const loose: DatabaseConfig = {
    connection: process.env.DB_CONNECTION ?? 'sqlite',
    connections: { sqlite },
  }
  const wide: DatabaseConfig = defineConfig(loose)

  return { name, client, wide }
}
