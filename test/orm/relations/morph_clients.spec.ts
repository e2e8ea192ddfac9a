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

test.group('morphMany and morphOne clients', (group) => {
  const state = morphGroup(group)

  test('create and createMany store the parent key and its morph type', async ({ assert }) => {
    const post = await MorphPost.create({ title: 'p' })
    const one = await post.related('comments').create({ body: 'a' })
    const many = await post.related('comments').createMany([{ body: 'b' }, { body: 'c' }])
    for (const comment of [one, ...many]) {
      assert.equal(comment.commentableType, 'post')
      assert.equal(comment.commentableId, post.id)
    }
    const rows = await state.db.from('morph_comments').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.commentable_type, Number(row.commentable_id)]),
      [
        ['post', post.id],
        ['post', post.id],
        ['post', post.id],
      ]
    )
  })

  test('save sets the key and type of an existing model and saves the parent first', async ({
    assert,
  }) => {
    const video = new MorphVideo()
    video.title = 'new'
    const comment = new MorphComment()
    comment.body = 'first'
    await video.related('comments').save(comment)
    assert.isTrue(video.$isPersisted)
    assert.equal(comment.commentableType, 'video')
    assert.equal(comment.commentableId, video.id)
  })

  test('query() reads only the rows of this parent type', async ({ assert }) => {
    const { p1, ada } = await seedMorphs()
    await MorphComment.create({ body: 'other', commentableType: 'user', commentableId: p1.id })
    const bodies = await p1.related('comments').query().orderBy('id')
    assert.deepEqual(
      bodies.map((comment) => comment.body),
      ['c1', 'c2']
    )
    const userComments = await ada.related('comments').query()
    assert.include(
      userComments.map((comment) => comment.body),
      'c4'
    )
    assert.isTrue(userComments.every((comment) => comment.commentableType === 'user'))
  })

  test('firstOrCreate looks among this parent rows', async ({ assert }) => {
    const { p2 } = await seedMorphs()
    const created = await p2.related('comments').firstOrCreate({ body: 'c1' })
    assert.equal(created.commentableId, p2.id)
    assert.equal(created.commentableType, 'post')
    assert.equal(
      await MorphComment.query()
        .where('body', 'c1')
        .count('* as total')
        .then((r) => Number(r[0].$extras.total)),
      2
    )
  })

  test('morphOne create stores the row for this parent', async ({ assert }) => {
    const ada = await MorphUser.create({ name: 'ada' })
    const avatar = await ada.related('avatar').create({ url: 'a.png' })
    assert.equal(avatar.imageableType, 'user')
    const loaded = await ada.related('avatar').query().firstOrFail()
    assert.equal(loaded.url, 'a.png')
  })
})

test.group('morphTo client', (group) => {
  morphGroup(group)

  test('associate stores the type alias and key, and sets the relation', async ({ assert }) => {
    const video = await MorphVideo.create({ title: 'v' })
    const comment = await MorphComment.create({ body: 'x' })
    await comment.related('commentable').associate(video)
    assert.equal(comment.commentableType, 'video')
    assert.equal(comment.commentableId, video.id)
    assert.strictEqual(comment.commentable, video)
    const fresh = await MorphComment.findOrFail(comment.id)
    assert.equal(fresh.commentableType, 'video')
  })

  test('associate saves a new parent first', async ({ assert }) => {
    const post = new MorphPost()
    post.title = 'unsaved'
    const comment = await MorphComment.create({ body: 'x' })
    await comment.related('commentable').associate(post)
    assert.isTrue(post.$isPersisted)
    assert.equal(comment.commentableId, post.id)
  })

  test('a failing associate leaves the type and key as they were', async ({ assert }) => {
    const post = new MorphPost()
    post.title = 'unsaved'
    const comment = await MorphComment.create({
      body: 'x',
      commentableType: null,
      commentableId: null,
    })
    comment.body = null as never
    await assert.rejects(() => comment.related('commentable').associate(post))
    assert.isFalse(post.$isPersisted)
    assert.isNull(comment.commentableType)
    assert.isNull(comment.commentableId)
  })

  test('dissociate clears both columns', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    const comment = await MorphComment.findByOrFail('body', 'c1')
    assert.equal(comment.commentableId, p1.id)
    await comment.related('commentable').dissociate()
    const fresh = await MorphComment.findOrFail(comment.id)
    assert.isNull(fresh.commentableType)
    assert.isNull(fresh.commentableId)
    assert.isNull(comment.commentable)
  })

  test('query() reads the parent on the model of the stored type', async ({ assert }) => {
    const { video } = await seedMorphs()
    const comment = await MorphComment.findByOrFail('body', 'c3')
    const parent = await comment.related('commentable').query().firstOrFail()
    assert.instanceOf(parent, MorphVideo)
    assert.equal(parent.id, video.id)
  })

  test('query() without a stored type throws E_MISSING_MODEL_ATTRIBUTE', async ({ assert }) => {
    await seedMorphs()
    const orphan = await MorphComment.findByOrFail('body', 'c5')
    assert.throws(() => orphan.related('commentable').query(), /commentableType" is null/)
  })
})

test.group('morphToMany and morphedByMany', (group) => {
  const state = morphGroup(group)

  test('attach writes pivot rows with the morph type, preload reads them', async ({ assert }) => {
    const post = await MorphPost.create({ title: 'p' })
    const video = await MorphVideo.create({ title: 'v' })
    const [red, blue] = await MorphTag.createMany([{ name: 'red' }, { name: 'blue' }])
    await post.related('tags').attach({ [red.id]: { weight: 3 }, [blue.id]: { weight: 1 } })
    // same id as the post, other type: must stay apart
    await state.db.table('morph_taggables').insert({
      morph_tag_id: red.id,
      taggable_type: 'video',
      taggable_id: post.id,
    })
    const pivots = await state.db
      .from('morph_taggables')
      .where('taggable_type', 'post')
      .orderBy('morph_tag_id')
    assert.deepEqual(
      pivots.map((row) => [Number(row.morph_tag_id), Number(row.taggable_id), Number(row.weight)]),
      [
        [red.id, post.id, 3],
        [blue.id, post.id, 1],
      ]
    )
    const loaded = await MorphPost.query()
      .preload('tags', (tags) => tags.orderBy('name'))
      .firstOrFail()
    assert.deepEqual(
      loaded.tags.map((tag) => [tag.name, Number(tag.$extras.pivot_weight)]),
      [
        ['blue', 1],
        ['red', 3],
      ]
    )
    assert.equal(video.id, post.id)
    const [videoLoaded] = await MorphVideo.query().preload('tags')
    assert.deepEqual(
      videoLoaded.tags.map((tag) => tag.name),
      ['red']
    )
  })

  test('morphedByMany reads the rows of its own type only', async ({ assert }) => {
    const post = await MorphPost.create({ title: 'p' })
    const video = await MorphVideo.create({ title: 'v' })
    const tag = await MorphTag.create({ name: 't' })
    await post.related('tags').attach([tag.id])
    await video.related('tags').attach([tag.id])
    const [loaded] = await MorphTag.query().preload('posts').preload('videos')
    assert.deepEqual(
      loaded.posts.map((one) => one.title),
      ['p']
    )
    assert.deepEqual(
      loaded.videos.map((one) => one.title),
      ['v']
    )
    await tag.related('posts').create({ title: 'p2' })
    const rows = await state.db.from('morph_taggables').where('taggable_type', 'post')
    assert.lengthOf(rows, 2)
  })

  test('detach and sync touch only the pivot rows of this type', async ({ assert }) => {
    const post = await MorphPost.create({ title: 'p' })
    const video = await MorphVideo.create({ title: 'v' })
    const [a, b, c] = await MorphTag.createMany([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    await post.related('tags').attach([a.id, b.id])
    await video.related('tags').attach([a.id, b.id])
    await post.related('tags').sync([b.id, c.id])
    await post.related('tags').detach([b.id])
    const postTags = await post.related('tags').query().orderBy('name')
    assert.deepEqual(
      postTags.map((tag) => tag.name),
      ['c']
    )
    const videoTags = await video.related('tags').query().orderBy('name')
    assert.deepEqual(
      videoTags.map((tag) => tag.name),
      ['a', 'b']
    )
    await post.related('tags').detach()
    assert.lengthOf(await state.db.from('morph_taggables'), 2)
  })
})
