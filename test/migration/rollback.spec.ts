import { test } from '@japa/runner'
import { Migrator } from '../../src/migration/main.js'
import type { MigratorOptions } from '../../src/types/migrator.js'
import {
  createProject,
  createTableMigration,
  hasTable,
  recorded,
  schemaImport,
  type Project,
} from './helpers.js'

const migrate = async (project: Project, options: Partial<MigratorOptions> = {}) => {
  const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd, ...options })
  await migrator.run()
  return migrator
}

/** Three files over batches 1, 1 and 2. */
async function threeFiles(project: Project) {
  const tables = ['a', 'b', 'c'].map((name) => `${project.prefix}${name}`)
  await project.write('1_a', createTableMigration(tables[0]))
  await project.write('2_b', createTableMigration(tables[1]))
  await migrate(project)
  await project.write('3_c', createTableMigration(tables[2]))
  await migrate(project)
  return tables
}

test.group('Migrator | down', () => {
  test('rolls back the last batch by default', async ({ assert, cleanup }) => {
    const project = await createProject()
    cleanup(() => project.cleanup(...tables.reverse()))
    const tables = await threeFiles(project)

    const migrator = await migrate(project, { direction: 'down' })
    assert.equal(migrator.status, 'completed')
    assert.deepEqual(Object.keys(migrator.migratedFiles), ['database/migrations/3_c'])
    assert.isFalse(await hasTable(project.db, tables[2]))
    assert.deepEqual(await recorded(project), ['1_a@1', '2_b@1'])
  })

  test('rolls back every batch above `batch`, newest first; 0 means all', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    cleanup(() => project.cleanup(...tables.reverse()))
    const tables = await threeFiles(project)

    const all = await migrate(project, { direction: 'down', batch: 0 })
    assert.deepEqual(Object.keys(all.migratedFiles), [
      'database/migrations/3_c',
      'database/migrations/2_b',
      'database/migrations/1_a',
    ])
    assert.deepEqual(await recorded(project), [])
    for (const table of tables) assert.isFalse(await hasTable(project.db, table))
    assert.equal((await migrate(project, { direction: 'down' })).status, 'skipped')
  })

  test('rolls back the last `step` files whatever their batch', async ({ assert, cleanup }) => {
    const project = await createProject()
    cleanup(() => project.cleanup(...tables.reverse()))
    const tables = await threeFiles(project)

    await migrate(project, { direction: 'down', step: 2 })
    assert.deepEqual(await recorded(project), ['1_a@1'])
    assert.isTrue(await hasTable(project.db, tables[0]))
    assert.isFalse(await hasTable(project.db, tables[1]))
  })

  test('a step of 0 or less is no step: the last batch is rolled back (Lucid)', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    cleanup(() => project.cleanup(...tables.reverse()))
    const tables = await threeFiles(project)

    await migrate(project, { direction: 'down', step: -1 })
    assert.deepEqual(await recorded(project), ['1_a@1', '2_b@1'])
    await migrate(project, { direction: 'down', step: 0 })
    assert.deepEqual(await recorded(project), [])
  })

  test('a throwing down stops there and leaves the rest intact', async ({ assert, cleanup }) => {
    const project = await createProject()
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))
    await project.write(
      '2_stuck',
      `${schemaImport}
export default class extends BaseSchema {
  async up() {}
  async down() { throw new Error('cannot undo') }
}
`
    )
    await migrate(project)
    const migrator = await migrate(project, { direction: 'down' })
    assert.equal(migrator.status, 'error')
    assert.equal(migrator.error?.message, 'cannot undo')
    assert.equal(migrator.migratedFiles['database/migrations/1_a'].status, 'pending')
    assert.deepEqual(await recorded(project), ['1_a@1', '2_stuck@1'])
    assert.isTrue(await hasTable(project.db, a))
  })

  test('dry run returns the SQL of down and changes nothing', async ({ assert, cleanup }) => {
    const project = await createProject()
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))
    await migrate(project)
    const migrator = await migrate(project, { direction: 'down', dryRun: true })
    assert.match(migrator.migratedFiles['database/migrations/1_a'].queries[0], /drop table/i)
    assert.isTrue(await hasTable(project.db, a))
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })

  test('refuses when a recorded file is missing', async ({ assert, cleanup }) => {
    const project = await createProject()
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))
    await migrate(project)
    await project.remove('1_a')
    const migrator = await migrate(project, { direction: 'down' })
    assert.equal(migrator.status, 'error')
    assert.equal((migrator.error as any).code, 'E_MISSING_SCHEMA_FILES')
    assert.include(migrator.error!.message, 'database/migrations/1_a')
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })

  test('disableRollbacksInProduction refuses down when NODE_ENV is production', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject({ disableRollbacksInProduction: true })
    const a = `${project.prefix}a`
    const previous = process.env.NODE_ENV
    cleanup(async () => {
      process.env.NODE_ENV = previous
      await project.cleanup(a)
    })
    await project.write('1_a', createTableMigration(a))
    await migrate(project)
    process.env.NODE_ENV = 'production'
    const migrator = await migrate(project, { direction: 'down' })
    process.env.NODE_ENV = previous
    assert.equal(migrator.status, 'error')
    assert.equal((migrator.error as any).code, 'E_ROLLBACK_DISABLED')
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })
})

test.group('Migrator | getList', () => {
  test('lists migrated, corrupt and pending files', async ({ assert, cleanup }) => {
    const project = await createProject()
    const tables = ['a', 'b'].map((name) => `${project.prefix}${name}`)
    cleanup(() => project.cleanup(...tables))
    // a migrations folder that does not exist is an error, not an empty list
    const fresh = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
    await assert.rejects(() => fresh.getList(), /migrations folder "\.\/database\/migrations"/)

    await project.write('1_a', createTableMigration(tables[0]))
    await project.write('2_b', createTableMigration(tables[1]))
    await migrate(project)
    await project.remove('2_b')
    await project.write('3_c', createTableMigration(`${project.prefix}c`))

    const list = await new Migrator(project.db, { direction: 'up', cwd: project.cwd }).getList()
    assert.deepEqual(
      list.map(({ name, status, batch }) => ({ name, status, batch })),
      [
        { name: 'database/migrations/1_a', status: 'migrated', batch: 1 },
        { name: 'database/migrations/2_b', status: 'corrupt', batch: 1 },
        { name: 'database/migrations/3_c', status: 'pending', batch: undefined },
      ]
    )
    assert.instanceOf(list[0].migrationTime, Date)
    assert.isBelow(Math.abs(list[0].migrationTime!.getTime() - Date.now()), 10 * 60_000)
  })
})
