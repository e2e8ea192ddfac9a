import { test } from '@japa/runner'
import { defineConfig, errors } from '../../src/index.js'
import { Database } from '../../src/database/database.js'
import { QueryClient } from '../../src/database/query_client.js'
import { Emitter } from '../../src/database/emitter.js'
import type { DatabaseEvents } from '../../src/types/database.js'
import {
  connectionConfig,
  createDatabase,
  createUsersTable,
  dropTables,
} from '../helpers/database.js'

test.group('defineConfig', () => {
  test('returns a Lucid shaped config as given', ({ assert }) => {
    const config = defineConfig({
      connection: 'sqlite',
      prettyPrintDebugQueries: false,
      connections: {
        sqlite: {
          client: 'better-sqlite3',
          connection: { filename: ':memory:' },
          useNullAsDefault: true,
          migrations: { paths: ['./database/migrations'], naturalSort: true },
          seeders: { paths: ['./database/seeders'] },
        },
      },
    })
    assert.equal(config.connection, 'sqlite')
    assert.deepEqual(config.connections.sqlite.migrations, {
      paths: ['./database/migrations'],
      naturalSort: true,
    })
  })

  test('rejects a config without connections', ({ assert }) => {
    assert.throws(() => defineConfig({ connection: 'x' } as never), /connections/)
  })
})

test.group('Database connections', (group) => {
  let db: Database
  group.each.setup(() => {
    db = createDatabase()
    return () => db.manager.closeAll()
  })

  test('opens no connection until one is used', ({ assert }) => {
    assert.isTrue(db.manager.has('primary'))
    assert.isFalse(db.manager.isConnected('primary'))
    db.connection()
    assert.isTrue(db.manager.isConnected('primary'))
  })

  test('takes Lucid`s (config, logger, emitter): the emitter gets the events, with the name', async ({
    assert,
  }) => {
    const emitter = new Emitter<DatabaseEvents>()
    const lucidStyle = new Database(
      { connection: 'primary', connections: { primary: connectionConfig() } },
      undefined,
      emitter
    )
    const seen: string[] = []
    emitter.on('db:connection:connect', (event) => seen.push(`connect ${event.name}`))
    emitter.on('db:connection:disconnect', (event) => seen.push(`disconnect ${event.connection}`))
    assert.strictEqual(lucidStyle.emitter, emitter)
    lucidStyle.connection()
    await lucidStyle.manager.closeAll()
    assert.deepEqual(seen, ['connect primary', 'disconnect primary'])
  })

  test('returns a query client in dual mode by default and honours the mode option', ({
    assert,
  }) => {
    const client = db.connection() as QueryClient
    assert.instanceOf(client, QueryClient)
    assert.equal(client.mode, 'dual')
    assert.equal((db.connection('primary', { mode: 'read' }) as QueryClient).mode, 'read')
    assert.equal((db.connection('primary', { mode: 'write' }) as QueryClient).mode, 'write')
  })

  test('throws E_UNMANAGED_DB_CONNECTION naming the registered connections', ({ assert }) => {
    try {
      db.connection('missing')
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, errors.E_UNMANAGED_DB_CONNECTION)
      assert.equal((error as errors.StratumError).code, 'E_UNMANAGED_DB_CONNECTION')
      assert.include((error as Error).message, '"missing"')
      assert.include((error as Error).message, '"primary"')
    }
  })

  test('throws E_UNSUPPORTED_CLIENT naming the supported clients', ({ assert }) => {
    const bad = new Database({
      connection: 'oracle',
      connections: { oracle: { client: 'oracledb', connection: {} } as never },
    })
    try {
      bad.connection()
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, errors.E_UNSUPPORTED_CLIENT)
      assert.include((error as Error).message, 'oracledb')
      assert.include((error as Error).message, 'better-sqlite3')
      assert.include((error as Error).message, 'pg')
      assert.include((error as Error).message, 'mysql2')
    }
  })

  test('reconnects on next use after a connection is closed', async ({ assert }) => {
    const first = await db.rawQuery('select 1 as one')
    assert.isDefined(first)
    await db.manager.close('primary')
    assert.isFalse(db.manager.isConnected('primary'))
    assert.isTrue(db.manager.has('primary'))
    const rows = await db.from({ t: db.raw('(select 2 as two)') as never }).select('two')
    assert.equal(Number(rows[0].two), 2)
    assert.isTrue(db.manager.isConnected('primary'))
  })

  test('release forgets the connection config', async ({ assert }) => {
    db.connection()
    await db.manager.release('primary')
    assert.isFalse(db.manager.has('primary'))
    assert.throws(() => db.connection(), /unregistered connection "primary"/)
  })

  test('add registers a connection and patch replaces its config', async ({ assert }) => {
    db.manager.add('other', connectionConfig())
    assert.isTrue(db.manager.has('other'))
    assert.isFalse(db.manager.isConnected('other'))
    db.connection('other')
    assert.isTrue(db.manager.isConnected('other'))

    await db.manager.patch('other', { ...connectionConfig(), debug: true })
    assert.isFalse(db.manager.isConnected('other'))
    assert.isTrue(db.manager.get('other')!.config.debug)
    assert.isTrue(db.connection('other').debug)
  })

  test('patch with a client Stratum cannot run is refused and keeps the open connection', async ({
    assert,
  }) => {
    db.connection()
    const error = await db.manager.patch('primary', { client: 'oracle' } as never).then(
      () => undefined,
      (failure) => failure
    )
    assert.instanceOf(error, errors.E_UNSUPPORTED_CLIENT)
    assert.isTrue(db.manager.isConnected('primary'))
    assert.deepEqual(await db.rawQuery('select 1 as one').then(() => 'ran'), 'ran')
  })

  test('add keeps the first config of a name', ({ assert }) => {
    db.manager.add('primary', { ...connectionConfig(), debug: true })
    assert.isFalse(db.manager.get('primary')!.config.debug === true)
  })

  test('closeAll closes every open connection', async ({ assert }) => {
    db.manager.add('other', connectionConfig())
    db.connection()
    db.connection('other')
    await db.manager.closeAll()
    assert.isFalse(db.manager.isConnected('primary'))
    assert.isFalse(db.manager.isConnected('other'))
  })

  test('getRawConnection returns the manager node', ({ assert }) => {
    db.connection()
    const node = db.getRawConnection('primary')!
    assert.equal(node.name, 'primary')
    assert.equal(node.state, 'open')
    assert.isDefined(node.connection?.client)
  })
})

test.group('Database shortcuts', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('table() inserts and from() reads back', async ({ assert }) => {
    await db.table('users').insert({ username: 'virk', email: 'virk@adonisjs.com' })
    const rows = await db.from('users').select('username', 'email')
    assert.deepEqual(rows, [{ username: 'virk', email: 'virk@adonisjs.com' }])
  })

  test('insertQuery() and query() build on the primary connection', async ({ assert }) => {
    await db.insertQuery().table('users').insert({ username: 'romain' })
    const row = await db.query().from('users').where('username', 'romain').first()
    assert.equal(row!.username, 'romain')
  })

  test('rawQuery() sends values as bindings', async ({ assert }) => {
    await db.table('users').insert({ username: 'nikk' })
    const hostile = "nikk' OR '1'='1"
    const result = await db.rawQuery('select username from users where username = ?', [hostile])
    const rows = Array.isArray(result)
      ? Array.isArray(result[0])
        ? result[0]
        : result
      : result.rows
    assert.lengthOf(rows, 0)
  })

  test('raw() and ref() are usable inside queries', async ({ assert }) => {
    await db.table('users').insert({ username: 'virk', email: 'v@a.b', points: 10 })
    await db.table('users').insert({ username: 'romain', email: 'r@a.b', points: 3 })
    await db.table('users').insert({ username: 'same', email: 'same', points: 20 })
    const rows = await db
      .from('users')
      .where('points', '>', db.raw('?', [5]))
      .whereNot('username', db.ref('email'))
      .select('username')
    assert.deepEqual(rows, [{ username: 'virk' }])
  })

  test('knexQuery() and knexRawQuery() give bare knex builders on the connection', async ({
    assert,
  }) => {
    await db.table('users').insert({ username: 'virk' })
    const rows = await db.knexQuery().from('users').select('username')
    assert.deepEqual(rows, [{ username: 'virk' }])
    assert.equal(db.knexRawQuery('select ?', [1]).toSQL().bindings[0], 1)
  })
})
