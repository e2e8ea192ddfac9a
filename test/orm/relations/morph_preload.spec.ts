import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { morphMany, morphTo } from '../../../src/orm/relations/decorators.js'
import type { MorphMany, MorphTo } from '../../../src/types/relations.js'
import {
  captureQueries,
  MorphComment,
  morphGroup,
  MorphImage,
  MorphPost,
  MorphUser,
  MorphVideo,
  seedMorphs,
} from './morph_fixtures.js'

test.group('morphMany and morphOne preload', (group) => {
  const state = morphGroup(group)

  test('morphMany preloads the rows of the parent type only, in one query', async ({ assert }) => {
    const { p1, ada } = await seedMorphs()
    // a comment of a user whose id equals p1's must not reach the post
    await MorphComment.create({
      body: 'same id, other type',
      commentableType: 'user',
      commentableId: p1.id,
    })
    const capture = captureQueries(state.db)
    const posts = await MorphPost.query().preload('comments').orderBy('id')
    capture.stop()
    assert.lengthOf(capture.events, 2)
    assert.match(capture.sql()[1], /commentable_type/)
    assert.deepEqual(
      posts.map((post) => post.comments.map((comment) => comment.body).sort()),
      [['c1', 'c2'], []]
    )
    const [user] = await MorphUser.query().preload('comments').where('id', ada.id)
    assert.includeMembers(
      user.comments.map((comment) => comment.body),
      ['c4']
    )
  })

  test('morphOne preloads one row or null, inferring the morph name', async ({ assert }) => {
    const { ada, p1 } = await seedMorphs()
    await MorphImage.createMany([
      { url: 'ada.png', imageableType: 'user', imageableId: ada.id },
      { url: 'p1.png', imageableType: 'post', imageableId: p1.id },
    ])
    const users = await MorphUser.query().preload('avatar')
    assert.equal(users[0].avatar.url, 'ada.png')
    const posts = await MorphPost.query().preload('image').orderBy('id')
    assert.deepEqual(
      posts.map((post) => post.image?.url ?? null),
      ['p1.png', null]
    )
  })

  test('trashed morphMany rows are left out of preloads', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    const comment = await MorphComment.findByOrFail('body', 'c1')
    await comment.delete()
    const post = await MorphPost.query().preload('comments').where('id', p1.id).firstOrFail()
    assert.deepEqual(
      post.comments.map((one) => one.body),
      ['c2']
    )
  })
})

test.group('morphTo preload', (group) => {
  const state = morphGroup(group)

  test('loads each row its parent, of the type it stores', async ({ assert }) => {
    const { p1, video, ada } = await seedMorphs()
    const comments = await MorphComment.query().preload('commentable').orderBy('id')
    assert.instanceOf(comments[0].commentable, MorphPost)
    assert.equal(comments[0].commentable.id, p1.id)
    assert.instanceOf(comments[2].commentable, MorphVideo)
    assert.equal(comments[2].commentable.id, video.id)
    assert.instanceOf(comments[3].commentable, MorphUser)
    assert.equal((comments[3].commentable as MorphUser).name, ada.name)
    assert.isNull(comments[4].commentable)
  })

  test('1,000 comments on 3 parent types preload in 4 queries', async ({ assert }) => {
    const users = await MorphUser.createMany([{ name: 'a' }, { name: 'b' }])
    const posts = await MorphPost.createMany([{ title: 'x' }, { title: 'y' }, { title: 'z' }])
    const videos = await MorphVideo.createMany([{ title: 'v' }])
    const parents: [string, { id: number }][] = [
      ...users.map((one) => ['user', one] as [string, { id: number }]),
      ...posts.map((one) => ['post', one] as [string, { id: number }]),
      ...videos.map((one) => ['video', one] as [string, { id: number }]),
    ]
    const rows = Array.from({ length: 1000 }, (_, index) => {
      const [type, parent] = parents[index % parents.length]
      return { body: `c${index}`, commentable_type: type, commentable_id: parent.id }
    })
    for (let start = 0; start < rows.length; start += 200) {
      await state.db.table('morph_comments').multiInsert(rows.slice(start, start + 200))
    }
    const capture = captureQueries(state.db)
    const comments = await MorphComment.query().preload('commentable')
    capture.stop()
    assert.lengthOf(comments, 1000)
    assert.lengthOf(capture.events, 4)
    assert.isTrue(comments.every((comment) => comment.commentable !== null))
    const byType = comments.reduce<Record<string, number>>((counts, comment) => {
      const name = comment.commentable.constructor.name
      counts[name] = (counts[name] ?? 0) + 1
      return counts
    }, {})
    assert.deepEqual(byType, { MorphUser: 334, MorphPost: 500, MorphVideo: 166 })
  })

  test('constraints and nested preloads apply per type', async ({ assert }) => {
    await seedMorphs()
    const comments = await MorphComment.query()
      .preload('commentable', (morph) =>
        morph
          .constrain('post', (posts) => posts.preload('comments'))
          .constrain(MorphVideo, (videos) => videos.where('title', 'no such title'))
      )
      .orderBy('id')
    const post = comments[0].commentable as MorphPost
    assert.lengthOf(post.comments, 2)
    assert.isNull(comments[2].commentable)
    assert.instanceOf(comments[3].commentable, MorphUser)
  })

  test('a constraint without a type applies to every type', async ({ assert }) => {
    await seedMorphs()
    const comments = await MorphComment.query()
      .preload('commentable', (morph) => morph.constrain((query) => query.where('id', -1)))
      .whereNotNull('commentableType')
    assert.isTrue(comments.every((comment) => comment.commentable === null))
  })

  test('groupLimit() in a morphTo preload is refused', async ({ assert }) => {
    await seedMorphs()
    await assert.rejects(
      () =>
        MorphComment.query().preload('commentable', (morph) =>
          morph.constrain('post', (posts) => posts.groupLimit(1))
        ),
      /groupLimit\(\)\/groupOrderBy\(\) on "MorphPost" in a preload of the morphTo relation/
    )
  })

  test('a trashed parent is not loaded', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    await p1.delete()
    const comment = await MorphComment.query()
      .preload('commentable')
      .where('body', 'c1')
      .firstOrFail()
    assert.isNull(comment.commentable)
    const withTrashed = await MorphComment.query()
      .preload('commentable', (morph) => morph.constrain('post', (posts) => posts.withTrashed()))
      .where('body', 'c1')
      .firstOrFail()
    assert.equal((withTrashed.commentable as MorphPost).title, 'p1')
  })

  test('serializes the loaded parent under the relation name', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    const comment = await MorphComment.query()
      .preload('commentable')
      .where('body', 'c1')
      .firstOrFail()
    const json = comment.serialize()
    assert.equal(json.commentableType, 'post')
    assert.equal((json.commentable as { id: number }).id, p1.id)
    assert.equal((json.commentable as { title: string }).title, 'p1')
  })

  test('load() on an instance loads the parent', async ({ assert }) => {
    const { video } = await seedMorphs()
    const comment = await MorphComment.findByOrFail('body', 'c3')
    await comment.load('commentable')
    assert.equal((comment.commentable as MorphVideo).id, video.id)
  })

  test('an empty stored type means no parent, as null does', async ({ assert }) => {
    const { p1 } = await seedMorphs()
    await MorphComment.create({ body: 'legacy', commentableType: '', commentableId: p1.id })
    const comments = await MorphComment.query().preload('commentable').orderBy('id')
    assert.isNull(comments[5].commentable)
    assert.instanceOf(comments[0].commentable, MorphPost)
    const legacy = await MorphComment.findByOrFail('body', 'legacy')
    await legacy.load('commentable')
    assert.isNull(legacy.commentable)
    assert.throws(() => legacy.related('commentable').query(), /commentableType" is empty/)
  })

  test('an unknown stored type throws E_UNKNOWN_MORPH_TYPE', async ({ assert }) => {
    await MorphComment.create({ body: 'x', commentableType: 'podcast', commentableId: 1 })
    try {
      await MorphComment.query().preload('commentable')
      assert.fail('should throw')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_UNKNOWN_MORPH_TYPE')
      assert.match((error as Error).message, /"podcast"/)
      assert.match((error as Error).message, /Relation\.morphMap/)
    }
  })

  test('without an alias the class name is stored, and resolved for models with a morph relation', async ({
    assert,
  }) => {
    class Note extends BaseModel {
      static table = 'morph_comments'
      @column({ isPrimary: true }) declare id: number
      @column() declare body: string
      @column() declare commentableType: string | null
      @column() declare commentableId: number | null
      @morphTo() declare commentable: MorphTo<{ Clip: typeof Clip; MorphImage: typeof MorphImage }>
    }
    class Clip extends BaseModel {
      static table = 'morph_videos'
      @column({ isPrimary: true }) declare id: number
      @column() declare title: string
      @morphMany(() => Note, 'commentable') declare notes: MorphMany<typeof Note>
    }
    const clip = await Clip.create({ title: 'clip' })
    const note = await Note.create({ body: 'n' })
    await note.related('commentable').associate(clip)
    assert.equal(note.commentableType, 'Clip')
    const loaded = await Note.query().preload('commentable').where('id', note.id).firstOrFail()
    assert.instanceOf(loaded.commentable, Clip)
    // MorphImage has no alias and no morph relation of its own: unknown until it is mapped
    const image = await MorphImage.create({ url: 'x.png', imageableType: 'post', imageableId: 1 })
    await note.related('commentable').associate(image)
    assert.equal(note.commentableType, 'MorphImage')
    await assert.rejects(() => note.load('commentable'), /Unknown morph type "MorphImage"/)
  })
})
