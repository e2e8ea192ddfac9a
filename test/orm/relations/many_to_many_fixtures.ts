/**
 * Models, schema (tables prefixed `m2m_`) and helpers shared by the
 * many-to-many specs.
 */
import type { Group } from '@japa/runner/core'
import type { Database } from '../../../src/database/database.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { manyToMany } from '../../../src/orm/relations/decorators.js'
import type { ManyToManyQueryBuilder } from '../../../src/orm/relations/many_to_many/query_builder.js'
import type { QueryEvent } from '../../../src/types/database.js'
import type { ManyToMany } from '../../../src/types/relations.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

export class Skill extends BaseModel {
  static override table = 'm2m_skills'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare slug: string | null
}

export class Tag extends BaseModel {
  static override table = 'm2m_tags'
  static override selfAssignPrimaryKey = true
  @column({ isPrimary: true }) declare id: string
  @column() declare label: string
}

export class User extends BaseModel {
  static override table = 'm2m_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare code: string | null

  @manyToMany(() => Skill, {
    pivotTable: 'm2m_skill_user',
    pivotColumns: ['proficiency'],
    pivotTimestamps: true,
  })
  declare skills: ManyToMany<typeof Skill>

  @manyToMany(() => User, {
    pivotTable: 'm2m_friendships',
    pivotRelatedForeignKey: 'friend_id',
  })
  declare friends: ManyToMany<typeof User>

  @manyToMany(() => Tag, { pivotTable: 'm2m_tag_user' })
  declare tags: ManyToMany<typeof Tag>

  @manyToMany(() => Skill, {
    pivotTable: 'm2m_skill_codes',
    localKey: 'code',
    pivotForeignKey: 'user_code',
    relatedKey: 'slug',
    pivotRelatedForeignKey: 'skill_slug',
  })
  declare skillsByCode: ManyToMany<typeof Skill>
}

const tables = [
  'm2m_skill_user',
  'm2m_friendships',
  'm2m_tag_user',
  'm2m_skill_codes',
  'm2m_tags',
  'm2m_skills',
  'm2m_users',
]

let db: Database

/** The Database of the running test. */
export function database(): Database {
  return db
}

async function createSchema() {
  await dropTables(db, ...tables)
  // knex schema builders accumulate statements: one builder per table
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable('m2m_users', (t) => {
    t.increments('id')
    t.string('username', 50).notNullable()
    t.string('code', 20).nullable().unique()
  })
  await schema().createTable('m2m_skills', (t) => {
    t.increments('id')
    t.string('name', 50).notNullable()
    t.string('slug', 20).nullable().unique()
  })
  await schema().createTable('m2m_tags', (t) => {
    t.string('id', 36).primary()
    t.string('label', 50)
  })
  await schema().createTable('m2m_skill_user', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().notNullable().references('id').inTable('m2m_users')
    t.integer('skill_id').unsigned().notNullable().references('id').inTable('m2m_skills')
    t.integer('proficiency').nullable()
    t.string('note', 50).nullable()
    t.timestamp('created_at').nullable()
    t.timestamp('updated_at').nullable()
  })
  await schema().createTable('m2m_friendships', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().notNullable().references('id').inTable('m2m_users')
    t.integer('friend_id').unsigned().notNullable().references('id').inTable('m2m_users')
  })
  await schema().createTable('m2m_tag_user', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().notNullable().references('id').inTable('m2m_users')
    t.string('tag_id', 36).notNullable().references('id').inTable('m2m_tags')
  })
  await schema().createTable('m2m_skill_codes', (t) => {
    t.increments('id')
    t.string('user_code', 20).notNullable()
    t.string('skill_slug', 20).notNullable()
  })
}

export function manyToManyGroup(group: Group) {
  group.each.setup(async () => {
    db = createDatabase({}, true)
    BaseModel.useAdapter(new Adapter(db))
    await createSchema()
    return async () => {
      await dropTables(db, ...tables)
      await db.manager.closeAll()
    }
  })
}

/** Records the queries run while `work` runs. */
export async function captureQueries(work: () => Promise<unknown>): Promise<QueryEvent[]> {
  const events: QueryEvent[] = []
  const listener = (event: QueryEvent) => events.push(event)
  db.on('db:query', listener)
  try {
    await work()
  } finally {
    db.off('db:query', listener)
  }
  return events
}

/** The statement kinds of captured queries: `['select', 'insert']`. */
export function methods(events: QueryEvent[]): string[] {
  return events.map((event) => event.method)
}

/** `related('skills').query()`, typed with the pivot helpers. */
export function skillsQuery(user: User) {
  return user.related('skills').query() as unknown as ManyToManyQueryBuilder<typeof Skill>
}

/** Pivot rows of a table, sorted for stable assertions. */
export async function pivotRows(table: string, columns: string[]) {
  return db.from(table).select(columns).orderBy(columns)
}

export function names(models: { name: string }[]): string[] {
  return models.map((model) => model.name).sort()
}

export async function seed() {
  const [virk, romain, nikk] = await User.createMany([
    { username: 'virk', code: 'V' },
    { username: 'romain', code: 'R' },
    { username: 'nikk', code: 'N' },
  ])
  const [node, sql, go] = await Skill.createMany([
    { name: 'node', slug: 'node' },
    { name: 'sql', slug: 'sql' },
    { name: 'go', slug: 'go' },
  ])
  return { virk, romain, nikk, node, sql, go }
}
