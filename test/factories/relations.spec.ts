import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter, BaseModel } from '../../src/orm/main.js'
import type { QueryEvent } from '../../src/types/database.js'
import { createDatabase } from '../helpers/database.js'
import {
  count,
  factory,
  createRelationTables,
  dropRelationTables,
  PostFactory,
  RComment,
  RoleFactory,
  RPost,
  RUser,
  UserFactory,
} from './relation_models.js'

test.group('Factories: relation graphs', (group) => {
  let db: Database
  let queries: QueryEvent[]
  group.each.setup(async () => {
    db = createDatabase({}, true)
    queries = []
    db.on('db:query', (query) => queries.push(query))
    BaseModel.useAdapter(new Adapter(db))
    await createRelationTables(db)
    queries = []
    return async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    }
  })

  const inserts = () => queries.filter((query) => query.method === 'insert')

  test('with() builds users -> posts -> comments three levels deep, one INSERT per level', async ({
    assert,
  }) => {
    const users = await UserFactory.with('posts', 2, (post) => post.with('comments', 3)).createMany(
      4
    )
    assert.lengthOf(users, 4)
    assert.equal(await count(db, 'facr_users'), 4)
    assert.equal(await count(db, 'facr_posts'), 8)
    assert.equal(await count(db, 'facr_comments'), 24)
    assert.isAtMost(inserts().length, 3 + 2)
    for (const user of users) {
      assert.lengthOf(user.posts, 2)
      for (const post of user.posts) {
        assert.equal(post.userId, user.id)
        assert.lengthOf(post.comments, 3)
        assert.isTrue(post.comments.every((comment) => comment.postId === post.id))
      }
    }
  })

  test("a parent's after('create') runs once its with() rows are written and have run theirs", async ({
    assert,
  }) => {
    // as in Lucid and Laravel: the children are created before the parent's after-create callbacks
    const events: string[] = []
    const Comments = factory
      .define(RComment, ({ faker }) => ({ body: faker.lorem.sentence() }))
      .after('create', (_builder, comment) => {
        events.push(`comment ${comment.id} of post ${comment.postId}`)
      })
      .build()
    const Posts = factory
      .define(RPost, ({ faker }) => ({ title: faker.lorem.words(3) }))
      .relation('comments', () => Comments)
      .after('create', async (_builder, post, ctx) => {
        const stored = await ctx.$trx!.from('facr_comments').where('post_id', post.id)
        events.push(`post ${post.id}: ${post.comments.length} comments, ${stored.length} stored`)
      })
      .build()
    const Users = factory
      .define(RUser, ({ faker }) => ({ email: faker.internet.email() }))
      .relation('posts', () => Posts)
      .after('create', async (_builder, user, ctx) => {
        const stored = await ctx.$trx!.from('facr_posts').where('user_id', user.id)
        const ids = user.posts.map((post) => post.id)
        events.push(`user ${user.id}: posts ${ids.join(',')}, ${stored.length} stored`)
      })
      .build()
    await Users.with('posts', 2, (post) => post.with('comments', 1)).create()
    assert.deepEqual(events, [
      'comment 1 of post 1',
      'post 1: 1 comments, 1 stored',
      'comment 2 of post 2',
      'post 2: 1 comments, 1 stored',
      'user 1: posts 1,2, 2 stored',
    ])
  })

  test('a child definition naming its parent factory does not create extra parents', async ({
    assert,
  }) => {
    // Laravel: the key set by the relation replaces the definition's factory
    const AuthoredPostFactory = factory
      .define(RPost, ({ faker }) => ({ title: faker.lorem.words(3), userId: UserFactory }))
      .build()
    const users = await UserFactory.with('posts', 2, () => AuthoredPostFactory).createMany(2)
    assert.equal(await count(db, 'facr_users'), 2)
    assert.isTrue(users.every((user) => user.posts.every((post) => post.userId === user.id)))
    const stubbed = await UserFactory.with('posts', 2, () => AuthoredPostFactory).makeStubbed()
    assert.isTrue(stubbed.posts.every((post) => post.userId === stubbed.id))
    // used alone, the definition still creates its author
    const post = await AuthoredPostFactory.create()
    assert.equal(await count(db, 'facr_users'), 3)
    assert.isNumber(post.userId)
  })

  test('with(relation, 0) creates no related rows', async ({ assert }) => {
    await UserFactory.with('posts', 0).create()
    assert.equal(await count(db, 'facr_posts'), 0)
  })

  test('stacked with() calls add up on the parent', async ({ assert }) => {
    const user = await UserFactory.with('posts', 3).with('posts', 2).create()
    assert.lengthOf(user.posts, 5)
    assert.equal(await count(db, 'facr_posts'), 5)
  })

  test('with() on a hasOne relation creates one related row', async ({ assert }) => {
    const user = await UserFactory.with('profile').create()
    assert.equal(user.profile.userId, user.id)
    assert.equal(await count(db, 'facr_profiles'), 1)
  })

  test('for() with a factory creates one parent for every row', async ({ assert }) => {
    const posts = await PostFactory.for(UserFactory.merge({ email: 'jo@example.com' })).createMany(
      3
    )
    assert.equal(await count(db, 'facr_users'), 1)
    const user = await RUser.firstOrFail()
    assert.equal(user.email, 'jo@example.com')
    assert.isTrue(posts.every((post) => post.userId === user.id && post.author === posts[0].author))
  })

  test('for() with an existing model creates no parent', async ({ assert }) => {
    const user = await UserFactory.create()
    queries = []
    const posts = await PostFactory.for(user).createMany(3)
    assert.equal(await count(db, 'facr_users'), 1)
    assert.isTrue(posts.every((post) => post.userId === user.id))
  })

  test('has() is with() found by the related model', async ({ assert }) => {
    const user = await UserFactory.has(PostFactory.count(2)).create()
    assert.lengthOf(user.posts, 2)
    assert.equal(await count(db, 'facr_posts'), 2)
  })

  test('with() on a manyToMany relation writes pivot rows with pivotAttributes()', async ({
    assert,
  }) => {
    const user = await UserFactory.with('roles', 2, (role) =>
      role.pivotAttributes({ active: true })
    ).create()
    assert.lengthOf(user.roles, 2)
    const pivots = await db.from('facr_role_user').where('user_id', user.id)
    assert.lengthOf(pivots, 2)
    assert.isTrue(pivots.every((pivot) => Boolean(pivot.active)))
  })

  test('hasAttached() attaches existing models with pivot attributes', async ({ assert }) => {
    const roles = await RoleFactory.createMany(2)
    const users = await UserFactory.hasAttached(roles, { active: true }).createMany(3)
    assert.equal(await count(db, 'facr_roles'), 2)
    assert.equal(await count(db, 'facr_role_user'), 6)
    assert.lengthOf(users[0].roles, 2)
  })

  test('hasAttached() takes a factory with a count and pivot attributes from the parent', async ({
    assert,
  }) => {
    const users = await UserFactory.merge([{ email: 'a@x.y' }, { email: 'b@x.y' }])
      .hasAttached(RoleFactory.count(3), (user: RUser) => ({ active: user.email.startsWith('a') }))
      .createMany(2)
    assert.equal(await count(db, 'facr_roles'), 6)
    const active = await db.from('facr_role_user').where('user_id', users[0].id)
    const inactive = await db.from('facr_role_user').where('user_id', users[1].id)
    assert.isTrue(active.every((pivot) => Boolean(pivot.active)))
    assert.isTrue(inactive.every((pivot) => !pivot.active))
  })

  test('recycle() reuses one existing parent instead of creating new ones', async ({ assert }) => {
    const user = await UserFactory.create()
    const posts = await PostFactory.for(UserFactory).recycle(user).createMany(5)
    assert.equal(await count(db, 'facr_users'), 1)
    assert.isTrue(posts.every((post) => post.userId === user.id))
  })

  test('recycle() picks parents from an array', async ({ assert }) => {
    const users = await UserFactory.createMany(3)
    const posts = await PostFactory.with('author').recycle(users).createMany(12)
    assert.equal(await count(db, 'facr_users'), 3)
    const ids = new Set(users.map((user) => user.id))
    assert.isTrue(posts.every((post) => ids.has(post.userId)))
  })

  test('a failing hook in a graph leaves every table empty', async ({ assert }) => {
    const Failing = factory
      .define(RComment, () => ({ body: 'x' }))
      .before('create', (_, comment: RComment) => {
        if (comment.body === 'x') throw new Error('boom')
      })
      .build()
    const Posts = factory
      .define(RPost, () => ({ title: 't' }))
      .relation('comments', () => Failing)
      .build()
    const Users = factory
      .define(RUser, ({ faker }) => ({ email: faker.internet.email() }))
      .relation('posts', () => Posts)
      .build()
    await assert.rejects(
      () => Users.with('posts', 2, (post) => post.with('comments', 2)).createMany(5),
      'boom'
    )
    for (const table of ['facr_users', 'facr_posts', 'facr_comments']) {
      assert.equal(await count(db, table), 0)
    }
  })

  test('with() rejects a name that is not a relation of the model', async ({ assert }) => {
    assert.throws(
      () => UserFactory.with('friends' as never),
      errors.E_UNDEFINED_FACTORY_RELATION as never
    )
  })

  test('definitions creating each other are reported as a cycle', async ({ assert }) => {
    const manager = new FactoryManager()
    const A: any = manager.define(RPost, () => ({ title: 'a', userId: B })).build()
    const B: any = manager.define(RUser, () => ({ email: 'b', id: A })).build()
    await assert.rejects(() => A.create(), errors.E_FACTORY_CYCLE as never)
  })

  test('mergeRecursive() reaches the related factories (their own columns only)', async ({
    assert,
  }) => {
    const user = await UserFactory.with('posts', 2, (post) => post.with('comments', 2))
      .with('profile')
      .mergeRecursive({ code: 'tenant-7' })
      .create()
    assert.equal(user.code, 'tenant-7')
    const posts = await db.from('facr_posts').select('code')
    const comments = await db.from('facr_comments').select('code')
    assert.isTrue([...posts, ...comments].every((row) => row.code === 'tenant-7'))
    assert.lengthOf(comments, 4)
  })

  test('mergeRecursive() reaches for() parents the same way in create(), make() and makeStubbed()', async ({
    assert,
  }) => {
    const builder = PostFactory.for(UserFactory).mergeRecursive({ code: 'tenant-9' })
    const made = await builder.make()
    const stubbed = await builder.makeStubbed()
    const created = await builder.create()
    for (const post of [made, stubbed, created]) {
      assert.equal(post.code, 'tenant-9')
      assert.equal(post.author.code, 'tenant-9')
    }
    assert.equal(stubbed.userId, stubbed.author.id)
    assert.equal(created.userId, created.author.id)
  })

  test('make() builds the relations in memory without a query', async ({ assert }) => {
    const user = await UserFactory.with('posts', 2, (post) => post.with('comments', 1))
      .with('profile')
      .make()
    assert.lengthOf(queries, 0)
    assert.isFalse(user.$isPersisted)
    assert.lengthOf(user.posts, 2)
    assert.lengthOf(user.posts[0].comments, 1)
    assert.equal(user.profile.bio, 'hello')
  })

  test('makeStubbed() gives the whole graph fake ids and matching foreign keys, without a query', async ({
    assert,
  }) => {
    const posts = await PostFactory.for(UserFactory).with('comments', 2).makeStubbedMany(2)
    assert.lengthOf(queries, 0)
    const author = posts[0].author
    assert.isDefined(author.id)
    assert.isTrue(posts.every((post) => post.userId === author.id && post.author === author))
    assert.isTrue(posts[1].comments.every((comment) => comment.postId === posts[1].id))
  })

  test('with("posts", 5).createMany(500) issues at most 20 INSERT statements', async ({
    assert,
  }) => {
    await UserFactory.with('posts', 5).createMany(500)
    assert.equal(await count(db, 'facr_posts'), 2500)
    assert.isAtMost(inserts().length, 20)
  }).timeout(60_000)
})
