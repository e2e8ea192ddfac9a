/**
 * The example's Database: SQLite by default, or the PostgreSQL/MySQL test
 * server when `DB=pg|mysql` (same env vars as Stratum's own suite).
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '../../../src/index.js'
import { Database } from '../../../src/database/main.js'
import { Adapter, BaseModel } from '../../../src/orm/main.js'
import type { ConnectionConfig } from '../../../src/types/database.js'

const env = process.env
export const sqliteFile = join(tmpdir(), `stratum-japa-example-${process.pid}.sqlite3`)
process.once('exit', () => rmSync(sqliteFile, { force: true }))

function connection(): ConnectionConfig {
  if (env.DB === 'pg') {
    return {
      client: 'pg',
      connection: {
        host: env.PG_HOST ?? '127.0.0.1',
        port: Number(env.PG_PORT ?? 5432),
        user: env.PG_USER ?? 'postgres',
        password: env.PG_PASSWORD ?? '',
        database: env.PG_DATABASE ?? 'stratum_test',
      },
    }
  }
  if (env.DB === 'mysql') {
    return {
      client: 'mysql2',
      connection: {
        host: env.MYSQL_HOST ?? '127.0.0.1',
        port: Number(env.MYSQL_PORT ?? 3306),
        user: env.MYSQL_USER ?? 'root',
        password: env.MYSQL_PASSWORD ?? '',
        database: env.MYSQL_DATABASE ?? 'stratum_test',
      },
    }
  }
  return { client: 'better-sqlite3', connection: { filename: sqliteFile }, useNullAsDefault: true }
}

export const db = new Database(
  defineConfig({
    connection: 'app',
    connections: {
      app: {
        ...connection(),
        migrations: { paths: ['database/migrations'], tableName: 'japa_example_schema' },
      },
    },
  })
)
BaseModel.useAdapter(new Adapter(db))
