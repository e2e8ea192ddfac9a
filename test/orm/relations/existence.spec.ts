import { test } from '@japa/runner'
import type { ModelQueryBuilder } from '../../../src/orm/main.js'
import { Post, relationsGroup, seed, User } from './helpers.js'

/** Usernames of the users a query returns, in id order. */
async function names(query: ModelQueryBuilder<typeof User>) {
  return (await query.orderBy('id')).map((user) => user.username)
}

test.group('has and doesntHave', (group) => {
  relationsGroup(group)

  test('has() keeps rows with related rows', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().has('posts')), ['alice', 'bob'])
  })

  test('has() compares the count with an operator', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().has('posts', '>=', 2)), ['alice'])
    assert.deepEqual(await names(User.query().has('posts', '=', 1)), ['bob'])
  })

  test('orHas() adds an or clause', async ({ assert }) => {
    await seed()
    const query = User.query().where('username', 'dave').orHas('profile')
    assert.deepEqual(await names(query), ['alice', 'bob', 'dave'])
  })

  test('andHas() is has()', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().has('profile').andHas('posts')), ['alice', 'bob'])
  })

  test('doesntHave() keeps rows without related rows', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().doesntHave('posts')), ['carol', 'dave'])
  })

  test('doesntHave() with a count negates the comparison', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().doesntHave('posts', '>=', 2)), [
      'bob',
      'carol',
      'dave',
    ])
  })

  test('orDoesntHave() adds an or clause', async ({ assert }) => {
    await seed()
    const query = User.query().where('username', 'alice').orDoesntHave('profile')
    assert.deepEqual(await names(query), ['alice', 'carol', 'dave'])
  })

  test('has() on a self relation', async ({ assert }) => {
    await seed()
    assert.deepEqual(await names(User.query().has('reports')), ['alice', 'bob'])
    assert.deepEqual(await names(User.query().has('manager')), ['bob', 'carol', 'dave'])
  })

  test('has() on a belongsTo relation', async ({ assert }) => {
    await seed()
    const posts = await Post.query().has('user')
    assert.lengthOf(posts, 4)
  })

  test('has() with an onQuery ordering and limiting still produces valid SQL', async ({
    assert,
  }) => {
    await seed()
    assert.deepEqual(await names(User.query().has('recentPosts')), ['alice', 'bob'])
    assert.deepEqual(await names(User.query().has('recentPosts', '>', 1)), ['alice'])
  })

  test('an unknown operator throws E_INVALID_QUERY', async ({ assert }) => {
    assert.throws(() => User.query().has('posts', 'like', 1), /Invalid operator "like"/)
  })
})

test.group('whereHas and whereDoesntHave', (group) => {
  relationsGroup(group)

  test('whereHas() keeps rows with matching related rows', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('posts', (q) => q.where('views', '>', 15))
    assert.deepEqual(await names(query), ['alice'])
  })

  test('whereHas() compares the count of matching rows', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('posts', (q) => q.where('isPublished', true), '>=', 2)
    assert.deepEqual(await names(query), ['alice'])
  })

  test('orWhereHas() adds an or clause', async ({ assert }) => {
    await seed()
    const query = User.query()
      .where('username', 'dave')
      .orWhereHas('posts', (q) => q.where('views', 5))
    assert.deepEqual(await names(query), ['bob', 'dave'])
  })

  test('whereDoesntHave() keeps rows without matching related rows', async ({ assert }) => {
    await seed()
    const query = User.query().whereDoesntHave('posts', (q) => q.where('isPublished', false))
    assert.deepEqual(await names(query), ['bob', 'carol', 'dave'])
  })

  test('orWhereDoesntHave() adds an or clause', async ({ assert }) => {
    await seed()
    const query = User.query()
      .where('username', 'alice')
      .orWhereDoesntHave('profile', (q) => q.where('bio', 'like', '%bio%'))
    assert.deepEqual(await names(query), ['alice', 'carol', 'dave'])
  })

  test('whereHas() nests through relations', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('posts', (posts) =>
      posts.whereHas('comments', (comments) => comments.where('body', 'welcome'))
    )
    assert.deepEqual(await names(query), ['bob'])
  })

  test('whereHas() on a self relation filters the related side', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('reports', (q) => q.where('username', 'dave'))
    assert.deepEqual(await names(query), ['bob'])
  })

  test('whereHas() on a relation with an ordering onQuery', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('recentPosts', (q) => q.where('views', 5))
    assert.deepEqual(await names(query), ['bob'])
  })

  test('whereHas() combines with preload and withCount', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .whereHas('posts', (q) => q.where('isPublished', true))
      .withCount('posts')
      .preload('profile')
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => [user.username, user.$extras.posts_count, user.profile?.bio]),
      [
        ['alice', 3, 'alice bio'],
        ['bob', 1, 'bob bio'],
      ]
    )
  })
})
