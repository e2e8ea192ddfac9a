import { test } from '@japa/runner'
import { FactoryManager } from '../../src/factories/main.js'
import {
  MorphComment,
  morphGroup,
  MorphImage,
  MorphPost,
  MorphTag,
  MorphUser,
  MorphVideo,
} from '../orm/relations/morph_fixtures.js'
import { captureQueries } from '../orm/base_model/helpers.js'

const factory = new FactoryManager()
const CommentFactory = factory
  .define(MorphComment, ({ faker }) => ({ body: faker.lorem.words(3) }))
  .build()
const ImageFactory = factory.define(MorphImage, () => ({ url: 'x.png' })).build()
const TagFactory = factory.define(MorphTag, ({ faker }) => ({ name: faker.word.noun() })).build()
const PostFactory = factory
  .define(MorphPost, ({ faker }) => ({ title: faker.lorem.words(2) }))
  .relation('comments', () => CommentFactory)
  .relation('image', () => ImageFactory)
  .relation('tags', () => TagFactory)
  .build()
const VideoFactory = factory
  .define(MorphVideo, () => ({ title: 'video' }))
  .relation('comments', () => CommentFactory)
  .build()
const UserFactory = factory.define(MorphUser, () => ({ name: 'ada' })).build()
/** Comments whose `with('commentable')` makes a post. */
const CommentOnPostFactory = factory
  .define(MorphComment, ({ faker }) => ({ body: faker.lorem.words(3) }))
  .relation('commentable', () => PostFactory)
  .build()

test.group('Factories: polymorphic relations', (group) => {
  const state = morphGroup(group)

  test('with() on a morphMany writes children with the parent key and type', async ({ assert }) => {
    const post = await PostFactory.with('comments', 3).create()
    assert.lengthOf(post.comments, 3)
    const rows = await state.db.from('morph_comments')
    assert.lengthOf(rows, 3)
    assert.isTrue(
      rows.every((row) => row.commentable_type === 'post' && Number(row.commentable_id) === post.id)
    )
    const video = await VideoFactory.with('comments', 2).create()
    const videoComments = await video.related('comments').query()
    assert.lengthOf(videoComments, 2)
  })

  test('with() on a morphOne writes one child', async ({ assert }) => {
    const post = await PostFactory.with('image').create()
    assert.equal(post.image.imageableType, 'post')
    assert.equal(post.image.imageableId, post.id)
  })

  test("with('comments', 5).createMany(500) on a morphMany writes at most 20 statements", async ({
    assert,
  }) => {
    const capture = captureQueries(state.db)
    await PostFactory.with('comments', 5).createMany(500)
    capture.stop()
    const writes = capture.events.filter((event) => event.method === 'insert')
    assert.isAtMost(writes.length, 20)
    assert.isAtMost(capture.events.length, 20)
    const total = await state.db.from('morph_comments').count('* as total')
    assert.equal(Number(total[0].total), 2500)
    const wrong = await state.db.from('morph_comments').whereNot('commentable_type', 'post')
    assert.lengthOf(wrong, 0)
  }).timeout(60_000)

  test('for() on a morphTo gives every row one new parent of that factory', async ({ assert }) => {
    const comments = await CommentFactory.for(VideoFactory, 'commentable').createMany(3)
    const videoId = comments[0].commentableId
    assert.isTrue(
      comments.every((one) => one.commentableType === 'video' && one.commentableId === videoId)
    )
    assert.lengthOf(await MorphVideo.all(), 1)
    assert.instanceOf(comments[0].commentable, MorphVideo)
  })

  test('for() on a morphTo takes an existing model', async ({ assert }) => {
    const user = await UserFactory.create()
    const [comment] = await CommentFactory.for(user, 'commentable').createMany(1)
    assert.equal(comment.commentableType, 'user')
    assert.equal(comment.commentableId, user.id)
  })

  test('with() on a morphTo makes the parent with the registered factory', async ({ assert }) => {
    const comment = await CommentOnPostFactory.with('commentable').create()
    assert.equal(comment.commentableType, 'post')
    const post = await MorphPost.findOrFail(comment.commentableId)
    assert.equal(post.id, (comment.commentable as MorphPost).id)
  })

  test('hasAttached on a morphToMany writes pivot rows with the type', async ({ assert }) => {
    const tags = await TagFactory.createMany(2)
    const post = await PostFactory.hasAttached(tags, { weight: 7 }).create()
    const rows = await state.db.from('morph_taggables').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.taggable_type, Number(row.taggable_id), Number(row.weight)]),
      [
        ['post', post.id, 7],
        ['post', post.id, 7],
      ]
    )
    const created = await PostFactory.with('tags', 2).create()
    const loaded = await created.related('tags').query()
    assert.lengthOf(loaded, 2)
  })

  test('has() infers a morphMany from the related factory', async ({ assert }) => {
    const post = await PostFactory.has(CommentFactory.count(2)).create()
    assert.lengthOf(await post.related('comments').query(), 2)
  })

  test('makeStubbed sets the morph type and the stub key on children', async ({ assert }) => {
    const post = await PostFactory.with('comments', 2).makeStubbed()
    assert.isTrue(
      post.comments.every(
        (comment) => comment.commentableType === 'post' && comment.commentableId === post.id
      )
    )
    const comment = await CommentFactory.for(VideoFactory, 'commentable').makeStubbed()
    assert.equal(comment.commentableType, 'video')
    assert.equal(comment.commentableId, (comment.commentable as MorphVideo).id)
  })
})
