import { test } from '@japa/runner'
import { pathToFileURL } from 'node:url'
import { MigrationRunner, Migrator } from '../../src/migration/main.js'
import { createProject, createTableMigration, hasTable, recorded } from './helpers.js'

test.group('MigrationRunner', () => {
  test('takes Lucid`s (db, app, options): migrations resolve from app.appRoot', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))

    const app = { appRoot: pathToFileURL(`${project.cwd}/`), inProduction: false }
    const runner = new MigrationRunner(project.db, app, { direction: 'up' })
    assert.instanceOf(runner, Migrator)
    const list = await runner.getList()
    assert.deepEqual(
      list.map((node) => [node.name, node.status]),
      [['database/migrations/1_a', 'pending']]
    )
    await runner.run()
    assert.isNull(runner.error)
    assert.equal(runner.status, 'completed')
    assert.deepEqual(Object.keys(runner.migratedFiles), ['database/migrations/1_a'])
    assert.isTrue(await hasTable(project.db, a))
    assert.deepEqual(await recorded(project), ['1_a@1'])

    const again = new MigrationRunner(project.db, { direction: 'up', cwd: project.cwd })
    await again.run()
    assert.equal(again.status, 'skipped')
  })

  test('reads app.inProduction for disableRollbacksInProduction', async ({ assert, cleanup }) => {
    const project = await createProject({ disableRollbacksInProduction: true })
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))
    const app = { appRoot: project.cwd, inProduction: true }
    await new MigrationRunner(project.db, app, { direction: 'up' }).run()

    const runner = new MigrationRunner(project.db, app, { direction: 'down' })
    await runner.run()
    await runner.close()
    assert.equal(runner.status, 'error')
    assert.equal((runner.error as { code?: string }).code, 'E_ROLLBACK_DISABLED')
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })
})
