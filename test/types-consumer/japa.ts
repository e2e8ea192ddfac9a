/** The Japa plugin, through the built `stratum/japa`. */
import { test } from '@japa/runner'
import { dbPlugin, type DbTestHelpers } from 'stratum/japa'
import type { Database } from 'stratum/database'
import { User } from './models.js'
import { expectNotAny, expectTypeOf } from './helpers.js'

export function japaChecks(db: Database) {
  const plugin = dbPlugin({ db, migrate: true, isolation: 'transaction' })
  expectNotAny(plugin)
  // @ts-expect-error an unknown isolation strategy
  dbPlugin({ db, isolation: 'rollback' })

  test('the test context carries the db helpers', async ({ db: helpers }) => {
    expectTypeOf(helpers).toEqual<DbTestHelpers>(true)
    await helpers.assertHas('users', { email: 'a' })
    await helpers.assertMissing(User.table, { email: 'b' })
    // @ts-expect-error assertHas takes a table or a model
    await helpers.assertHas(42, {})
  })
}
