import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { coerceAggregates } from '../../../src/database/query_builder/aggregates.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

test.group('DatabaseQueryBuilder.aggregates', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'qb_scores')
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('qb_scores', (table) => {
        table.increments('id')
        table.string('team')
        table.integer('points')
        table.decimal('ratio', 8, 2)
      })
    await db.table('qb_scores').multiInsert([
      { team: 'a', points: 10, ratio: 1.5 },
      { team: 'a', points: 20, ratio: 2.5 },
      { team: 'b', points: 20, ratio: 3 },
    ])
    return async () => {
      await dropTables(db, 'qb_scores')
      await db.manager.closeAll()
    }
  })

  test("count('* as total') returns a number", async ({ assert }) => {
    assert.deepEqual(await db.from('qb_scores').count('* as total'), [{ total: 3 }])
  })

  test('count takes an alias argument and the object form', async ({ assert }) => {
    assert.deepEqual(await db.from('qb_scores').count('*', 'total'), [{ total: 3 }])
    assert.deepEqual(await db.from('qb_scores').count({ total: '*' }), [{ total: 3 }])
  })

  test('an unaliased count is a number under the dialect default key', async ({ assert }) => {
    const [row] = await db.from('qb_scores').count('*')
    const values = Object.values(row)
    assert.lengthOf(values, 1)
    assert.strictEqual(values[0], 3)
  })

  test('countDistinct counts distinct values as a number', async ({ assert }) => {
    assert.deepEqual(await db.from('qb_scores').countDistinct('points as total'), [{ total: 2 }])
  })

  test('sum and sumDistinct return numbers', async ({ assert }) => {
    assert.deepEqual(await db.from('qb_scores').sum('points as total'), [{ total: 50 }])
    assert.deepEqual(await db.from('qb_scores').sumDistinct('points as total'), [{ total: 30 }])
  })

  test('sum of a decimal column returns a number', async ({ assert }) => {
    assert.deepEqual(await db.from('qb_scores').sum('ratio as total'), [{ total: 7 }])
  })

  test('avg and avgDistinct return numbers', async ({ assert }) => {
    const [row] = await db
      .from('qb_scores')
      .avg('points as average')
      .avgDistinct('points as distinctAverage')
    assert.strictEqual(typeof row.average, 'number')
    assert.closeTo(row.average, 50 / 3, 0.0001)
    assert.strictEqual(row.distinctAverage, 15)
  })

  test('min and max return the extremes', async ({ assert }) => {
    const [row] = await db.from('qb_scores').min('points as lowest').max('points as highest')
    assert.deepEqual(row, { lowest: 10, highest: 20 })
  })

  test('grouped aggregates are numbers and other columns are left alone', async ({ assert }) => {
    const rows = await db
      .from('qb_scores')
      .select('team')
      .sum('points as total')
      .count('* as rows')
      .groupBy('team')
      .orderBy('team')
    assert.deepEqual(rows, [
      { team: 'a', total: 30, rows: 2 },
      { team: 'b', total: 20, rows: 1 },
    ])
  })

  test('a team named like a number is not coerced', async ({ assert }) => {
    await db.table('qb_scores').insert({ team: '42', points: 1, ratio: 0 })
    const rows = await db
      .from('qb_scores')
      .select('team')
      .count('* as total')
      .groupBy('team')
      .where('team', '42')
    assert.deepEqual(rows, [{ team: '42', total: 1 }])
  })

  test('coercion leaves non canonical and unsafe strings alone', async ({ assert }) => {
    const rows = coerceAggregates(
      [{ total: '007', big: '9007199254740993', ratio: '2.50', name: '12', neg: '-3' }],
      { aliases: new Set(['total', 'big', 'ratio', 'neg']), functions: new Set() }
    )
    assert.deepEqual(rows, [
      { total: '007', big: '9007199254740993', ratio: 2.5, name: '12', neg: -3 },
    ])
  })
})
