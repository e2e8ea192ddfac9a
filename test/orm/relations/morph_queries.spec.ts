import { test } from '@japa/runner'
import {
  MorphComment,
  morphGroup,
  MorphPost,
  MorphTag,
  MorphUser,
  MorphVideo,
  seedMorphs,
} from './morph_fixtures.js'

test.group('has, whereHas and withCount on morph relations', (group) => {
  morphGroup(group)

  test('withCount counts the rows of the parent type only', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    await MorphComment.create({ body: 'other type', commentableType: 'user', commentableId: p1.id })
    const posts = await MorphPost.query().withCount('comments').orderBy('id')
    assert.deepEqual(
      posts.map((post) => post.$extras.comments_count),
      [2, 0]
    )
  })

  test('withAggregate and a constrained withCount on a morphMany', async ({ assert }) => {
    await seedMorphs()
    const posts = await MorphPost.query()
      .withCount('comments', (query) => query.where('body', 'c1').as('c1Count'))
      .withAggregate('comments', (query) => query.max('id').as('lastCommentId'))
      .orderBy('id')
    assert.equal(posts[0].$extras.c1Count, 1)
    assert.isNotNull(posts[0].$extras.lastCommentId)
    assert.isNull(posts[1].$extras.lastCommentId)
  })

  test('has and whereHas on a morphMany', async ({ assert }) => {
    await seedMorphs()
    const withComments = await MorphPost.query().has('comments')
    assert.deepEqual(
      withComments.map((post) => post.title),
      ['p1']
    )
    const matching = await MorphPost.query().whereHas('comments', (query) =>
      query.where('body', 'c2')
    )
    assert.deepEqual(
      matching.map((post) => post.title),
      ['p1']
    )
    const without = await MorphPost.query().doesntHave('comments')
    assert.deepEqual(
      without.map((post) => post.title),
      ['p2']
    )
    const many = await MorphPost.query().has('comments', '>=', 2)
    assert.lengthOf(many, 1)
  })

  test('trashed related rows do not count', async ({ assert }) => {
    await seedMorphs()
    await MorphComment.query().where('body', 'c1').delete()
    const posts = await MorphPost.query().withCount('comments').orderBy('id')
    assert.equal(posts[0].$extras.comments_count, 1)
  })

  test('withCount and whereHas on morphToMany and morphedByMany', async ({ assert }) => {
    const post = await MorphPost.create({ title: 'p' })
    const video = await MorphVideo.create({ title: 'v' })
    const [a, b] = await MorphTag.createMany([{ name: 'a' }, { name: 'b' }])
    await post.related('tags').attach([a.id, b.id])
    await video.related('tags').attach([a.id])
    const [loaded] = await MorphPost.query().withCount('tags')
    assert.equal(loaded.$extras.tags_count, 2)
    const tags = await MorphTag.query().withCount('posts').withCount('videos').orderBy('name')
    assert.deepEqual(
      tags.map((tag) => [tag.name, tag.$extras.posts_count, tag.$extras.videos_count]),
      [
        ['a', 1, 1],
        ['b', 1, 0],
      ]
    )
    const videoTags = await MorphTag.query().has('videos')
    assert.deepEqual(
      videoTags.map((tag) => tag.name),
      ['a']
    )
  })

  test('whereHasMorph filters by parent type and constraint', async ({ assert }) => {
    await seedMorphs()
    const onPosts = await MorphComment.query().whereHasMorph('commentable', ['post']).orderBy('id')
    assert.deepEqual(
      onPosts.map((comment) => comment.body),
      ['c1', 'c2']
    )
    const titled = await MorphComment.query()
      .whereHasMorph('commentable', ['post', MorphVideo], (query, type) => {
        query.where('title', type === 'post' ? 'p1' : 'v1')
      })
      .orderBy('id')
    assert.deepEqual(
      titled.map((comment) => comment.body),
      ['c1', 'c2', 'c3']
    )
  })

  test('whereHas on a morphTo means every type with an inverse relation', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    await p1.delete()
    const comments = await MorphComment.query().has('commentable').orderBy('id')
    assert.deepEqual(
      comments.map((comment) => comment.body),
      ['c3', 'c4']
    )
    const named = await MorphComment.query().whereHas('commentable', (query) =>
      query.where('id', '>', 0)
    )
    assert.lengthOf(named, 2)
  })

  test('whereDoesntHaveMorph keeps rows of the types whose parent does not match', async ({
    assert,
  }) => {
    await seedMorphs()
    const comments = await MorphComment.query()
      .whereDoesntHaveMorph('commentable', ['post', 'user'], (query, type) => {
        if (type === 'post') query.where('title', 'p1')
        else query.where('name', 'nobody')
      })
      .orderBy('id')
    assert.deepEqual(
      comments.map((comment) => comment.body),
      ['c4']
    )
  })

  test('hasMorph compares the count, doesntHaveMorph keeps rows whose parent is gone', async ({
    assert,
  }) => {
    const { p2 } = await seedMorphs()
    await MorphComment.create({ body: 'c6', commentableType: 'post', commentableId: p2.id })
    await p2.delete()
    const onLivePosts = await MorphComment.query()
      .hasMorph('commentable', ['post'], '>=', 1)
      .orderBy('id')
    assert.deepEqual(
      onLivePosts.map((comment) => comment.body),
      ['c1', 'c2']
    )
    const orphaned = await MorphComment.query().doesntHaveMorph('commentable', ['post', 'video'])
    assert.deepEqual(
      orphaned.map((comment) => comment.body),
      ['c6']
    )
  })

  test('orWhereHasMorph joins with or', async ({ assert }) => {
    await seedMorphs()
    const comments = await MorphComment.query()
      .where('body', 'c5')
      .orWhereHasMorph('commentable', ['user'])
      .orderBy('id')
    assert.deepEqual(
      comments.map((comment) => comment.body),
      ['c4', 'c5']
    )
  })

  test('withCount on a morphTo is refused with a way out', async ({ assert }) => {
    assert.throws(
      () => MorphComment.query().withCount('commentable'),
      /whereHasMorph\('commentable'/
    )
  })

  test('whereHasMorph on a relation that is not a morphTo is refused', async ({ assert }) => {
    assert.throws(
      () => MorphUser.query().whereHasMorph('comments' as never, ['post']),
      /needs a morphTo relation/
    )
  })
})
