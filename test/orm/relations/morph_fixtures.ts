/**
 * Shared setup of the polymorphic relation specs: the `morph_*` tables
 * (made with the `morphs()` schema helpers), models on them, a morph map
 * (post, video, user) and a small seeded data set.
 */
import type { Group } from '@japa/runner/core'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { compose } from '../../../src/orm/mixins/compose.js'
import {
  morphedByMany,
  morphMany,
  morphOne,
  morphTo,
  morphToMany,
} from '../../../src/orm/relations/decorators.js'
import { Relation } from '../../../src/orm/relations/morph_map.js'
import { SoftDeletes } from '../../../src/orm/soft_deletes.js'
import '../../../src/schema/morphs.js'
import type {
  MorphedByMany,
  MorphMany,
  MorphOne,
  MorphTo,
  MorphToMany,
} from '../../../src/types/relations.js'
import { dropTables } from '../../helpers/database.js'
import { openDatabase, schema } from '../base_model/helpers.js'

export { captureQueries, openDatabase } from '../base_model/helpers.js'

export const morphTables = [
  'morph_taggables',
  'morph_tags',
  'morph_images',
  'morph_comments',
  'morph_videos',
  'morph_posts',
  'morph_users',
]

export class MorphUser extends BaseModel {
  static table = 'morph_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @morphMany(() => MorphComment, 'commentable') declare comments: MorphMany<typeof MorphComment>
  @morphOne(() => MorphImage) declare avatar: MorphOne<typeof MorphImage>
}

export class MorphPost extends compose(BaseModel, SoftDeletes) {
  static table = 'morph_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number | null
  @column() declare title: string
  @morphMany(() => MorphComment) declare comments: MorphMany<typeof MorphComment>
  @morphOne(() => MorphImage, { name: 'imageable' }) declare image: MorphOne<typeof MorphImage>
  @morphToMany(() => MorphTag, {
    name: 'taggable',
    pivotTable: 'morph_taggables',
    pivotColumns: ['weight'],
  })
  declare tags: MorphToMany<typeof MorphTag>
}

export class MorphVideo extends BaseModel {
  static table = 'morph_videos'
  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
  @morphMany(() => MorphComment, { name: 'commentable' })
  declare comments: MorphMany<typeof MorphComment>
  @morphToMany(() => MorphTag, { name: 'taggable', pivotTable: 'morph_taggables' })
  declare tags: MorphToMany<typeof MorphTag>
}

export type CommentableTypes = {
  post: typeof MorphPost
  video: typeof MorphVideo
  user: typeof MorphUser
}

export class MorphComment extends compose(BaseModel, SoftDeletes) {
  static table = 'morph_comments'
  @column({ isPrimary: true }) declare id: number
  @column() declare body: string
  @column() declare commentableType: string | null
  @column() declare commentableId: number | null
  @morphTo() declare commentable: MorphTo<CommentableTypes>
}

export class MorphImage extends BaseModel {
  static table = 'morph_images'
  @column({ isPrimary: true }) declare id: number
  @column() declare url: string
  @column() declare imageableType: string
  @column() declare imageableId: number
  @morphTo() declare imageable: MorphTo<{ post: typeof MorphPost; user: typeof MorphUser }>
}

export class MorphTag extends BaseModel {
  static table = 'morph_tags'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @morphedByMany(() => MorphPost, { name: 'taggable', pivotTable: 'morph_taggables' })
  declare posts: MorphedByMany<typeof MorphPost>
  @morphedByMany(() => MorphVideo, { name: 'taggable', pivotTable: 'morph_taggables' })
  declare videos: MorphedByMany<typeof MorphVideo>
}

/** The aliases the specs store. */
export const morphs = { post: () => MorphPost, video: () => MorphVideo, user: () => MorphUser }

export async function createMorphTables(db: Database) {
  await dropTables(db, ...morphTables)
  await schema(db).createTable('morph_users', (t) => {
    t.increments('id')
    t.string('name', 100).notNullable()
  })
  await schema(db).createTable('morph_posts', (t) => {
    t.increments('id')
    t.integer('user_id').nullable()
    t.string('title', 100).notNullable()
    t.timestamp('deleted_at', { useTz: false }).nullable()
  })
  await schema(db).createTable('morph_videos', (t) => {
    t.increments('id')
    t.string('title', 100).notNullable()
  })
  await schema(db).createTable('morph_comments', (t) => {
    t.increments('id')
    t.string('body', 255).notNullable()
    t.nullableMorphs('commentable')
    t.timestamp('deleted_at', { useTz: false }).nullable()
  })
  await schema(db).createTable('morph_images', (t) => {
    t.increments('id')
    t.string('url', 255).notNullable()
    t.morphs('imageable')
  })
  await schema(db).createTable('morph_tags', (t) => {
    t.increments('id')
    t.string('name', 100).notNullable()
  })
  await schema(db).createTable('morph_taggables', (t) => {
    t.increments('id')
    t.integer('morph_tag_id').notNullable()
    t.morphs('taggable')
    t.integer('weight').nullable()
  })
}

/**
 * Two posts (p1 with 2 comments, p2 with none), one video with 1 comment,
 * one user with 1 comment, one orphan comment (no commentable).
 */
export async function seedMorphs() {
  const ada = await MorphUser.create({ name: 'ada' })
  const [p1, p2] = await MorphPost.createMany([
    { title: 'p1', userId: ada.id },
    { title: 'p2', userId: ada.id },
  ])
  const video = await MorphVideo.create({ title: 'v1' })
  await MorphComment.createMany([
    { body: 'c1', commentableType: 'post', commentableId: p1.id },
    { body: 'c2', commentableType: 'post', commentableId: p1.id },
    { body: 'c3', commentableType: 'video', commentableId: video.id },
    { body: 'c4', commentableType: 'user', commentableId: ada.id },
    { body: 'c5', commentableType: null, commentableId: null },
  ])
  return { ada, p1, p2, video }
}

/** Group setup: a debug db, the tables, the morph map; tables emptied before each test. */
export function morphGroup(group: Group) {
  const state: { db: Database } = { db: undefined as unknown as Database }
  group.setup(async () => {
    Relation.morphMap(morphs)
    state.db = openDatabase()
    try {
      await createMorphTables(state.db)
    } catch (error) {
      await state.db.manager.closeAll()
      throw error
    }
    return async () => {
      await dropTables(state.db, ...morphTables)
      await state.db.manager.closeAll()
      Relation.clearMorphMap()
    }
  })
  group.each.setup(async () => {
    for (const table of morphTables) await state.db.connection().truncate(table)
  })
  return state
}
