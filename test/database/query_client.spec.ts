import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
import type { Database } from '../../src/database/database.js'
import { createDatabase, createUsersTable, dropTables } from '../helpers/database.js'

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
