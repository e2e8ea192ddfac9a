import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { DB, createDatabase, dropTables } from '../../helpers/database.js'

/** The SQL and bindings knex itself compiles for the same clause. */
function knexSql(db: Database, build: (query: any) => unknown) {
  const query = db.connection().getWriteClient().from('qb_people')
  build(query)
  return query.toSQL().toNative()
}

test.group('WhereChainable.lucid sql', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'qb_people')
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('qb_people', (table) => {
        table.increments('id')
        table.string('name')
        table.string('nick_name')
        table.jsonb('meta')
      })
    await db.table('qb_people').multiInsert([
      { name: 'Virk', nick_name: 'virk', meta: JSON.stringify({ city: 'Delhi', tags: ['a'] }) },
      { name: 'romain', nick_name: 'Romain', meta: JSON.stringify({ city: 'Paris', tags: [] }) },
    ])
    return async () => {
      await dropTables(db, 'qb_people')
      await db.manager.closeAll()
    }
  })

  test('whereColumn maps the left-hand key only: the other column is used as written', async ({
    assert,
  }) => {
    const query = db.from('qb_people')
    query.keysResolver = (key) => (key === 'nickName' ? 'nick_name' : key)
    query.whereColumn('nickName', 'qb_people.name').orWhereNotColumn('nickName', '=', 'nickName')
    const expected = knexSql(db, (q) =>
      q
        .where('nick_name', db.connection().getWriteClient().ref('qb_people.name'))
        .orWhereNot('nick_name', '=', db.connection().getWriteClient().ref('nickName'))
    )
    assert.deepEqual(query.toSQL().toNative(), expected)
  })

  test('whereLike compiles to like; whereILike ignores case on every dialect', async ({
    assert,
  }) => {
    const { sql } = db.from('qb_people').whereLike('name', 'v%').toSQL()
    assert.include(sql, ' like ')
    assert.notInclude(sql, ' glob ')
    const rows = await db.from('qb_people').whereILike('name', 'R%').orWhereILike('name', 'virk')
    assert.deepEqual(rows.map((row) => row.name).sort(), ['Virk', 'romain'])
  })

  test('whereJson compiles to Lucid`s comparison and finds the equal document', async ({
    assert,
  }) => {
    const document = { city: 'Paris', tags: [] }
    const query = db.from('qb_people').whereJson('meta', document).orWhereNotJson('meta', document)
    if (DB !== 'mysql') {
      const expected = knexSql(db, (q) =>
        q.whereJsonObject('meta', document).orWhereNotJsonObject('meta', document)
      )
      assert.deepEqual(query.toSQL().toNative(), expected)
    }
    const rows = await db.from('qb_people').whereJson('meta', document)
    assert.deepEqual(
      rows.map((row) => row.name),
      ['romain']
    )
    const others = await db.from('qb_people').whereNotJson('meta', document)
    assert.deepEqual(
      others.map((row) => row.name),
      ['Virk']
    )
  })

  test('whereJson takes a callback or a query builder as a sub query', async ({ assert }) => {
    const byCallback = await db
      .from('qb_people')
      .whereJson('meta', (sub) => sub.from('qb_people as p').select('p.meta').where('p.id', 2))
    assert.deepEqual(
      byCallback.map((row) => row.name),
      ['romain']
    )
    const subQuery = db.from('qb_people as p').select('p.meta').where('p.id', 1)
    const byBuilder = await db.from('qb_people').whereNotJson('meta', subQuery)
    assert.deepEqual(
      byBuilder.map((row) => row.name),
      ['romain']
    )
    const { bindings } = db.from('qb_people').whereJson('meta', subQuery).toSQL()
    assert.deepEqual(bindings, [1])
  })

  test('crossJoin keeps its on condition, given as columns, operator, callback or raw', ({
    assert,
  }) => {
    const knex = db.connection().getWriteClient()
    const cases: [(q: any) => unknown, (q: any) => unknown][] = [
      [
        (q) => q.crossJoin('posts', 'qb_people.id', 'posts.user_id'),
        (q) => q.crossJoin('posts', 'qb_people.id', 'posts.user_id'),
      ],
      [
        (q) => q.crossJoin('posts', 'qb_people.id', '!=', 'posts.user_id'),
        (q) => q.crossJoin('posts', 'qb_people.id', '!=', 'posts.user_id'),
      ],
      [
        (q) => q.crossJoin('posts', (join: any) => join.on('qb_people.id', 'posts.user_id')),
        (q) => q.crossJoin('posts', (join: any) => join.on('qb_people.id', 'posts.user_id')),
      ],
      [
        (q) => q.crossJoin('posts', db.raw('posts.type = ?', ['x'])),
        (q) => q.crossJoin('posts', knex.raw('posts.type = ?', ['x'])),
      ],
    ]
    for (const [ours, theirs] of cases) {
      const query = db.from('qb_people')
      ours(query)
      assert.deepEqual(query.toSQL().toNative(), knexSql(db, theirs))
      assert.include(query.toSQL().sql, ' on ')
    }
  })
})
