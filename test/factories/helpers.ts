/**
 * Shared setup of the factory specs: the `fac_*` tables, models over them
 * and a debug Database (every query emits `db:query`).
 */
import type { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { compose } from '../../src/orm/mixins/compose.js'
import { belongsTo, hasMany } from '../../src/orm/relations/decorators.js'
import { SoftDeletes } from '../../src/orm/soft_deletes.js'
import type { BelongsTo, HasMany } from '../../src/types/relations.js'
import { dropTables } from '../helpers/database.js'
import { openDatabase, schema } from '../orm/base_model/helpers.js'

export { captureQueries } from '../orm/base_model/helpers.js'

/** Every table the factory specs use, children first. */
export const facTables = ['fac_posts', 'fac_users', 'fac_teams']

export class Team extends BaseModel {
  static table = 'fac_teams'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}

export class User extends compose(BaseModel, SoftDeletes) {
  static table = 'fac_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare username: string
  @column() declare points: number
  @column() declare accountStatus: string
  @column() declare teamId: number | null
  @column({
    prepare: (value: unknown) => (value === undefined ? value : JSON.stringify(value)),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare settings: Record<string, any> | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
  @belongsTo(() => Team) declare team: BelongsTo<typeof Team>
}

export class Post extends BaseModel {
  static table = 'fac_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @column() declare isPublished: boolean
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
}

/** Opens the debug Database and (re)creates the `fac_*` tables. */
export async function setupDatabase(): Promise<Database> {
  const db = openDatabase()
  await dropTables(db, ...facTables)
  await schema(db).createTable('fac_teams', (t) => {
    t.increments('id')
    t.string('name', 100).notNullable()
  })
  await schema(db).createTable('fac_users', (t) => {
    t.increments('id')
    t.string('email', 191).notNullable().unique()
    t.string('username', 100).notNullable()
    t.integer('points').notNullable().defaultTo(0)
    t.string('account_status', 20).notNullable().defaultTo('active')
    t.integer('team_id').unsigned().references('id').inTable('fac_teams').nullable()
    t.text('settings')
    t.timestamp('created_at', { useTz: false }).nullable()
    t.timestamp('deleted_at', { useTz: false }).nullable()
  })
  await schema(db).createTable('fac_posts', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().references('id').inTable('fac_users').notNullable()
    t.string('title', 255).notNullable()
    t.boolean('is_published').notNullable().defaultTo(false)
  })
  return db
}

/** Drops the tables and closes the Database. */
export async function teardownDatabase(db: Database) {
  await dropTables(db, ...facTables)
  await db.manager.closeAll()
}

/** Number of rows in a table. */
export async function countRows(db: Database, table: string): Promise<number> {
  const rows = await db.from(table).count('* as total')
  return Number(rows[0].total)
}
