/**
 * Models, factories and tables of the factory relation specs: users with
 * posts (with comments), a profile and roles (many-to-many with a pivot column).
 */
import type { Database } from '../../src/database/database.js'
import { FactoryManager } from '../../src/factories/main.js'
import {
  Adapter,
  BaseModel,
  belongsTo,
  column,
  hasMany,
  hasOne,
  manyToMany,
} from '../../src/orm/main.js'
import type { BelongsTo, HasMany, HasOne, ManyToMany } from '../../src/types/relations.js'
import { createDatabase, dropTables } from '../helpers/database.js'

export const tables = [
  'facr_role_user',
  'facr_comments',
  'facr_posts',
  'facr_profiles',
  'facr_roles',
  'facr_users',
]

export class RUser extends BaseModel {
  static table = 'facr_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare code: string | null
  @hasMany(() => RPost, { foreignKey: 'userId' }) declare posts: HasMany<typeof RPost>
  @hasOne(() => RProfile, { foreignKey: 'userId' }) declare profile: HasOne<typeof RProfile>
  @manyToMany(() => RRole, {
    pivotTable: 'facr_role_user',
    pivotForeignKey: 'user_id',
    pivotRelatedForeignKey: 'role_id',
    pivotColumns: ['active'],
  })
  declare roles: ManyToMany<typeof RRole>
}

export class RProfile extends BaseModel {
  static table = 'facr_profiles'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare bio: string
}

export class RPost extends BaseModel {
  static table = 'facr_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @column() declare code: string | null
  @belongsTo(() => RUser, { foreignKey: 'userId' }) declare author: BelongsTo<typeof RUser>
  @hasMany(() => RComment, { foreignKey: 'postId' }) declare comments: HasMany<typeof RComment>
}

export class RComment extends BaseModel {
  static table = 'facr_comments'
  @column({ isPrimary: true }) declare id: number
  @column() declare postId: number
  @column() declare body: string
  @column() declare code: string | null
}

export class RRole extends BaseModel {
  static table = 'facr_roles'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}

export const factory = new FactoryManager()
export const CommentFactory = factory
  .define(RComment, ({ faker }) => ({ body: faker.lorem.sentence() }))
  .build()
export const RoleFactory = factory
  .define(RRole, ({ faker }) => ({ name: faker.word.noun() }))
  .build()
export const ProfileFactory = factory.define(RProfile, () => ({ bio: 'hello' })).build()
export const PostFactory = factory
  .define(RPost, ({ faker }) => ({ title: faker.lorem.words(3) }))
  .relation('comments', () => CommentFactory)
  .relation('author', (): any => UserFactory)
  .build()
export const UserFactory = factory
  .define(RUser, ({ faker }) => ({ email: faker.internet.email() }))
  .relation('posts', () => PostFactory)
  .relation('profile', () => ProfileFactory)
  .relation('roles', () => RoleFactory)
  .build()

export async function count(db: Database, table: string): Promise<number> {
  const [row] = await db.from(table).count('* as total')
  return Number(row.total)
}

/** (Re)creates the `facr_*` tables. */
export async function createRelationTables(db: Database) {
  await dropTables(db, ...tables)
  const knex = db.connection().getWriteClient()
  await knex.schema.createTable('facr_users', (t) => {
    t.increments('id')
    t.string('email')
    t.string('code').nullable()
  })
  await knex.schema.createTable('facr_profiles', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().references('id').inTable('facr_users')
    t.string('bio')
  })
  await knex.schema.createTable('facr_posts', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().references('id').inTable('facr_users')
    t.string('title')
    t.string('code').nullable()
  })
  await knex.schema.createTable('facr_comments', (t) => {
    t.increments('id')
    t.integer('post_id').unsigned().references('id').inTable('facr_posts')
    t.string('body')
    t.string('code').nullable()
  })
  await knex.schema.createTable('facr_roles', (t) => {
    t.increments('id')
    t.string('name')
  })
  await knex.schema.createTable('facr_role_user', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().references('id').inTable('facr_users')
    t.integer('role_id').unsigned().references('id').inTable('facr_roles')
    t.boolean('active').defaultTo(false)
  })
}

/** Drops the `facr_*` tables. */
export async function dropRelationTables(db: Database) {
  await dropTables(db, ...tables)
}

/**
 * A database (debug on) with the `facr_*` tables, set as the models'
 * adapter, and the function dropping them and closing it: one test's setup.
 */
export async function openRelationDatabase(): Promise<[Database, () => Promise<void>]> {
  const db = createDatabase({}, true)
  BaseModel.useAdapter(new Adapter(db))
  await createRelationTables(db)
  return [
    db,
    async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    },
  ]
}
