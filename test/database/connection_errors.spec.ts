/**
 * A connection that cannot be opened for a reason the config must fix
 * (login refused, unknown database, SQLite file in a missing folder, no
 * SQLite filename) fails with a typed error naming where it was going.
 * The server cases run on the server of the current `DB`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import type { ConnectionConfig } from '../../src/types/database.js'
import { DB, serverConnection } from '../helpers/database.js'

function databaseOf(config: ConnectionConfig) {
  return new Database({ connection: 'app', connections: { app: config } })
}

/** Runs `work` and returns what it threw. */
async function failure(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

/** Every way a first query can open the connection: a query, a transaction, the schema builder. */
const firstUses: Record<string, (db: Database) => Promise<unknown>> = {
  'a query': (db) => db.rawQuery('select 1'),
  'a transaction': (db) => db.transaction(async (trx) => trx.rawQuery('select 1')),
  'the schema builder (migrations)': (db) => db.connection().schema.hasTable('anything'),
}

if (DB === 'pg' || DB === 'mysql') {
  const client = DB === 'pg' ? 'pg' : 'mysql2'
  const server = serverConnection(DB)

  test.group(`Connection errors: login and database (${DB})`, () => {
    test('an unknown user fails with AuthenticationFailed from {$self}')
      .with(Object.keys(firstUses))
      .run(async ({ assert }, use) => {
        const db = databaseOf({
          client,
          connection: { ...server, user: 'stratum_no_such_user', password: 'secret-pw' },
        } as ConnectionConfig)
        try {
          const error = await failure(() => firstUses[use](db))
          assert.instanceOf(error, errors.AuthenticationFailed)
          assert.instanceOf(error, errors.ConnectionError)
          const typed = error as errors.AuthenticationFailed
          assert.equal(typed.code, 'E_AUTHENTICATION_FAILED')
          assert.include(typed.message, '"stratum_no_such_user"')
          assert.include(typed.message, `${server.host}:${server.port}`)
          assert.include(typed.message, `connection "app"`)
          assert.include(typed.message, `database "${server.database}"`)
          assert.include(typed.message, 'Check "user" and "password"')
          assert.notInclude(typed.message, 'secret-pw')
          assert.deepEqual(typed.details, {
            connection: 'app',
            host: server.host,
            port: server.port,
            user: 'stratum_no_such_user',
            database: server.database,
            filename: undefined,
          })
          assert.isDefined(typed.cause)
        } finally {
          await db.manager.closeAll()
        }
      })

    test('an unknown database fails with UnknownDatabase from {$self}')
      .with(Object.keys(firstUses))
      .run(async ({ assert }, use) => {
        const db = databaseOf({
          client,
          connection: { ...server, database: 'stratum_no_such_database' },
        } as ConnectionConfig)
        try {
          const error = await failure(() => firstUses[use](db))
          assert.instanceOf(error, errors.UnknownDatabase)
          const typed = error as errors.UnknownDatabase
          assert.equal(typed.code, 'E_UNKNOWN_DATABASE')
          assert.include(typed.message, 'Database "stratum_no_such_database" does not exist')
          assert.include(typed.message, `${server.host}:${server.port}`)
          assert.include(typed.message, `user "${server.user}"`)
          assert.include(typed.message, 'fix "database" in the connection config')
          assert.equal(typed.details.database, 'stratum_no_such_database')
        } finally {
          await db.manager.closeAll()
        }
      })

    test('a connection URL is described the same way', async ({ assert }) => {
      const scheme = DB === 'pg' ? 'postgres' : 'mysql'
      const url = `${scheme}://${server.user}@${server.host}:${server.port}/stratum_no_such_database`
      const db = databaseOf({ client, connection: url } as ConnectionConfig)
      try {
        const error = (await failure(() => db.rawQuery('select 1'))) as errors.UnknownDatabase
        assert.instanceOf(error, errors.UnknownDatabase)
        assert.include(error.details, {
          host: server.host,
          port: server.port,
          user: server.user,
          database: 'stratum_no_such_database',
        })
      } finally {
        await db.manager.closeAll()
      }
    })

    test('the next query after a fixed config works: the typed error does not break the pool', async ({
      assert,
    }) => {
      const db = databaseOf({
        client,
        connection: { ...server, database: 'stratum_no_such_database' },
      } as ConnectionConfig)
      try {
        await assert.rejects(() => db.rawQuery('select 1'), errors.UnknownDatabase as never)
        await db.manager.patch('app', { client, connection: server } as ConnectionConfig)
        assert.isFalse(await db.connection().schema.hasTable('stratum_no_such_table'))
      } finally {
        await db.manager.closeAll()
      }
    })
  })
}

if (DB === 'sqlite') {
  test.group('Connection errors: SQLite files and config', (group) => {
    let folder: string
    group.each.setup(() => {
      folder = mkdtempSync(join(tmpdir(), 'stratum-conn-errors-'))
      return () => rmSync(folder, { recursive: true, force: true })
    })

    test('a file in a missing folder fails with UnknownDatabase naming the path from {$self}')
      .with(Object.keys(firstUses))
      .run(async ({ assert }, use) => {
        const filename = join(folder, 'missing', 'app.sqlite3')
        const db = databaseOf({ client: 'better-sqlite3', connection: { filename } })
        try {
          const error = await failure(() => firstUses[use](db))
          assert.instanceOf(error, errors.UnknownDatabase)
          const typed = error as errors.UnknownDatabase
          assert.equal(typed.code, 'E_UNKNOWN_DATABASE')
          assert.include(typed.message, `"${filename}"`)
          assert.include(typed.message, `the folder "${join(folder, 'missing')}" does not exist`)
          assert.include(typed.message, 'mkdir -p')
          assert.equal(typed.details.filename, filename)
        } finally {
          await db.manager.closeAll()
        }
      })

    test('a relative filename is named as the absolute path it resolves to', async ({ assert }) => {
      const db = databaseOf({
        client: 'sqlite',
        connection: { filename: 'stratum-no-such-folder/app.sqlite3' },
      })
      try {
        const error = (await failure(() => db.rawQuery('select 1'))) as errors.UnknownDatabase
        assert.instanceOf(error, errors.UnknownDatabase)
        assert.include(error.message, `"${join(process.cwd(), 'stratum-no-such-folder')}"`)
      } finally {
        await db.manager.closeAll()
      }
    })

    test('the file opens once the folder exists', async ({ assert }) => {
      const db = databaseOf({
        client: 'better-sqlite3',
        connection: { filename: join(folder, 'app.sqlite3') },
      })
      try {
        const rows = await db.rawQuery('select 1 as one')
        assert.deepEqual(rows, [{ one: 1 }])
      } finally {
        await db.manager.closeAll()
      }
    })

    test('a SQLite connection without filename is refused when the Database is created', ({
      assert,
    }) => {
      for (const connection of [{}, { filename: '' }, undefined]) {
        try {
          databaseOf({ client: 'sqlite', connection } as never)
          assert.fail(`expected ${JSON.stringify(connection)} to be refused`)
        } catch (error) {
          assert.instanceOf(error, errors.E_INVALID_CONNECTION_CONFIG)
          assert.include((error as Error).message, 'Connection "app"')
          assert.include((error as Error).message, 'filename')
        }
      }
    })

    test('patching a connection to a config without filename is refused', async ({ assert }) => {
      const db = databaseOf({ client: 'sqlite', connection: { filename: ':memory:' } })
      await assert.rejects(
        () => db.manager.patch('app', { client: 'sqlite', connection: {} } as never),
        errors.E_INVALID_CONNECTION_CONFIG as never
      )
      assert.deepEqual(await db.rawQuery('select 1 as one'), [{ one: 1 }])
      await db.manager.closeAll()
    })
  })
}
