import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { Sequence } from '../../src/factories/main.js'
import { factories, PostFactory, TeamFactory, UserFactory } from './factories.js'
import {
  captureQueries,
  countRows,
  Post,
  setupDatabase,
  teardownDatabase,
  User,
} from './helpers.js'

test.group('FactoryBuilder | make', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('make() returns an unsaved model filled from the definition', async ({ assert }) => {
    const user = await UserFactory.make()
    assert.instanceOf(user, User)
    assert.isFalse(user.$isPersisted)
    assert.match(user.email, /@/)
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test('makeMany(n) returns n unsaved models', async ({ assert }) => {
    const users = await UserFactory.makeMany(3)
    assert.lengthOf(users, 3)
    assert.isTrue(users.every((user) => !user.$isPersisted))
  })

  test('count(n).make() returns an array', async ({ assert }) => {
    const users = await UserFactory.count(2).make()
    assert.lengthOf(users, 2)
  })

  test('make() leaves a nested factory key unset and issues no query', async ({ assert }) => {
    const queries = captureQueries(db)
    const post = await PostFactory.make()
    queries.stop()
    assert.isUndefined(post.userId)
    assert.lengthOf(queries.events, 0)
  })

  test('raw() returns the attributes only', async ({ assert }) => {
    const attributes = await UserFactory.merge({ username: 'jo' }).raw()
    assert.notInstanceOf(attributes, User)
    assert.equal(attributes.username, 'jo')
  })

  test('rawMany(n) returns n attribute objects', async ({ assert }) => {
    const rows = await UserFactory.rawMany(2)
    assert.lengthOf(rows, 2)
    assert.notEqual(rows[0].email, rows[1].email)
  })
})

test.group('FactoryBuilder | overrides and states', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('merge() overrides definition values', async ({ assert }) => {
    const user = await UserFactory.merge({ username: 'virk' }).make()
    assert.equal(user.username, 'virk')
  })

  test('merge([...]) gives each row the values of its index', async ({ assert }) => {
    const users = await UserFactory.merge([{ username: 'a' }, { username: 'b' }]).makeMany(3)
    assert.deepEqual(
      users.slice(0, 2).map((user) => user.username),
      ['a', 'b']
    )
    assert.notInclude(['a', 'b'], users[2].username)
  })

  test('mergeRecursive() merges nested objects key by key', async ({ assert }) => {
    const factory = UserFactory.merge({ settings: { theme: 'dark', lang: 'en' } })
    const user = await factory.mergeRecursive({ settings: { lang: 'pt' } }).make()
    assert.deepEqual(user.settings, { theme: 'dark', lang: 'pt' })
  })

  test('apply() runs a callback state', async ({ assert }) => {
    const user = await UserFactory.apply('suspended').make()
    assert.equal(user.accountStatus, 'suspended')
  })

  test('apply() merges an object state', async ({ assert }) => {
    const user = await UserFactory.apply('rich').make()
    assert.equal(user.points, 1000)
  })

  test('a state overrides a merged value', async ({ assert }) => {
    const user = await UserFactory.merge({ points: 5 }).apply('rich').make()
    assert.equal(user.points, 1000)
  })

  test('tap() runs after merge and states', async ({ assert }) => {
    const user = await UserFactory.apply('rich')
      .tap((row) => {
        row.points += 1
      })
      .make()
    assert.equal(user.points, 1001)
  })

  test("apply() with an unknown state is E_UNDEFINED_FACTORY_STATE with Lucid's message", async ({
    assert,
  }) => {
    try {
      UserFactory.apply('banned' as never)
      assert.fail('expected an error')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_UNDEFINED_FACTORY_STATE')
      assert.equal(
        (error as Error).message,
        'Cannot apply undefined state "banned". Double check the model factory'
      )
    }
  })

  test('sequence() cycles values per row', async ({ assert }) => {
    const users = await UserFactory.sequence({ points: 1 }, { points: 2 }).makeMany(5)
    assert.deepEqual(
      users.map((user) => user.points),
      [1, 2, 1, 2, 1]
    )
  })

  test('sequence() accepts a Sequence with callbacks seeing index and count', async ({
    assert,
  }) => {
    const sequence = new Sequence<User>(({ index, count }) => ({ username: `u${index}/${count}` }))
    const users = await UserFactory.sequence(sequence).makeMany(2)
    assert.deepEqual(
      users.map((user) => user.username),
      ['u0/1', 'u1/1']
    )
  })

  test('sequence() cycles state names', async ({ assert }) => {
    const users = await UserFactory.sequence('rich', 'suspended').makeMany(2)
    assert.equal(users[0].points, 1000)
    assert.equal(users[1].accountStatus, 'suspended')
  })

  test('sequence() with an unknown state is E_UNDEFINED_FACTORY_STATE when called', async ({
    assert,
  }) => {
    for (const call of [
      () => UserFactory.sequence('rich', 'banned' as never),
      () => UserFactory.sequence(new Sequence<User>({ points: 1 }, 'banned')),
    ]) {
      assert.throws(call, 'Cannot apply undefined state "banned". Double check the model factory')
    }
  })

  test('builders are immutable: a configured builder leaves its source alone', async ({
    assert,
  }) => {
    const rich = UserFactory.apply('rich')
    const plain = await UserFactory.make()
    const made = await rich.make()
    assert.equal(plain.points, 0)
    assert.equal(made.points, 1000)
  })

  test('trashed() makes soft-deleted rows', async ({ assert }) => {
    const user = await UserFactory.trashed().create()
    assert.isTrue(user.$isTrashed)
    assert.isNull(await User.find(user.id))
    assert.isNotNull(await User.query().withTrashed().where('id', user.id).first())
  })

  test('trashed() on a model without soft deletes is a coded error', async ({ assert }) => {
    assert.throws(() => PostFactory.trashed(), /does not use soft deletes/)
  })
})

test.group('FactoryBuilder | create', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('create() saves the model', async ({ assert }) => {
    const user = await UserFactory.create()
    assert.isTrue(user.$isPersisted)
    assert.isNumber(user.id)
    assert.equal((await User.findOrFail(user.id)).email, user.email)
  })

  test('createMany(n) saves n models with their keys in order', async ({ assert }) => {
    const users = await UserFactory.createMany(5)
    const rows = await db.from('fac_users').select('id', 'email').orderBy('id')
    assert.deepEqual(
      users.map((user) => [user.id, user.email]),
      rows.map((row) => [row.id, row.email])
    )
  })

  test('count(n).create() returns an array of saved models', async ({ assert }) => {
    const users = await UserFactory.count(2).create()
    assert.lengthOf(users, 2)
    assert.equal(await countRows(db, 'fac_users'), 2)
  })

  test('a nested factory creates the parent and uses its key', async ({ assert }) => {
    const post = await PostFactory.create()
    const user = await User.findOrFail(post.userId)
    assert.equal(user.id, post.userId)
  })

  test('a nested factory is skipped when merge sets the key', async ({ assert }) => {
    const user = await UserFactory.create()
    await PostFactory.merge({ userId: user.id }).createMany(2)
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('a nested factory is skipped when a tap sets the key', async ({ assert }) => {
    const user = await UserFactory.create()
    await PostFactory.tap((post) => {
      post.userId = user.id
    }).create()
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test("a nested factory is skipped when an after('make') callback sets the key", async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const Posts = factories
      .define(Post, () => ({ title: 't', userId: UserFactory }))
      .after('make', (_builder, post) => {
        post.userId = user.id
      })
      .build()
    const post = await Posts.create()
    assert.equal(post.userId, user.id)
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('a nested factory in a state creates its parent', async ({ assert }) => {
    const user = await UserFactory.apply('inTeam').create()
    assert.isNumber(user.teamId)
    assert.equal(await countRows(db, 'fac_teams'), 1)
  })

  test('createMany(n) with a nested factory inserts parents in one statement', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const posts = await PostFactory.createMany(10)
    queries.stop()
    const inserts = queries.sql().filter((sql) => sql.startsWith('insert'))
    assert.lengthOf(inserts, 2)
    assert.include(inserts[0], 'fac_users')
    assert.equal(new Set(posts.map((post) => post.userId)).size, 10)
  })

  test('createMany(1000) issues at most 3 INSERT statements', async ({ assert }) => {
    const queries = captureQueries(db)
    await TeamFactory.createMany(1000)
    queries.stop()
    const inserts = queries.sql().filter((sql) => sql.startsWith('insert'))
    assert.isAtMost(inserts.length, 3)
    assert.equal(await countRows(db, 'fac_teams'), 1000)
  }).timeout(60_000)

  test('a hook failing on row 37 of 50 leaves the table empty', async ({ assert }) => {
    const failing = (user: User) => {
      if (user.username === 'row-37') throw new Error('row 37 refused')
    }
    User.after('create', failing)
    try {
      const names = Array.from({ length: 50 }, (_, index) => ({ username: `row-${index}` }))
      await assert.rejects(() => UserFactory.merge(names).createMany(50), 'row 37 refused')
    } finally {
      User.$hooks.remove('after:create', failing)
    }
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test('returning(key) makes create() resolve to that key', async ({ assert }) => {
    const id = await UserFactory.returning('id').create()
    assert.isNumber(id)
    assert.isNotNull(await User.find(id))
  })

  test('returning(key) makes createMany() resolve to the keys', async ({ assert }) => {
    const emails = await UserFactory.returning('email').createMany(2)
    assert.lengthOf(emails, 2)
    assert.match(emails[0], /@/)
  })

  test('a nested factory with returning() hands that attribute to the child', async ({
    assert,
  }) => {
    const teamName = TeamFactory.returning('name').merge({ name: 'core' })
    const user = await UserFactory.merge({ username: teamName as never }).create()
    assert.equal(user.username, 'core')
    assert.equal(await countRows(db, 'fac_teams'), 1)
  })

  test('client(trx) creates in a savepoint of the given transaction, left open', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    try {
      const user = await UserFactory.client(trx).create()
      // as in Lucid: the savepoint is released, and a model forgets a transaction that ended
      assert.isUndefined(user.$trx)
      assert.isFalse(trx.isCompleted)
      assert.lengthOf(await trx.from('fac_users').where('id', user.id), 1)
    } finally {
      await trx.rollback()
    }
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test('a graph failing in client(trx) leaves none of its rows, and the transaction usable', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    try {
      await trx.table('fac_users').insert({ username: 'mine', email: 'mine@example.com' })
      // each post's author is inserted first, then the posts' INSERT fails on the null title
      const rows = [{ title: 'a' }, { title: 'b' }, { title: null as never }]
      await assert.rejects(() => PostFactory.client(trx).merge(rows).createMany(3))
      assert.isFalse(trx.isCompleted)
      // on pg the failed INSERT would abort the whole transaction without the savepoint
      const left = await trx.from('fac_users').select('username')
      assert.deepEqual(
        left.map((row) => row.username),
        ['mine']
      )
      await trx.commit()
    } finally {
      if (!trx.isCompleted) await trx.rollback()
    }
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('useCtx() runs in the transaction of the context', async ({ assert }) => {
    const trx = await db.transaction()
    let seen: unknown
    await UserFactory.useCtx({ $trx: trx })
      .tap((_row, ctx) => {
        seen = ctx.$trx
      })
      .create()
    await trx.rollback()
    assert.strictEqual(seen, trx)
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test('connection(name) creates on that connection', async ({ assert }) => {
    const user = await UserFactory.connection('primary').create()
    assert.equal(user.$options?.connection, 'primary')
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('quietly() creates without model hooks', async ({ assert }) => {
    const seen: string[] = []
    const hook = (user: User) => {
      seen.push(user.username)
    }
    User.before('create', hook)
    try {
      await UserFactory.quietly().create()
    } finally {
      User.$hooks.remove('before:create', hook)
    }
    assert.deepEqual(seen, [])
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('ctx.$trx is the transaction create() runs in', async ({ assert }) => {
    let seen: unknown
    await UserFactory.tap((_row, ctx) => {
      seen = ctx.$trx
    }).create()
    assert.isTrue((seen as { isTransaction: boolean }).isTransaction)
  })
})

test.group('FactoryBuilder | makeStubbed', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('makeStubbed() gives a fake id and issues no query', async ({ assert }) => {
    const queries = captureQueries(db)
    const post = await PostFactory.makeStubbed()
    queries.stop()
    assert.lengthOf(queries.events, 0)
    assert.isNumber(post.id)
    assert.isFalse(post.$isPersisted)
  })

  test('makeStubbed() stubs nested factories and uses their fake ids', async ({ assert }) => {
    const post = await PostFactory.makeStubbed()
    assert.isNumber(post.userId)
    assert.notEqual(post.userId, post.id)
  })

  test('makeStubbedMany(n) gives distinct ids', async ({ assert }) => {
    const users = await UserFactory.makeStubbedMany(3)
    assert.equal(new Set(users.map((user) => user.id)).size, 3)
  })

  test('ctx.isStubbed is true while stubbing', async ({ assert }) => {
    let stubbed: boolean | undefined
    await UserFactory.tap((_row, ctx) => {
      stubbed = ctx.isStubbed
    }).makeStubbed()
    assert.isTrue(stubbed)
  })

  test('makeStubbed() keeps an id set by merge', async ({ assert }) => {
    const user = await UserFactory.merge({ id: 999 }).makeStubbed()
    assert.equal(user.id, 999)
  })
})

test.group('FactoryBuilder | context', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('ctx.index is the position of the row in its batch', async ({ assert }) => {
    const indexes: number[] = []
    await UserFactory.tap((_row, ctx) => {
      indexes.push(ctx.index)
    }).makeMany(3)
    assert.deepEqual(indexes, [0, 1, 2])
  })

  test('ctx.sequence keeps counting across calls', async ({ assert }) => {
    const seen: number[] = []
    const factory = UserFactory.tap((_row, ctx) => {
      seen.push(ctx.sequence)
    })
    await factory.make()
    await factory.make()
    assert.equal(seen[1], seen[0] + 1)
  })

  test('Post rows link to the users created for them', async ({ assert }) => {
    const posts = await PostFactory.createMany(3)
    const users = await User.query().whereIn(
      'id',
      posts.map((post) => post.userId)
    )
    assert.lengthOf(users, 3)
    assert.isTrue(posts.every((post) => post instanceof Post))
  })
})
