import { test } from '@japa/runner'
import { SeedsRunner } from '../../src/seeders/main.js'
import { createProject, seederImport, type Project } from '../migration/helpers.js'

const seeder = (table: string, body: string, extra = '') => `${seederImport}
export default class extends BaseSeeder {
  ${extra}
  async run() { ${body.replaceAll('$table', table)} }
}
`

async function withTable(project: Project) {
  const table = `${project.prefix}seeded`
  await project.db
    .connection()
    .getWriteClient()
    .schema.createTable(table, (t) => {
      t.increments('id')
      t.string('name')
    })
  return table
}

test.group('SeedsRunner', () => {
  test('lists the seeder files sorted by name and runs them with the client', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const table = await withTable(project)
    cleanup(() => project.cleanup(table))
    const dir = 'database/seeders'
    await project.write(
      'b_roles',
      seeder(table, `await this.client.table('$table').insert({ name: 'b' })`),
      dir
    )
    await project.write(
      'a_users',
      seeder(table, `await this.client.table('$table').insert({ name: 'a' })`),
      dir
    )

    const runner = new SeedsRunner(project.db, undefined, { cwd: project.cwd })
    const files = await runner.getList()
    assert.deepEqual(
      files.map((file) => file.name),
      ['database/seeders/a_users', 'database/seeders/b_roles']
    )
    assert.equal(files[0].filePath, 'database/seeders/a_users.ts')
    for (const file of files) assert.equal((await runner.run(file)).status, 'completed')
    const rows = await project.db.from(table).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.name),
      ['a', 'b']
    )
  })

  test('ignores a seeder whose environment excludes the current one', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const table = await withTable(project)
    cleanup(() => project.cleanup(table))
    await project.write(
      'dev_only',
      seeder(
        table,
        `await this.client.table('$table').insert({ name: 'dev' })`,
        `static environment = ['development', 'testing']`
      ),
      'database/seeders'
    )
    const production = new SeedsRunner(project.db, 'primary', {
      cwd: project.cwd,
      environment: 'production',
    })
    const [file] = await production.getList()
    assert.equal((await production.run(file)).status, 'ignored')
    assert.lengthOf(await project.db.from(table), 0)

    // `testing` in the list matches NODE_ENV=test
    const testing = new SeedsRunner(project.db, 'primary', {
      cwd: project.cwd,
      environment: 'test',
    })
    assert.equal((await testing.run(file)).status, 'completed')
    assert.lengthOf(await project.db.from(table), 1)
  })

  test('reports a throwing seeder as failed instead of throwing', async ({ assert, cleanup }) => {
    const project = await createProject()
    cleanup(() => project.cleanup())
    await project.write('boom', seeder('', `throw new Error('no seeds')`), 'database/seeders')
    const runner = new SeedsRunner(project.db, undefined, { cwd: project.cwd })
    const [file] = await runner.getList()
    const node = await runner.run(file)
    assert.equal(node.status, 'failed')
    assert.equal((node.error as Error).message, 'no seeds')
  })

  test('reads seeders.paths from the connection config', async ({ assert, cleanup }) => {
    const project = await createProject()
    cleanup(() => project.cleanup())
    project.db.getRawConnection('primary')!.config.seeders = { paths: ['./seeds'] }
    await project.write('only', seeder('', ''), 'seeds')
    await project.write('elsewhere', seeder('', ''), 'database/seeders')
    const runner = new SeedsRunner(project.db, undefined, { cwd: project.cwd })
    assert.deepEqual(
      (await runner.getList()).map((file) => file.name),
      ['seeds/only']
    )
  })
})
