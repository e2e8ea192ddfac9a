/**
 * The blog's models: users with a profile, posts (soft deleted), tags, and
 * comments on posts and on users (one polymorphic `commentable` relation).
 */
import type { DateTime } from 'luxon'
import {
  BaseModel,
  belongsTo,
  column,
  compose,
  hasMany,
  hasOne,
  manyToMany,
  morphMany,
  morphTo,
  Relation,
  scope,
  SoftDeletes,
} from '../../src/orm/main.js'
import type {
  BelongsTo,
  HasMany,
  HasOne,
  ManyToMany,
  MorphMany,
  MorphTo,
  MorphTypesOf,
} from '../../src/types/relations.js'

/** What `blog_comments.commentable_type` stores: 'post' or 'user'. */
export const commentables = Relation.morphMap({ post: () => Post, user: () => User })

export class User extends BaseModel {
  static table = 'blog_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string
  @column() declare points: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
  @hasOne(() => Profile) declare profile: HasOne<typeof Profile>
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
  /** Comments left on this user's page. */
  @morphMany(() => Comment, 'commentable') declare comments: MorphMany<typeof Comment>
}

export class Profile extends BaseModel {
  static table = 'blog_profiles'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare bio: string
}

export class Post extends compose(BaseModel, SoftDeletes) {
  static table = 'blog_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @column({ consume: (value) => Boolean(value) }) declare isPublished: boolean
  @column() declare views: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
  @morphMany(() => Comment, 'commentable') declare comments: MorphMany<typeof Comment>
  @manyToMany(() => Tag, {
    pivotTable: 'blog_post_tag',
    pivotForeignKey: 'post_id',
    pivotRelatedForeignKey: 'tag_id',
    pivotColumns: ['featured'],
  })
  declare tags: ManyToMany<typeof Tag>

  static published = scope((query) => query.where('isPublished', true))
}

export class Comment extends BaseModel {
  static table = 'blog_comments'
  @column({ isPrimary: true }) declare id: number
  @column() declare commentableType: string
  @column() declare commentableId: number
  @column() declare userId: number
  @column() declare body: string
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
  /** The post or the user the comment is on. */
  @morphTo() declare commentable: MorphTo<MorphTypesOf<typeof commentables>>
}

export class Tag extends BaseModel {
  static table = 'blog_tags'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}
