/**
 * Issue 20: a representative subset of the pg suite through PgBouncer in
 * transaction pooling (scripts/pgbouncer.sh, 127.0.0.1:6432) with
 * `pgbouncer: true`: CRUD, models, transactions, migrations and their lock;
 * and what cannot work there is refused. The config checks run on every
 * dialect; the rest on pg only, failing when PgBouncer does not answer.
 */
import { test } from '@japa/runner'
import pg from 'pg'
import { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import { E_UNSUPPORTED_BY_POOLER } from '../../src/errors.js'
import { migrationLock } from '../../src/migration/lock.js'
import { Migrator } from '../../src/migration/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import type { ConnectionConfig } from '../../src/types/database.js'
import { connectionConfig, DB, serverConnection } from '../helpers/database.js'
import { createProject, createTableMigration, recorded } from '../migration/helpers.js'

const PORT = Number(process.env.PGBOUNCER_PORT ?? 6432)
const TABLE = 'pgbouncer_items'

class PooledItem extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare counter: number
}

/** A connection to the test database through PgBouncer. */
function pooledConfig(extra: object = {}): ConnectionConfig {
  return {
    client: 'pg',
    connection: { ...serverConnection('pg'), host: '127.0.0.1', port: PORT },
    pgbouncer: true,
    pool: { min: 0, max: 8 },
    ...extra,
  } as ConnectionConfig
}

function pooledDatabase(extra: object = {}) {
  return new Database({ connection: 'pooled', connections: { pooled: pooledConfig(extra) } })
}

test.group('pgbouncer option: config checks', () => {
  test('pgbouncer on a connection that is not PostgreSQL is refused', ({ assert }) => {
    const open = () =>
      new Database({
        connection: 'app',
        connections: { app: { ...connectionConfig({ dialect: 'mysql' }), pgbouncer: true } },
      })
    assert.throws(open, /"pgbouncer: true".*PostgreSQL connection only/)
  })

  test('searchPath with pgbouncer is refused with E_UNSUPPORTED_BY_POOLER', ({ assert }) => {
    try {
      pooledDatabase({ searchPath: ['app'] })
      assert.fail('expected E_UNSUPPORTED_BY_POOLER')
    } catch (error) {
      assert.instanceOf(error, E_UNSUPPORTED_BY_POOLER)
      assert.equal((error as errors.StratumError).code, 'E_UNSUPPORTED_BY_POOLER')
      assert.include((error as Error).message, 'ALTER ROLE')
    }
  })
})

if (DB === 'pg') {
  test.group('PgBouncer in transaction pooling', (group) => {
    let db: Database
    group.setup(async () => {
      // fail loudly when PgBouncer is missing, and make sure it pools transactions
      const admin = new pg.Client({ ...serverConnection('pg'), port: PORT, database: 'pgbouncer' })
      try {
        await admin.connect()
      } catch (error) {
        throw new Error(
          `PgBouncer does not answer on 127.0.0.1:${PORT}: run scripts/test-services.sh ` +
            `(it starts scripts/pgbouncer.sh): ${(error as Error).message}`
        )
      }
      const config = await admin.query('SHOW CONFIG')
      await admin.end()
      const mode = config.rows.find((row) => row.key === 'pool_mode')?.value
      if (mode !== 'transaction') throw new Error(`PgBouncer pool_mode is ${mode}, not transaction`)

      const setup = pooledDatabase()
      await setup.connection().schema.dropTableIfExists(TABLE)
      await setup.connection().schema.createTable(TABLE, (t) => {
        t.increments('id')
        t.string('name')
        t.integer('counter').defaultTo(0)
      })
      await setup.manager.closeAll()
      return async () => {
        const cleanup = pooledDatabase()
        await cleanup.connection().schema.dropTableIfExists(TABLE)
        await cleanup.manager.closeAll()
      }
    })
    group.each.setup(async () => {
      db = pooledDatabase()
      BaseModel.useAdapter(new Adapter(db))
      await db.from(TABLE).delete()
      return () => db.manager.closeAll()
    })

    test('query builder and model CRUD', async ({ assert }) => {
      const [inserted] = (await db.table(TABLE).insert({ name: 'row' }).returning('id')) as {
        id: number
      }[]
      assert.isAbove(inserted.id, 0)
      await db.from(TABLE).where('id', inserted.id).update({ name: 'renamed' })
      assert.equal((await db.from(TABLE).where('id', inserted.id).first())!.name, 'renamed')

      const item = await PooledItem.create({ name: 'model' })
      item.counter = 5
      await item.save()
      const found = await PooledItem.findOrFail(item.id)
      assert.equal(found.counter, 5)
      await found.delete()
      await db.from(TABLE).where('id', inserted.id).delete()
      assert.deepEqual(await db.from(TABLE).select('id'), [])
    })

    test('transactions commit, roll back, and nest savepoints', async ({ assert }) => {
      await db.transaction(async (trx) => {
        await trx.table(TABLE).insert({ name: 'committed' })
        await trx
          .transaction(async (savepoint) => {
            await savepoint.table(TABLE).insert({ name: 'savepoint rolled back' })
            throw new Error('undo the savepoint')
          })
          .catch(() => {})
      })
      await db
        .transaction(async (trx) => {
          await trx.table(TABLE).insert({ name: 'rolled back' })
          throw new Error('undo')
        })
        .catch(() => {})
      const names = (await db.from(TABLE).select('name')).map((row) => row.name)
      assert.deepEqual(names, ['committed'])
    })

    test('40 concurrent read-modify-write transactions with forUpdate lose no update', async ({
      assert,
    }) => {
      const item = await PooledItem.create({ name: 'counter', counter: 0 })
      await Promise.all(
        Array.from({ length: 40 }, () =>
          db.transaction(async (trx) => {
            const row = await PooledItem.query({ client: trx })
              .where('id', item.id)
              .forUpdate()
              .firstOrFail()
            row.counter += 1
            await row.save()
          })
        )
      )
      await item.refresh()
      assert.equal(item.counter, 40)
    })

    test('migrations run and roll back with the transaction-scoped lock', async ({
      assert,
      cleanup,
    }) => {
      const project = await createProject()
      const table = `${project.prefix}pooled`
      cleanup(() => project.cleanup(table))
      await project.write('1_pooled', createTableMigration(table))
      const pooled = new Database({
        connection: 'primary',
        connections: { primary: pooledConfig({ migrations: { tableName: project.schemaTable } }) },
      })
      cleanup(() => pooled.manager.closeAll())
      const events: string[] = []
      const up = new Migrator(pooled, { direction: 'up', cwd: project.cwd })
      up.on('acquire:lock', () => events.push('acquire'))
      up.on('release:lock', () => events.push('release'))
      await up.run()
      assert.equal(up.status, 'completed', up.error?.message)
      assert.deepEqual(events, ['acquire', 'release'])
      assert.deepEqual(await recorded(project), ['1_pooled@1'])

      const down = new Migrator(pooled, { direction: 'down', cwd: project.cwd })
      await down.run()
      assert.equal(down.status, 'completed', down.error?.message)
      assert.deepEqual(await recorded(project), [])
    })

    test('the lock held through PgBouncer keeps other migrators out, pooled or direct', async ({
      assert,
      cleanup,
    }) => {
      const project = await createProject()
      const table = `${project.prefix}locked`
      cleanup(() => project.cleanup(table))
      await project.write('1_locked', createTableMigration(table))
      const pooled = () =>
        new Database({
          connection: 'primary',
          connections: {
            primary: pooledConfig({ migrations: { tableName: project.schemaTable } }),
          },
        })
      const holder = pooled()
      const other = pooled()
      cleanup(async () => {
        await holder.manager.closeAll()
        await other.manager.closeAll()
      })
      const lock = migrationLock(holder.connection(), project.schemaTable)
      assert.isTrue(await lock.acquire())
      try {
        // busy traffic through the pooler does not let the lock go
        await Promise.all(Array.from({ length: 20 }, () => other.rawQuery('SELECT 1')))
        for (const database of [other, project.db]) {
          const migrator = new Migrator(database, { direction: 'up', cwd: project.cwd })
          await migrator.run()
          assert.equal(migrator.status, 'error')
          assert.equal((migrator.error as errors.StratumError).code, 'E_UNABLE_ACQUIRE_LOCK')
        }
        assert.isFalse(await migrationLock(other.connection(), project.schemaTable).acquire())
      } finally {
        await lock.release()
      }
      const migrator = new Migrator(other, { direction: 'up', cwd: project.cwd })
      await migrator.run()
      assert.equal(migrator.status, 'completed', migrator.error?.message)
      assert.deepEqual(await recorded(project), ['1_locked@1'])
    })

    test("PgBouncer's own login errors are typed like the server's", async ({ assert }) => {
      const connection = { ...serverConnection('pg'), host: '127.0.0.1', port: PORT }
      const open = (settings: object) =>
        new Database({
          connection: 'pooled',
          connections: { pooled: { ...pooledConfig(), connection: settings } as ConnectionConfig },
        })
      const unknownUser = open({ ...connection, user: 'stratum_no_such_user' })
      const unknownDatabase = open({ ...connection, database: `stratum_missing_${process.pid}` })
      try {
        await assert.rejects(() => unknownUser.from(TABLE).first(), errors.AuthenticationFailed)
        await assert.rejects(() => unknownDatabase.from(TABLE).first(), errors.UnknownDatabase)
      } finally {
        await unknownUser.manager.closeAll()
        await unknownDatabase.manager.closeAll()
      }
    })

    test('timeout(ms, { cancel: true }) is refused with E_UNSUPPORTED_BY_POOLER', async ({
      assert,
    }) => {
      assert.throws(
        () => db.from(TABLE).timeout(1000, { cancel: true }),
        /cancel: true.*pgbouncer: true/
      )
      assert.throws(
        () => db.rawQuery('SELECT 1').timeout(1000, { cancel: true }),
        /process id of its server session/
      )
      await db.transaction(async (trx) => {
        assert.throws(() => trx.from(TABLE).timeout(10, { cancel: true }), /pgbouncer: true/)
      })
      // without cancel, a timeout is the client's alone: it works
      assert.deepEqual(await db.from(TABLE).timeout(5000), [])
    })
  })
}
