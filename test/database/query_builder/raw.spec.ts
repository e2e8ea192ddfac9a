import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { RawQueryBuilder } from '../../../src/database/query_builder/raw.js'
import { DB, createDatabase, createUsersTable, dropTables } from '../../helpers/database.js'

/** Rows of a raw select, whatever shape the driver returns. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  type Rows = Record<string, unknown>[]
  if (DB === 'pg') return (result as { rows: Rows }).rows
  if (DB === 'mysql') return (result as [Rows])[0]
  return result as Rows
}

test.group('RawQueryBuilder', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    await db.table('users').multiInsert([{ username: 'virk' }, { username: 'romain' }])
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('rawQuery builds a raw query builder', async ({ assert }) => {
    assert.instanceOf(db.rawQuery('select 1'), RawQueryBuilder)
  })

  test('a raw select binds its values', async ({ assert }) => {
    const result = await db.rawQuery('select username from users where username = ?', ['virk'])
    assert.deepEqual(rowsOf(result), [{ username: 'virk' }])
  })

  test('a raw query may write', async ({ assert }) => {
    await db.rawQuery('update users set points = ? where username = ?', [7, 'romain'])
    const row = await db.from('users').where('username', 'romain').firstOrFail()
    assert.equal(row.points, 7)
  })

  test('named bindings are supported', async ({ assert }) => {
    const result = await db.rawQuery('select username from users where username = :name', {
      name: 'romain',
    })
    assert.deepEqual(rowsOf(result), [{ username: 'romain' }])
  })

  test('identifier bindings are quoted', async ({ assert }) => {
    const { sql } = db.rawQuery('select ?? from ??', ['username', 'users']).toSQL()
    assert.equal(sql.replaceAll('"', '`'), 'select `username` from `users`')
  })

  test('wrap surrounds the SQL', async ({ assert }) => {
    assert.equal(db.rawQuery('select 1').wrap('(', ')').toSQL().sql, '(select 1)')
  })

  test('a raw query builder can be a where value', async ({ assert }) => {
    const sub = db.rawQuery("select id from users where username = 'virk'").wrap('(', ')')
    const rows = await db.from('users').where('id', sub)
    assert.deepEqual(
      rows.map((row) => row.username),
      ['virk']
    )
  })

  test('useTransaction runs the raw query in the transaction and rolls back with it', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await db.rawQuery('delete from users').useTransaction(trx)
    assert.lengthOf(await trx.from('users'), 0)
    await trx.rollback()
    assert.lengthOf(await db.from('users'), 2)
  })

  test('debug reports the raw query through db:query', async ({ assert }) => {
    const events: string[] = []
    db.emitter.on('db:query', (event) => events.push(event.sql))
    await db.rawQuery('select 1 as one').debug(true)
    assert.deepEqual(events, ['select 1 as one'])
  })

  test('toQuery interpolates the bindings and exec runs it', async ({ assert }) => {
    const query = db
      .rawQuery('select username from users where username = ?', ['virk'])
      .timeout(1000)
    assert.include(query.toQuery(), "'virk'")
    assert.lengthOf(rowsOf(await query.exec()), 1)
  })
})
