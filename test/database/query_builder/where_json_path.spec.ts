import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { dropTables } from '../../helpers/database.js'
import { createTable, openDatabase } from '../../orm/helpers.js'

class Gadget extends BaseModel {
  static override table = 'qb_json_gadgets'

  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column({ columnName: 'spec_doc' }) declare spec: unknown
}

test.group('WhereChainable.whereJsonPath', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'qb_json_gadgets', (table) => {
      table.increments('id')
      table.string('name')
      table.jsonb('spec_doc')
    })
    await db.table('qb_json_gadgets').multiInsert([
      {
        name: 'lamp',
        spec_doc: JSON.stringify({ color: 'red', watts: 40, weight: 1.5, on: true }),
      },
      {
        name: 'fan',
        spec_doc: JSON.stringify({ color: 'blue', watts: 0, weight: 2.5, on: false }),
      },
    ])
    return async () => {
      await dropTables(db, 'qb_json_gadgets')
      await db.manager.closeAll()
    }
  })

  const names = (rows: { name?: unknown }[]) => rows.map((row) => String(row.name)).sort()

  test('compares the value at a path, with = or an operator', async ({ assert }) => {
    const table = () => db.from('qb_json_gadgets')
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.color', 'red')), ['lamp'])
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.watts', '>', 10)), ['lamp'])
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.watts', 0)), ['fan'])
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.on', '=', false)), ['fan'])
    const either = await table()
      .whereJsonPath('spec_doc', '$.color', 'red')
      .orWhereJsonPath('spec_doc', '$.color', 'blue')
      .andWhereJsonPath('spec_doc', '$.watts', '<', 100)
    assert.deepEqual(names(either), ['fan', 'lamp'])
    const { bindings } = table().whereJsonPath('spec_doc', '$.color', 'red').toSQL()
    assert.includeMembers(bindings as unknown[], ['$.color', 'red'])
  })

  test('fractional numbers compare as numbers on every dialect', async ({ assert }) => {
    const table = () => db.from('qb_json_gadgets')
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.weight', 1.5)), ['lamp'])
    assert.deepEqual(names(await table().whereJsonPath('spec_doc', '$.weight', '<', 2)), ['lamp'])
  })

  test('takes a sub query as the value', async ({ assert }) => {
    const rows = await db
      .from('qb_json_gadgets')
      .whereJsonPath('spec_doc', '$.color', (sub) =>
        sub.from('qb_json_gadgets').select(db.raw("'blue'")).limit(1)
      )
    assert.deepEqual(names(rows), ['fan'])
  })

  test('the model query builder maps the attribute to its column', async ({ assert }) => {
    const gadgets = await Gadget.query()
      .whereJsonPath('spec', '$.color', 'blue')
      .orWhereJsonPath('spec', '$.watts', '>=', 40)
    assert.deepEqual(names(gadgets), ['fan', 'lamp'])
  })
})
