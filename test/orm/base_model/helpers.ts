/**
 * Shared setup of the BaseModel specs: a debug Database (every query emits
 * `db:query`), the adapter set on BaseModel, and the `bm_*` tables each
 * spec file creates under its own prefix.
 */
import type { Knex } from 'knex'
import type { Database } from '../../../src/database/database.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import type { QueryEvent } from '../../../src/types/database.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

/** Opens a debug Database and points BaseModel at it. */
export function openDatabase(): Database {
  const db = createDatabase({}, true)
  BaseModel.useAdapter(new Adapter(db))
  return db
}

/** `<prefix>users (id, username, email unique, points default 0, meta text, timestamps)`. */
export async function createUsers(db: Database, table: string) {
  await dropTables(db, table)
  await schema(db).createTable(table, (t) => {
    t.increments('id')
    t.string('username', 100).notNullable()
    t.string('email', 191).unique()
    t.integer('points').notNullable().defaultTo(0)
    t.text('meta')
    t.timestamp('created_at', { useTz: false }).nullable()
    t.timestamp('updated_at', { useTz: false }).nullable()
  })
}

/** `<prefix>memberships (team, user, role)`: a composite natural key, no unique index. */
export async function createMemberships(db: Database, table: string) {
  await dropTables(db, table)
  await schema(db).createTable(table, (t) => {
    t.increments('id')
    t.string('team', 50).notNullable()
    t.string('member', 50).notNullable()
    t.string('role', 50)
  })
}

export function schema(db: Database): Knex.SchemaBuilder {
  return db.connection().getWriteClient().schema
}

/** Collects the `db:query` events until `stop()` is called. */
export function captureQueries(db: Database) {
  const events: QueryEvent[] = []
  const listener = (event: QueryEvent) => events.push(event)
  db.on('db:query', listener)
  return {
    events,
    /** The SQL of the captured queries, lower cased. */
    sql: () => events.map((event) => event.sql.toLowerCase()),
    stop: () => db.off('db:query', listener),
  }
}

/** Rows of a table ordered by id, as plain objects. */
export function rowsOf(db: Database, table: string) {
  return db.from(table).select('*').orderBy('id', 'asc')
}
