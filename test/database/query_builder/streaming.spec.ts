import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_QUERY } from '../../../src/errors.js'
import { connectionConfig, createDatabase, dropTables } from '../../helpers/database.js'

/** `stream_items (id, name, position, done)` with `count` rows, positions in reverse id order. */
async function seedItems(db: Database, count: number) {
  await dropTables(db, 'stream_items')
  const knex = db.connection().getWriteClient()
  await knex.schema.createTable('stream_items', (t) => {
    t.increments('id')
    t.string('name', 50)
    t.integer('position')
    t.boolean('done').defaultTo(false)
  })
  const rows = Array.from({ length: count }, (_, index) => ({
    name: `item ${index + 1}`,
    position: count - index,
  }))
  for (let start = 0; start < rows.length; start += 500) {
    await knex('stream_items').insert(rows.slice(start, start + 500))
  }
}

test.group('Query builder streaming', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await seedItems(db, 10)
    return async () => {
      await dropTables(db, 'stream_items')
      await db.manager.closeAll()
    }
  })

  test('chunk() pages through the rows in the query order', async ({ assert }) => {
    const pages: number[][] = []
    const numbers: number[] = []
    const completed = await db
      .from('stream_items')
      .orderBy('position', 'asc')
      .chunk(4, async (rows, page) => {
        numbers.push(page)
        pages.push(rows.map((row) => row.position))
      })
    assert.isTrue(completed)
    assert.deepEqual(pages, [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ])
    assert.deepEqual(numbers, [1, 2, 3])
  })

  test('chunk() stops when the callback returns false', async ({ assert }) => {
    const pages: number[][] = []
    const completed = await db
      .from('stream_items')
      .where('position', '>', 2)
      .orderBy('id', 'asc')
      .chunk(3, (rows) => {
        pages.push(rows.map((row) => row.id))
        return pages.length < 2 ? undefined : false
      })
    assert.isFalse(completed)
    assert.deepEqual(pages, [
      [1, 2, 3],
      [4, 5, 6],
    ])
  })

  test('chunk() on an exact multiple of the size ends after an empty page', async ({ assert }) => {
    const sizes: number[] = []
    await db
      .from('stream_items')
      .orderBy('id')
      .chunk(5, (rows) => {
        sizes.push(rows.length)
      })
    assert.deepEqual(sizes, [5, 5])
  })

  test('chunk() without an orderBy raises E_INVALID_QUERY', async ({ assert }) => {
    await assert.rejects(() => db.from('stream_items').chunk(5, () => {}), E_INVALID_QUERY as never)
    await assert.rejects(
      () =>
        db
          .from('stream_items')
          .orderBy('id')
          .chunk(0, () => {}),
      E_INVALID_QUERY as never
    )
  })

  test('chunkById() walks keyset pages while the callback updates rows', async ({ assert }) => {
    const seen: number[] = []
    const completed = await db
      .from('stream_items')
      .where('done', false)
      .orderBy('position', 'desc')
      .chunkById(3, async (rows) => {
        seen.push(...rows.map((row) => row.id))
        await db
          .from('stream_items')
          .whereIn(
            'id',
            rows.map((row) => row.id)
          )
          .update({ done: true })
      })
    assert.isTrue(completed)
    // an offset page would skip rows here, since updated rows leave the result
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const [{ total }] = await db.from('stream_items').where('done', false).count('* as total')
    assert.equal(total, 0)
  })

  test('chunkById() keeps or-where clauses grouped and can stop', async ({ assert }) => {
    const pages: number[][] = []
    const completed = await db
      .from('stream_items')
      .where('position', 10)
      .orWhere('position', '<', 7)
      .chunkById(
        2,
        (rows) => {
          pages.push(rows.map((row) => row.id))
          return pages.length < 2
        },
        'stream_items.id'
      )
    assert.isFalse(completed)
    assert.deepEqual(pages, [
      [1, 5],
      [6, 7],
    ])
  })

  test('cursor() yields every row in order', async ({ assert }) => {
    const ids: number[] = []
    for await (const row of db.from('stream_items').orderBy('position', 'desc').cursor()) {
      ids.push(row.id)
    }
    assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  test('cursor() keeps the query limit and offset', async ({ assert }) => {
    const ids: number[] = []
    for await (const row of db.from('stream_items').orderBy('id').limit(3).offset(2).cursor()) {
      ids.push(row.id)
    }
    assert.deepEqual(ids, [3, 4, 5])
  })

  test('cursor() crosses batch boundaries', async ({ assert }) => {
    await seedItems(db, 2100)
    let count = 0
    let previous = 0
    for await (const row of db.from('stream_items').select('id').orderBy('id').cursor()) {
      assert.equal(row.id, previous + 1)
      previous = row.id
      count++
    }
    assert.equal(count, 2100)
  })

  test('cursor() runs inside a transaction', async ({ assert }) => {
    const ids = await db.transaction(async (trx) => {
      await trx.from('stream_items').where('id', '>', 3).del()
      const found: number[] = []
      for await (const row of trx.from('stream_items').orderBy('id').cursor()) found.push(row.id)
      return found
    })
    assert.deepEqual(ids, [1, 2, 3])
  })
})

test.group('Query builder streaming | one connection', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase({
      connections: { primary: { ...connectionConfig(), pool: { min: 0, max: 1 } } },
    })
    await seedItems(db, 2100)
    return async () => {
      await dropTables(db, 'stream_items')
      await db.manager.closeAll()
    }
  })

  test('breaking out of cursor() releases the connection', async ({ assert }) => {
    const ids: number[] = []
    for await (const row of db.from('stream_items').orderBy('id').cursor()) {
      ids.push(row.id)
      if (ids.length === 3) break
    }
    assert.deepEqual(ids, [1, 2, 3])
    const [{ total }] = await db.from('stream_items').count('* as total')
    assert.equal(total, 2100)
    const again: number[] = []
    for await (const row of db.from('stream_items').orderBy('id', 'desc').cursor()) {
      again.push(row.id)
      if (again.length === 2) break
    }
    assert.deepEqual(again, [2100, 2099])
  })
})
