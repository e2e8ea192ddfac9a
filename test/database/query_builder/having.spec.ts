import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

test.group('DatabaseQueryBuilder.having | sub queries', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'qb_having_scores')
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('qb_having_scores', (table) => {
        table.increments('id')
        table.string('team')
        table.integer('points')
      })
    await db.table('qb_having_scores').multiInsert([
      { team: 'a', points: 10 },
      { team: 'a', points: 20 },
      { team: 'b', points: 20 },
    ])
    return async () => {
      await dropTables(db, 'qb_having_scores')
      await db.manager.closeAll()
    }
  })

  /** Teams and their points, one row per team. */
  const teams = () =>
    db
      .from('qb_having_scores')
      .select('team')
      .sum('points as total')
      .groupBy('team')
      .orderBy('team')
  /** The team that scored 10 points: `a`. */
  const teamWithTen = () => db.from('qb_having_scores').select('team').where('points', 10)
  /** The first team by name: `a`. */
  const firstTeam = () => db.from('qb_having_scores').min('team')

  test('havingIn inlines a sub query of its list instead of binding it', async ({ assert }) => {
    const query = teams().havingIn('team', [teamWithTen()])
    assert.deepEqual(query.toSQL().bindings, [10])
    assert.deepEqual(await query, [{ team: 'a', total: 30 }])
  })

  test('havingNotIn inlines a sub query of its list', async ({ assert }) => {
    assert.deepEqual(await teams().havingNotIn('team', [teamWithTen()]), [{ team: 'b', total: 20 }])
  })

  test('orHavingIn and orHavingNotIn inline a sub query of their list', async ({ assert }) => {
    const none = db.from('qb_having_scores').select('team').where('points', 99)
    assert.deepEqual(await teams().havingIn('team', [none]).orHavingIn('team', [teamWithTen()]), [
      { team: 'a', total: 30 },
    ])
    assert.deepEqual(
      await teams().havingIn('team', [none]).orHavingNotIn('team', [teamWithTen()]),
      [{ team: 'b', total: 20 }]
    )
  })

  test('havingBetween inlines sub query bounds', async ({ assert }) => {
    const query = teams().havingBetween('team', [firstTeam(), firstTeam()])
    assert.deepEqual(query.toSQL().bindings, [])
    assert.deepEqual(await query, [{ team: 'a', total: 30 }])
  })

  test('havingNotBetween and the or variants inline sub query bounds', async ({ assert }) => {
    assert.deepEqual(await teams().havingNotBetween('team', [firstTeam(), firstTeam()]), [
      { team: 'b', total: 20 },
    ])
    const lastTeam = () => db.from('qb_having_scores').max('team')
    assert.deepEqual(
      await teams()
        .havingBetween('team', ['x', 'y'])
        .orHavingBetween('team', [lastTeam(), lastTeam()]),
      [{ team: 'b', total: 20 }]
    )
    assert.deepEqual(
      await teams()
        .havingBetween('team', ['x', 'y'])
        .orHavingNotBetween('team', [lastTeam(), lastTeam()]),
      [{ team: 'a', total: 30 }]
    )
  })
})
