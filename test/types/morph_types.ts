/**
 * Compile-time checks of polymorphic relations, run by `npm run typecheck`:
 * each `@ts-expect-error` line must fail to compile, the rest must compile.
 * The morph map's aliases (typed with `MorphTypesOf`) and the related
 * models flow into `preload`, `whereHasMorph`, `related` and factories.
 */
import { FactoryManager } from '../../src/factories/main.js'
import {
  BaseModel,
  column,
  morphedByMany,
  morphMany,
  morphOne,
  morphTo,
  morphToMany,
  Relation,
} from '../../src/orm/main.js'
import type { ModelQueryBuilder } from '../../src/orm/main.js'
import type {
  MorphedByMany,
  MorphMany,
  MorphOne,
  MorphTo,
  MorphToMany,
  MorphTypesOf,
} from '../../src/types/relations.js'

export const commentables = Relation.morphMap({ post: () => Post, video: () => Video })
type Commentables = MorphTypesOf<typeof commentables>

class Comment extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare body: string
  @column() declare commentableType: string
  @column() declare commentableId: number
  @morphTo() declare commentable: MorphTo<Commentables>
}

class Post extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
  @morphMany(() => Comment, 'commentable') declare comments: MorphMany<typeof Comment>
  @morphOne(() => Comment, 'commentable') declare pinned: MorphOne<typeof Comment>
  @morphToMany(() => Tag, 'taggable') declare tags: MorphToMany<typeof Tag>
}

class Video extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare url: string
  @morphMany(() => Comment, 'commentable') declare comments: MorphMany<typeof Comment>
}

class Tag extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @morphedByMany(() => Post, 'taggable') declare posts: MorphedByMany<typeof Post>
}

type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false
function expectTypeOf<Actual>(_value: Actual) {
  return { toEqual<Expected>(_proof: Equals<Actual, Expected>) {} }
}

export async function checks(comment: Comment, post: Post, tag: Tag) {
  // the loaded parent is one of the mapped models
  expectTypeOf(comment.commentable).toEqual<MorphTo<Commentables>>(true)
  const parent: Post | Video = comment.commentable
  void parent

  await Comment.query().preload('commentable', (morph) =>
    morph
      .constrain('post', (posts) => {
        expectTypeOf(posts).toEqual<ModelQueryBuilder<typeof Post>>(true)
        posts.preload('comments')
      })
      .constrain(Video, (videos) => videos.where('url', 'x'))
      .constrain({ video: (videos) => videos.preload('comments') })
  )
  // @ts-expect-error 'podcast' is not one of the morph types
  await Comment.query().preload('commentable', (morph) => morph.constrain('podcast', () => {}))
  await Comment.query().preload('commentable', (morph) =>
    // @ts-expect-error the post query has no 'videos' relation
    morph.constrain('post', (q) => q.preload('videos'))
  )

  await Comment.query().whereHasMorph('commentable', ['post', Video], (query, type) => {
    void type
    query.where('id', 1)
  })
  await Comment.query().whereHasMorph('commentable', '*')
  // @ts-expect-error unknown morph type
  await Comment.query().whereHasMorph('commentable', ['podcast'])

  const posts = await Post.query()
    .preload('comments', (comments) => comments.where('body', 'x'))
    .preload('tags', (tags) => tags.wherePivot('taggable_type', 'post'))
    .withCount('comments')
    .whereHas('tags', (tags) => tags.where('name', 'a'))
  expectTypeOf(posts).toEqual<Post[]>(true)
  // @ts-expect-error unknown relation
  Post.query().preload('commentz')

  const created = await post.related('comments').create({ body: 'hi' })
  expectTypeOf(created).toEqual<Comment>(true)
  // @ts-expect-error misspelled attribute of the related model
  await post.related('comments').create({ bodyy: 'hi' })
  await post.related('tags').attach([1, 2])
  await post.related('pinned').create({ body: 'pinned' })
  await tag.related('posts').sync([1])
  await comment.related('commentable').associate(post)
  // @ts-expect-error a Tag is not a commentable
  await comment.related('commentable').associate(tag)
  await comment.related('commentable').dissociate()
  const parentRow = await comment.related('commentable').query().first()
  expectTypeOf(parentRow).toEqual<Post | Video | null>(true)

  const factory = new FactoryManager()
  const CommentFactory = factory.define(Comment, () => ({ body: 'x' })).build()
  const PostFactory = factory
    .define(Post, () => ({ title: 't' }))
    .relation('comments', () => CommentFactory)
    .build()
  await PostFactory.with('comments', 3).create()
  // @ts-expect-error unknown factory relation
  await PostFactory.with('tags', 3).create()
  await CommentFactory.for(PostFactory, 'commentable').create()
}

export async function loadChecks(comment: Comment) {
  await comment.load('commentable', (morph) =>
    morph.constrain('video', (videos) => videos.where('url', 'x'))
  )
  await Comment.loadMany([comment], 'commentable', (morph) =>
    morph.constrain(Post, (posts) => posts.preload('comments'))
  )
}
