import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { createDatabase, createUsersTable, dropTables } from '../../helpers/database.js'
import { Post, relationsGroup, seed } from '../../orm/relations/helpers.js'

const table = 'qb_wrap_users'

/** The SQL and bindings knex compiles a query written directly with knex to. */
function knexSql(db: Database, build: (query: ReturnType<Database['knexQuery']>) => unknown) {
  const query = db.knexQuery().from(table)
  build(query)
  return query.toSQL().toNative()
}

function names(rows: Record<string, unknown>[]) {
  return rows.map((row) => row.username)
}

test.group('DatabaseQueryBuilder.wrapExisting', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db, table)
    await db.table(table).multiInsert([
      { username: 'virk', email: 'virk@example.com', is_active: true, points: 10 },
      { username: 'romain', email: 'romain@example.com', is_active: false, points: 20 },
      { username: 'julien', email: null, is_active: true, points: 30 },
    ])
    return async () => {
      await dropTables(db, table)
      await db.manager.closeAll()
    }
  })

  test('a later where clause cannot be swallowed by an earlier orWhere', async ({ assert }) => {
    const rows = await db
      .from(table)
      .where('username', 'virk')
      .orWhere('username', 'romain')
      .wrapExisting()
      .where('is_active', true)
    assert.deepEqual(names(rows), ['virk'])
  })

  test('the clauses after wrapExisting form a group of their own', async ({ assert }) => {
    const rows = await db
      .from(table)
      .where('is_active', true)
      .wrapExisting()
      .where('username', 'romain')
      .orWhere('username', 'julien')
    assert.deepEqual(names(rows), ['julien'])
  })

  test('compiles to one group per wrapExisting call, as knex callbacks would', ({ assert }) => {
    const query = db
      .from(table)
      .where('username', 'virk')
      .orWhere('email', 'virk')
      .wrapExisting()
      .whereNull('created_at')
      .toSQL()
      .toNative()
    const expected = knexSql(db, (q) =>
      q
        .where((g) => g.where('username', 'virk').orWhere('email', 'virk'))
        .where((g) => g.whereNull('created_at'))
    )
    assert.deepEqual(query, expected)
  })

  test('a group whose first clause is an or clause joins with or', async ({ assert }) => {
    const query = db.from(table).where('points', '>', 25).wrapExisting().orWhereNull('email')
    const expected = knexSql(db, (q) =>
      q.where((g) => g.where('points', '>', 25)).orWhere((g) => g.whereNull('email'))
    )
    assert.deepEqual(query.toSQL().toNative(), expected)
    assert.deepEqual(names(await query), ['julien'])
  })

  test('raw, sub query, exists, between, in, null, not and ref clauses are wrapped', ({
    assert,
  }) => {
    const query = db
      .from(table)
      .whereRaw('points > ?', [1])
      .orWhereIn('id', (sub) => sub.from(table).select('id').where('points', 10))
      .orWhereExists(db.from(table).whereNotNull('email'))
      .wrapExisting()
      .whereBetween('points', [1, 40])
      .orWhereNot('username', 'virk')
      .orWhereNotIn('username', ['a', 'b'])
      .orWhere('points', db.ref('id'))
      .toSQL()
      .toNative()
    const expected = knexSql(db, (q) =>
      q
        .where((g) =>
          g
            .whereRaw('points > ?', [1])
            .orWhereIn('id', (sub) => sub.from(table).select('id').where('points', 10))
            .orWhereExists((sub) => sub.from(table).whereNotNull('email'))
        )
        .where((g) =>
          g
            .whereBetween('points', [1, 40])
            .orWhereNot('username', 'virk')
            .orWhereNotIn('username', ['a', 'b'])
            .orWhere('points', db.connection().getWriteClient().ref('id'))
        )
    )
    assert.deepEqual(query, expected)
  })

  test('an existing where callback is wrapped once more, as Lucid does', ({ assert }) => {
    const query = db
      .from(table)
      .where((q) => q.where('username', 'virk'))
      .wrapExisting()
      .whereNull('created_at')
      .toSQL()
      .toNative()
    const expected = knexSql(db, (q) =>
      q
        .where((g) => g.where((inner) => inner.where('username', 'virk')))
        .where((g) => g.whereNull('created_at'))
    )
    assert.deepEqual(query, expected)
  })

  test('calling it again with no new clause adds no group', ({ assert }) => {
    const once = db.from(table).where('username', 'virk').wrapExisting().where('points', 10)
    const twice = db
      .from(table)
      .where('username', 'virk')
      .wrapExisting()
      .wrapExisting()
      .where('points', 10)
      .wrapExisting()
      .wrapExisting()
    assert.deepEqual(twice.toSQL().toNative(), once.toSQL().toNative())
  })

  test('without where clauses it changes nothing', ({ assert }) => {
    const plain = db.from(table).where('username', 'virk').orWhere('points', 10)
    const wrapped = db.from(table).wrapExisting().where('username', 'virk').orWhere('points', 10)
    assert.deepEqual(wrapped.toSQL().toNative(), plain.toSQL().toNative())
  })

  test('a clone keeps the groups, and clauses added to it stay out of the original', async ({
    assert,
  }) => {
    const original = db.from(table).where('username', 'virk').wrapExisting().where('points', 10)
    const before = original.toSQL().toNative()
    const copy = original.clone().wrapExisting().orWhere('username', 'julien')
    assert.deepEqual(original.toSQL().toNative(), before)
    assert.deepEqual(names(await original), ['virk'])
    assert.deepEqual(names(await copy.orderBy('id')), ['virk', 'julien'])
  })

  test('clearWhere drops the groups', ({ assert }) => {
    const query = db.from(table).where('username', 'virk').wrapExisting().where('points', 10)
    query.clearWhere().where('username', 'romain').orWhere('points', 30)
    const expected = knexSql(db, (q) => q.where('username', 'romain').orWhere('points', 30))
    assert.deepEqual(query.toSQL().toNative(), expected)
  })

  test('works inside a sub query', async ({ assert }) => {
    const rows = await db
      .from(table)
      .whereIn('id', (sub) =>
        sub
          .from(table)
          .select('id')
          .where('username', 'virk')
          .orWhere('username', 'julien')
          .wrapExisting()
          .where('points', '>', 15)
      )
    assert.deepEqual(names(rows), ['julien'])
  })
})

test.group('ModelQueryBuilder.wrapExisting', (group) => {
  relationsGroup(group)

  function titles(posts: Post[]) {
    return posts.map((post) => post.title)
  }

  test('groups the clauses so far, mapping attribute names to columns', async ({ assert }) => {
    await seed()
    const posts = await Post.query()
      .where('title', 'a3')
      .orWhere('views', 10)
      .wrapExisting()
      .where('isPublished', true)
    assert.deepEqual(titles(posts), ['a1'])
  })

  test('on a relation query the parent constraint still applies', async ({ assert }) => {
    const { alice } = await seed()
    const posts = await alice
      .related('posts')
      .query()
      .where('title', 'a3')
      .orWhere('views', 5)
      .orWhere('views', 10)
      .wrapExisting()
      .where('isPublished', true)
    assert.deepEqual(titles(posts), ['a1'])
  })

  test('on a relation query a later or group stays with the parent', async ({ assert }) => {
    const { alice } = await seed()
    const posts = await alice
      .related('posts')
      .query()
      .where('views', 10)
      .wrapExisting()
      .orWhere('title', 'b1')
      .orWhere('title', 'a2')
      .orderBy('id')
    assert.deepEqual(titles(posts), ['a1', 'a2'])
  })
})
