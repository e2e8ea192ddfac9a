import { test } from '@japa/runner'
import {
  createCliDatabase,
  createCliProject,
  dropCliDatabase,
  type CliProject,
} from '../helpers/cli_project.js'
import { DB } from '../helpers/database.js'

const FIRST = '1700000000000_create_cli_users_table'
const SECOND = '1700000000001_create_cli_posts_table'

/** migration:* commands drive the Migrator and report in Lucid's words. */
test.group('stratum migration:*', (group) => {
  let project: CliProject
  group.setup(async () => {
    await createCliDatabase()
    return () => dropCliDatabase()
  })
  group.each.setup(async () => {
    project = await createCliProject()
    await project.writeMigration(FIRST, 'cli_users')
    return () => project.cleanup()
  })
  group.each.timeout(60_000)

  test('migration:run runs pending files, then is up to date', async ({ assert }) => {
    const first = await project.run(['migration:run'])
    assert.equal(first.exitCode, 0, first.output)
    assert.include(first.stdout, `❯ migrated database/migrations/${FIRST}`)
    assert.match(first.stdout, /Migrated in \d+(\.\d)? m?s/)
    assert.include(await project.tables(), 'cli_users')
    assert.include(await project.tables(), project.schemaTable)

    const again = await project.run(['migration:run'])
    assert.equal(again.exitCode, 0)
    assert.include(again.stdout, 'Already up to date')
  })

  test('migration:run --dry-run prints the SQL and changes nothing', async ({ assert }) => {
    const result = await project.run(['migration:run', '--dry-run'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, `❯ migrated database/migrations/${FIRST}`)
    assert.match(result.stdout, /create table .cli_users./i)
    assert.notInclude(await project.tables(), 'cli_users')
    const status = await project.run(['migration:status'])
    assert.match(status.stdout, new RegExp(`${FIRST}\\s+pending`))
  })

  test('migration:run --compact-output prints one summary line', async ({ assert }) => {
    await project.writeMigration(SECOND, 'cli_posts')
    const result = await project.run(['migration:run', '--compact-output'])
    assert.equal(result.exitCode, 0, result.output)
    assert.notInclude(result.stdout, '❯ migrated')
    assert.include(result.stdout, '❯ Executed 2 migrations')
  })

  test('migration:status lists name, status and batch', async ({ assert }) => {
    await project.run(['migration:run'])
    await project.writeMigration(SECOND, 'cli_posts')
    const result = await project.run(['migration:status'])
    assert.equal(result.exitCode, 0, result.output)
    const lines = result.stdout.trim().split('\n')
    assert.match(lines[0], /^Name\s+Status\s+Batch\s+Message$/)
    assert.match(lines[1], new RegExp(`^database/migrations/${FIRST}\\s+migrated\\s+1$`))
    assert.match(lines[2], new RegExp(`^database/migrations/${SECOND}\\s+pending\\s+NA$`))
  })

  test('migration:rollback reverts the last batch, --batch down to a batch', async ({ assert }) => {
    await project.run(['migration:run'])
    await project.writeMigration(SECOND, 'cli_posts')
    await project.run(['migration:run'])

    const toFirst = await project.run(['migration:rollback', '--batch=1'])
    assert.equal(toFirst.exitCode, 0, toFirst.output)
    assert.include(toFirst.stdout, `❯ reverted database/migrations/${SECOND}`)
    assert.notInclude(toFirst.stdout, FIRST)
    assert.match(toFirst.stdout, /Reverted in /)
    const tables = await project.tables()
    assert.include(tables, 'cli_users')
    assert.notInclude(tables, 'cli_posts')

    const last = await project.run(['migration:rollback'])
    assert.include(last.stdout, `❯ reverted database/migrations/${FIRST}`)
    const none = await project.run(['migration:rollback'])
    assert.equal(none.exitCode, 0)
    assert.include(none.stdout, 'Nothing to roll back')
  })

  test('migration:rollback --dry-run reverts nothing', async ({ assert }) => {
    await project.run(['migration:run'])
    const result = await project.run(['migration:rollback', '--dry-run'])
    assert.equal(result.exitCode, 0, result.output)
    assert.match(result.stdout, /drop table .cli_users./i)
    assert.include(await project.tables(), 'cli_users')
  })

  test('migration:reset reverts every batch', async ({ assert }) => {
    await project.run(['migration:run'])
    await project.writeMigration(SECOND, 'cli_posts')
    await project.run(['migration:run'])
    const result = await project.run(['migration:reset'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, `❯ reverted database/migrations/${SECOND}`)
    assert.include(result.stdout, `❯ reverted database/migrations/${FIRST}`)
    const tables = await project.tables()
    assert.notInclude(tables, 'cli_users')
    assert.notInclude(tables, 'cli_posts')
  })

  test('migration:reset and migration:refresh take --compact-output', async ({ assert }) => {
    await project.run(['migration:run'])
    const reset = await project.run(['migration:reset', '--compact-output'])
    assert.equal(reset.exitCode, 0, reset.output)
    assert.include(reset.stdout, '❯ Executed 1 migration')
    assert.notInclude(reset.stdout, '❯ reverted')
    await project.run(['migration:run'])
    const refresh = await project.run(['migration:refresh', '--compact-output'])
    assert.equal(refresh.exitCode, 0, refresh.output)
    assert.notInclude(refresh.stdout, '❯ migrated')
    assert.include(await project.tables(), 'cli_users')
  })

  test('migration:refresh --seed rolls back, migrates and seeds', async ({ assert }) => {
    await project.write(
      'database/seeders/cli_user_seeder.ts',
      `import { BaseSeeder } from 'stratum/seeders'

export default class extends BaseSeeder {
  async run() {
    await this.client.table('cli_users').insert({ name: 'seeded' })
  }
}
`
    )
    await project.run(['migration:run'])
    await project.run(['db:seed'])
    const result = await project.run(['migration:refresh', '--seed'])
    assert.equal(result.exitCode, 0, result.output)
    const reverted = result.stdout.indexOf(`❯ reverted database/migrations/${FIRST}`)
    const migrated = result.stdout.indexOf(`❯ migrated database/migrations/${FIRST}`)
    const seeded = result.stdout.indexOf('❯ completed database/seeders/cli_user_seeder')
    assert.isTrue(reverted >= 0 && migrated > reverted && seeded > migrated, result.stdout)
    assert.deepEqual(
      (await project.rows('cli_users')).map((row) => row.name),
      ['seeded']
    )
  })

  test('migration:fresh drops every table and migrates again', async ({ assert }) => {
    await project.run(['migration:run'])
    const knex = project.knex()
    await knex.schema.createTable('cli_stray', (table) => table.increments('id'))
    await knex.destroy()
    const result = await project.run(['migration:fresh'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'Dropped tables successfully')
    assert.include(result.stdout, `❯ migrated database/migrations/${FIRST}`)
    const tables = await project.tables()
    assert.include(tables, 'cli_users')
    assert.notInclude(tables, 'cli_stray')
  })

  test('migration:fresh with --config hands the config to the commands it runs', async ({
    assert,
  }) => {
    await project.run(['migration:run'])
    const result = await project.run(['migration:fresh', '--config', 'stratum.config.ts'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'Dropped tables successfully')
    assert.include(result.stdout, `❯ migrated database/migrations/${FIRST}`)
  })

  // advisory locks are a server feature: on SQLite one process migrates a file at a time anyway
  if (DB !== 'sqlite') {
    test('two migration:run started at once apply each file exactly once', async ({ assert }) => {
      await project.writeMigration(SECOND, 'cli_posts')
      const [first, second] = await Promise.all([
        project.run(['migration:run']),
        project.run(['migration:run']),
      ])
      // one migrates; the other finds nothing left or is refused the lock
      assert.include([first.exitCode, second.exitCode], 0)
      const knex = project.knex()
      const rows = await knex.from(project.schemaTable).select('name')
      await knex.destroy()
      const names = rows.map((row) => row.name).sort()
      assert.deepEqual(names, [`database/migrations/${FIRST}`, `database/migrations/${SECOND}`])
      const tables = await project.tables()
      assert.includeMembers(tables, ['cli_users', 'cli_posts'])
    })
  }

  test('migration:fresh --drop-views drops views too', async ({ assert }) => {
    await project.run(['migration:run'])
    const knex = project.knex()
    await knex.schema.createView('cli_users_view', (view) => {
      view.as(knex('cli_users').select('id'))
    })
    await knex.destroy()
    const result = await project.run(['migration:fresh', '--drop-views'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'Dropped views successfully')
    assert.include(await project.tables(), 'cli_users')
  })
})
