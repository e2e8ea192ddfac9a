import { test } from '@japa/runner'
import knex from 'knex'
import {
  createCliDatabase,
  createCliProject,
  dropCliDatabase,
  type CliProject,
} from '../helpers/cli_project.js'
import { DB } from '../helpers/database.js'

const MIGRATION = '1700000000000_create_cli_users_table'

const MODEL = `import { BaseModel, column } from 'stratum/orm'

export default class CliUser extends BaseModel {
  static table = 'cli_users'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string
}
`

const FACTORY = `import { ModelFactory } from 'stratum/factories'
import CliUser from '../../app/models/cli_user.js'

export const CliUserFactory = ModelFactory.define(CliUser, () => ({ name: 'factory' })).build()
`

/** Writes through a model, a factory and the db service: none names a connection. */
const SEEDER = `import { BaseSeeder } from 'stratum/seeders'
import db from 'stratum/services/db'
import CliUser from '../../app/models/cli_user.js'
import { CliUserFactory } from '../factories/cli_user_factory.js'

export default class extends BaseSeeder {
  async run() {
    await CliUser.create({ name: 'model' })
    await CliUserFactory.create()
    await db.table('cli_users').insert({ name: 'service' })
  }
}
`

/** Names in `cli_users` of a SQLite file of the project. */
async function sqliteNames(project: CliProject, file: string): Promise<string[]> {
  const client = knex({
    client: 'better-sqlite3',
    connection: { filename: project.path(file) },
    useNullAsDefault: true,
  })
  try {
    const rows: { name: string }[] = await client('cli_users').select('name')
    return rows.map((row) => row.name).sort()
  } finally {
    await client.destroy()
  }
}

/** `-c` as the default connection of a run; config paths relative to the config file. */
test.group('stratum connection and paths', (group) => {
  let project: CliProject
  group.setup(async () => {
    await createCliDatabase()
    return () => dropCliDatabase()
  })
  group.each.setup(async () => {
    project = await createCliProject()
    await project.writeMigration(MIGRATION, 'cli_users')
    return () => project.cleanup()
  })
  group.each.timeout(60_000)

  test('-c makes the connection the default of models, factories and the db service', async ({
    assert,
  }) => {
    const migrations = { tableName: project.schemaTable }
    await project.writeConfig({
      fallback: {
        client: 'better-sqlite3',
        connection: { filename: 'fallback.sqlite3' },
        useNullAsDefault: true,
        migrations,
      },
      primary: { ...project.connection(), migrations },
    })
    await project.write('app/models/cli_user.ts', MODEL)
    await project.write('database/factories/cli_user_factory.ts', FACTORY)
    await project.write('database/seeders/users_seeder.ts', SEEDER)
    for (const args of [['migration:run'], ['migration:run', '-c', 'primary']]) {
      const migrated = await project.run(args)
      assert.equal(migrated.exitCode, 0, migrated.output)
    }

    const seeded = await project.run(['db:seed', '-c', 'primary'])
    assert.equal(seeded.exitCode, 0, seeded.output)
    assert.include(seeded.stdout, '❯ completed database/seeders/users_seeder')
    const names = (await project.rows('cli_users')).map((row) => row.name)
    assert.deepEqual(names.sort(), ['factory', 'model', 'service'])
    assert.deepEqual(await sqliteNames(project, 'fallback.sqlite3'), [])
  })

  test('a migrations path that does not exist is an error naming the resolved path', async ({
    assert,
  }) => {
    const connection = {
      ...project.connection(),
      migrations: { paths: ['database/migration'], tableName: project.schemaTable },
    }
    await project.writeConfig({ primary: connection })
    const result = await project.run(['migration:run'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(
      result.output,
      'The migrations folder "database/migration" of connection "primary"'
    )
    assert.include(result.output, project.path('database/migration'))
    assert.notInclude(result.output, 'Already up to date')
    if (DB === 'sqlite') assert.isFalse(project.exists('db.sqlite3'))
    else assert.notInclude(await project.tables(), project.schemaTable)

    const status = await project.run(['migration:status'])
    assert.equal(status.exitCode, 1, status.output)
    assert.include(status.stderr, project.path('database/migration'))
  })

  test('a seeders path that does not exist is an error naming the resolved path', async ({
    assert,
  }) => {
    await project.run(['migration:run'])
    const result = await project.run(['db:seed'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.stderr, 'The seeders folder "./database/seeders"')
    assert.include(result.stderr, project.path('database/seeders'))
    assert.notMatch(result.output, /^\s+at /m)
  })

  test('--config from a subfolder resolves the config paths against its folder', async ({
    assert,
  }) => {
    const connection =
      DB === 'sqlite'
        ? { ...project.connection(), connection: { filename: './db.sqlite3' } }
        : project.connection()
    await project.writeConfig({
      primary: {
        ...connection,
        migrations: { paths: ['./database/migrations'], tableName: project.schemaTable },
      },
    })
    await project.write('scripts/.keep', '')
    const result = await project.run(
      ['migration:run', '--config', '../stratum.config.ts'],
      {},
      'scripts'
    )
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, `❯ migrated database/migrations/${MIGRATION}`)
    assert.include(await project.tables(), 'cli_users')
    assert.deepEqual(await project.files('scripts'), ['.keep'])

    const status = await project.run(
      ['migration:status', '--config=../stratum.config.ts'],
      {},
      'scripts'
    )
    assert.match(status.stdout, new RegExp(`database/migrations/${MIGRATION}\\s+migrated`))
  })

  test('make:* write into the config file folder', async ({ assert }) => {
    await project.write('scripts/.keep', '')
    const result = await project.run(
      ['make:seeder', 'User', '--config', '../stratum.config.ts'],
      {},
      'scripts'
    )
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'create database/seeders/user_seeder.ts')
    assert.isTrue(project.exists('database/seeders/user_seeder.ts'))
    assert.deepEqual(await project.files('scripts'), ['.keep'])
  })
})
