/**
 * Hydration keeps one sample model per row shape alive (src/orm/base_model/
 * shape_samples.ts), built from the first row of the first result of that
 * shape. Users must not see it: no extra `consume` call, no fetch hook, and
 * the first model (whose row the sample is built from) is converted once.
 */
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { afterFetch } from '../../../src/orm/decorators/hooks.js'
import { dropTables } from '../../helpers/database.js'
import { createTable, openDatabase } from '../helpers.js'

let consumed = 0
let fetched = 0

class SampledScore extends BaseModel {
  static override table = 'orm_sampled_scores'
  @column({ isPrimary: true }) declare id: number
  // kept under its own name: rows are adopted as the models' attributes
  @column({
    consume: (value: number) => {
      consumed++
      return value * 2
    },
  })
  declare points: number

  @afterFetch()
  static countFetch(models: SampledScore[]) {
    fetched += models.length
  }
}

class SampledRenamed extends BaseModel {
  static override table = 'orm_sampled_scores'
  @column({ isPrimary: true }) declare id: number
  @column({ columnName: 'points', consume: (value: number) => (consumed++, value + 1) })
  declare score: number
}

test.group('shape samples', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_sampled_scores', (t) => {
      t.increments('id')
      t.integer('points')
    })
    await db.table('orm_sampled_scores').multiInsert([{ points: 1 }, { points: 2 }, { points: 3 }])
    consumed = 0
    fetched = 0
    return async () => {
      await dropTables(db, 'orm_sampled_scores')
      await db.manager.closeAll()
    }
  })

  test('consume and fetch hooks run once per row, adopted rows converted once', async ({
    assert,
  }) => {
    for (let round = 0; round < 3; round++) {
      const scores = await SampledScore.query().orderBy('id')
      assert.deepEqual(
        scores.map((score) => score.points),
        [2, 4, 6]
      )
      assert.deepEqual(scores[0].$original, { id: 1, points: 2 })
      assert.isFalse(scores[0].$isDirty)
    }
    assert.equal(consumed, 9)
    assert.equal(fetched, 9)
  })

  test('renamed columns: consume once per row, first model as the others', async ({ assert }) => {
    const first = await SampledRenamed.query().orderBy('id')
    const second = await SampledRenamed.query().orderBy('id')
    for (const scores of [first, second]) {
      assert.deepEqual(
        scores.map((score) => score.serialize()),
        [
          { id: 1, score: 2 },
          { id: 2, score: 3 },
          { id: 3, score: 4 },
        ]
      )
    }
    assert.equal(consumed, 6)
  })
})
