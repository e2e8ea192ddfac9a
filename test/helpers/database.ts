/**
 * Builds a Database for the dialect chosen by the `DB` env var
 * (sqlite default, pg, mysql), and small table helpers for specs.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Database } from '../../src/database/database.js'
import type { ConnectionConfig, DatabaseConfig } from '../../src/types/database.js'

export type TestDialect = 'sqlite' | 'pg' | 'mysql'

export const DB: TestDialect = parseDialect(process.env.DB)

function parseDialect(value: string | undefined): TestDialect {
  const dialect = value ?? 'sqlite'
  if (dialect !== 'sqlite' && dialect !== 'pg' && dialect !== 'mysql') {
    throw new Error(`DB must be one of sqlite, pg, mysql (got "${dialect}")`)
  }
  return dialect
}

/** The SQLite file of this test process (one per process: runs can go in parallel). */
export const sqliteFile = join(tmpdir(), `stratum-test-${process.pid}.sqlite3`)

/**
 * `PG_PGBOUNCER=1`: the pg suite goes through PgBouncer (scripts/pgbouncer.sh,
 * port 6432 unless PG_PORT says otherwise) with `pgbouncer: true` (docs/scaling.md).
 */
export const pgbouncerRun = process.env.PG_PGBOUNCER === '1'

/** Connection settings of pg/mysql, from env with the CI defaults. */
export function serverConnection(dialect: 'pg' | 'mysql', database?: string) {
  const env = process.env
  if (dialect === 'pg') {
    return {
      host: env.PG_HOST ?? '127.0.0.1',
      port: Number(env.PG_PORT ?? (pgbouncerRun ? 6432 : 5432)),
      user: env.PG_USER ?? 'postgres',
      password: env.PG_PASSWORD ?? '',
      database: database ?? env.PG_DATABASE ?? 'stratum_test',
    }
  }
  return {
    host: env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(env.MYSQL_PORT ?? 3306),
    user: env.MYSQL_USER ?? 'root',
    password: env.MYSQL_PASSWORD ?? '',
    database: database ?? env.MYSQL_DATABASE ?? 'stratum_test',
  }
}

/** Config of one connection to the test database of the current dialect. */
export function connectionConfig(
  options: { database?: string; debug?: boolean; dialect?: TestDialect } = {}
): ConnectionConfig {
  const debug = options.debug ?? false
  switch (options.dialect ?? DB) {
    case 'pg':
      return {
        client: 'pg',
        connection: serverConnection('pg', options.database),
        debug,
        ...(pgbouncerRun ? { pgbouncer: true } : {}),
      }
    case 'mysql':
      return { client: 'mysql2', connection: serverConnection('mysql', options.database), debug }
    default:
      return {
        client: 'better-sqlite3',
        connection: { filename: options.database ?? sqliteFile },
        debug,
      }
  }
}

/** A Database whose `primary` connection is the current dialect's test database. */
export function createDatabase(overrides: Partial<DatabaseConfig> = {}, debug = false): Database {
  return new Database({
    connection: 'primary',
    ...overrides,
    connections: { primary: connectionConfig({ debug }), ...overrides.connections },
  })
}

/** Drops the given tables if they exist, children first. */
export async function dropTables(db: Database, ...tables: string[]) {
  const knex = db.connection().getWriteClient()
  for (const table of tables) await knex.schema.dropTableIfExists(table)
}

/** `users (id, username, email unique, is_active, points, created_at)`. */
export async function createUsersTable(db: Database, table = 'users') {
  await dropTables(db, table)
  await db
    .connection()
    .getWriteClient()
    .schema.createTable(table, (t) => {
      t.increments('id')
      t.string('username', 100).notNullable()
      t.string('email', 255).unique()
      t.boolean('is_active').defaultTo(true)
      t.integer('points').defaultTo(0)
      t.timestamp('created_at', { useTz: false }).nullable()
    })
}

/** `posts (id, user_id -> users.id, title, body, views)`. */
export async function createPostsTable(db: Database, table = 'posts', usersTable = 'users') {
  await dropTables(db, table)
  await db
    .connection()
    .getWriteClient()
    .schema.createTable(table, (t) => {
      t.increments('id')
      t.integer('user_id').unsigned().references('id').inTable(usersTable).onDelete('CASCADE')
      t.string('title', 255).notNullable()
      t.text('body')
      t.integer('views').defaultTo(0)
    })
}
