import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { InsertQueryBuilder } from '../../../src/database/query_builder/insert.js'
import { DB, createDatabase, createUsersTable, dropTables } from '../../helpers/database.js'

test.group('InsertQueryBuilder', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('table() builds an insert query builder', async ({ assert }) => {
    assert.instanceOf(db.table('users'), InsertQueryBuilder)
    assert.instanceOf(db.insertQuery().table('users'), InsertQueryBuilder)
  })

  test('a raw query value is written as SQL, and dialects answer supportsReturningStatement', async ({
    assert,
  }) => {
    const query = db.table('users').insert({ username: db.rawQuery("'vi' || 'rk'") })
    assert.notInclude(query.toSQL().sql, '?')
    await db.table('users').insert({
      username: db.rawQuery(DB === 'mysql' ? "concat('ni', 'kk')" : "'ni' || 'kk'"),
    })
    const row = await db.from('users').select('username').firstOrFail()
    assert.equal(row.username, 'nikk')
    const dialect = db.connection().dialect
    assert.equal(dialect.supportsReturningStatement, dialect.supportsReturning)
  })

  test('insert writes one row', async ({ assert }) => {
    await db.table('users').insert({ username: 'virk', points: 3 })
    const rows = await db.from('users').select('username', 'points')
    assert.deepEqual(rows, [{ username: 'virk', points: 3 }])
  })

  test('insert without returning gives the id on mysql and sqlite', async ({ assert }) => {
    const result = await db.table('users').insert({ username: 'virk' })
    const row = await db.from('users').firstOrFail()
    if (DB === 'pg') assert.equal((result as { rowCount: number }).rowCount, 1)
    else assert.deepEqual(result, [row.id])
  })

  test('multiInsert writes every row in one statement', async ({ assert }) => {
    const query = db
      .table('users')
      .multiInsert([{ username: 'a' }, { username: 'b' }, { username: 'c' }])
    assert.equal((query.toSQL().sql.match(/insert/gi) ?? []).length, 1)
    await query
    assert.deepEqual(
      (await db.from('users').orderBy('id')).map((row) => row.username),
      ['a', 'b', 'c']
    )
  })

  test('multiInsert sends one VALUES list (knex writes SELECT ... UNION ALL on SQLite)', async ({
    assert,
  }) => {
    const query = db.table('users').multiInsert([
      { username: 'a', points: 1 },
      { username: 'b', points: 2 },
    ])
    assert.match(query.toSQL().sql, /values \(\?, \?\), \(\?, \?\)$/)
    assert.notMatch(query.toSQL().sql, /union all/i)
    await query
    const rows = await db.from('users').orderBy('id').select('username', 'points')
    assert.deepEqual(rows, [
      { username: 'a', points: 1 },
      { username: 'b', points: 2 },
    ])
  })

  test('multiInsert takes more rows than SQLite allows terms in a compound select', async ({
    assert,
  }) => {
    const rows = Array.from({ length: 600 }, (_, index) => ({
      username: `u${index}`,
      points: index,
    }))
    const ids = (await db.table('users').returning('id').multiInsert(rows)) as unknown[]
    const stored = await db.from('users').orderBy('id').select('username', 'points')
    assert.deepEqual(stored, rows)
    if (DB !== 'mysql') assert.lengthOf(ids, 600)
  })

  test('rows missing a column get NULL in a multiInsert', async ({ assert }) => {
    await db
      .table('users')
      .multiInsert([{ username: 'a', email: 'a@example.com' }, { username: 'b' }])
    const rows = await db.from('users').orderBy('id').select('username', 'email')
    assert.deepEqual(rows, [
      { username: 'a', email: 'a@example.com' },
      { username: 'b', email: null },
    ])
  })

  test('a multi-row upsert through knex keeps working on the connection', async ({ assert }) => {
    const knex = db.connection().getWriteClient()
    await knex.table('users').insert([
      { id: 1, username: 'a' },
      { id: 2, username: 'b' },
    ])
    await knex
      .table('users')
      .insert([
        { id: 1, username: 'a2' },
        { id: 2, username: 'b2' },
      ])
      .onConflict('id')
      .merge(['username'])
    const rows = await db.from('users').orderBy('id').select('id', 'username')
    assert.deepEqual(rows, [
      { id: 1, username: 'a2' },
      { id: 2, username: 'b2' },
    ])
  })

  test('onConflict().ignore() skips a row clashing with a unique key', async ({ assert }) => {
    await db.table('users').insert({ username: 'virk', email: 'virk@adonisjs.com', points: 1 })
    const conflict = DB === 'mysql' ? undefined : 'email'
    await db
      .table('users')
      .insert({ username: 'other', email: 'virk@adonisjs.com', points: 9 })
      .onConflict(conflict)
      .ignore()
    await db
      .table('users')
      .multiInsert([
        { username: 'romain', email: 'virk@adonisjs.com', points: 9 },
        { username: 'julien', email: 'julien@adonisjs.com', points: 2 },
      ])
      .onConflict(DB === 'mysql' ? undefined : ['email'])
      .ignore()
    const rows = await db.from('users').select('username', 'points').orderBy('id')
    assert.deepEqual(rows, [
      { username: 'virk', points: 1 },
      { username: 'julien', points: 2 },
    ])
  })

  test('onConflict().merge() updates the clashing row: all, listed or given columns', async ({
    assert,
  }) => {
    await db.table('users').insert({ username: 'virk', email: 'virk@adonisjs.com', points: 1 })
    const clash = { email: 'virk@adonisjs.com' }
    const byEmail = (query: ReturnType<Database['table']>) => query.onConflict('email')
    await byEmail(db.table('users').insert({ ...clash, username: 'virk2', points: 2 })).merge()
    assert.deepInclude(await db.from('users').firstOrFail(), { username: 'virk2', points: 2 })
    await byEmail(db.table('users').insert({ ...clash, username: 'no', points: 3 })).merge([
      'points',
    ])
    assert.deepInclude(await db.from('users').firstOrFail(), { username: 'virk2', points: 3 })
    await byEmail(db.table('users').insert({ ...clash, username: 'no', points: 0 })).merge({
      username: 'virk3',
      points: db.raw('? + 1', [10]),
    })
    assert.deepInclude(await db.from('users').firstOrFail(), { username: 'virk3', points: 11 })
    assert.lengthOf(await db.from('users'), 1)
  })

  test('returning gives the inserted rows where the dialect has returning', async ({ assert }) => {
    const result = await db
      .table('users')
      .returning(['id', 'username'])
      .multiInsert([{ username: 'a' }, { username: 'b' }])
    const ids = (await db.from('users').orderBy('id')).map((row) => row.id)
    if (DB === 'mysql') assert.deepEqual(result, [ids[0]])
    else
      assert.deepEqual(result, [
        { id: ids[0], username: 'a' },
        { id: ids[1], username: 'b' },
      ])
  })

  test('returning is left out of the SQL on mysql', async ({ assert }) => {
    const { sql } = db.table('users').returning('id').insert({ username: 'a' }).toSQL()
    assert.equal(sql.includes('returning'), DB !== 'mysql')
  })

  test('insert accepts raw values', async ({ assert }) => {
    await db.table('users').insert({ username: db.raw('?', ['from raw']), points: db.raw('2 + 3') })
    assert.deepEqual(await db.from('users').select('username', 'points'), [
      { username: 'from raw', points: 5 },
    ])
  })

  test("a value holding '; DROP TABLE users; --' is inserted verbatim", async ({ assert }) => {
    const evil = "'; DROP TABLE users; --"
    await db.table('users').insert({ username: evil })
    const { bindings } = db.table('users').insert({ username: evil }).toSQL()
    assert.include(bindings as unknown[], evil)
    assert.deepEqual(await db.from('users').select('username'), [{ username: evil }])
  })

  test('useTransaction inserts in the transaction and rolls back with it', async ({ assert }) => {
    const trx = await db.transaction()
    await db.table('users').useTransaction(trx).insert({ username: 'virk' })
    assert.lengthOf(await trx.from('users'), 1)
    await trx.rollback()
    assert.lengthOf(await db.from('users'), 0)
  })

  test('toQuery shows the interpolated insert', async ({ assert }) => {
    assert.include(db.table('users').insert({ username: 'virk' }).toQuery(), "'virk'")
  })

  test('debug reports the insert through db:query', async ({ assert }) => {
    const methods: string[] = []
    db.emitter.on('db:query', (event) => methods.push(event.method))
    await db.table('users').debug(true).insert({ username: 'virk' })
    assert.deepEqual(methods, ['insert'])
  })

  test('timeout is applied to the insert', async ({ assert }) => {
    const query = db.table('users').timeout(1000, { cancel: false }).insert({ username: 'virk' })
    assert.equal((query.knexQuery as unknown as { _timeout: number })._timeout, 1000)
    await query
    assert.lengthOf(await db.from('users'), 1)
  })
})
