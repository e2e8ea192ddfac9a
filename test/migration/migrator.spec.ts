import { test } from '@japa/runner'
import { Migrator } from '../../src/migration/main.js'
import { createProject, createTableMigration, hasTable, recorded, schemaImport } from './helpers.js'

const run = async (project: { db: any; cwd: string }, options: Record<string, unknown> = {}) => {
  const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd, ...options })
  await migrator.run()
  return migrator
}

test.group('Migrator | up', () => {
  test('runs the pending files in one batch and records them', async ({ assert, cleanup }) => {
    const project = await createProject()
    const [a, b] = [`${project.prefix}a`, `${project.prefix}b`]
    cleanup(() => project.cleanup(b, a))
    await project.write('1_a', createTableMigration(a))
    await project.write('2_b', createTableMigration(b))

    const events: string[] = []
    const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
    migrator.on('create:schema:table', () => events.push('schema'))
    migrator.on('migration:completed', (node) => events.push(node.file.name))
    await migrator.run()

    assert.isNull(migrator.error)
    assert.equal(migrator.status, 'completed')
    assert.deepEqual(events, ['schema', 'database/migrations/1_a', 'database/migrations/2_b'])
    assert.deepEqual(Object.keys(migrator.migratedFiles), [
      'database/migrations/1_a',
      'database/migrations/2_b',
    ])
    assert.isTrue(await hasTable(project.db, a))
    assert.isTrue(await hasTable(project.db, b))
    assert.deepEqual(await recorded(project), ['1_a@1', '2_b@1'])
  })

  test('is skipped when nothing is pending, and a new file gets the next batch', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const [a, b] = [`${project.prefix}a`, `${project.prefix}b`]
    cleanup(() => project.cleanup(b, a))
    await project.write('1_a', createTableMigration(a))
    await run(project)
    assert.equal((await run(project)).status, 'skipped')

    await project.write('2_b', createTableMigration(b))
    const migrator = await run(project)
    assert.equal(migrator.status, 'completed')
    assert.deepEqual(await recorded(project), ['1_a@1', '2_b@2'])
  })

  test('sorts by name, naturally when naturalSort is on', async ({ assert, cleanup }) => {
    const project = await createProject({ naturalSort: true })
    const tables = ['t2', 't10'].map((name) => `${project.prefix}${name}`)
    cleanup(() => project.cleanup(...tables))
    await project.write('10_b', createTableMigration(tables[1]))
    await project.write('2_a', createTableMigration(tables[0]))
    await run(project)
    assert.deepEqual(await recorded(project), ['2_a@1', '10_b@1'])
  })

  test('a throwing file stops the run: earlier files stay, it is not recorded', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const [a, c] = [`${project.prefix}a`, `${project.prefix}c`]
    cleanup(() => project.cleanup(a, c))
    await project.write('1_a', createTableMigration(a))
    await project.write(
      '2_boom',
      `${schemaImport}
export default class extends BaseSchema {
  async up() { throw new Error('boom') }
}
`
    )
    await project.write('3_c', createTableMigration(c))

    const errors: string[] = []
    const migrator = new Migrator(project.db, { direction: 'up', cwd: project.cwd })
    migrator.on('migration:error', ({ file, error }) =>
      errors.push(`${file.file.name}: ${(error as Error).message}`)
    )
    await migrator.run()

    assert.equal(migrator.status, 'error')
    assert.equal(migrator.error?.message, 'boom')
    assert.deepEqual(errors, ['database/migrations/2_boom: boom'])
    assert.equal(migrator.migratedFiles['database/migrations/1_a'].status, 'completed')
    assert.equal(migrator.migratedFiles['database/migrations/2_boom'].status, 'error')
    assert.equal(migrator.migratedFiles['database/migrations/3_c'].status, 'pending')
    assert.deepEqual(await recorded(project), ['1_a@1'])
    assert.isFalse(await hasTable(project.db, c))
  })

  test('runs each file in a transaction, unless the class or the config disables it', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const log = `${project.prefix}log`
    cleanup(() => project.cleanup(log))
    await project.db
      .connection()
      .getWriteClient()
      .schema.createTable(log, (t) => {
        t.string('file')
        t.integer('in_transaction')
      })
    const logging = (name: string, disable: boolean) => `${schemaImport}
export default class extends BaseSchema {
  static disableTransactions = ${disable}
  async up() {
    this.defer((db) => db.table('${log}').insert({ file: '${name}', in_transaction: db.isTransaction ? 1 : 0 }))
  }
}
`
    await project.write('1_with', logging('with', false))
    await project.write('2_without', logging('without', true))
    await run(project)

    const rows = await project.db.from(log).orderBy('file')
    assert.deepEqual(
      rows.map((row) => [row.file, Number(row.in_transaction)]),
      [
        ['with', 1],
        ['without', 0],
      ]
    )

    const noTrx = await createProject({ disableTransactions: true, tableName: `${log}_schema2` })
    cleanup(() => noTrx.cleanup(`${log}_schema2`))
    await noTrx.write('1_with', logging('config', false))
    await run(noTrx)
    const [row] = await project.db.from(log).where('file', 'config')
    assert.equal(Number(row.in_transaction), 0)
  })

  test('defer runs after the schema statements, with the migration client', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const table = `${project.prefix}roles`
    cleanup(() => project.cleanup(table))
    await project.write(
      '1_roles',
      `${schemaImport}
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('${table}', (t) => {
      t.increments('id')
      t.string('name')
      t.timestamp('created_at').defaultTo(this.now())
    })
    this.defer(async (db) => {
      await db.table('${table}').multiInsert([{ name: 'admin' }, { name: 'guest' }])
    })
  }
  async down() { this.schema.dropTable('${table}') }
}
`
    )
    await run(project)
    const rows = await project.db.from(table).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.name),
      ['admin', 'guest']
    )
    assert.isNotNull(rows[0].created_at)
  })

  test('this.schema is a new builder each time: an awaited query runs alone, once', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const [a, b] = [`${project.prefix}a`, `${project.prefix}b`]
    cleanup(() => project.cleanup(b, a))
    // the queued createTable(a) must neither run at the await nor twice
    await project.write(
      '1_ab',
      `${schemaImport}
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('${a}', (t) => t.increments('id'))
    if (!(await this.schema.hasTable('${b}'))) {
      this.schema.createTable('${b}', (t) => t.increments('id'))
    }
  }
}
`
    )
    const migrator = await run(project)
    assert.isNull(migrator.error)
    assert.isTrue(await hasTable(project.db, a))
    assert.isTrue(await hasTable(project.db, b))
  })

  test('defer runs in order with the builders queued before and after it (Lucid)', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const table = `${project.prefix}roles`
    cleanup(() => project.cleanup(table))
    await project.write(
      '1_roles',
      `${schemaImport}
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('${table}', (t) => {
      t.increments('id')
      t.string('name')
    })
    this.defer(async (db) => {
      await db.table('${table}').insert({ name: 'admin' })
    })
    this.schema.alterTable('${table}', (t) => t.renameColumn('name', 'title'))
  }
}
`
    )
    const migrator = await run(project)
    assert.isNull(migrator.error)
    const rows = await project.db.from(table)
    assert.deepEqual(
      rows.map((row) => row.title),
      ['admin']
    )
  })

  test('a dry run undoes what the file ran itself, and lists what it queued', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    const table = `${project.prefix}a`
    cleanup(() => project.cleanup(table))
    await project.write('1_a', createTableMigration(table))
    await run(project)
    await project.write(
      '2_fill',
      `${schemaImport}
export default class extends BaseSchema {
  async up() {
    await this.knex().table('${table}').insert({ name: 'dry' })
    if (await this.schema.hasTable('${table}')) {
      this.schema.alterTable('${table}', (t) => t.string('extra'))
    }
  }
}
`
    )
    const migrator = await run(project, { dryRun: true })
    assert.isNull(migrator.error)
    const queries = migrator.migratedFiles['database/migrations/2_fill'].queries
    assert.lengthOf(queries, 1)
    assert.match(queries[0], /alter table/i)
    assert.deepEqual(await project.db.from(table), [])
    assert.deepEqual(await recorded(project), ['1_a@1'])
  })

  test('dry run returns the SQL and changes nothing', async ({ assert, cleanup }) => {
    const project = await createProject()
    const table = `${project.prefix}a`
    cleanup(() => project.cleanup(table))
    await project.write('1_a', createTableMigration(table))

    const migrator = await run(project, { dryRun: true })
    assert.equal(migrator.status, 'completed')
    const [query] = migrator.migratedFiles['database/migrations/1_a'].queries
    assert.match(query, new RegExp(`create table [\`"]${table}[\`"]`, 'i'))
    assert.isFalse(await hasTable(project.db, table))
    assert.isFalse(await hasTable(project.db, project.schemaTable))
  })

  test('a file without a default class is an error naming the file', async ({
    assert,
    cleanup,
  }) => {
    const project = await createProject()
    cleanup(() => project.cleanup())
    await project.write('1_bad', 'export const nothing = 1\n')
    const migrator = await run(project)
    assert.equal(migrator.status, 'error')
    assert.equal((migrator.error as any).code, 'E_INVALID_SCHEMA_FILE')
    assert.include(migrator.error!.message, 'database/migrations/1_bad.ts')
  })
})
