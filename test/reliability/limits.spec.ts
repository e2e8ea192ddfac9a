/**
 * Issue #9, limits: lists of any length in whereIn (pg caps a statement at
 * 65,535 bindings, SQLite at 32,766), relation preloads over 100,000
 * parents, and createMany / factories / updateOrCreateMany with tens of
 * thousands of rows. Correctness only; `LIMITS_REPORT=1` prints the time
 * and heap growth of the large writes (run node with --expose-gc for the
 * retained figure).
 */
import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_INVALID_QUERY } from '../../src/errors.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { hasMany } from '../../src/orm/relations/decorators.js'
import type { QueryEvent } from '../../src/types/database.js'
import type { HasMany } from '../../src/types/relations.js'
import { DB, createDatabase, dropTables } from '../helpers/database.js'

const ITEMS = 'rel_limit_items'
const CHILDREN = 'rel_limit_children'
const PEOPLE = 'rel_limit_people'
const WIDE = 'rel_limit_wide'

/** Rows in the items table; ids 1..ROWS. */
const ROWS = 100_000
/** 100,000 ids, the even ones from 2 to 200,000: half of them exist. */
const ids = Array.from({ length: ROWS }, (_, index) => (index + 1) * 2)
const matched = ROWS / 2

class Item extends BaseModel {
  static table = ITEMS
  @column({ isPrimary: true }) declare id: number
  @column() declare rowLabel: string
  @column() declare uid: string
  @column() declare score: number
  @hasMany(() => Child) declare children: HasMany<typeof Child>
}

class Child extends BaseModel {
  static table = CHILDREN
  @column({ isPrimary: true }) declare id: number
  @column() declare itemId: number
}

class Person extends BaseModel {
  static table = PEOPLE
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare team: string
  @column() declare score: number
}

class HookedPerson extends BaseModel {
  static table = PEOPLE
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare team: string
  @column() declare score: number
}
HookedPerson.before('create', (person: HookedPerson) => {
  person.score = 7
})

function openDatabase(debug = false): Database {
  const db = createDatabase({}, debug)
  BaseModel.useAdapter(new Adapter(db))
  return db
}

function knexOf(db: Database) {
  return db.connection().getWriteClient()
}

async function count(query: PromiseLike<unknown>): Promise<number> {
  const rows = (await query) as { total: number | string }[]
  return Number(rows[0].total)
}

/** Rows per multi-row INSERT while seeding (SQLite compiles them to UNION ALL, capped at 500). */
const seedChunk = DB === 'sqlite' ? 400 : 5000

/** Times `work` and records its heap growth, printed when LIMITS_REPORT is set. */
async function measure<T>(label: string, work: () => Promise<T>): Promise<T> {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const before = process.memoryUsage().heapUsed
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed)
  }, 10)
  const started = performance.now()
  try {
    return await work()
  } finally {
    const elapsed = performance.now() - started
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    gc?.()
    const retained = process.memoryUsage().heapUsed - before
    if (process.env.LIMITS_REPORT) {
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
      const kept = gc ? `, retained ${mb(retained)}` : ''
      console.log(
        `[limits ${DB}] ${label}: ${Math.round(elapsed)} ms, peak heap +${mb(peak - before)}${kept}`
      )
    }
  }
}

test.group('Limits | whereIn with 100,000 values', (group) => {
  let db: Database
  const uids: string[] = []

  group.setup(async () => {
    db = openDatabase()
    await dropTables(db, CHILDREN, ITEMS)
    await knexOf(db).schema.createTable(ITEMS, (t) => {
      t.integer('id').primary()
      t.string('row_label', 20).notNullable()
      t.uuid('uid').notNullable()
      t.integer('score').notNullable()
    })
    await knexOf(db).schema.createTable(CHILDREN, (t) => {
      t.increments('id')
      t.integer('item_id').notNullable().index()
    })
    const rows = Array.from({ length: ROWS }, (_, index) => {
      uids.push(randomUUID())
      return { id: index + 1, row_label: String(index + 1), uid: uids[index], score: index % 10 }
    })
    await knexOf(db).batchInsert(ITEMS, rows, seedChunk)
    // one child per tenth item, two for every hundredth
    const children = ids
      .filter((id) => id <= ROWS && id % 10 === 0)
      .flatMap((id) => (id % 100 === 0 ? [{ item_id: id }, { item_id: id }] : [{ item_id: id }]))
    await knexOf(db).batchInsert(CHILDREN, children, seedChunk)
    return async () => {
      await dropTables(db, CHILDREN, ITEMS)
      await db.manager.closeAll()
    }
  })

  test('db.from().whereIn returns exactly the listed rows', async ({ assert }) => {
    const rows = await db.from(ITEMS).select('id').whereIn('id', ids).orderBy('id')
    assert.lengthOf(rows, matched)
    assert.deepEqual(rows[0], { id: 2 })
    assert.deepEqual(rows[rows.length - 1], { id: ROWS })
    assert.isTrue(rows.every((row) => row.id % 2 === 0))
  })

  test('whereNotIn leaves out exactly the listed rows', async ({ assert }) => {
    const total = db.from(ITEMS).whereNotIn('id', ids).count('* as total')
    assert.equal(await count(total), ROWS - matched)
    const odd = await db.from(ITEMS).select('id').whereNotIn('id', ids).where('id', '<', 8)
    assert.sameMembers(
      odd.map((row) => row.id),
      [1, 3, 5, 7]
    )
  })

  test('orWhereIn and orWhereNotIn or the list with the clauses before them', async ({
    assert,
  }) => {
    const orIn = db.from(ITEMS).where('id', '<=', 10).orWhereIn('id', ids).count('* as total')
    assert.equal(await count(orIn), matched + 5)
    const orNotIn = db.from(ITEMS).where('id', 2).orWhereNotIn('id', ids).count('* as total')
    assert.equal(await count(orNotIn), ROWS - matched + 1)
  })

  test('where(key, "in", list) takes the same path as whereIn', async ({ assert }) => {
    assert.equal(await count(db.from(ITEMS).where('id', 'in', ids).count('* as total')), matched)
    const notIn = db.from(ITEMS).where('id', 'not in', ids).count('* as total')
    assert.equal(await count(notIn), ROWS - matched)
  })

  test('numeric strings match an integer column', async ({ assert }) => {
    const total = db.from(ITEMS).whereIn('id', ids.map(String)).count('* as total')
    assert.equal(await count(total), matched)
  })

  test('strings match a text column, and numbers match it as a short list would', async ({
    assert,
  }) => {
    const labels = db.from(ITEMS).whereIn('row_label', ids.map(String)).count('* as total')
    assert.equal(await count(labels), matched)
    // numbers on a text column compare per dialect (SQLite: as their text); a long list must agree
    // with the same values sent as short lists (MySQL compares each row as a double: few rows)
    const numbers = [...ids.slice(0, 3000), 1.5, 3]
    const first = () => db.from(ITEMS).where('id', '<=', 8000)
    const long = await count(first().whereIn('row_label', numbers).count('* as total'))
    let short = 0
    for (let start = 0; start < numbers.length; start += 500) {
      const part = numbers.slice(start, start + 500)
      short += await count(first().whereIn('row_label', part).count('* as total'))
    }
    assert.equal(long, short)
    // pg binds them as text, MySQL compares as numbers, SQLite binds whole numbers as INTEGER
    // ('2' = 2); 1.5 matches no label anywhere, 3 matches '3'
    assert.equal(long, 3001)
  })

  test('a raw column takes a long list too', async ({ assert }) => {
    const total = db
      .from(ITEMS)
      .whereIn(db.raw('lower(??)', ['row_label']), ids.map(String))
      .count('* as total')
    assert.equal(await count(total), matched)
  })

  test('uuids match a uuid column', async ({ assert }) => {
    const list = ids.map((id) => (id <= ROWS ? uids[id - 1] : randomUUID()))
    const total = db.from(ITEMS).whereIn('uid', list).count('* as total')
    assert.equal(await count(total), matched)
  })

  test('a NULL in the list keeps SQL semantics: in ignores it, not in matches nothing', async ({
    assert,
  }) => {
    const withNull = [...ids, null]
    assert.equal(await count(db.from(ITEMS).whereIn('id', withNull).count('* as total')), matched)
    assert.equal(await count(db.from(ITEMS).whereNotIn('id', withNull).count('* as total')), 0)
    assert.equal(await count(db.from(ITEMS).whereNotIn('id', [1, null]).count('* as total')), 0)
  })

  test('a long list is one binding on pg and SQLite; a short one stays in (?, ?)', ({ assert }) => {
    const short = db.from(ITEMS).whereIn('id', [1, 2, 3]).toSQL()
    assert.include(short.sql.toLowerCase(), 'in (?, ?, ?)')
    assert.lengthOf(short.bindings, 3)
    const long = db.from(ITEMS).whereIn('id', ids).toSQL()
    const sql = long.sql.toLowerCase()
    if (DB === 'pg') assert.include(sql, '"id" = any(?)')
    if (DB === 'sqlite') assert.include(sql, '`id` in (select +value from json_each(?))')
    assert.lengthOf(long.bindings, DB === 'mysql' ? ROWS : 1)
    const notIn = db.from(ITEMS).whereNotIn('id', ids).toSQL().sql.toLowerCase()
    if (DB === 'pg') assert.include(notIn, '"id" <> all(?)')
    if (DB === 'sqlite') assert.include(notIn, 'not in (select +value from json_each(?))')
  })

  test('Model.query().whereIn maps attributes to columns and returns every model', async ({
    assert,
  }) => {
    const items = await Item.query().whereIn('rowLabel', ids.map(String)).orderBy('id')
    assert.lengthOf(items, matched)
    assert.instanceOf(items[0], Item)
    assert.equal(items[0].rowLabel, '2')
    // score 0 is ids 1, 11, 21 ...: all odd, none listed
    const rest = await Item.query().whereNotIn('id', ids).where('score', 0).count('* as total')
    assert.equal(Number(rest[0].$extras.total), ROWS / 10)
  })

  test('Model.findMany takes 100,000 keys', async ({ assert }) => {
    const items = await Item.findMany(ids)
    assert.lengthOf(items, matched)
    assert.equal(items[0].id, ROWS)
    assert.equal(items[items.length - 1].id, 2)
  })

  test('update and delete queries affect exactly the listed rows', async ({ assert }) => {
    const trx = await db.transaction()
    try {
      await trx.from(ITEMS).whereIn('id', ids).update({ score: -1 })
      assert.equal(await count(trx.from(ITEMS).where('score', -1).count('* as total')), matched)
      await Item.query({ client: trx }).whereNotIn('id', ids).update({ score: -2 })
      assert.equal(
        await count(trx.from(ITEMS).where('score', -2).count('* as total')),
        ROWS - matched
      )
      await Item.query({ client: trx }).whereIn('id', ids).delete()
      assert.equal(await count(trx.from(ITEMS).count('* as total')), ROWS - matched)
      await trx.from(ITEMS).whereNotIn('id', ids).delete()
      assert.equal(await count(trx.from(ITEMS).count('* as total')), 0)
    } finally {
      await trx.rollback()
    }
  })

  test('whereIn with a sub query or a callback still compiles to in (select ...)', async ({
    assert,
  }) => {
    const sub = db.from(CHILDREN).select('item_id')
    assert.equal(await count(db.from(ITEMS).whereIn('id', sub).count('* as total')), ROWS / 10)
    const byCallback = Item.query()
      .whereIn('id', (query) => query.from(CHILDREN).select('item_id'))
      .count('* as total')
    assert.equal(Number((await byCallback)[0].$extras.total), ROWS / 10)
  })

  test('tuple lists of 2,000 pairs match on every dialect', async ({ assert }) => {
    // 4,000 bindings: past the one-binding threshold on SQLite, as many tuples as pg takes
    const pairs = ids.slice(0, 2000).map((id) => [id, String(id)])
    const total = db.from(ITEMS).whereIn(['id', 'row_label'], pairs).count('* as total')
    assert.equal(await count(total), 2000)
    const mismatched = pairs.map(([id]) => [id, `${id}x`])
    const none = db.from(ITEMS).whereIn(['id', 'row_label'], mismatched).count('* as total')
    assert.equal(await count(none), 0)
    const short = db
      .from(ITEMS)
      .whereIn(['id', 'row_label'], [[2, '2']])
      .count('* as total')
    assert.equal(await count(short), 1)
  })

  test('tuple lists past 2,000 pairs: a typed error on pg, a match on SQLite and MySQL', async ({
    assert,
  }) => {
    const pairs = ids.map((id) => [id, String(id)])
    if (DB === 'pg') {
      const tooMany = pairs.slice(0, 2001)
      assert.throws(
        () => db.from(ITEMS).whereIn(['id', 'row_label'], tooMany),
        /PostgreSQL takes at most 2000 in one list/
      )
      try {
        Item.query().whereNotIn(['id', 'rowLabel'], tooMany)
        assert.fail('whereNotIn took 2,001 tuples')
      } catch (error) {
        assert.instanceOf(error, E_INVALID_QUERY)
      }
      return
    }
    // 200,000 bindings: far past SQLite's limit
    const total = db.from(ITEMS).whereIn(['id', 'row_label'], pairs).count('* as total')
    assert.equal(await count(total), matched)
    // SQLite tests a row value against every listed tuple (no index for `not in`): keep few rows
    const rest = db
      .from(ITEMS)
      .where('id', '<=', 100)
      .whereNotIn(['id', 'row_label'], pairs)
      .count('* as total')
    assert.equal(await count(rest), 50)
  })

  test('preloading a hasMany for 100,000 parents splits the keys under the bind limit', async ({
    assert,
  }) => {
    const items = await measure('preload hasMany of 100,000 parents', () =>
      Item.query().preload('children')
    )
    assert.lengthOf(items, ROWS)
    let loaded = 0
    for (const item of items) {
      loaded += item.children.length
      const expected = item.id % 100 === 0 ? 2 : item.id % 10 === 0 ? 1 : 0
      if (item.children.length !== expected) assert.fail(`item ${item.id}: ${item.children.length}`)
    }
    assert.equal(loaded, ROWS / 10 + ROWS / 100)
  })
})

test.group('Limits | createMany and factories with 50,000 rows', (group) => {
  let db: Database
  const rows = Array.from({ length: 50_000 }, (_, index) => ({
    name: `person ${index}`,
    team: `team ${index % 100}`,
    score: index,
  }))

  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, PEOPLE)
    await knexOf(db).schema.createTable(PEOPLE, (t) => {
      t.increments('id')
      t.string('name', 50).notNullable().unique()
      t.string('team', 50).notNullable()
      t.integer('score').notNullable()
    })
    return async () => {
      await dropTables(db, PEOPLE)
      await db.manager.closeAll()
    }
  })

  /** Every instance holds the key of the row carrying its name. */
  async function assertKeys(assert: any, models: { id: number; name: string }[]) {
    const stored = await db.from(PEOPLE).select('id', 'name')
    assert.lengthOf(stored, models.length)
    const byName = new Map(stored.map((row) => [row.name, row.id]))
    const wrong = models.filter((model) => byName.get(model.name) !== model.id)
    assert.lengthOf(wrong, 0)
  }

  test('Model.createMany inserts 50,000 rows with their keys', async ({ assert }) => {
    const people = await measure('Model.createMany 50,000 (no hooks)', () =>
      Person.createMany(rows)
    )
    assert.lengthOf(people, rows.length)
    await assertKeys(assert, people)
  })

  // with a hook, rows go one INSERT each (Lucid's semantics): no statement
  // limit is involved, so 10,000 rows prove it without 50,000 round trips
  test('Model.createMany runs a beforeCreate hook on each of 10,000 rows', async ({ assert }) => {
    const hooked = rows.slice(0, 10_000)
    const people = await measure('Model.createMany 10,000 (beforeCreate hook)', () =>
      HookedPerson.createMany(hooked)
    )
    await assertKeys(assert, people)
    const scored = db.from(PEOPLE).where('score', 7).count('* as total')
    assert.equal(await count(scored), hooked.length)
  })

  test('Model.createMany is one transaction: a failing last row leaves no row', async ({
    assert,
  }) => {
    const failing = [...rows.slice(0, 5000), { name: rows[0].name, team: 'x', score: 0 }]
    await assert.rejects(() => Person.createMany(failing))
    assert.equal(await count(db.from(PEOPLE).count('* as total')), 0)
  })

  test('a factory creates 50,000 rows in statements under the bind limits', async ({ assert }) => {
    const factories = new FactoryManager()
    const PersonFactory = factories
      .define(Person, ({ sequence }) => ({ name: `person ${sequence}`, team: 'f', score: 1 }))
      .build()
    await withInserts(async (inserts) => {
      const people = await measure('factory createMany 50,000', () =>
        PersonFactory.createMany(50_000)
      )
      assert.lengthOf(people, 50_000)
      await assertKeys(assert, people)
      // 3 columns a row: SQLite's statements hold at most 400 rows, pg's stay under 65,535 values
      const perStatement = DB === 'sqlite' ? 400 * 3 : 65_535
      for (const event of inserts) assert.isAtMost(event.bindings.length, perStatement)
      assert.isAtLeast(inserts.length, DB === 'sqlite' ? 125 : 3)
    })
  })

  test('Model.$insertMany splits by rows x columns, not rows alone', async ({ assert }) => {
    const columns = Array.from({ length: 30 }, (_, index) => `c${index}`)
    await dropTables(db, WIDE)
    await knexOf(db).schema.createTable(WIDE, (t) => {
      t.increments('id')
      // the default naming strategy writes attribute c12 to column c_12, as Lucid's does
      for (const index of columns.keys()) t.integer(`c_${index}`).notNullable()
    })
    class Wide extends BaseModel {
      static table = WIDE
      @column({ isPrimary: true }) declare id: number
    }
    for (const name of columns) column()(Wide.prototype, name)
    try {
      await withInserts(async (inserts) => {
        // 5,000 rows x 30 columns = 150,000 values: more than pg takes in one statement
        const instances = Array.from({ length: 5000 }, (_, index) => {
          const wide = new Wide()
          for (const name of columns) (wide as unknown as Record<string, number>)[name] = index
          return wide
        })
        const saved = await Wide.$insertMany(instances)
        assert.isTrue(saved.every((wide, index) => wide.id === saved[0].id + index))
        assert.isAbove(inserts.length, 2)
        const limit = DB === 'sqlite' ? 32_766 : 65_535
        for (const event of inserts) assert.isAtMost(event.bindings.length, limit)
        assert.equal(await count(db.from(WIDE).count('* as total')), 5000)
      })
    } finally {
      await dropTables(db, WIDE)
    }
  })

  /** Runs `work` on a debug Database (so queries emit db:query), handing it the INSERTs seen. */
  async function withInserts(work: (inserts: QueryEvent[]) => Promise<void>) {
    const debugDb = openDatabase(true)
    const inserts: QueryEvent[] = []
    debugDb.on('db:query', (event: QueryEvent) => {
      if (event.sql.toLowerCase().startsWith('insert')) inserts.push(event)
    })
    try {
      await work(inserts)
    } finally {
      await debugDb.manager.closeAll()
      BaseModel.useAdapter(new Adapter(db))
    }
  }
})

test.group('Limits | updateOrCreateMany and fetchOrCreateMany with 21,000 rows', (group) => {
  let db: Database
  const existing = Array.from({ length: 20_000 }, (_, index) => ({
    name: `person ${index}`,
    team: `team ${index % 2}`,
    score: 0,
  }))
  // every key is looked up; only 1,000 rows change and 1,000 are new, so the lookups dominate
  const payload = Array.from({ length: 21_000 }, (_, index) => ({
    name: `person ${index}`,
    team: `team ${index % 2}`,
    score: index < 1000 || index >= 20_000 ? 1 : 0,
  }))

  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, PEOPLE)
    await knexOf(db).schema.createTable(PEOPLE, (t) => {
      t.increments('id')
      t.string('name', 50).notNullable().unique()
      t.string('team', 50).notNullable()
      t.integer('score').notNullable()
    })
    await knexOf(db).batchInsert(PEOPLE, existing, seedChunk)
    return async () => {
      await dropTables(db, PEOPLE)
      await db.manager.closeAll()
    }
  })

  async function assertStored(assert: any, people: Person[], changed: number) {
    assert.lengthOf(people, payload.length)
    assert.equal(await count(db.from(PEOPLE).count('* as total')), payload.length)
    assert.equal(await count(db.from(PEOPLE).where('score', 1).count('* as total')), changed)
    // existing rows keep their key, in input order
    assert.deepEqual(
      people.slice(0, 3).map((person) => person.id),
      [1, 2, 3]
    )
    assert.isTrue(people.every((person) => typeof person.id === 'number'))
  }

  test('updateOrCreateMany by one key looks up 21,000 keys', async ({ assert }) => {
    const people = await measure('updateOrCreateMany 21,000 (one key)', () =>
      Person.updateOrCreateMany('name', payload)
    )
    await assertStored(assert, people, 2000)
  })

  test('updateOrCreateMany by a composite key looks up 21,000 pairs', async ({ assert }) => {
    const people = await measure('updateOrCreateMany 21,000 (two keys)', () =>
      Person.updateOrCreateMany(['name', 'team'], payload)
    )
    await assertStored(assert, people, 2000)
  })

  test('fetchOrCreateMany by a composite key creates only the missing rows', async ({ assert }) => {
    const people = await measure('fetchOrCreateMany 21,000 (two keys)', () =>
      Person.fetchOrCreateMany(['name', 'team'], payload)
    )
    await assertStored(assert, people, 1000)
  })

  test('fetchOrCreateMany by one key creates only the missing rows', async ({ assert }) => {
    const people = await measure('fetchOrCreateMany 21,000 (one key)', () =>
      Person.fetchOrCreateMany('name', payload)
    )
    await assertStored(assert, people, 1000)
  })
})
