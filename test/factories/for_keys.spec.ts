import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { openRelationDatabase, count, factory, RPost, UserFactory } from './relation_models.js'

/** Posts whose definition names their author's factory (Laravel's `'user_id' => User::factory()`). */
const AuthoredPostFactory = factory
  .define(RPost, ({ faker }) => ({ title: faker.lorem.words(3), userId: UserFactory }))
  .state('byFirst', { userId: 1 })
  .relation('author', () => UserFactory)
  .build()

test.group('Factories: the foreign key for() sets', (group) => {
  let db: Database
  group.each.setup(async () => {
    let close: () => Promise<void>
    ;[db, close] = await openRelationDatabase()
    return close
  })

  test('a merged foreign key wins over for(), whose parent is then not made ({$self})')
    .with(['make', 'makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const author = await UserFactory.create()
      const builder = AuthoredPostFactory.for(UserFactory, 'author').merge({ userId: author.id })
      const post = await builder[method]()
      assert.equal(post.userId, author.id)
      assert.notExists(post.$preloaded.author)
      assert.equal(await count(db, 'facr_users'), 1)
    })

  test('a state setting the foreign key wins over for() too', async ({ assert }) => {
    const author = await UserFactory.create()
    assert.equal(author.id, 1)
    const posts = await AuthoredPostFactory.for(UserFactory, 'author')
      .apply('byFirst')
      .createMany(2)
    assert.deepEqual(
      posts.map((post) => post.userId),
      [1, 1]
    )
    assert.equal(await count(db, 'facr_users'), 1)
  })

  test('rows without an explicit key still get the for() parent', async ({ assert }) => {
    const author = await UserFactory.create()
    const posts = await AuthoredPostFactory.for(UserFactory, 'author')
      .merge([{ userId: author.id }, {}, {}])
      .createMany(3)
    assert.equal(await count(db, 'facr_users'), 2)
    assert.equal(posts[0].userId, author.id)
    assert.notEqual(posts[1].userId, author.id)
    assert.equal(posts[1].userId, posts[2].userId)
    assert.equal(posts[2].author.id, posts[2].userId)
  })

  test("for() replaces the definition's parent factory: no unused parent ({$self})")
    .with(['makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const posts = await AuthoredPostFactory.for(UserFactory, 'author').count(2)[method]()
      assert.equal(await count(db, 'facr_users'), method === 'create' ? 1 : 0)
      assert.isTrue(posts.every((post) => post.userId === posts[0].author.id))
    })

  test("with() on a belongsTo replaces the definition's parent factory too ({$self})")
    .with(['makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const post = await AuthoredPostFactory.with('author')[method]()
      assert.equal(await count(db, 'facr_users'), method === 'create' ? 1 : 0)
      assert.equal(post.userId, post.author.id)
    })

  test("for() with an existing model makes none of the definition's parents", async ({
    assert,
  }) => {
    const author = await UserFactory.create()
    const posts = await AuthoredPostFactory.for(author, 'author').createMany(2)
    assert.equal(await count(db, 'facr_users'), 1)
    assert.isTrue(posts.every((post) => post.userId === author.id))
  })
})
