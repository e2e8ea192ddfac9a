import { test } from '@japa/runner'
import { DB, createDatabase, dropTables } from '../helpers/database.js'
import { runProject } from './helpers.js'

test.group('examples/japa', (group) => {
  const dropExampleTables = async () => {
    if (DB === 'sqlite') return
    const db = createDatabase()
    await dropTables(
      db,
      'japa_example_posts',
      'japa_example_users',
      'japa_example_schema',
      'japa_example_schema_lock'
    )
    await db.manager.closeAll()
  }
  group.setup(async () => {
    await dropExampleTables()
    return dropExampleTables
  })

  test('the example project migrates, runs its tests and passes', async ({ assert }) => {
    const run = await runProject('examples/japa/bin/test.ts')
    assert.equal(run.code, 0, run.stdout)
    assert.match(run.stdout, /Tests {2}6 passed \(6\)/, run.stdout)
  }).timeout(120_000)
})
