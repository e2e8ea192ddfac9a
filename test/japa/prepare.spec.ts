import { test } from '@japa/runner'
import { DB, createDatabase, dropTables } from '../helpers/database.js'
import { seed } from '../../src/japa/prepare.js'
import { createProject, seederImport } from '../migration/helpers.js'
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

test.group('dbPlugin | seed files', () => {
  test('seed.files takes the paths db:seed --files takes, and refuses a name no seeder has', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    cleanup(() => project.cleanup())
    await project.write(
      'user_seeder',
      `${seederImport}
export default class extends BaseSeeder {
  async run() { throw new Error('must not run') }
}
`,
      'database/seeders'
    )
    await assert.rejects(
      () =>
        seed(project.db, project.db.primaryConnectionName, {
          cwd: project.cwd,
          files: ['usr_seeder'],
        }),
      /Unknown seeder file usr_seeder/
    )
    // the path form (Lucid's --files form) picks the file: it runs, and its error comes back
    await assert.rejects(
      () =>
        seed(project.db, project.db.primaryConnectionName, {
          cwd: project.cwd,
          files: ['./database/seeders/user_seeder.ts'],
        }),
      /seeder database\/seeders\/user_seeder failed: must not run/
    )
  })
})
