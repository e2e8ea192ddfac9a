/**
 * Shared setup of the ORM specs under test/orm/*.spec.ts: a Database for
 * the current dialect with BaseModel pointed at it, and schema helpers.
 * Tables are prefixed `orm_` so they never clash with other spec files.
 */
import type { Knex } from 'knex'
import type { Database } from '../../src/database/database.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { createDatabase, dropTables } from '../helpers/database.js'

/** Opens a Database and sets it as BaseModel's adapter. */
export function openDatabase(): Database {
  const db = createDatabase()
  BaseModel.useAdapter(new Adapter(db))
  return db
}

/** The schema builder of the primary connection. */
export function schema(db: Database): Knex.SchemaBuilder {
  return db.connection().getWriteClient().schema
}

/** Drops then creates a table. */
export async function createTable(
  db: Database,
  table: string,
  callback: (t: Knex.CreateTableBuilder) => void
) {
  await dropTables(db, table)
  await schema(db).createTable(table, callback)
}

/** Every row of a table ordered by id, as the database returns it. */
export function rowsOf(db: Database, table: string) {
  return db.from(table).select('*').orderBy('id', 'asc')
}
