import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { BaseSchema } from '../../src/schema/main.js'
import { createDatabase, dropTables } from '../helpers/database.js'

/** Creates `schema_raw_settings` with a default written through `this.raw(sql, bindings)`. */
class SettingsMigration extends BaseSchema {
  up() {
    this.schema.createTable('schema_raw_settings', (table) => {
      table.increments('id')
      table.string('theme').defaultTo(this.raw('?', ['dark']))
    })
  }
}

test.group('Schema: BaseSchema helpers', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'schema_raw_settings')
    return async () => {
      await dropTables(db, 'schema_raw_settings')
      await db.manager.closeAll()
    }
  })

  test("raw() takes bindings, as Lucid's does", async ({ assert }) => {
    await new SettingsMigration(db.connection(), 'settings').execUp()
    await db.table('schema_raw_settings').insert({ id: 1 })
    const row = await db.from('schema_raw_settings').firstOrFail()
    assert.equal(row.theme, 'dark')
  })
})
