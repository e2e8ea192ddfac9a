import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { DatabaseQueryBuilder } from '../../../src/database/query_builder/database.js'
import { E_ROW_NOT_FOUND } from '../../../src/errors.js'
import type { QueryEvent } from '../../../src/types/database.js'
import { DB, createDatabase, createUsersTable, dropTables } from '../../helpers/database.js'

async function seedUsers(db: Database) {
  await db.table('users').multiInsert([
    { username: 'virk', points: 10 },
    { username: 'romain', points: 20 },
    { username: 'julien', points: 30 },
  ])
}

async function points(db: Database) {
  const rows = await db.from('users').select('username', 'points').orderBy('id')
  return Object.fromEntries(rows.map((row) => [row.username, row.points]))
}

test.group('DatabaseQueryBuilder', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    await seedUsers(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('query() and from() build database query builders', async ({ assert }) => {
    assert.instanceOf(db.query(), DatabaseQueryBuilder)
    assert.instanceOf(db.connection().from('users'), DatabaseQueryBuilder)
  })

  test('awaiting the builder runs the select', async ({ assert }) => {
    const rows = await db.from('users').select('username').orderBy('id')
    assert.deepEqual(rows, [{ username: 'virk' }, { username: 'romain' }, { username: 'julien' }])
  })

  test('exec, then, catch and finally all run the query', async ({ assert }) => {
    assert.lengthOf(await db.from('users').exec(), 3)
    assert.lengthOf(await db.from('users').then((rows) => rows), 3)
    const error = await db.from('missing_table').catch((reason) => reason)
    assert.instanceOf(error, Error)
    let finished = false
    await db.from('users').finally(() => (finished = true))
    assert.isTrue(finished)
  })

  test('first returns the first row or null', async ({ assert }) => {
    const row = await db.from('users').orderBy('id', 'desc').first()
    assert.equal(row?.username, 'julien')
    assert.isNull(await db.from('users').where('username', 'nobody').first())
  })

  test('firstOrFail throws E_ROW_NOT_FOUND when nothing matches', async ({ assert }) => {
    try {
      await db.from('users').where('username', 'nobody').firstOrFail()
      assert.fail('expected E_ROW_NOT_FOUND')
    } catch (error) {
      assert.instanceOf(error, E_ROW_NOT_FOUND)
      assert.equal((error as E_ROW_NOT_FOUND).code, 'E_ROW_NOT_FOUND')
      assert.equal((error as Error).message, 'Row not found')
      assert.equal((error as E_ROW_NOT_FOUND).table, 'users')
      assert.isUndefined((error as E_ROW_NOT_FOUND).model)
    }
  })

  test('update with an object changes the matched rows and resolves to the count', async ({
    assert,
  }) => {
    const affected = await db.from('users').where('points', '>', 15).update({ points: 0 })
    assert.equal(affected, 2)
    assert.deepEqual(await points(db), { virk: 10, romain: 0, julien: 0 })
  })

  test('update takes a column and a value', async ({ assert }) => {
    await db.from('users').where('username', 'virk').update('points', 99)
    assert.deepEqual(await points(db), { virk: 99, romain: 20, julien: 30 })
  })

  test('update accepts raw values', async ({ assert }) => {
    await db.from('users').update({ points: db.raw('points * ?', [2]) })
    assert.deepEqual(await points(db), { virk: 20, romain: 40, julien: 60 })
  })

  test('update with returning gives the rows where the dialect has returning', async ({
    assert,
  }) => {
    const result = await db
      .from('users')
      .where('username', 'virk')
      .update({ points: 5 })
      .returning(['username', 'points'])
    if (DB === 'mysql') assert.equal(result, 1)
    else assert.deepEqual(result, [{ username: 'virk', points: 5 }])
  })

  test('increment and decrement change counters', async ({ assert }) => {
    await db.from('users').where('username', 'virk').increment('points')
    await db.from('users').where('username', 'romain').increment('points', 5)
    await db.from('users').where('username', 'julien').decrement({ points: 10 })
    assert.deepEqual(await points(db), { virk: 11, romain: 25, julien: 20 })
  })

  test('del and delete remove the matched rows only', async ({ assert }) => {
    assert.equal(await db.from('users').where('username', 'virk').del(), 1)
    assert.equal(await db.from('users').where('username', 'romain').delete(), 1)
    assert.deepEqual(await points(db), { julien: 30 })
  })

  test("a value holding '; DROP TABLE users; --' is stored and read back verbatim", async ({
    assert,
  }) => {
    const evil = "Robert'); DROP TABLE users; --"
    await db.table('users').insert({ username: evil })
    await db.from('users').where('username', evil).update({ email: "'; DROP TABLE users; --" })
    const row = await db.from('users').where('username', evil).firstOrFail()
    assert.equal(row.username, evil)
    assert.equal(row.email, "'; DROP TABLE users; --")
    assert.lengthOf(await db.from('users'), 4)
  })

  test('clone shares no state with the original', async ({ assert }) => {
    const original = db.from('users').where('points', '>', 15)
    const copy = original.clone().where('username', 'romain')
    original.orderBy('id')
    assert.notInclude(original.toSQL().sql, 'username')
    assert.notInclude(copy.toSQL().sql, 'order by')
    assert.deepEqual(
      (await copy).map((row) => row.username),
      ['romain']
    )
    assert.deepEqual(
      (await original).map((row) => row.username),
      ['romain', 'julien']
    )
  })

  test('clone keeps the class and the keys resolver', async ({ assert }) => {
    const query = db.from('users')
    query.keysResolver = (key) => (key === 'userName' ? 'username' : key)
    const copy = query.clone().where('userName', 'virk')
    assert.instanceOf(copy, DatabaseQueryBuilder)
    assert.lengthOf(await copy, 1)
  })

  test('hasGroupBy, hasAggregates and hasUnion follow the clauses and survive clone', ({
    assert,
  }) => {
    const plain = db.from('users')
    assert.isFalse(plain.hasGroupBy || plain.hasAggregates || plain.hasUnion)
    const query = db
      .from('users')
      .groupBy('id')
      .count('* as total')
      .union((q) => q.from('users').select('id'))
    const copy = query.clone()
    assert.isTrue(copy.hasGroupBy && copy.hasAggregates && copy.hasUnion)
  })

  test('useTransaction runs the query in the transaction and rolls back with it', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await db.from('users').useTransaction(trx).where('username', 'virk').update({ points: 500 })
    await db.table('users').useTransaction(trx).insert({ username: 'nikk' })
    const inside = await db
      .from('users')
      .useTransaction(trx)
      .where('username', 'virk')
      .firstOrFail()
    assert.equal(inside.points, 500)
    await trx.rollback()
    assert.deepEqual(await points(db), { virk: 10, romain: 20, julien: 30 })
  })

  test('useTransaction commits with the transaction', async ({ assert }) => {
    await db.transaction(async (trx) => {
      await db.from('users').useTransaction(trx).where('username', 'virk').update({ points: 1 })
    })
    assert.deepEqual(await points(db), { virk: 1, romain: 20, julien: 30 })
  })

  test('toQuery interpolates values and toSQL keeps them as bindings', async ({ assert }) => {
    const query = db.from('users').where('username', 'virk')
    assert.deepEqual(query.toSQL().bindings, ['virk'])
    assert.include(query.toQuery(), "'virk'")
  })

  test('debug reports the query through db:query with the reporter data', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.emitter.on('db:query', (event) => events.push(event))
    await db.from('users').where('username', 'virk').debug(true).reporterData({ model: 'User' })
    assert.lengthOf(events, 1)
    assert.equal(events[0].model, 'User')
    assert.deepEqual(events[0].bindings, ['virk'])
    assert.equal(events[0].connection, 'primary')
  })

  test('a query without debug is not reported', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.emitter.on('db:query', (event) => events.push(event))
    await db.from('users')
    assert.lengthOf(events, 0)
  })

  test('timeout is applied to the knex query', async ({ assert }) => {
    const query = db.from('users').timeout(2000)
    assert.equal((query.knexQuery as unknown as { _timeout: number })._timeout, 2000)
    assert.lengthOf(await query, 3)
  })

  test('clearSelect and clearHaving drop their clauses', async ({ assert }) => {
    const query = db.from('users').select('username').groupBy('username').having('username', 'virk')
    query.clearSelect().clearHaving().select('username')
    assert.lengthOf(await query, 3)
  })

  test('withSchema qualifies the table', async ({ assert }) => {
    assert.equal(
      db.from('users').withSchema('public').toSQL().sql.replaceAll('"', '`'),
      'select * from `public`.`users`'
    )
  })
})
