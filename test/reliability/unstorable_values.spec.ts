/**
 * Issue #18 items 5 and 7: values a column cannot store as given are
 * refused with E_INVALID_VALUE before any query, on every dialect: lone
 * surrogates (and NUL on PostgreSQL) inside JSON values (objects, arrays,
 * their keys), and NaN/±Infinity, alone or inside JSON. Without the check,
 * pg answered 22P05/22P02, MariaDB a CHECK violation, SQLite stored NULL
 * and MySQL read a bare NaN as a column name.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_INVALID_VALUE } from '../../src/errors.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { createDatabase, DB, dropTables } from '../helpers/database.js'
import { schema } from '../orm/base_model/helpers.js'

const ITEMS = 'rel_unstorable_items'

class Item extends BaseModel {
  static table = ITEMS
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string | null
  @column() declare count: number | null
  @column() declare ratio: number | null
  @column() declare meta: unknown
}

function failure(work: () => unknown): Promise<any> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error) => error
    )
}

/** JSON values a column cannot hold as given, with the path the error names. */
const badJson: [label: string, value: unknown, path: string][] = [
  ['lone surrogate in an object', { a: { b: 'x\ud800' } }, 'at a.b'],
  ['lone surrogate in an array', ['ok', ['\udfff']], 'at [1][0]'],
  ['lone surrogate in a key', { ['k\udc00']: 1 }, 'at ["k\\udc00"]'],
  ['NaN in an array', [1, Number.NaN], 'at [1]'],
  ['Infinity in an object', { ratio: Number.POSITIVE_INFINITY }, 'at ratio'],
]

test.group('Hostile input | values a column cannot store', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, ITEMS)
    await schema(db).createTable(ITEMS, (t) => {
      t.increments('id')
      t.string('name', 100).nullable()
      t.integer('count').nullable()
      t.float('ratio').nullable()
      t.json('meta').nullable()
    })
    return async () => {
      await dropTables(db, ITEMS)
      await db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    await db.from(ITEMS).delete()
  })

  test('JSON values holding them are refused by insert, update, create and save', async ({
    assert,
  }) => {
    await db.table(ITEMS).insert({ name: 'kept' })
    const cases =
      DB === 'pg' ? [...badJson, ['NUL', { a: ['x\u0000'] }, 'at a[0]'] as const] : badJson
    for (const [label, value, path] of cases) {
      for (const [api, run] of [
        ['insert', () => db.table(ITEMS).insert({ meta: value as object })],
        ['multiInsert', () => db.table(ITEMS).multiInsert([{ meta: null }, { meta: value }])],
        ['update', () => db.from(ITEMS).update({ meta: value as object })],
        ['Model.create', () => Item.create({ meta: value })],
        ['Model.createMany', () => Item.createMany([{ meta: value }])],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_INVALID_VALUE, `${api}: ${label}`)
        assert.include(error.message, path, `${api}: ${label}`)
      }
    }
    const rows = await db.from(ITEMS).select('name', 'meta')
    assert.deepEqual(rows, [{ name: 'kept', meta: null }])
  })

  test('NUL inside JSON is stored as data where the dialect can (SQLite, MySQL)', async ({
    assert,
  }) => {
    const run = () => Item.create({ meta: { a: 'x\u0000y' } })
    if (DB === 'pg') {
      const error = await failure(run)
      assert.instanceOf(error, E_INVALID_VALUE)
      assert.include(error.message, 'NUL')
      return
    }
    const item = await run()
    const fresh = await Item.findOrFail(item.id)
    const meta = typeof fresh.meta === 'string' ? JSON.parse(fresh.meta) : fresh.meta
    assert.deepEqual(meta, { a: 'x\u0000y' })
  })

  test('NaN and ±Infinity are refused for numeric columns, in writes and lookups', async ({
    assert,
  }) => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const [api, run] of [
        ['insert', () => db.table(ITEMS).insert({ count: value })],
        ['update', () => db.from(ITEMS).update({ ratio: value })],
        ['update(column, value)', () => db.from(ITEMS).update('ratio', value)],
        ['where', () => db.from(ITEMS).where('count', value)],
        ['whereIn', () => db.from(ITEMS).whereIn('count', [1, value])],
        ['Model.create', () => Item.create({ count: value })],
        ['Model save', () => new Item().merge({ ratio: value }).save()],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_INVALID_VALUE, `${api}: ${value}`)
        assert.include(error.message, String(value), `${api}: ${value}`)
      }
    }
    assert.lengthOf(await db.from(ITEMS).select('id'), 0)
  })

  test('ordinary JSON values and finite numbers pass untouched', async ({ assert }) => {
    const meta = { list: [1, 2.5, -0, 'é😀', null, true], nested: { deep: [{ a: 'b' }] } }
    const item = await Item.create({ count: 7, ratio: 0.5, meta })
    const fresh = await Item.findOrFail(item.id)
    const stored = typeof fresh.meta === 'string' ? JSON.parse(fresh.meta) : fresh.meta
    assert.deepEqual(stored, { ...meta, list: [1, 2.5, 0, 'é😀', null, true] })
    assert.equal(fresh.count, 7)
  })
})
