import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_QUERY } from '../../../src/errors.js'
import {
  DB,
  createDatabase,
  createPostsTable,
  createUsersTable,
  dropTables,
} from '../../helpers/database.js'

/** Compiled SQL with pg's double quotes turned into backticks, so one expectation fits every dialect. */
function sqlOf(query: { toSQL(): { sql: string } }) {
  return query.toSQL().sql.replaceAll('"', '`')
}

async function seedUsers(db: Database) {
  await db.table('users').multiInsert([
    { username: 'virk', email: 'virk@adonisjs.com', points: 10 },
    { username: 'romain', email: 'romain@adonisjs.com', points: 20 },
    { username: 'julien', email: null, points: 30 },
    { username: 'Nikk', email: 'nikk@adonisjs.com', points: 40 },
  ])
}

async function usernames(query: PromiseLike<Record<string, any>[]>) {
  return (await query).map((row) => row.username)
}

function setupTables(
  group: { each: { setup(fn: () => Promise<() => Promise<void>>): void } },
  use: (db: Database) => void
) {
  group.each.setup(async () => {
    const db = createDatabase()
    use(db)
    await dropTables(db, 'posts', 'users')
    await createUsersTable(db)
    await createPostsTable(db)
    await seedUsers(db)
    return async () => {
      await dropTables(db, 'posts', 'users')
      await db.manager.closeAll()
    }
  })
}

test.group('Chainable.select', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  test('select accepts names, aliases and arrays', async ({ assert }) => {
    const query = db.from('users').select('id', 'username as name', ['points'])
    assert.equal(sqlOf(query), 'select `id`, `username` as `name`, `points` from `users`')
    const row = await query.where('username', 'virk').firstOrFail()
    assert.deepEqual(row, { id: row.id, name: 'virk', points: 10 })
  })

  test('select accepts an alias object', async ({ assert }) => {
    const row = await db.from('users').select({ name: 'username' }).orderBy('id').firstOrFail()
    assert.deepEqual(row, { name: 'virk' })
  })

  test('select accepts raw fragments with bindings', async ({ assert }) => {
    const row = await db
      .from('users')
      .select(db.raw('points * ? as doubled', [2]))
      .where('username', 'romain')
      .firstOrFail()
    assert.equal(Number(row.doubled), 40)
  })

  test('select accepts an aliased sub query', async ({ assert }) => {
    const posts = db
      .from('posts')
      .count('*')
      .whereColumn('posts.user_id', 'users.id')
      .as('posts_count')
    const query = db.from('users').select('username', posts).orderBy('id')
    assert.include(
      sqlOf(query),
      '(select count(*) from `posts` where `posts`.`user_id` = `users`.`id`) as `posts_count`'
    )
    const rows = await query
    assert.lengthOf(rows, 4)
    assert.equal(Number(rows[0].posts_count), 0)
  })

  test('a keys resolver maps keys, qualified keys and aliased keys', async ({ assert }) => {
    const query = db.from('users')
    query.keysResolver = (key) => key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`)
    query
      .select('isActive as active', 'users.createdAt')
      .where({ userName: 'x' })
      .where('users.isActive', true)
    assert.equal(
      sqlOf(query),
      'select `is_active` as `active`, `users`.`created_at` from `users` where `user_name` = ? and `users`.`is_active` = ?'
    )
  })
})

test.group('Chainable.from', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  test('from accepts an alias object', async ({ assert }) => {
    const query = db.from({ u: 'users' }).select('u.username').where('u.username', 'virk')
    assert.equal(sqlOf(query), 'select `u`.`username` from `users` as `u` where `u`.`username` = ?')
    assert.deepEqual(await usernames(query), ['virk'])
  })

  test('from accepts a callback building an aliased sub query', async ({ assert }) => {
    const query = db
      .query()
      .from((sub) => sub.from('users').where('points', '>', 15).as('rich'))
      .select('rich.username')
      .orderBy('rich.username')
    assert.equal(
      sqlOf(query),
      'select `rich`.`username` from (select * from `users` where `points` > ?) as `rich` order by `rich`.`username` asc'
    )
    assert.sameMembers(await usernames(query), ['julien', 'Nikk', 'romain'])
  })
})

test.group('Chainable.where', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  test('where takes a key and a value', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').where('username', 'virk')), ['virk'])
  })

  test('where takes an operator', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').where('points', '>=', 30).orderBy('id')), [
      'julien',
      'Nikk',
    ])
  })

  test('where takes an object of keys and values', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').where({ username: 'romain', points: 20 })), [
      'romain',
    ])
  })

  test('a callback groups conditions in parentheses', async ({ assert }) => {
    const query = db
      .from('users')
      .where('points', '>', 5)
      .where((sub) => sub.where('username', 'virk').orWhere('username', 'julien'))
      .orderBy('id')
    assert.equal(
      sqlOf(query),
      'select * from `users` where `points` > ? and (`username` = ? or `username` = ?) order by `id` asc'
    )
    assert.deepEqual(await usernames(query), ['virk', 'julien'])
  })

  test('the group callback receives a builder of the same class', async ({ assert }) => {
    const query = db.from('users')
    query.where((sub) => {
      assert.instanceOf(sub, query.constructor as never)
      assert.notStrictEqual(sub, query)
    })
  })

  test('orWhere, andWhere and the not variants combine as written', async ({ assert }) => {
    const query = db
      .from('users')
      .whereNot('username', 'virk')
      .andWhere('points', '<', 40)
      .orWhere('username', 'Nikk')
      .orWhereNot('points', '>', 0)
      .andWhereNot('username', 'nobody')
    assert.equal(
      sqlOf(query),
      'select * from `users` where not `username` = ? and `points` < ? or `username` = ? or not `points` > ? and not `username` = ?'
    )
    assert.sameMembers(await usernames(query), ['romain', 'julien', 'Nikk'])
  })

  test('where accepts a raw fragment', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').where(db.raw('points = ?', [20]))), [
      'romain',
    ])
  })

  test('where accepts a sub query builder as value', async ({ assert }) => {
    const max = db.from('users').max('points')
    assert.deepEqual(await usernames(db.from('users').where('points', max)), ['Nikk'])
  })

  test('whereColumn compares two columns', async ({ assert }) => {
    const query = db.from('users').whereColumn('points', '>', 'id').orWhereNotColumn('id', 'id')
    assert.equal(sqlOf(query), 'select * from `users` where `points` > `id` or not `id` = `id`')
    assert.lengthOf(await query, 4)
  })

  test('whereIn takes a list of values', async ({ assert }) => {
    const query = db.from('users').whereIn('username', ['virk', 'romain']).orderBy('id')
    assert.deepEqual(await usernames(query), ['virk', 'romain'])
  })

  test('whereIn takes a callback building a sub query', async ({ assert }) => {
    const query = db
      .from('users')
      .whereIn('id', (sub) => sub.from('users').select('id').where('points', '>', 25))
      .orderBy('id')
    assert.include(sqlOf(query), '`id` in (select `id` from `users` where `points` > ?)')
    assert.deepEqual(await usernames(query), ['julien', 'Nikk'])
  })

  test('whereIn takes a sub query builder', async ({ assert }) => {
    const sub = db.from('users').select('id').where('username', 'virk')
    assert.deepEqual(await usernames(db.from('users').whereIn('id', sub)), ['virk'])
  })

  test('whereIn compares tuples of columns', async ({ assert }) => {
    const query = db.from('users').whereIn(
      ['username', 'points'],
      [
        ['virk', 10],
        ['romain', 99],
      ]
    )
    assert.deepEqual(await usernames(query), ['virk'])
  })

  test('whereNotIn and orWhereIn negate and combine', async ({ assert }) => {
    const query = db
      .from('users')
      .whereNotIn('username', ['virk', 'romain', 'julien'])
      .orWhereIn('points', [10])
    assert.sameMembers(await usernames(query), ['virk', 'Nikk'])
  })

  test('whereIn with an empty list matches nothing', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').whereIn('id', [])), [])
  })

  test('whereNull and whereNotNull test for null', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').whereNull('email')), ['julien'])
    assert.lengthOf(await db.from('users').whereNotNull('email'), 3)
    assert.lengthOf(await db.from('users').whereNull('email').orWhereNotNull('email'), 4)
  })

  test('whereExists takes a callback and whereNotExists a builder', async ({ assert }) => {
    const virk = await db.from('users').where('username', 'virk').firstOrFail()
    await db.table('posts').insert({ user_id: virk.id, title: 'Hello' })
    const withPosts = db
      .from('users')
      .whereExists((sub) => sub.from('posts').whereColumn('posts.user_id', 'users.id'))
    assert.deepEqual(await usernames(withPosts), ['virk'])
    const withoutPosts = db
      .from('users')
      .whereNotExists(db.from('posts').whereColumn('posts.user_id', 'users.id'))
    assert.sameMembers(await usernames(withoutPosts), ['romain', 'julien', 'Nikk'])
  })

  test('whereBetween and whereNotBetween bound inclusively', async ({ assert }) => {
    assert.deepEqual(
      await usernames(db.from('users').whereBetween('points', [20, 30]).orderBy('id')),
      ['romain', 'julien']
    )
    assert.deepEqual(await usernames(db.from('users').whereNotBetween('points', [20, 40])), [
      'virk',
    ])
  })

  test('whereBetween takes sub queries and raw fragments as bounds', async ({ assert }) => {
    const query = db
      .from('users')
      .whereBetween('points', [
        db.from('users').where('username', 'romain').select('points'),
        db.raw('(select max(points) - 10 from users)'),
      ])
      .orderBy('id')
    assert.equal(
      sqlOf(query),
      'select * from `users` where `points` between (select `points` from `users` where `username` = ?) and (select max(points) - 10 from users) order by `id` asc'
    )
    assert.deepEqual(await usernames(query), ['romain', 'julien'])
    const outside = db
      .from('users')
      .whereNotBetween('points', [db.from('users').min('points'), db.raw('?', [30])])
    assert.deepEqual(await usernames(outside), ['Nikk'])
  })

  test('whereRaw binds its values', async ({ assert }) => {
    const query = db
      .from('users')
      .whereRaw('points > ?', [25])
      .orWhereRaw('username = ?', ['virk'])
      .orderBy('id')
    assert.deepEqual(await usernames(query), ['virk', 'julien', 'Nikk'])
  })

  test('whereLike is case sensitive on pg and mysql, and ignores ASCII case on sqlite', async ({
    assert,
  }) => {
    assert.deepEqual(await usernames(db.from('users').whereLike('username', 'N%')), ['Nikk'])
    const lower = await usernames(db.from('users').whereLike('username', 'n%'))
    assert.deepEqual(lower, DB === 'sqlite' ? ['Nikk'] : [])
    assert.deepEqual(await usernames(db.from('users').whereLike('username', '_irk')), ['virk'])
  })

  test('whereILike ignores case', async ({ assert }) => {
    const query = db
      .from('users')
      .whereILike('username', 'n%')
      .orWhereILike('username', 'VIRK')
      .orderBy('id')
    assert.deepEqual(await usernames(query), ['virk', 'Nikk'])
  })

  test('a where value never reaches the SQL text', async ({ assert }) => {
    const { sql, bindings } = db.from('users').where('username', "x' or 1=1 --").toSQL()
    assert.notInclude(sql, 'or 1=1')
    assert.deepEqual(bindings, ["x' or 1=1 --"])
    assert.lengthOf(await db.from('users').where('username', "x' or 1=1 --"), 0)
  })

  test('clearWhere removes every condition', async ({ assert }) => {
    assert.lengthOf(await db.from('users').where('id', -1).clearWhere(), 4)
  })
})

test.group('Chainable.joins', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  async function addPost(username: string, title: string) {
    const user = await db.from('users').where('username', username).firstOrFail()
    await db.table('posts').insert({ user_id: user.id, title })
  }

  test('join and innerJoin keep matching rows only', async ({ assert }) => {
    await addPost('virk', 'One')
    const rows = await db
      .from('users')
      .join('posts', 'users.id', '=', 'posts.user_id')
      .select('users.username', 'posts.title')
    assert.deepEqual(rows, [{ username: 'virk', title: 'One' }])
    const inner = await db
      .from('users')
      .innerJoin('posts', 'users.id', 'posts.user_id')
      .select('posts.title')
    assert.deepEqual(inner, [{ title: 'One' }])
  })

  test('leftJoin and leftOuterJoin keep every row of the left table', async ({ assert }) => {
    await addPost('virk', 'One')
    assert.lengthOf(await db.from('users').leftJoin('posts', 'users.id', 'posts.user_id'), 4)
    assert.lengthOf(await db.from('users').leftOuterJoin('posts', 'users.id', 'posts.user_id'), 4)
  })

  test('rightJoin and rightOuterJoin compile', async ({ assert }) => {
    assert.equal(
      sqlOf(db.from('users').rightJoin('posts', 'users.id', 'posts.user_id')),
      'select * from `users` right join `posts` on `users`.`id` = `posts`.`user_id`'
    )
    assert.include(
      sqlOf(db.from('users').rightOuterJoin('posts', 'users.id', 'posts.user_id')),
      'right outer join `posts`'
    )
  })

  test('a join callback builds the on clause', async ({ assert }) => {
    await addPost('virk', 'One')
    await addPost('romain', 'Two')
    const query = db
      .from('users')
      .join('posts', (join) =>
        join.on('users.id', '=', 'posts.user_id').andOnVal('posts.title', '=', 'Two')
      )
      .select('users.username')
    assert.include(
      sqlOf(query),
      'inner join `posts` on `users`.`id` = `posts`.`user_id` and `posts`.`title` = ?'
    )
    assert.deepEqual(await usernames(query), ['romain'])
  })

  test('crossJoin pairs every row', async ({ assert }) => {
    await addPost('virk', 'One')
    await addPost('virk', 'Two')
    assert.lengthOf(await db.from('users').crossJoin('posts'), 8)
  })

  test('joinRaw takes raw SQL', async ({ assert }) => {
    await addPost('virk', 'One')
    const rows = await db
      .from('users')
      .joinRaw('inner join posts on posts.user_id = users.id')
      .select('users.username')
    assert.deepEqual(rows, [{ username: 'virk' }])
  })

  test('fullOuterJoin compiles where the dialect has it and throws a clear error on mysql', async ({
    assert,
  }) => {
    if (DB === 'mysql') {
      assert.throws(
        () => db.from('users').fullOuterJoin('posts', 'users.id', 'posts.user_id'),
        /fullOuterJoin is not supported by mysql/
      )
      return
    }
    await addPost('virk', 'One')
    assert.lengthOf(await db.from('users').fullOuterJoin('posts', 'users.id', 'posts.user_id'), 4)
  })
})

test.group('Chainable.grouping and ordering', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  async function addPosts() {
    const users = await db.from('users').orderBy('id')
    await db.table('posts').multiInsert([
      { user_id: users[0].id, title: 'a', views: 1 },
      { user_id: users[0].id, title: 'b', views: 2 },
      { user_id: users[1].id, title: 'c', views: 3 },
    ])
    return users
  }

  test('groupBy with having filters groups', async ({ assert }) => {
    const users = await addPosts()
    const rows = await db
      .from('posts')
      .select('user_id')
      .count('* as total')
      .groupBy('user_id')
      .having(db.raw('count(*)'), '>', 1)
    assert.deepEqual(rows, [{ user_id: users[0].id, total: 2 }])
  })

  test('the having family combines its variants', async ({ assert }) => {
    const users = await addPosts()
    const query = db
      .from('posts')
      .select('user_id')
      .groupBy('user_id')
      .havingIn('user_id', [users[0].id])
      .orHavingBetween('user_id', [users[1].id, users[1].id])
      .orHavingRaw('sum(views) > ?', [100])
      .orderBy('user_id')
    assert.include(
      sqlOf(query),
      'having `user_id` in (?) or `user_id` between ? and ? or sum(views) > ?'
    )
    assert.deepEqual(
      (await query).map((row) => row.user_id),
      [users[0].id, users[1].id]
    )
    const notIn = await db
      .from('posts')
      .select('user_id')
      .groupBy('user_id')
      .havingNotIn('user_id', [users[0].id])
      .havingNotNull('user_id')
    assert.deepEqual(
      notIn.map((row) => row.user_id),
      [users[1].id]
    )
    assert.lengthOf(
      await db.from('posts').select('user_id').groupBy('user_id').havingNull('user_id'),
      0
    )
  })

  test('havingExists takes a callback', async ({ assert }) => {
    await addPosts()
    const query = db
      .from('posts')
      .select('user_id')
      .groupBy('user_id')
      .havingExists((sub) => sub.from('users').where('username', 'nobody'))
    assert.include(sqlOf(query), 'having exists (select * from `users` where `username` = ?)')
    assert.lengthOf(await query, 0)
  })

  test('groupByRaw groups by an expression', async ({ assert }) => {
    await addPosts()
    const rows = await db
      .from('posts')
      .select(db.raw('views % 2 as parity'))
      .count('* as total')
      .groupByRaw('views % 2')
      .orderBy('parity')
    assert.deepEqual(
      rows.map((row) => row.total),
      [1, 2]
    )
  })

  test('orderBy takes a column and direction, arrays and objects', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').orderBy('points', 'desc').limit(2)), [
      'Nikk',
      'julien',
    ])
    const query = db.from('users').orderBy(['username', { column: 'points', order: 'desc' }])
    assert.equal(sqlOf(query), 'select * from `users` order by `username` asc, `points` desc')
  })

  test('orderBy takes a sub query', async ({ assert }) => {
    await addPosts()
    const postsCount = db.from('posts').count('*').whereColumn('posts.user_id', 'users.id')
    const rows = await db.from('users').orderBy(postsCount, 'desc').orderBy('id').limit(2)
    assert.deepEqual(
      rows.map((row) => row.username),
      ['virk', 'romain']
    )
  })

  test('orderByRaw and clearOrder', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').orderByRaw('points desc').limit(1)), ['Nikk'])
    assert.notInclude(sqlOf(db.from('users').orderBy('id').clearOrder()), 'order by')
  })

  test('limit, offset, forPage and their clear methods', async ({ assert }) => {
    assert.deepEqual(await usernames(db.from('users').orderBy('id').limit(2).offset(1)), [
      'romain',
      'julien',
    ])
    assert.deepEqual(await usernames(db.from('users').orderBy('id').forPage(2, 3)), ['Nikk'])
    assert.deepEqual(await usernames(db.from('users').orderBy('id').forPage(0, 1)), ['virk'])
    assert.lengthOf(await db.from('users').limit(1).offset(3).clearLimit().clearOffset(), 4)
  })

  test('distinct removes duplicates', async ({ assert }) => {
    await addPosts()
    assert.lengthOf(await db.from('posts').distinct('user_id'), 2)
  })

  test('distinctOn works on pg and throws a clear error elsewhere', async ({ assert }) => {
    if (DB !== 'pg') {
      assert.throws(() => db.from('posts').distinctOn('user_id'), /distinctOn is not supported by/)
      return
    }
    await addPosts()
    const rows = await db
      .from('posts')
      .distinctOn('user_id')
      .orderBy('user_id')
      .orderBy('views', 'desc')
    assert.deepEqual(
      rows.map((row) => row.title),
      ['b', 'c']
    )
  })
})

test.group('Chainable.unions and ctes', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  test('union merges callbacks and builders', async ({ assert }) => {
    const query = db
      .from('users')
      .select('username')
      .where('username', 'virk')
      .union((sub) => sub.from('users').select('username').where('username', 'romain'))
      .union(db.from('users').select('username').where('username', 'virk'))
    assert.sameMembers(await usernames(query), ['virk', 'romain'])
  })

  test('unionAll keeps duplicates', async ({ assert }) => {
    const query = db
      .from('users')
      .select('username')
      .where('username', 'virk')
      .unionAll(db.from('users').select('username').where('username', 'virk'))
    assert.deepEqual(await usernames(query), ['virk', 'virk'])
  })

  test('intersect keeps common rows', async ({ assert }) => {
    const query = db
      .from('users')
      .select('username')
      .where('points', '>', 15)
      .intersect(db.from('users').select('username').where('points', '<', 35))
    assert.sameMembers(await usernames(query), ['romain', 'julien'])
  })

  test('with defines a common table expression from a callback', async ({ assert }) => {
    const query = db
      .query()
      .with('rich', (sub) => sub.from('users').where('points', '>', 25))
      .from('rich')
      .orderBy('id')
    assert.equal(
      sqlOf(query),
      'with `rich` as (select * from `users` where `points` > ?) select * from `rich` order by `id` asc'
    )
    assert.deepEqual(await usernames(query), ['julien', 'Nikk'])
  })

  test('withRecursive builds a recursive common table expression', async ({ assert }) => {
    const rows = await db
      .query()
      .withRecursive(
        'numbers',
        db.raw('select 1 as n union all select n + 1 from numbers where n < 3'),
        ['n']
      )
      .from('numbers')
      .select('n')
    assert.deepEqual(
      rows.map((row) => Number(row.n)),
      [1, 2, 3]
    )
  })

  test('withMaterialized runs on pg and sqlite and throws a clear error on mysql', async ({
    assert,
  }) => {
    const build = () =>
      db
        .query()
        .withMaterialized('rich', db.from('users').where('points', '>', 25))
        .from('rich')
    if (DB === 'mysql') {
      assert.throws(build, /withMaterialized is not supported by mysql/)
      assert.throws(
        () => db.query().withNotMaterialized('x', db.from('users')),
        /withNotMaterialized is not supported by mysql/
      )
      return
    }
    assert.lengthOf(await build(), 2)
    assert.lengthOf(
      await db.query().withNotMaterialized('all_users', db.from('users')).from('all_users'),
      4
    )
  })
})

test.group('Chainable.locks and conditionals', (group) => {
  let db: Database
  setupTables(group, (instance) => (db = instance))

  test('row locks run inside a transaction on every dialect', async ({ assert }) => {
    await db.transaction(async (trx) => {
      const rows = await trx.from('users').where('username', 'virk').forUpdate().noWait()
      assert.lengthOf(rows, 1)
      assert.lengthOf(await trx.from('users').forShare().skipLocked(), 4)
    })
  })

  test('forUpdate compiles to a lock where the dialect has row locks', async ({ assert }) => {
    const sql = sqlOf(db.from('users').forUpdate())
    assert.equal(
      sql,
      DB === 'sqlite' ? 'select * from `users`' : 'select * from `users` for update'
    )
  })

  test('if runs the callback only for a truthy condition', async ({ assert }) => {
    const build = (name?: string) =>
      db.from('users').if(
        name,
        (query) => query.where('username', name!),
        (query) => query.where('points', 10)
      )
    assert.deepEqual(await usernames(build('romain')), ['romain'])
    assert.deepEqual(await usernames(build()), ['virk'])
  })

  test('unless runs the callback for a falsy condition, and conditions may be functions', async ({
    assert,
  }) => {
    assert.deepEqual(
      await usernames(
        db.from('users').unless(
          () => false,
          (query) => query.where('points', 20)
        )
      ),
      ['romain']
    )
    assert.lengthOf(await db.from('users').unless(true, (query) => query.where('points', 20)), 4)
  })

  test('match runs the first matching block or the default', async ({ assert }) => {
    const build = (role: string) =>
      db
        .from('users')
        .match(
          [role === 'admin', (query) => query.where('username', 'virk')],
          [role === 'editor', (query) => query.where('username', 'romain')],
          (query) => query.where('username', 'julien')
        )
    assert.deepEqual(await usernames(build('editor')), ['romain'])
    assert.deepEqual(await usernames(build('guest')), ['julien'])
  })

  test('ifDialect and unlessDialect follow the connection dialect', async ({ assert }) => {
    const current = db.connection().dialect.name
    const query = db
      .from('users')
      .ifDialect(current, (q) => q.where('username', 'virk'))
      .unlessDialect(current, (q) => q.where('username', 'romain'))
    assert.deepEqual(await usernames(query), ['virk'])
  })

  test("ifDialect and unlessDialect take Lucid's SQLite dialect names", async ({ assert }) => {
    const lucidNames = ['sqlite3', 'better-sqlite3', 'libsql'] as const
    const matched = db.from('users').ifDialect(
      [...lucidNames],
      (q) => q.where('username', 'virk'),
      (q) => q.where('username', 'romain')
    )
    assert.deepEqual(await usernames(matched), [DB === 'sqlite' ? 'virk' : 'romain'])
    const unmatched = db
      .from('users')
      .unlessDialect('better-sqlite3', (q) => q.where('username', 'julien'))
      .orderBy('id')
    assert.deepEqual(
      await usernames(unmatched),
      DB === 'sqlite' ? ['virk', 'romain', 'julien', 'Nikk'] : ['julien']
    )
  })
})

test.group('Chainable.json', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'qb_documents')
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('qb_documents', (table) => {
        table.increments('id')
        table.string('name')
        table.jsonb('meta')
      })
    await db.table('qb_documents').multiInsert([
      { name: 'a', meta: JSON.stringify({ tags: ['x'], level: 1 }) },
      { name: 'b', meta: JSON.stringify({ tags: ['x', 'y'], level: 2 }) },
    ])
    return async () => {
      await dropTables(db, 'qb_documents')
      await db.manager.closeAll()
    }
  })

  test('whereJson matches equal documents only', async ({ assert }) => {
    // SQLite compares the text, as Lucid does: the keys in the order they were stored
    const rows = await db.from('qb_documents').whereJson('meta', { tags: ['x'], level: 1 })
    assert.deepEqual(
      rows.map((row) => row.name),
      ['a']
    )
    const none = await db.from('qb_documents').whereJson('meta', { level: 1 })
    assert.lengthOf(none, 0)
    const not = await db.from('qb_documents').whereNotJson('meta', { tags: ['x'], level: 1 })
    assert.deepEqual(
      not.map((row) => row.name),
      ['b']
    )
  })

  test('whereJsonSuperset and whereJsonSubset test containment, or throw on sqlite', async ({
    assert,
  }) => {
    if (DB === 'sqlite') {
      assert.throws(
        () => db.from('qb_documents').whereJsonSuperset('meta', { level: 1 }),
        /whereJsonSuperset is not supported by sqlite/
      )
      assert.throws(
        () => db.from('qb_documents').orWhereNotJsonSubset('meta', { level: 1 }),
        /whereJsonSubset is not supported by sqlite/
      )
      return
    }
    const superset = await db.from('qb_documents').whereJsonSuperset('meta', { level: 2 })
    assert.deepEqual(
      superset.map((row) => row.name),
      ['b']
    )
    const subset = await db
      .from('qb_documents')
      .whereJsonSubset('meta', { level: 1, tags: ['x'], extra: true })
    assert.deepEqual(
      subset.map((row) => row.name),
      ['a']
    )
    const notSuperset = await db.from('qb_documents').whereNotJsonSuperset('meta', { level: 2 })
    assert.deepEqual(
      notSuperset.map((row) => row.name),
      ['a']
    )
  })

  test('unsupported json clauses raise E_INVALID_QUERY on sqlite', async ({ assert }) => {
    if (DB !== 'sqlite') {
      assert.doesNotThrow(() => db.from('qb_documents').whereJsonSubset('meta', {}))
      return
    }
    assert.throws(
      () => db.from('qb_documents').whereJsonSubset('meta', {}),
      E_INVALID_QUERY as never
    )
  })
})
