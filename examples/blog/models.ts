/** The blog's models: users with a profile, posts (soft deleted), comments and tags. */
import type { DateTime } from 'luxon'
import {
  BaseModel,
  belongsTo,
  column,
  compose,
  hasMany,
  hasOne,
  manyToMany,
  scope,
  SoftDeletes,
} from '../../src/orm/main.js'
import type { BelongsTo, HasMany, HasOne, ManyToMany } from '../../src/types/relations.js'

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
  @hasMany(() => Comment) declare comments: HasMany<typeof Comment>
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
  @column() declare postId: number
  @column() declare userId: number
  @column() declare body: string
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
}

export class Tag extends BaseModel {
  static table = 'blog_tags'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}
