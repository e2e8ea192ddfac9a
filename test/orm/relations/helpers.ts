/**
 * Shared setup of the relation specs: the `rel_*` tables (users, profiles,
 * posts, comments, badges, teams, members), the models over them and a
 * small seeded data set. Each spec file creates the tables in its group
 * setup and truncates them before every test.
 */
import { randomUUID } from 'node:crypto'
import type { Group } from '@japa/runner/core'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { belongsTo, hasMany, hasOne } from '../../../src/orm/relations/decorators.js'
import type { BelongsTo, HasMany, HasOne } from '../../../src/types/relations.js'
import { dropTables } from '../../helpers/database.js'
import { openDatabase, schema } from '../base_model/helpers.js'

export { captureQueries, openDatabase, schema } from '../base_model/helpers.js'

/** Every table the relation specs use, children first. */
export const relTables = [
  'rel_comments',
  'rel_posts',
  'rel_profiles',
  'rel_badges',
  'rel_members',
  'rel_teams',
  'rel_users',
]

export class User extends BaseModel {
  static table = 'rel_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null
  @column() declare managerId: number | null

  @hasOne(() => Profile) declare profile: HasOne<typeof Profile>
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
  @hasMany(() => Post, { onQuery: (query) => query.where('isPublished', true) })
  declare publishedPosts: HasMany<typeof Post>
  /** A relation whose onQuery orders and limits (Lucid #1155). */
  @hasMany(() => Post, { onQuery: (query) => query.orderBy('id', 'desc').limit(2) })
  declare recentPosts: HasMany<typeof Post>
  @hasMany(() => Badge, { localKey: 'email', foreignKey: 'ownerEmail' })
  declare badges: HasMany<typeof Badge>
  @belongsTo(() => User, { foreignKey: 'managerId' }) declare manager: BelongsTo<typeof User>
  @hasMany(() => User, { foreignKey: 'managerId' }) declare reports: HasMany<typeof User>
}

export class Profile extends BaseModel {
  static table = 'rel_profiles'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number | null
  @column() declare bio: string
  @belongsTo(() => User) declare user: BelongsTo<typeof User>
}

export class Post extends BaseModel {
  static table = 'rel_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number | null
  @column() declare title: string
  @column() declare views: number
  @column({ consume: (value) => (value === null ? value : Boolean(value)) })
  declare isPublished: boolean
  @belongsTo(() => User) declare user: BelongsTo<typeof User>
  @hasMany(() => Comment) declare comments: HasMany<typeof Comment>
}

export class Comment extends BaseModel {
  static table = 'rel_comments'
  @column({ isPrimary: true }) declare id: number
  @column() declare postId: number
  @column() declare authorId: number | null
  @column() declare body: string
  @belongsTo(() => Post) declare post: BelongsTo<typeof Post>
  @belongsTo(() => User, { foreignKey: 'authorId' }) declare author: BelongsTo<typeof User>
}

/** Keyed by the owner's email, not by id (custom localKey/foreignKey). */
export class Badge extends BaseModel {
  static table = 'rel_badges'
  @column({ isPrimary: true }) declare id: number
  @column() declare ownerEmail: string | null
  @column() declare label: string
  @belongsTo(() => User, { foreignKey: 'ownerEmail', localKey: 'email' })
  declare owner: BelongsTo<typeof User>
}

/** A UUID primary key the model assigns itself. */
export class Team extends BaseModel {
  static table = 'rel_teams'
  static selfAssignPrimaryKey = true
  @column({ isPrimary: true }) declare id: string
  @column() declare name: string
  @hasMany(() => Member) declare members: HasMany<typeof Member>
  @hasOne(() => Member, { onQuery: (query) => query.where('role', 'lead') })
  declare lead: HasOne<typeof Member>

  static async named(name: string) {
    return Team.create({ id: randomUUID(), name })
  }
}

export class Member extends BaseModel {
  static table = 'rel_members'
  @column({ isPrimary: true }) declare id: number
  @column() declare teamId: string | null
  @column() declare name: string
  @column() declare role: string
  @belongsTo(() => Team) declare team: BelongsTo<typeof Team>
}

/** Creates the `rel_*` tables (dropping them first). */
export async function createRelTables(db: Database) {
  await dropTables(db, ...relTables)
  await schema(db).createTable('rel_users', (t) => {
    t.increments('id')
    t.string('username', 100).notNullable()
    t.string('email', 191).nullable()
    t.integer('manager_id').nullable()
  })
  await schema(db).createTable('rel_profiles', (t) => {
    t.increments('id')
    t.integer('user_id').nullable()
    t.string('bio', 255).notNullable()
  })
  await schema(db).createTable('rel_posts', (t) => {
    t.increments('id')
    t.integer('user_id').nullable().index()
    t.string('title', 255).notNullable()
    t.integer('views').notNullable().defaultTo(0)
    t.boolean('is_published').notNullable().defaultTo(false)
  })
  await schema(db).createTable('rel_comments', (t) => {
    t.increments('id')
    t.integer('post_id').notNullable().index()
    t.integer('author_id').nullable()
    t.string('body', 255).notNullable()
  })
  await schema(db).createTable('rel_badges', (t) => {
    t.increments('id')
    t.string('owner_email', 191).nullable()
    t.string('label', 100).notNullable()
  })
  await schema(db).createTable('rel_teams', (t) => {
    t.string('id', 36).primary()
    t.string('name', 100).notNullable()
  })
  await schema(db).createTable('rel_members', (t) => {
    t.increments('id')
    t.string('team_id', 36).nullable()
    t.string('name', 100).notNullable()
    t.string('role', 20).notNullable().defaultTo('member')
  })
}

/** Empties the `rel_*` tables and resets their ids. */
export async function truncateRelTables(db: Database) {
  for (const table of relTables) await db.connection().truncate(table)
}

export async function dropRelTables(db: Database) {
  await dropTables(db, ...relTables)
}

/**
 * The standard data set: alice manages bob and carol, bob manages dave.
 * alice has 3 posts (views 10/20/30, the last unpublished), bob 1, carol
 * and dave none; one post has no author. alice and bob have profiles.
 * alice's first post has 2 comments (bob, carol), bob's post 1 (alice).
 */
export async function seed() {
  const alice = await User.create({ username: 'alice', email: 'alice@example.com' })
  const bob = await User.create({ username: 'bob', email: 'bob@example.com', managerId: alice.id })
  const carol = await User.create({ username: 'carol', email: null, managerId: alice.id })
  const dave = await User.create({ username: 'dave', email: 'dave@example.com', managerId: bob.id })
  await Profile.createMany([
    { userId: alice.id, bio: 'alice bio' },
    { userId: bob.id, bio: 'bob bio' },
  ])
  const [first, second, third, bobs] = await Post.createMany([
    { userId: alice.id, title: 'a1', views: 10, isPublished: true },
    { userId: alice.id, title: 'a2', views: 20, isPublished: true },
    { userId: alice.id, title: 'a3', views: 30, isPublished: false },
    { userId: bob.id, title: 'b1', views: 5, isPublished: true },
  ])
  const orphan = await Post.create({ userId: null, title: 'orphan', views: 1, isPublished: true })
  await Comment.createMany([
    { postId: first.id, authorId: bob.id, body: 'nice' },
    { postId: first.id, authorId: carol.id, body: 'agreed' },
    { postId: bobs.id, authorId: alice.id, body: 'welcome' },
  ])
  return { alice, bob, carol, dave, posts: { first, second, third, bobs, orphan } }
}

/** Inserts rows in multi-row INSERTs of at most 400 rows (SQLite caps a compound insert at 500). */
export async function insertInChunks(db: Database, table: string, rows: Record<string, unknown>[]) {
  for (let start = 0; start < rows.length; start += 400) {
    await db.table(table).multiInsert(rows.slice(start, start + 400))
  }
}

/** Setup shared by every relation spec group: debug db, tables, truncate per test. */
export function relationsGroup(group: Group) {
  const state: { db: Database } = { db: undefined as unknown as Database }
  group.setup(async () => {
    state.db = openDatabase()
    try {
      await createRelTables(state.db)
    } catch (error) {
      // a failed setup skips teardown: close here so the run ends
      await state.db.manager.closeAll()
      throw error
    }
    return async () => {
      await dropRelTables(state.db)
      await state.db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    await truncateRelTables(state.db)
  })
  return state
}
