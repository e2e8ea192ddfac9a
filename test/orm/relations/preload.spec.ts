import { test } from '@japa/runner'
import {
  Comment,
  captureQueries,
  insertInChunks,
  Post,
  relationsGroup,
  seed,
  User,
} from './helpers.js'

/** The error code and message of a rejected promise or a throwing function. */
async function failure(work: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await work()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected an error')
}

test.group('Preload', (group) => {
  const state = relationsGroup(group)

  test('nested preloads reach three levels', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (posts) =>
        posts
          .orderBy('id')
          .preload('comments', (comments) => comments.orderBy('id').preload('author'))
      )
      .firstOrFail()
    assert.deepEqual(
      user.posts[0].comments.map((comment) => [comment.body, comment.author.username]),
      [
        ['nice', 'bob'],
        ['agreed', 'carol'],
      ]
    )
    assert.deepEqual(user.posts[1].comments, [])
  })

  test('several relations load in one query', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query()
      .where('id', bob.id)
      .preload('profile')
      .preload('posts')
      .preload('manager')
      .preload('reports')
      .firstOrFail()
    assert.equal(user.profile.bio, 'bob bio')
    assert.lengthOf(user.posts, 1)
    assert.equal(user.manager.username, 'alice')
    assert.deepEqual(
      user.reports.map((report) => report.username),
      ['dave']
    )
  })

  test('preloading the same relation twice keeps the last callback', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) => q.where('views', 10))
      .preload('posts', (q) => q.where('views', 30))
      .firstOrFail()
    assert.deepEqual(
      user.posts.map((post) => post.views),
      [30]
    )
  })

  test('preloadOnce keeps an earlier preload of the relation', async ({ assert, cleanup }) => {
    const { alice } = await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) => q.where('views', '>', 15))
      .preloadOnce('posts')
      .firstOrFail()
    assert.lengthOf(user.posts, 2)
    assert.lengthOf(captured.events, 2)
  })

  test('preloadOnce alone loads the relation', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().where('id', alice.id).preloadOnce('posts').firstOrFail()
    assert.lengthOf(user.posts, 3)
  })

  test('an empty parent list runs no relation query', async ({ assert, cleanup }) => {
    await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    const users = await User.query().where('id', -1).preload('posts').preload('profile')
    assert.deepEqual(users, [])
    assert.lengthOf(captured.events, 1)
  })

  test('preload works with first() and paginate()', async ({ assert }) => {
    await seed()
    const first = await User.query().orderBy('id').preload('posts').firstOrFail()
    assert.lengthOf(first.posts, 3)
    const page = await User.query().orderBy('id').preload('posts').paginate(1, 2)
    assert.deepEqual(
      page.all().map((user) => user.posts.length),
      [3, 1]
    )
  })

  test('preloaded relations are stored in $preloaded', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().where('id', alice.id).preload('profile').firstOrFail()
    assert.deepEqual(Object.keys(user.$preloaded), ['profile'])
    assert.strictEqual(user.$preloaded.profile, user.profile)
  })

  test('a preload inside a transaction runs on that transaction', async ({ assert, cleanup }) => {
    const { carol } = await seed()
    const trx = await state.db.transaction()
    cleanup(() => (trx.isCompleted ? undefined : trx.rollback()))
    await Post.create({ userId: carol.id, title: 'draft' }, { client: trx })
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    const user = await User.query({ client: trx })
      .where('id', carol.id)
      .preload('posts', (q) => q.preload('comments'))
      .firstOrFail()
    assert.deepEqual(
      user.posts.map((post) => post.title),
      ['draft']
    )
    assert.lengthOf(captured.events, 3)
    assert.isTrue(captured.events.every((event) => event.inTransaction))
    assert.strictEqual(user.posts[0].$trx, trx)
  })
})

test.group('Preload query count', (group) => {
  const state = relationsGroup(group)

  test('2,000 parents with 10 children each load in one query per relation and level', async ({
    assert,
    cleanup,
  }) => {
    const users = Array.from({ length: 2000 }, (_, index) => ({ username: `user${index}` }))
    await insertInChunks(state.db, 'rel_users', users)
    const userIds = (await state.db.from('rel_users').select('id')).map((row) => row.id as number)
    const posts = userIds.flatMap((userId) =>
      Array.from({ length: 10 }, (_, index) => ({ user_id: userId, title: `p${index}` }))
    )
    await insertInChunks(state.db, 'rel_posts', posts)
    const postIds = (await state.db.from('rel_posts').select('id', 'user_id')).map((row) => ({
      post_id: row.id as number,
      author_id: row.user_id as number,
      body: 'hi',
    }))
    await insertInChunks(state.db, 'rel_comments', postIds)

    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    const loaded = await User.query().preload('posts', (q) =>
      q.preload('comments', (c) => c.preload('author'))
    )
    assert.lengthOf(captured.events, 4)
    assert.lengthOf(loaded, 2000)
    assert.isTrue(loaded.every((user) => user.posts.length === 10))
    const comment = loaded[0].posts[0].comments[0]
    assert.equal(comment.author.id, loaded[0].id)
  }).timeout(120_000)
})

test.group('Load', (group) => {
  const state = relationsGroup(group)

  test('load() loads a relation of a fetched model', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.findOrFail(alice.id)
    await user.load('posts')
    assert.lengthOf(user.posts, 3)
  })

  test('load() accepts a constraint callback', async ({ assert }) => {
    const { alice } = await seed()
    await alice.load('posts', (q) => q.where('isPublished', false))
    assert.deepEqual(
      alice.posts.map((post) => post.title),
      ['a3']
    )
  })

  test('load() with a loader function loads several relations', async ({ assert }) => {
    const { bob } = await seed()
    await bob.load((loader) => loader.load('profile').load('posts').load('manager'))
    assert.equal(bob.profile.bio, 'bob bio')
    assert.lengthOf(bob.posts, 1)
    assert.equal(bob.manager.username, 'alice')
  })

  test('load() reloads a loaded relation', async ({ assert }) => {
    const { alice } = await seed()
    await alice.load('posts')
    await Post.create({ userId: alice.id, title: 'a4' })
    await alice.load('posts')
    assert.lengthOf(alice.posts, 4)
  })

  test('loadOnce() skips a loaded relation', async ({ assert, cleanup }) => {
    const { alice } = await seed()
    await alice.load('posts')
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await alice.loadOnce('posts')
    assert.lengthOf(captured.events, 0)
  })

  test('loadOnce() loads a missing relation', async ({ assert }) => {
    const { alice } = await seed()
    await alice.loadOnce('profile')
    assert.equal(alice.profile.bio, 'alice bio')
  })

  test('loadMany() loads a relation for many models in one query', async ({ assert, cleanup }) => {
    await seed()
    const users = await User.query().orderBy('id')
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await User.loadMany(users, 'posts', (q) => q.preload('comments'))
    assert.lengthOf(captured.events, 2)
    assert.deepEqual(
      users.map((user) => user.posts.length),
      [3, 1, 0, 0]
    )
  })

  test('loadMany() with a loader function loads several relations', async ({ assert }) => {
    await seed()
    const users = await User.query().orderBy('id')
    await User.loadMany(users, (loader) => loader.load('profile').load('manager'))
    assert.deepEqual(
      users.map((user) => [user.profile?.bio ?? null, user.manager?.username ?? null]),
      [
        ['alice bio', null],
        ['bob bio', 'alice'],
        [null, 'alice'],
        [null, 'bob'],
      ]
    )
  })

  test('loadMany() of no models runs no query', async ({ assert, cleanup }) => {
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await User.loadMany([], 'posts')
    assert.lengthOf(captured.events, 0)
  })

  test('load() on a model of a transaction runs on it', async ({ assert }) => {
    const { carol } = await seed()
    const trx = await state.db.transaction()
    await Post.create({ userId: carol.id, title: 'draft' }, { client: trx })
    const user = await User.findOrFail(carol.id, { client: trx })
    await user.load('posts')
    await trx.rollback()
    assert.lengthOf(user.posts, 1)
  })
})

test.group('Related models storage', (group) => {
  relationsGroup(group)

  test('$setRelated stores and $getRelated reads a relation', ({ assert }) => {
    const user = new User()
    const profile = new Comment()
    user.$setRelated('profile', profile)
    assert.strictEqual(user.$getRelated('profile'), profile)
    assert.strictEqual(user.profile as unknown, profile)
  })

  test('$hasRelated is false until the relation is set, even to null', ({ assert }) => {
    const user = new User()
    assert.isFalse(user.$hasRelated('profile'))
    assert.isUndefined(user.$getRelated('profile'))
    user.$setRelated('profile', null)
    assert.isTrue(user.$hasRelated('profile'))
  })

  test('$pushRelated appends to a has-many relation', ({ assert }) => {
    const user = new User()
    const [one, two, three] = [new Post(), new Post(), new Post()]
    user.$pushRelated('posts', one)
    user.$pushRelated('posts', [two, three])
    assert.deepEqual(user.posts, [one, two, three])
  })

  test('assigning a relation property stores it', ({ assert }) => {
    const post = new Post()
    const user = new User()
    post.user = user as never
    assert.strictEqual(post.$preloaded.user, user)
  })
})

test.group('Unknown relations', (group) => {
  relationsGroup(group)

  test('preload of an unknown relation names the model and its relations', async ({ assert }) => {
    const error = await failure(() => User.query().preload('nope' as never))
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
    assert.include(error.message, '"nope"')
    assert.include(error.message, '"User" model')
    assert.include(error.message, '"posts"')
  })

  test('whereHas of an unknown relation throws E_UNDEFINED_RELATIONSHIP', async ({ assert }) => {
    const error = await failure(() => User.query().whereHas('nope' as never, () => {}))
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
    assert.include(error.message, '"User" model')
  })

  test('withCount of an unknown relation throws E_UNDEFINED_RELATIONSHIP', async ({ assert }) => {
    const error = await failure(() => Post.query().withCount('nope' as never))
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
    assert.include(error.message, '"Post" model')
    assert.include(error.message, '"comments"')
  })

  test('related() of an unknown relation throws E_UNDEFINED_RELATIONSHIP', async ({ assert }) => {
    const error = await failure(() => new User().related('nope' as never))
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
  })

  test('load() of an unknown relation throws E_UNDEFINED_RELATIONSHIP', async ({ assert }) => {
    const error = await failure(() => new User().load('nope' as never))
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
  })

  test('a nested unknown relation names the related model', async ({ assert }) => {
    await seed()
    const error = await failure(() =>
      User.query().preload('posts', (q) => q.preload('nope' as never))
    )
    assert.equal(error.code, 'E_UNDEFINED_RELATIONSHIP')
    assert.include(error.message, '"Post" model')
  })
})

test.group('Preload groupLimit', (group) => {
  const state = relationsGroup(group)

  /** Titles of each user's posts, users in id order. */
  const titles = (users: User[]) => users.map((user) => user.posts.map((post) => post.title))

  test('groupLimit keeps the newest rows of each parent by default', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (q) => q.groupLimit(2))
      .orderBy('id')
    assert.deepEqual(titles(users), [['a3', 'a2'], ['b1'], [], []])
  })

  test('groupOrderBy picks the order within each parent', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (q) => q.groupLimit(2).groupOrderBy('views', 'asc'))
      .orderBy('id')
    assert.deepEqual(titles(users), [['a1', 'a2'], ['b1'], [], []])
  })

  test('without groupOrderBy the query order ranks the rows', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (q) => q.orderBy('views', 'desc').groupLimit(1))
      .orderBy('id')
    assert.deepEqual(titles(users), [['a3'], ['b1'], [], []])
  })

  test('where constraints apply before the limit', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (q) => q.where('isPublished', true).groupLimit(1))
      .orderBy('id')
    assert.deepEqual(titles(users), [['a2'], ['b1'], [], []])
  })

  test('runs one query with a window function', async ({ assert, cleanup }) => {
    await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await User.query().preload('posts', (q) => q.groupLimit(2))
    assert.lengthOf(captured.events, 2)
    assert.match(captured.sql()[1], /row_number\(\) over \(partition by/)
  })

  test('the helper row number stays out of $extras', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) => q.groupLimit(1))
      .firstOrFail()
    assert.deepEqual(user.posts[0].$extras, {})
    assert.notProperty(user.posts[0].serialize(), 'stratum_group_row')
  })

  test('nested preloads and counts work under a group limit', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) =>
        q.groupLimit(1).groupOrderBy('id', 'asc').withCount('comments').preload('comments')
      )
      .firstOrFail()
    assert.equal(user.posts[0].title, 'a1')
    assert.strictEqual(user.posts[0].$extras.comments_count, 2)
    assert.lengthOf(user.posts[0].comments, 2)
  })

  test('limits a self relation per parent', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('reports', (q) => q.groupLimit(1).groupOrderBy('username', 'asc'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => user.reports.map((report) => report.username)),
      [['bob'], ['dave'], [], []]
    )
  })

  test('keeps the top 3 of 10 rows for each of 100 parents', async ({ assert }) => {
    await insertInChunks(
      state.db,
      'rel_users',
      Array.from({ length: 100 }, (_, index) => ({ username: `u${index}` }))
    )
    const ids = (await state.db.from('rel_users').select('id')).map((row) => row.id as number)
    await insertInChunks(
      state.db,
      'rel_posts',
      ids.flatMap((id) =>
        Array.from({ length: 10 }, (_, index) => ({
          user_id: id,
          title: `t${index}`,
          views: index,
        }))
      )
    )
    const users = await User.query().preload('posts', (q) =>
      q.groupLimit(3).groupOrderBy('views', 'desc')
    )
    assert.lengthOf(users, 100)
    assert.isTrue(users.every((user) => user.posts.map((post) => post.views).join() === '9,8,7'))
  })

  test('groupLimit outside a preload throws E_INVALID_QUERY', async ({ assert }) => {
    const error = await failure(() => Post.query().groupLimit(2).exec())
    assert.equal(error.code, 'E_INVALID_QUERY')
    assert.include(error.message, 'outside a preload')
  })

  test('groupLimit in a belongsTo preload throws E_INVALID_QUERY', async ({ assert }) => {
    await seed()
    const error = await failure(() =>
      Post.query()
        .preload('user', (q) => q.groupLimit(1))
        .exec()
    )
    assert.equal(error.code, 'E_INVALID_QUERY')
    assert.include(error.message, 'belongsTo relation "Post.user"')
  })

  test('rowTransformer sees each model with its preloads, and clones keep it', async ({
    assert,
  }) => {
    await seed()
    const query = User.query()
      .preload('posts')
      .orderBy('id')
      .rowTransformer((user) => {
        user.$extras.postsViews = user.posts.reduce((total, post) => total + post.views, 0)
      })
    const users = await query.clone().where('username', '!=', 'dave')
    assert.deepEqual(
      users.map((user) => [user.username, user.$extras.postsViews]),
      [
        ['alice', 60],
        ['bob', 5],
        ['carol', 0],
      ]
    )
    const page = await query.paginate(1, 1)
    assert.equal(page.all()[0].$extras.postsViews, 60)
  })
})
