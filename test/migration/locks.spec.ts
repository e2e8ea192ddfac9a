import { test } from '@japa/runner'
import { migrationLock } from '../../src/migration/lock.js'
import { Migrator } from '../../src/migration/main.js'
import { DB } from '../helpers/database.js'
import { createProject, createTableMigration, recorded, schemaImport } from './helpers.js'

test.group('Migrator | locks', () => {
  test('fails with E_UNABLE_ACQUIRE_LOCK while another session holds the lock', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const a = `${project.prefix}a`
    cleanup(() => project.cleanup(a))
    await project.write('1_a', createTableMigration(a))

    const other = project.otherDatabase()
    const lock = migrationLock(other.connection(), project.schemaTable)
    assert.isTrue(await lock.acquire())
    try {
      const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
      await migrator.run()
      assert.equal(migrator.status, 'error')
      assert.equal((migrator.error as any).code, 'E_UNABLE_ACQUIRE_LOCK')
      assert.include(migrator.error!.message, '"primary"')
      assert.deepEqual(await recorded(project), [])

      const unlocked = new Migrator(project.db, {
        direction: 'up',
        cwd: project.cwd,
        disableLocks: true,
      })
      await unlocked.run()
      assert.equal(unlocked.status, 'completed')
    } finally {
      await lock.release()
    }
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })

  test('releases the lock after a run, even a failed one', async ({ assert, cleanup }) => {
    const project = await createProject()
    cleanup(() => project.cleanup())
    await project.write(
      '1_boom',
      `${schemaImport}\nexport default class extends BaseSchema { async up() { throw new Error('x') } }\n`
    )
    const events: string[] = []
    const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
    migrator.on('acquire:lock', () => events.push('acquire'))
    migrator.on('release:lock', () => events.push('release'))
    await migrator.run()
    assert.deepEqual(events, ['acquire', 'release'])

    const lock = migrationLock(project.otherDatabase().connection(), project.schemaTable)
    assert.isTrue(await lock.acquire())
    await lock.release()
  })

  // advisory locks are a server feature: SQLite runs one migrator per file anyway
  if (DB !== 'sqlite') {
    test('two migrators at once: each file is applied exactly once', async ({
      assert,
      cleanup,
    }) => {
      const project = await createProject()
      const tables = ['a', 'b', 'c'].map((name) => `${project.prefix}${name}`)
      cleanup(() => project.cleanup(...tables))
      for (const [index, table] of tables.entries()) {
        await project.write(`${index + 1}_${table}`, createTableMigration(table))
      }
      const first = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
      const second = new Migrator(project.otherDatabase(), { direction: 'up', cwd: project.cwd })
      await Promise.all([first.run(), second.run()])

      const rows = await recorded(project)
      assert.lengthOf(rows, 3)
      assert.lengthOf(new Set(rows), 3)
      // one applies everything; the other either lost the lock or found nothing left to do
      const statuses = [first.status, second.status].sort()
      assert.oneOf(statuses.join(','), ['completed,error', 'completed,skipped'])
      const loser = first.status === 'completed' ? second : first
      if (loser.status === 'error') assert.equal((loser.error as any).code, 'E_UNABLE_ACQUIRE_LOCK')
    }).timeout(20_000)
  }
})
