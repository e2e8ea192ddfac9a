import { test } from '@japa/runner'
import { DatabaseProvider } from '../../providers/database_provider.js'
import { Database } from '../../src/database/database.js'
import { type Adapter, BaseModel } from '../../src/orm/main.js'
import db from '../../src/services/db.js'
import { connectionConfig } from '../helpers/database.js'

const config = () => ({ connection: 'primary', connections: { primary: connectionConfig() } })

test.group('DatabaseProvider', (group) => {
  // the provider sets the global model adapter: put the previous one back
  let previousAdapter: typeof BaseModel.$adapter
  group.each.setup(() => {
    previousAdapter = BaseModel.$adapter
    return () => {
      BaseModel.$adapter = previousAdapter
    }
  })

  test('the db service throws a coded error before a provider booted', ({ assert }) => {
    assert.throws(() => db.from('anything'), /not ready/)
    try {
      db.connection()
    } catch (error) {
      assert.equal((error as any).code, 'E_DB_SERVICE_NOT_BOOTED')
    }
  })

  test('register builds the Database, boot wires models and the db service', async ({
    assert,
    cleanup,
  }) => {
    const provider = new DatabaseProvider(config())
    cleanup(() => provider.shutdown())
    assert.throws(() => provider.db, /register/)
    provider.register()
    assert.instanceOf(provider.db, Database)
    await provider.boot()

    assert.strictEqual((BaseModel.$adapter as Adapter).db, provider.db)
    assert.instanceOf(db, Database)
    assert.equal(db.primaryConnectionName, 'primary')
    const [row] = await db
      .rawQuery('select 1 as one')
      .then((result) =>
        Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows
      )
    assert.equal(Number(row.one), 1)
  })

  test('shutdown closes the connections and unsets the db service', async ({ assert }) => {
    const provider = new DatabaseProvider(config())
    provider.register()
    await provider.boot()
    await db.rawQuery('select 1')
    assert.isTrue(provider.db.manager.isConnected('primary'))
    await provider.shutdown()
    assert.isFalse(provider.db.manager.isConnected('primary'))
    assert.throws(() => db.connection(), /not ready/)
  })
})
