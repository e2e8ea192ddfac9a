import { test } from '@japa/runner'
import {
  createCliDatabase,
  createCliProject,
  dropCliDatabase,
  type CliProject,
} from '../helpers/cli_project.js'
import { DB } from '../helpers/database.js'

const MIGRATION = '1700000000000_create_cli_users_table'

/** cli_authors and cli_books (referencing it), one row each. */
const BOOKS = `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('cli_authors', (table) => {
      table.increments('id')
    })
    this.schema.createTable('cli_books', (table) => {
      table.increments('id')
      table.integer('author_id').unsigned().notNullable().references('id').inTable('cli_authors')
    })
    this.defer(async (db) => {
      await db.table('cli_authors').insert({ id: 1 })
      await db.table('cli_books').insert({ author_id: 1 })
    })
  }

  async down() {
    this.schema.dropTable('cli_books')
    this.schema.dropTable('cli_authors')
  }
}
`

function seeder(name: string) {
  return `import { BaseSeeder } from 'stratum/seeders'

export default class extends BaseSeeder {
  async run() {
    await this.client.table('cli_users').insert({ name: '${name}' })
  }
}
`
}

/** db:seed, db:wipe and db:truncate, and the production guard. */
test.group('stratum db:*', (group) => {
  let project: CliProject
  group.setup(async () => {
    await createCliDatabase()
    return () => dropCliDatabase()
  })
  group.each.setup(async () => {
    project = await createCliProject()
    await project.writeMigration(MIGRATION, 'cli_users')
    await project.write('database/seeders/a_seeder.ts', seeder('a'))
    await project.write('database/seeders/b_seeder.ts', seeder('b'))
    await project.run(['migration:run'])
    return () => project.cleanup()
  })
  group.each.timeout(60_000)

  test('db:seed runs every seeder in order', async ({ assert }) => {
    const result = await project.run(['db:seed'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, '❯ completed database/seeders/a_seeder')
    assert.include(result.stdout, '❯ completed database/seeders/b_seeder')
    const names = (await project.rows('cli_users')).map((row) => row.name)
    assert.deepEqual(names.sort(), ['a', 'b'])
  })

  test('db:seed --files runs only the named files', async ({ assert }) => {
    const result = await project.run(['db:seed', '--files=./database/seeders/b_seeder.ts'])
    assert.equal(result.exitCode, 0, result.output)
    assert.notInclude(result.stdout, 'a_seeder')
    assert.deepEqual(
      (await project.rows('cli_users')).map((row) => row.name),
      ['b']
    )
  })

  test('db:seed --files takes a bare seeder name, as the -i refusal advises', async ({
    assert,
  }) => {
    const result = await project.run(['db:seed', '--files=b_seeder'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, '❯ completed database/seeders/b_seeder')
    assert.deepEqual(
      (await project.rows('cli_users')).map((row) => row.name),
      ['b']
    )
  })

  test('db:seed --files with an unknown file fails and names it', async ({ assert }) => {
    const result = await project.run(['db:seed', '--files=database/seeders/nope'])
    assert.equal(result.exitCode, 1)
    assert.include(result.stderr, 'Unknown seeder file database/seeders/nope')
    assert.lengthOf(await project.rows('cli_users'), 0)
  })

  test('a failing seeder is reported and sets exit code 1', async ({ assert }) => {
    await project.write(
      'database/seeders/c_seeder.ts',
      `import { BaseSeeder } from 'stratum/seeders'
export default class extends BaseSeeder {
  async run() {
    throw new Error('seed went wrong')
  }
}
`
    )
    const result = await project.run(['db:seed'])
    assert.equal(result.exitCode, 1)
    assert.include(result.stdout, '❯ error     database/seeders/c_seeder')
    assert.include(result.stdout, 'seed went wrong')
    assert.notInclude(result.output, '    at ')
  })

  test('db:truncate empties tables and keeps the schema table', async ({ assert }) => {
    await project.run(['db:seed'])
    const result = await project.run(['db:truncate'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'Truncated tables successfully')
    assert.lengthOf(await project.rows('cli_users'), 0)
    assert.lengthOf(await project.rows(project.schemaTable), 1)
  })

  test('db:truncate empties a parent table that sorts before its child', async ({ assert }) => {
    // cli_authors is truncated before cli_books, whose rows still reference it
    await project.write('database/migrations/1700000000001_create_cli_books.ts', BOOKS)
    const migrated = await project.run(['migration:run'])
    assert.equal(migrated.exitCode, 0, migrated.output)
    const result = await project.run(['db:truncate'])
    assert.equal(result.exitCode, 0, result.output)
    assert.lengthOf(await project.rows('cli_authors'), 0)
    assert.lengthOf(await project.rows('cli_books'), 0)
  })

  test('db:truncate keeps the rows of a wipe.ignoreTables table that references an emptied one', async ({
    assert,
  }) => {
    await project.writeConfig({
      primary: {
        ...project.connection(),
        migrations: { tableName: project.schemaTable },
        wipe: { ignoreTables: ['cli_books'] },
      },
    })
    await project.write('database/migrations/1700000000001_create_cli_books.ts', BOOKS)
    const migrated = await project.run(['migration:run'])
    assert.equal(migrated.exitCode, 0, migrated.output)
    const result = await project.run(['db:truncate'])
    assert.lengthOf(await project.rows('cli_books'), 1, result.output)
    if (DB === 'pg') {
      // TRUNCATE ... CASCADE emptied it: PostgreSQL now refuses, and empties nothing
      assert.equal(result.exitCode, 1, result.output)
      assert.include(result.stderr, 'keep wipe.ignoreTables')
      assert.lengthOf(await project.rows('cli_authors'), 1)
    } else {
      assert.equal(result.exitCode, 0, result.output)
      assert.lengthOf(await project.rows('cli_authors'), 0)
    }
  })

  test('db:seed --compact-output prints one line of counts and the first failure', async ({
    assert,
  }) => {
    await project.write(
      'database/seeders/c_seeder.ts',
      `import { BaseSeeder } from 'stratum/seeders'

export default class extends BaseSeeder {
  async run() {
    throw new Error('no roles yet')
  }
}
`
    )
    const result = await project.run(['db:seed', '--compact-output'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.stdout, '❯ Executed 2 seeders, 1 failed')
    assert.include(result.stdout, 'database/seeders/c_seeder: no roles yet')
    assert.notInclude(result.stdout, '❯ completed')
  })

  test('db:seed --interactive without a terminal is refused, naming --files', async ({
    assert,
  }) => {
    const result = await project.run(['db:seed', '-i'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.stderr, 'needs a terminal')
    assert.include(result.stderr, '--files')
    assert.lengthOf(await project.rows('cli_users'), 0)
  })

  test('db:wipe drops every table', async ({ assert }) => {
    const result = await project.run(['db:wipe'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'Dropped tables successfully')
    assert.deepEqual(await project.tables(), [])
  })

  test('db:wipe --drop-types drops enum, composite and domain types; --drop-domains domains', async ({
    assert,
  }) => {
    if (DB !== 'pg') {
      const result = await project.run(['db:wipe', '--drop-domains'])
      assert.equal(result.exitCode, 0, result.output)
      assert.include(result.stdout, 'Custom domains exist on PostgreSQL only')
      return
    }
    const client = project.knex()
    const types = () =>
      client
        .select('t.typname')
        .from('pg_type as t')
        .join('pg_namespace as n', 'n.oid', 't.typnamespace')
        .whereRaw('n.nspname = current_schema()')
        .whereIn('t.typname', ['cli_mood', 'cli_pair', 'cli_positive'])
        .orderBy('t.typname')
        .then((rows) => rows.map((row) => row.typname))
    try {
      const create = async () => {
        await client.raw("create type cli_mood as enum ('happy', 'sad')")
        await client.raw('create type cli_pair as (a int, b int)')
        await client.raw('create domain cli_positive as int check (value > 0)')
      }
      await create()
      const domains = await project.run(['db:wipe', '--drop-domains'])
      assert.equal(domains.exitCode, 0, domains.output)
      assert.include(domains.stdout, 'Dropped domains successfully')
      assert.deepEqual(await types(), ['cli_mood', 'cli_pair'])

      const all = await project.run(['db:wipe', '--drop-types'])
      assert.equal(all.exitCode, 0, all.output)
      assert.include(all.stdout, 'Dropped types successfully')
      assert.deepEqual(await types(), [])
    } finally {
      await client.raw('drop type if exists cli_mood, cli_pair cascade')
      await client.raw('drop domain if exists cli_positive cascade')
      await client.destroy()
    }
  })

  test('destructive commands refuse under NODE_ENV=production without --force', async ({
    assert,
  }) => {
    const env = { NODE_ENV: 'production' }
    for (const command of ['db:wipe', 'db:truncate', 'migration:fresh', 'migration:reset']) {
      const result = await project.run([command], env)
      assert.equal(result.exitCode, 1, command)
      assert.include(result.stderr, 'production', command)
      assert.include(result.stderr, '--force', command)
    }
    assert.include(await project.tables(), 'cli_users')
    const forced = await project.run(['db:wipe', '--force'], env)
    assert.equal(forced.exitCode, 0, forced.output)
    assert.deepEqual(await project.tables(), [])
  })
})
