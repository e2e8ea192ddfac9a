import { test } from '@japa/runner'
import { captureQueries, Comment, Post, relationsGroup, seed, User } from './helpers.js'

/** The `$extras` value of each user, in id order. */
function extrasOf(users: User[], key: string) {
  return users.map((user) => user.$extras[key])
}

test.group('withCount', (group) => {
  relationsGroup(group)

  test('counts related rows into $extras.posts_count as numbers', async ({ assert }) => {
    await seed()
    const users = await User.query().withCount('posts').orderBy('id')
    assert.deepEqual(extrasOf(users, 'posts_count'), [3, 1, 0, 0])
  })

  test('keeps the row columns next to the count', async ({ assert }) => {
    await seed()
    const users = await User.query().withCount('posts').orderBy('id')
    assert.equal(users[0].username, 'alice')
    assert.isTrue(users[0].$isPersisted)
  })

  test('works after an explicit select', async ({ assert }) => {
    await seed()
    const users = await User.query().select('id', 'username').withCount('posts').orderBy('id')
    assert.deepEqual(extrasOf(users, 'posts_count'), [3, 1, 0, 0])
  })

  test('the alias set with as() names the extra', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withCount('posts', (q) => q.where('isPublished', true).as('publishedCount'))
      .orderBy('id')
    assert.deepEqual(extrasOf(users, 'publishedCount'), [2, 1, 0, 0])
    assert.notProperty(users[0].$extras, 'posts_count')
  })

  test('the same relation can be counted twice under two aliases', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withCount('posts')
      .withCount('posts', (q) => q.where('views', '>', 15).as('popular'))
      .orderBy('id')
    assert.deepEqual(extrasOf(users, 'posts_count'), [3, 1, 0, 0])
    assert.deepEqual(extrasOf(users, 'popular'), [2, 0, 0, 0])
  })

  test('applies the relation onQuery', async ({ assert }) => {
    await seed()
    const users = await User.query().withCount('publishedPosts').orderBy('id')
    assert.deepEqual(extrasOf(users, 'publishedPosts_count'), [2, 1, 0, 0])
  })

  test('an onQuery with orderBy and limit still produces valid SQL', async ({ assert }) => {
    await seed()
    const users = await User.query().withCount('recentPosts').orderBy('id')
    assert.deepEqual(extrasOf(users, 'recentPosts_count'), [3, 1, 0, 0])
  })

  test('counts a self relation', async ({ assert }) => {
    await seed()
    const users = await User.query().withCount('reports').orderBy('id')
    assert.deepEqual(extrasOf(users, 'reports_count'), [2, 1, 0, 0])
  })

  test('counts a belongsTo relation', async ({ assert }) => {
    await seed()
    const posts = await Post.query().withCount('user').orderBy('id')
    assert.deepEqual(
      posts.map((post) => post.$extras.user_count),
      [1, 1, 1, 1, 0]
    )
  })

  test('combines with preload', async ({ assert }) => {
    await seed()
    const posts = await Post.query()
      .whereNotNull('userId')
      .withCount('comments')
      .preload('comments')
      .orderBy('id')
    assert.deepEqual(
      posts.map((post) => [post.$extras.comments_count, post.comments.length]),
      [
        [2, 2],
        [0, 0],
        [0, 0],
        [1, 1],
      ]
    )
  })

  test('counts inside a preload callback', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) => q.withCount('comments').orderBy('id'))
      .firstOrFail()
    assert.deepEqual(
      user.posts.map((post) => post.$extras.comments_count),
      [2, 0, 0]
    )
  })

  test('serializes extras under meta when serializeExtras is true', async ({ assert }) => {
    const { bob } = await seed()
    class Author extends User {
      static table = 'rel_users'
      serializeExtras = true
    }
    const author = await Author.query().where('id', bob.id).withCount('posts').firstOrFail()
    assert.deepEqual(author.serialize().meta, { posts_count: 1 })
  })

  test('leaves extras out of serialize by default', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query().where('id', bob.id).withCount('posts').firstOrFail()
    assert.notProperty(user.serialize(), 'meta')
    assert.notProperty(user.serialize(), 'posts_count')
  })
})

test.group('withAggregate', (group) => {
  relationsGroup(group)

  test('sums a related column under the alias as a number', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withAggregate('posts', (q) => q.sum('views').as('totalViews'))
      .orderBy('id')
    assert.deepEqual(extrasOf(users, 'totalViews'), [60, 5, null, null])
  })

  test('max and min of a related column', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withAggregate('posts', (q) => q.max('views').as('maxViews'))
      .withAggregate('posts', (q) => q.min('views').as('minViews'))
      .orderBy('id')
      .limit(2)
    assert.deepEqual(extrasOf(users, 'maxViews'), [30, 5])
    assert.deepEqual(extrasOf(users, 'minViews'), [10, 5])
  })

  test('applies constraints of the callback', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withAggregate('posts', (q) => q.where('isPublished', true).sum('views').as('published'))
      .orderBy('id')
      .limit(1)
    assert.deepEqual(extrasOf(users, 'published'), [30])
  })

  test('an aggregate without an alias throws E_INVALID_QUERY', async ({ assert }) => {
    await assert.rejects(
      async () => User.query().withAggregate('posts', (q) => q.sum('views')),
      /needs an alias/
    )
  })

  test('an onQuery with orderBy and limit still produces valid SQL', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .withAggregate('recentPosts', (q) => q.sum('views').as('views'))
      .orderBy('id')
      .limit(1)
    assert.deepEqual(extrasOf(users, 'views'), [60])
  })
})

test.group('loadCount and loadAggregate', (group) => {
  const state = relationsGroup(group)

  test('loadCount() and loadAggregate() chain, as in Lucid, and run in one query', async ({
    assert,
    cleanup,
  }) => {
    const { alice } = await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await alice
      .loadCount('posts')
      .loadCount('publishedPosts')
      .loadAggregate('posts', (q) => q.sum('views').as('totalViews'))
    assert.lengthOf(captured.events, 1)
    assert.strictEqual(alice.$extras.posts_count, 3)
    assert.strictEqual(alice.$extras.publishedPosts_count, 2)
    assert.strictEqual(alice.$extras.totalViews, 60)
  })

  test('loadCount() runs only when awaited, and once', async ({ assert, cleanup }) => {
    const { alice } = await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    const pending = alice.loadCount('posts')
    assert.lengthOf(captured.events, 0)
    await pending
    await pending.exec()
    assert.lengthOf(captured.events, 1)
    assert.strictEqual(alice.$extras.posts_count, 3)
  })

  test('a chained loadCount() of an unknown relation rejects', async ({ assert }) => {
    const { alice } = await seed()
    const lazy = alice.loadCount('posts').loadCount('nope' as 'posts')
    await assert.rejects(() => lazy, /nope/)
  })

  test('loadCount() counts related rows of one model into $extras', async ({ assert }) => {
    const { alice } = await seed()
    await alice.loadCount('posts')
    assert.strictEqual(alice.$extras.posts_count, 3)
  })

  test('loadCount() takes constraints and an alias', async ({ assert }) => {
    const { alice } = await seed()
    await alice.loadCount('posts', (q) => q.where('isPublished', false).as('drafts'))
    assert.strictEqual(alice.$extras.drafts, 1)
  })

  test('loadCount() gives 0 without related rows', async ({ assert }) => {
    const { dave } = await seed()
    await dave.loadCount('posts')
    assert.strictEqual(dave.$extras.posts_count, 0)
  })

  test('loadAggregate() sums related rows of one model', async ({ assert }) => {
    const { alice } = await seed()
    await alice.loadAggregate('posts', (q) => q.sum('views').as('totalViews'))
    assert.strictEqual(alice.$extras.totalViews, 60)
  })

  test('loadCount() counts on a belongsTo relation', async ({ assert }) => {
    await seed()
    const comment = await Comment.query().orderBy('id').firstOrFail()
    await comment.loadCount('author')
    assert.strictEqual(comment.$extras.author_count, 1)
  })
})
