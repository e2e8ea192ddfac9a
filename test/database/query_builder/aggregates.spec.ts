import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_QUERY } from '../../../src/errors.js'
import { coerceAggregates } from '../../../src/database/query_builder/aggregates.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

/** A database with qb_scores: team a (10 and 20 points) and team b (20 points). */
async function scoresDatabase(): Promise<Database> {
  const db = createDatabase()
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
  return db
}

async function dropScores(db: Database): Promise<void> {
  await dropTables(db, 'qb_scores')
  await db.manager.closeAll()
}

test.group('DatabaseQueryBuilder.aggregates', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await scoresDatabase()
    return () => dropScores(db)
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

test.group('DatabaseQueryBuilder.aggregates | raw queries and sub queries', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await scoresDatabase()
    return () => dropScores(db)
  })

  /** Per row of `s`: how many rows its team has (a: 2, a: 2, b: 1). */
  const teamSize = () => db.from('qb_scores as o').whereColumn('o.team', 's.team').count('*')

  test('a raw aggregates with its bindings kept as bindings', async ({ assert }) => {
    const query = db
      .from('qb_scores')
      .sum(db.raw('case when points > ? then 1 else 0 end', [15]), 'big')
    const { sql, bindings } = query.toSQL()
    assert.notInclude(sql, '15')
    assert.deepEqual(bindings, [15])
    assert.deepEqual(await query, [{ big: 2 }])
  })

  test('a raw query builder aggregates', async ({ assert }) => {
    const [row] = await db.from('qb_scores').max(db.rawQuery('points * ?', [2]), 'doubled')
    assert.equal(Number(row.doubled), 40)
  })

  test('a sub query is put in parentheses so the SQL runs', async ({ assert }) => {
    const query = db.from('qb_scores as s').max(teamSize(), 'largestTeam')
    assert.match(query.toSQL().sql, /max\(\(select /)
    const [row] = await query
    assert.equal(Number(row.largestTeam), 2)
  })

  test('a callback builds the sub query on a builder of the same kind', async ({ assert }) => {
    let received: unknown
    const [row] = await db.from('qb_scores as s').sum((query) => {
      received = query
      query.from('qb_scores as o').whereColumn('o.team', 's.team').count('*')
    }, 'teamRows')
    assert.strictEqual(received?.constructor, db.from('qb_scores').constructor)
    assert.deepEqual(row, { teamRows: 5 })
  })

  test('an object mixes columns, raws and sub queries under their aliases', async ({ assert }) => {
    const rows = await db.from('qb_scores as s').sum({
      total: 'points',
      big: db.raw('case when points > ? then 1 else 0 end', [15]),
      teamRows: teamSize(),
    })
    assert.deepEqual(rows, [{ total: 50, big: 2, teamRows: 5 }])
  })

  test('every aggregate takes a sub query', async ({ assert }) => {
    const expected = {
      count: 3,
      countDistinct: 2,
      min: 1,
      max: 2,
      sum: 5,
      sumDistinct: 3,
      avg: 5 / 3,
      avgDistinct: 1.5,
    }
    for (const [method, value] of Object.entries(expected)) {
      const query = db.from('qb_scores as s')[method as keyof typeof expected](teamSize(), 'v')
      const [row] = await query
      assert.closeTo(Number(row.v), value, 0.0001, method)
    }
  })

  test('the keys resolver maps column names, not raws or sub queries', async ({ assert }) => {
    const big = db.raw('case when score > 0 then 1 else 0 end')
    const query = db.from('qb_scores as s')
    query.keysResolver = (key) => (key === 'score' ? 'points' : key)
    query.sum({ total: 'score', big, teamRows: teamSize() })
    const expected = db.from('qb_scores as s').sum({ total: 'points', big, teamRows: teamSize() })
    assert.equal(query.toSQL().sql, expected.toSQL().sql)
  })

  test('input that is no aggregate expression is refused with a clear error', async ({
    assert,
  }) => {
    const query = db.from('qb_scores')
    const expected = /count\(\) expects a column name, an array of columns, a raw query/
    assert.throws(() => query.count(undefined as never), expected)
    assert.throws(() => query.count(42 as never), expected)
    assert.throws(() => query.count({ total: null } as never), expected)
    assert.throws(() => query.count([]), /count\(\) got an empty array/)
    try {
      query.count(JSON.parse('{"__proto__": "*"}'))
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, E_INVALID_QUERY)
    }
  })
})
