import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
import { Database } from '../../src/database/database.js'
import type { ConnectionConfig } from '../../src/types/database.js'
import {
  DB,
  connectionConfig,
  createDatabase,
  createUsersTable,
  dropTables,
  serverConnection,
} from '../helpers/database.js'
import { ensureTestDatabase } from '../helpers/ensure_database.js'

/**
 * A query client opened with `{ mode: 'read' }` refuses everything that
 * writes through the write host, not only the queries it runs itself.
 */
test.group('QueryClient | read mode', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db, 'qc_users')
    return async () => {
      await dropTables(db, 'qc_made_by_reader', 'qc_users')
      await db.manager.closeAll()
    }
  })

  async function userCount() {
    const rows = await db.from('qc_users').count('* as total')
    return Number(rows[0].total)
  }

  test('refuses to start a transaction, so no write slips through one', async ({ assert }) => {
    const reader = db.connection('primary', { mode: 'read' })
    let ran = false
    try {
      await reader.transaction(async (trx) => {
        ran = true
        await trx.table('qc_users').insert({ username: 'virk' })
      })
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, errors.E_READ_ONLY_CONNECTION)
      assert.include((error as Error).message, 'read mode')
      assert.include((error as Error).message, 'transaction')
    }
    await assert.rejects(() => reader.transaction(), /read mode/)
    assert.isFalse(ran)
    assert.equal(await userCount(), 0)
  })

  test('refuses the schema builder, truncate and dropAllTables', async ({ assert }) => {
    await db.table('qc_users').insert({ username: 'virk' })
    const reader = db.connection('primary', { mode: 'read' })
    assert.throws(() => reader.schema, /read mode and cannot change the schema/)
    await assert.rejects(() => reader.truncate('qc_users'), /read mode and cannot truncate/)
    await assert.rejects(() => reader.dropAllTables(), /read mode and cannot drop tables/)
    assert.equal(await userCount(), 1)
    assert.isTrue(await db.connection().schema.hasTable('qc_users'))
  })

  test('reads still run, and the other modes can write', async ({ assert }) => {
    const reader = db.connection('primary', { mode: 'read' })
    assert.deepEqual(await reader.from('qc_users').select('id'), [])
    assert.include(await reader.getAllTables(), 'qc_users')
    await db.connection('primary', { mode: 'write' }).transaction(async (trx) => {
      await trx.table('qc_users').insert({ username: 'virk' })
    })
    await db.connection().schema.createTable('qc_made_by_reader', (table) => table.increments('id'))
    assert.equal(await userCount(), 1)
  })
})

/**
 * `dropAllTables()` and `dropAllViews()` drop every table or view of their
 * database, so they run on a database of its own (`<test database>_wipe`, a file of its own on SQLite).
 */
test.group('QueryClient | dropAllTables, views, types and domains', (group) => {
  const wipeDatabase =
    DB === 'sqlite'
      ? join(tmpdir(), `stratum-wipe-${process.pid}.sqlite3`)
      : `${serverConnection(DB).database}_wipe`
  let db: Database

  function open(wipe?: ConnectionConfig['wipe']) {
    const config = { ...connectionConfig({ database: wipeDatabase }), wipe } as ConnectionConfig
    db = new Database({ connection: 'primary', connections: { primary: config } })
    return db
  }

  group.setup(() => ensureTestDatabase(DB, wipeDatabase))
  group.each.teardown(() => db.manager.closeAll())

  async function createTables(...names: string[]) {
    for (const name of names) {
      await db.connection().schema.createTable(name, (table) => table.increments('id'))
    }
  }

  test('keeps the tables of wipe.ignoreTables, as Lucid does', async ({ assert }) => {
    open({ ignoreTables: ['keep_me'] })
    await createTables('keep_me', 'drop_me')
    await db.connection().dropAllTables()
    assert.deepEqual(await db.connection().getAllTables(), ['keep_me'])
    await db.connection().transaction((trx) => trx.dropAllTables())
    assert.deepEqual(await db.connection().getAllTables(), ['keep_me'])
    await dropTables(db, 'keep_me')
  })

  test('without wipe.ignoreTables drops every table', async ({ assert }) => {
    open()
    await createTables('drop_me', 'drop_me_too')
    await db.connection().dropAllTables()
    assert.deepEqual(await db.connection().getAllTables(), [])
  })

  test('getAllViews and dropAllViews, as Lucid has them', async ({ assert }) => {
    open()
    await createTables('base_rows')
    const client = db.connection()
    await client.rawQuery('create view first_view as select id from base_rows')
    await client.rawQuery('create view second_view as select id from base_rows')
    assert.deepEqual(await client.getAllViews(), ['first_view', 'second_view'])
    assert.deepEqual(await client.getAllTables(), ['base_rows'])
    await client.dropAllViews()
    assert.deepEqual(await client.getAllViews(), [])
    assert.deepEqual(await client.getAllTables(), ['base_rows'])
    await client.dropAllTables()
  })

  if (DB !== 'pg') {
    test('types and domains are refused with E_INVALID_QUERY off PostgreSQL', async ({
      assert,
    }) => {
      open()
      const client = db.connection()
      for (const call of [
        () => client.getAllTypes(),
        () => client.dropAllTypes(),
        () => client.getAllDomains(),
        () => client.dropAllDomains(),
      ]) {
        await assert.rejects(call, /exist on PostgreSQL only/)
      }
      await assert.rejects(() => client.getAllTypes(), errors.E_INVALID_QUERY as never)
    })
  }

  if (DB === 'pg') {
    test('PostgreSQL: getAllTypes/dropAllTypes and getAllDomains/dropAllDomains', async ({
      assert,
    }) => {
      open()
      const client = db.connection()
      await client.rawQuery("create type qc_mood as enum ('sad', 'happy')")
      await client.rawQuery('create type qc_pair as (a int, b int)')
      await client.rawQuery('create domain qc_positive as int check (value > 0)')
      await createTables('base_rows')
      assert.deepEqual(await client.getAllTypes(), ['qc_mood', 'qc_pair'])
      assert.deepEqual(await client.getAllDomains(), ['qc_positive'])
      await client.dropAllDomains()
      assert.deepEqual(await client.getAllDomains(), [])
      assert.deepEqual(await client.getAllTypes(), ['qc_mood', 'qc_pair'])
      await client.dropAllTypes()
      assert.deepEqual(await client.getAllTypes(), [])
      assert.deepEqual(await client.getAllTables(), ['base_rows'])
      await client.dropAllTables()
    })

    test('PostgreSQL: keeps PostGIS`s spatial_ref_sys unless wipe.ignoreTables says otherwise', async ({
      assert,
    }) => {
      open()
      await createTables('spatial_ref_sys', 'drop_me')
      await db.connection().dropAllTables()
      assert.deepEqual(await db.connection().getAllTables(), ['spatial_ref_sys'])
      await db.manager.closeAll()
      open({ ignoreTables: [] })
      await db.connection().dropAllTables()
      assert.deepEqual(await db.connection().getAllTables(), [])
    })

    test('PostgreSQL: takes the schemas to empty, as Lucid does', async ({ assert }) => {
      open()
      const client = db.connection()
      await client.rawQuery('DROP SCHEMA IF EXISTS qc_tenant CASCADE')
      await client.rawQuery('CREATE SCHEMA qc_tenant')
      await client.schema.withSchema('qc_tenant').createTable('tenant_rows', (t) => t.increments())
      await createTables('current_rows')
      assert.deepEqual(await client.getAllTables(['qc_tenant']), ['tenant_rows'])

      await client.dropAllTables(['qc_tenant'])
      assert.deepEqual(await client.getAllTables(['qc_tenant']), [])
      assert.deepEqual(await client.getAllTables(), ['current_rows'])
      await client.dropAllTables()
      await client.rawQuery('DROP SCHEMA qc_tenant')
    })
  }
})
