/**
 * Issue #9, hostile input: every case of the hostile corpus goes through
 * the model and query APIs as a value (stored and read back byte for byte,
 * or refused with E_INVALID_VALUE where the database cannot hold it) and
 * as a column name (a clean error, never execution). A canary table must
 * survive every case. One test per API loops over the corpus.
 */
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import type { Database } from '../../src/database/database.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { DB, createDatabase, dropTables } from '../helpers/database.js'
import {
  type HostileCase,
  expectedError,
  hostileCorpus,
  hostilePages,
  hostilePerPages,
  label,
} from './hostile_corpus.js'

const ITEMS = 'rel_hostile_items'
const CANARY = 'rel_hostile_canary'

class Item extends BaseModel {
  static table = ITEMS
  @column({ isPrimary: true }) declare id: number
  @column() declare body: string
  @column() declare note: string | null
}

const ItemFactory = new FactoryManager()
  .define(Item, () => ({ body: 'from the factory', note: null }))
  .build()

const valid = hostileCorpus.filter((hostile) => expectedError(hostile.value, DB) === null)
const refused = hostileCorpus.filter((hostile) => expectedError(hostile.value, DB) !== null)

async function createTables(db: Database) {
  await dropTables(db, ITEMS, CANARY)
  // knex's `schema` getter returns a new builder each time: one per statement
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable(ITEMS, (t) => {
    t.increments('id')
    // longtext on MySQL (TEXT stops at 64 KB); pg and SQLite ignore the size
    t.text('body', 'longtext')
    t.string('note', 50).nullable()
    if (DB === 'mysql') {
      // byte-exact equality: no case folding, no PAD SPACE, 4-byte UTF-8
      t.charset('utf8mb4')
      t.collate('utf8mb4_nopad_bin')
    }
  })
  await schema().createTable(CANARY, (t) => {
    t.increments('id')
    t.string('name', 20)
  })
  await db.table(CANARY).insert({ name: 'alive' })
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${typeof value}`
  return `${value.length} chars, starting ${JSON.stringify(value.slice(0, 40))}`
}

/** Same string, same length, same UTF-8 bytes. */
function assertExact(assert: Assert, actual: unknown, hostile: HostileCase, where: string) {
  const same =
    typeof actual === 'string' &&
    actual === hostile.value &&
    actual.length === hostile.value.length &&
    Buffer.from(actual, 'utf8').equals(Buffer.from(hostile.value, 'utf8'))
  assert.isTrue(same, `${label(hostile)}, ${where}: read back ${describe(actual)}`)
}

/** Runs `work` expecting the case's typed error (E_INVALID_VALUE). */
async function assertRefused(assert: Assert, hostile: HostileCase, work: () => Promise<unknown>) {
  // a refused value may throw while the query is built, before it is awaited
  const error = await Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (failure) => failure
    )
  const code = expectedError(hostile.value, DB)
  assert.equal(error?.code, code, `${label(hostile)}: expected ${code}, got ${error?.message}`)
}

/** The canary row is there and the items table holds `items` rows. */
async function assertIntact(assert: Assert, db: Database, context: string, items?: number) {
  const canary = await db.from(CANARY).select('name')
  assert.deepEqual(canary, [{ name: 'alive' }], `${context}: canary table changed`)
  if (items === undefined) return
  const [{ total }] = await db.from(ITEMS).count('* as total')
  assert.equal(Number(total), items, `${context}: items row count`)
}

/** Inserts every storable case with the plain query builder; value -> id. */
async function seedValid(db: Database): Promise<Map<string, number>> {
  for (let start = 0; start < valid.length; start += 25) {
    const rows = valid.slice(start, start + 25).map((hostile) => ({ body: hostile.value }))
    await db.table(ITEMS).multiInsert(rows)
  }
  const ids = new Map<string, number>()
  for (const row of await db.from(ITEMS).select('id', 'body')) ids.set(row.body, Number(row.id))
  return ids
}

/** Names Stratum refuses itself (E_INVALID_QUERY); other names reach the database quoted. */
function refusedName(name: string): boolean {
  return name.length > 1024 || name.includes('\u0000')
}

function ids(models: { id?: unknown }[]): number[] {
  return models.map((model) => Number(model.id))
}

test.group('Hostile input | values', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    return async () => {
      await dropTables(db, ITEMS, CANARY)
      await db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    BaseModel.useAdapter(new Adapter(db))
    await createTables(db)
  })
  group.each.timeout(120_000)

  test('the corpus has at least 200 named cases with unique values', ({ assert }) => {
    assert.isAtLeast(hostileCorpus.length, 200)
    assert.equal(new Set(hostileCorpus.map((hostile) => hostile.value)).size, hostileCorpus.length)
    assert.equal(new Set(hostileCorpus.map((hostile) => hostile.name)).size, hostileCorpus.length)
    assert.isAbove(refused.length, 0)
  })

  test('Model.create stores every value byte for byte, or refuses it with E_INVALID_VALUE', async ({
    assert,
  }) => {
    for (const hostile of hostileCorpus) {
      if (expectedError(hostile.value, DB)) {
        await assertRefused(assert, hostile, () => Item.create({ body: hostile.value }))
        continue
      }
      const item = await Item.create({ body: hostile.value })
      assertExact(assert, item.body, hostile, 'model after create')
      assertExact(assert, (await Item.findOrFail(item.id)).body, hostile, 'model refetched')
      const row = await db.from(ITEMS).where('id', item.id).first()
      assertExact(assert, row?.body, hostile, 'raw row')
    }
    await assertIntact(assert, db, 'create', valid.length)
  })

  test('merge().save() updates every value byte for byte', async ({ assert }) => {
    const item = await Item.create({ body: 'seed' })
    let stored = 'seed'
    for (const hostile of hostileCorpus) {
      if (expectedError(hostile.value, DB)) {
        await assertRefused(assert, hostile, () => item.merge({ body: hostile.value }).save())
        const row = await db.from(ITEMS).where('id', item.id).first()
        assert.isTrue(row?.body === stored, `${label(hostile)}: a refused update changed the row`)
        continue
      }
      await item.merge({ body: hostile.value }).save()
      stored = hostile.value
      const row = await db.from(ITEMS).where('id', item.id).first()
      assertExact(assert, row?.body, hostile, 'raw row after update')
      assert.isFalse(item.$isDirty, `${label(hostile)}: still dirty after save`)
    }
    await assertIntact(assert, db, 'merge', 1)
  })

  test('where() matches each value exactly, as a binding', async ({ assert }) => {
    const seeded = await seedValid(db)
    for (const hostile of hostileCorpus) {
      const id = seeded.get(hostile.value)
      if (id === undefined) {
        await assertRefused(assert, hostile, () => Item.query().where('body', hostile.value))
        await assertRefused(assert, hostile, () => db.from(ITEMS).where({ body: hostile.value }))
        continue
      }
      const models = await Item.query().where('body', hostile.value)
      assert.deepEqual(ids(models), [id], `${label(hostile)}: Model.query().where`)
      assertExact(assert, models[0]?.body, hostile, 'where')
      const rows = await db.from(ITEMS).where({ body: hostile.value }).select('id')
      assert.deepEqual(ids(rows), [id], `${label(hostile)}: db.from().where({})`)
      const [{ total }] = await db.from(ITEMS).whereNot('body', hostile.value).count('* as total')
      assert.equal(Number(total), valid.length - 1, `${label(hostile)}: whereNot`)
    }
    await assertIntact(assert, db, 'where', valid.length)
  })

  test('whereIn() matches each value exactly, as a binding', async ({ assert }) => {
    const seeded = await seedValid(db)
    for (const hostile of hostileCorpus) {
      const id = seeded.get(hostile.value)
      const list = [hostile.value, 'rel-hostile-absent']
      if (id === undefined) {
        await assertRefused(assert, hostile, () => Item.query().whereIn('body', list))
        continue
      }
      const models = await Item.query().whereIn('body', list)
      assert.deepEqual(ids(models), [id], `${label(hostile)}: whereIn`)
    }
    await assertIntact(assert, db, 'whereIn', valid.length)
  })

  test('findBy(), findByOrFail() and findManyBy() find each value', async ({ assert }) => {
    const seeded = await seedValid(db)
    for (const hostile of hostileCorpus) {
      const id = seeded.get(hostile.value)
      if (id === undefined) {
        await assertRefused(assert, hostile, () => Item.findBy('body', hostile.value))
        await assertRefused(assert, hostile, () => Item.findManyBy({ body: hostile.value }))
        continue
      }
      const found = await Item.findBy('body', hostile.value)
      assert.equal(found?.id, id, `${label(hostile)}: findBy`)
      assertExact(assert, found?.body, hostile, 'findBy')
      const strict = await Item.findByOrFail({ body: hostile.value })
      assert.equal(strict.id, id, `${label(hostile)}: findByOrFail`)
      const many = await Item.findManyBy('body', hostile.value)
      assert.deepEqual(ids(many), [id], `${label(hostile)}: findManyBy`)
    }
    await assertIntact(assert, db, 'findBy', valid.length)
  })

  test('updateOrCreateMany() with the value in the key column creates once, then updates', async ({
    assert,
  }) => {
    for (const hostile of refused) {
      await assertRefused(assert, hostile, () =>
        Item.updateOrCreateMany('body', [{ body: hostile.value, note: 'first' }])
      )
    }
    // one call for the whole corpus: every value is matched against all the others
    const payload = (note: string) => valid.map((hostile) => ({ body: hostile.value, note }))
    const created = await Item.updateOrCreateMany('body', payload('first'))
    const updated = await Item.updateOrCreateMany('body', payload('second'))
    const rows = new Map<number, Record<string, unknown>>()
    for (const row of await db.from(ITEMS)) rows.set(Number(row.id), row)
    valid.forEach((hostile, index) => {
      assert.equal(updated[index].id, created[index].id, `${label(hostile)}: matched another row`)
      const row = rows.get(Number(created[index].id))
      assertExact(assert, row?.body, hostile, 'updateOrCreateMany key column')
      assert.equal(row?.note, 'second', `${label(hostile)}: note not updated`)
    })
    await assertIntact(assert, db, 'updateOrCreateMany', valid.length)
  })

  test('updateOrCreateMany keeps composite keys apart when values hold NUL', async ({ assert }) => {
    if (DB === 'pg') {
      // PostgreSQL text cannot hold NUL: refused before anything is written
      await assert.rejects(
        () => Item.updateOrCreateMany(['body', 'note'], [{ body: 'x\u0000y', note: 'z' }]),
        /E_INVALID_VALUE|NUL/
      )
      assert.deepEqual(await db.from(ITEMS).select('body'), [])
      return
    }
    const [first] = await Item.updateOrCreateMany(
      ['body', 'note'],
      [{ body: 'x\u0000y', note: 'z' }]
    )
    const both = await Item.updateOrCreateMany(
      ['body', 'note'],
      [
        { body: 'x\u0000y', note: 'z' },
        { body: 'x', note: 'y\u0000z' },
      ]
    )
    assert.equal(both[0].id, first.id)
    assert.notEqual(both[1].id, first.id)
    const rows = await db.from(ITEMS).orderBy('id').select('body', 'note')
    assert.deepEqual(rows, [
      { body: 'x\u0000y', note: 'z' },
      { body: 'x', note: 'y\u0000z' },
    ])
  })

  test('raw queries bind NUL as data; PostgreSQL refusing it maps to E_INVALID_VALUE', async ({
    assert,
  }) => {
    const value = "a\u0000'; DROP TABLE rel_hostile_canary; --"
    const run = () => db.rawQuery(`insert into ${ITEMS} (body) values (?)`, [value])
    if (DB === 'pg') {
      const error = await run().catch((failure) => failure)
      assert.equal(error?.code, 'E_INVALID_VALUE')
      assert.include(error.message, 'NUL')
      assert.equal(error.cause?.code, '22021')
    } else {
      await run()
      const row = await db.from(ITEMS).first()
      assert.isTrue(row?.body === value)
    }
    await assertIntact(assert, db, 'raw NUL', DB === 'pg' ? 0 : 1)
  })

  test('a factory merge() stores each value byte for byte', async ({ assert }) => {
    for (const hostile of hostileCorpus) {
      if (expectedError(hostile.value, DB)) {
        await assertRefused(assert, hostile, () =>
          ItemFactory.merge({ body: hostile.value }).create()
        )
        continue
      }
      const item = await ItemFactory.merge({ body: hostile.value }).create()
      const row = await db.from(ITEMS).where('id', item.id).first()
      assertExact(assert, row?.body, hostile, 'factory merge')
    }
    await assertIntact(assert, db, 'factory', valid.length)
  })
})

test.group('Hostile input | column names', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    return async () => {
      await dropTables(db, ITEMS, CANARY)
      await db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    BaseModel.useAdapter(new Adapter(db))
    await createTables(db)
    await db.table(ITEMS).multiInsert([{ body: 'a' }, { body: 'b' }])
  })
  group.each.timeout(120_000)

  test('a hostile column name in orderBy() is quoted: a clean error, never execution', async ({
    assert,
  }) => {
    for (const hostile of hostileCorpus) {
      for (const [api, run] of [
        ['Model.query().orderBy', () => Item.query().orderBy(hostile.value)],
        ['db.from().orderBy', () => db.from(ITEMS).where('body', 'a').orderBy(hostile.value)],
      ] as const) {
        const error = await Promise.resolve()
          .then(run)
          .then(
            () => undefined,
            (failure) => failure
          )
        assert.instanceOf(error, Error, `${label(hostile)}: ${api} ran`)
        if (refusedName(hostile.value)) assert.equal(error.code, 'E_INVALID_QUERY', label(hostile))
      }
      await assertIntact(assert, db, label(hostile), 2)
    }
  })

  test('a hostile column name with a hostile value in where() fails cleanly', async ({
    assert,
  }) => {
    // a value that breaks out of an identifier if a driver interpolated `?` inside one
    const breakout = `\`) OR 1=1; DROP TABLE ${CANARY}; -- "`
    for (const hostile of hostileCorpus) {
      for (const [api, run] of [
        ['where', () => Item.query().where(hostile.value, breakout)],
        ['whereIn', () => Item.query().whereIn(hostile.value, [breakout, hostile.value])],
        ['where + orWhere', () => db.from(ITEMS).where(hostile.value, 1).orWhere('body', breakout)],
      ] as const) {
        const error = await Promise.resolve()
          .then(run)
          .then(
            () => undefined,
            (failure) => failure
          )
        assert.instanceOf(error, Error, `${label(hostile)}: ${api} ran`)
        if (refusedName(hostile.value)) assert.equal(error.code, 'E_INVALID_QUERY', label(hostile))
      }
      await assertIntact(assert, db, label(hostile), 2)
    }
  })

  test('a 1 MB column name is refused at once, before knex quotes it', async ({ assert }) => {
    // knex's pg quoting runs a regex quadratic in the name: 100 KB took 8 s of CPU
    const name = 'a'.repeat(1024 * 1024)
    for (const run of [
      () => Item.query().orderBy(name),
      () => Item.query().where(name, 1),
      () => db.from(name).select('*'),
      () => Item.query().select(name),
    ]) {
      const error = await Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          (failure) => failure
        )
      assert.equal(error?.code, 'E_INVALID_QUERY')
    }
  })

  test('a hostile orderBy direction falls back to asc', async ({ assert }) => {
    const directions = [
      `desc; DROP TABLE ${CANARY}; --`,
      'desc --',
      "asc'",
      'DESC NULLS FIRST; --',
      '',
    ]
    for (const direction of directions) {
      const query = Item.query().orderBy('id', direction as 'asc')
      assert.match(query.toSQL().sql, /order by .id. asc$/, direction)
      assert.deepEqual(
        (await query).map((item) => item.body),
        ['a', 'b'],
        direction
      )
    }
    await assertIntact(assert, db, 'orderBy direction', 2)
  })
})

test.group('Hostile input | paginate', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await createTables(db)
    await db.table(ITEMS).multiInsert(['a', 'b', 'c'].map((body) => ({ body })))
    return async () => {
      await dropTables(db, ITEMS, CANARY)
      await db.manager.closeAll()
    }
  })
  group.each.setup(() => {
    BaseModel.useAdapter(new Adapter(db))
  })

  test('hostile page numbers are clamped to a page, never sent as SQL', async ({ assert }) => {
    for (const [page, expected] of hostilePages) {
      const models = await Item.query()
        .orderBy('id')
        .paginate(page as number, 2)
      assert.equal(models.currentPage, expected, `Model paginate page ${String(page)}`)
      const rows = await db
        .from(ITEMS)
        .orderBy('id')
        .paginate(page as number, 2)
      assert.equal(rows.currentPage, expected, `db paginate page ${String(page)}`)
      const bodies = expected === 1 ? ['a', 'b'] : expected === 2 ? ['c'] : []
      assert.deepEqual(
        models.all().map((item) => item.body),
        bodies,
        `page ${String(page)}`
      )
      assert.equal(models.total, 3)
    }
    await assertIntact(assert, db, 'paginate', 3)
  })

  test('a page past the largest safe offset is capped and empty', async ({ assert }) => {
    for (const page of [1e300, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER]) {
      const models = await Item.query().orderBy('id').paginate(page, 2)
      assert.equal(models.currentPage, Math.floor(Number.MAX_SAFE_INTEGER / 2))
      assert.lengthOf(models.all(), 0)
      assert.isFalse(models.hasMorePages)
    }
  })

  test('hostile page sizes are refused with E_INVALID_QUERY', async ({ assert }) => {
    for (const perPage of hostilePerPages) {
      const size = perPage as number
      const attempts = [
        () => Item.query().paginate(1, size),
        () => db.from(ITEMS).paginate(1, size),
        async () => Item.query().forPage(1, size),
      ]
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => undefined,
          (failure) => failure
        )
        assert.equal(error?.code, 'E_INVALID_QUERY', `perPage ${JSON.stringify(perPage)}`)
        assert.include(error?.message, 'perPage')
      }
    }
    await assertIntact(assert, db, 'perPage', 3)
  })

  test('numeric strings are accepted as page and page size (query string input)', async ({
    assert,
  }) => {
    const page = await Item.query()
      .orderBy('id')
      .paginate('2' as unknown as number, '2' as unknown as number)
    assert.equal(page.currentPage, 2)
    assert.equal(page.perPage, 2)
    assert.equal(page.lastPage, 2)
    assert.deepEqual(
      page.all().map((item) => item.body),
      ['c']
    )
  })
})
