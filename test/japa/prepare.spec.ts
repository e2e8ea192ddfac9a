import { test } from '@japa/runner'
import { DB, createDatabase, dropTables } from '../helpers/database.js'
import { fixtureEntry, runProject } from './helpers.js'

test.group('dbPlugin | migrate and seed', (group) => {
  const dropLeftovers = async () => {
    if (DB === 'sqlite') return
    const db = createDatabase()
    await dropTables(db, 'japa_spec_seeded', 'japa_spec_schema', 'japa_spec_schema_lock')
    await db.manager.closeAll()
  }
  group.setup(async () => {
    await dropLeftovers()
    return dropLeftovers
  })

  test('runs pending migrations then seeders once before the tests', async ({ assert }) => {
    const run = await runProject(fixtureEntry, [], { JAPA_MIGRATE: '1' })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.results.get('the seeded row is there'), 'pass', run.stdout)
    assert.equal(
      run.results.get('the seeded row outlives the isolation of the previous test'),
      'pass',
      run.stdout
    )
  }).timeout(120_000)
})
