import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import {
  REPO,
  createCliDatabase,
  createCliProject,
  dropCliDatabase,
  type CliProject,
} from '../helpers/cli_project.js'

const run = promisify(execFile)

/** make:* commands write Lucid's files, and those files compile and run as generated. */
test.group('stratum make:*', (group) => {
  let project: CliProject
  group.setup(async () => {
    await createCliDatabase()
    return () => dropCliDatabase()
  })
  group.each.setup(async () => {
    project = await createCliProject()
    return () => project.cleanup()
  })

  test('make:model -m -f writes a model, its migration and its factory', async ({ assert }) => {
    const result = await project.run(['make:model', 'CliUser', '-m', '-f'])
    assert.equal(result.exitCode, 0, result.output)
    assert.include(result.stdout, 'create app/models/cli_user.ts')
    assert.include(result.stdout, 'create database/factories/cli_user_factory.ts')
    const [migration] = await project.files('database/migrations')
    assert.match(migration, /^\d{13}_create_cli_users_table\.ts$/)
    assert.include(result.stdout, `create database/migrations/${migration}`)

    const model = await project.read('app/models/cli_user.ts')
    assert.include(model, `from 'stratum/orm'`)
    assert.include(model, 'export default class CliUser extends BaseModel')
    assert.include(
      await project.read(`database/migrations/${migration}`),
      `tableName = 'cli_users'`
    )
    assert.include(
      await project.read('database/factories/cli_user_factory.ts'),
      `import CliUser from '../../app/models/cli_user.js'`
    )
  })

  test('make:model -m names the table of a name with a digit as the model reads it', async ({
    assert,
  }) => {
    const result = await project.run(['make:model', 'CliAddress2', '-m'])
    assert.equal(result.exitCode, 0, result.output)
    const [migration] = await project.files('database/migrations')
    assert.match(migration, /^\d{13}_create_cli_address_2s_table\.ts$/)
    assert.include(
      await project.read(`database/migrations/${migration}`),
      `tableName = 'cli_address_2s'`
    )
  })

  test('generated files type-check with tsc', async ({ assert }) => {
    await project.run(['make:model', 'CliUser', '-m', '-f'])
    await project.run(['make:migration', 'cli_posts', '--alter=cli_users'])
    await project.run(['make:seeder', 'CliUser'])
    const tsc = join(REPO, 'node_modules/.bin/tsc')
    const { stdout } = await run(tsc, ['-p', project.dir, '--noEmit']).catch((error) => error)
    assert.equal(stdout, '')
  }).timeout(60_000)

  test('generated migration, factory and seeder run as generated', async ({ assert }) => {
    await project.run(['make:model', 'CliUser', '-m', '-f'])
    await project.run(['make:seeder', 'CliUser'])
    const seeder = (await project.read('database/seeders/cli_user_seeder.ts'))
      .replace(`import { BaseSeeder } from 'stratum/seeders'`, (line) =>
        [line, `import { CliUserFactory } from '../factories/cli_user_factory.js'`].join('\n')
      )
      .replace(
        '// Write your database queries inside the run method',
        'await CliUserFactory.createMany(2)'
      )
    await project.write('database/seeders/cli_user_seeder.ts', seeder)

    const migrate = await project.run(['migration:run'])
    assert.equal(migrate.exitCode, 0, migrate.output)
    const seed = await project.run(['db:seed'])
    assert.equal(seed.exitCode, 0, seed.output)
    assert.include(seed.stdout, '❯ completed database/seeders/cli_user_seeder')
    assert.lengthOf(await project.rows('cli_users'), 2)
  }).timeout(60_000)

  test('make:migration takes --create and --alter table names', async ({ assert }) => {
    await project.run(['make:migration', 'cli_accounts', '--create=cli_people'])
    await project.run(['make:migration', 'add_age', '--alter=cli_people'])
    const files = await project.files('database/migrations')
    assert.lengthOf(files, 2)
    const create = files.find((file) => file.endsWith('_create_cli_people_table.ts'))!
    const alter = files.find((file) => file.endsWith('_alter_cli_people_table.ts'))!
    assert.include(await project.read(`database/migrations/${create}`), 'this.schema.createTable(')
    assert.include(await project.read(`database/migrations/${alter}`), 'this.schema.alterTable(')
  })

  test('make:migration takes the bare --create/--alter of Lucid, and --folder', async ({
    assert,
  }) => {
    await project.writeConfig({
      primary: {
        ...project.connection(),
        migrations: { paths: ['database/migrations', './database/legacy/'] },
      },
    })
    const alter = await project.run(['make:migration', 'users', '--alter'])
    assert.equal(alter.exitCode, 0, alter.output)
    const create = await project.run([
      'make:migration',
      'cli_tags',
      '--create',
      '--folder=database/legacy',
    ])
    assert.equal(create.exitCode, 0, create.output)
    const [altered] = await project.files('database/migrations')
    assert.match(altered, /_alter_users_table\.ts$/)
    assert.include(await project.read(`database/migrations/${altered}`), "tableName = 'users'")
    const [created] = await project.files('database/legacy')
    assert.match(created, /_create_cli_tags_table\.ts$/)

    const unknown = await project.run(['make:migration', 'x', '--folder=elsewhere'])
    assert.equal(unknown.exitCode, 1)
    assert.include(unknown.stderr, '--folder "elsewhere" is not a migrations path')
    assert.include(unknown.stderr, 'database/migrations, ./database/legacy/')
  })

  test('make:migration --pivot creates the pivot table a default manyToMany uses', async ({
    assert,
  }) => {
    await project.writeMigration('1700000000000_create_cli_posts_table', 'cli_posts')
    await project.writeMigration('1700000000001_create_cli_tags_table', 'cli_tags')
    const made = await project.run(['make:migration', 'CliTags,CliPost', '--pivot'])
    assert.equal(made.exitCode, 0, made.output)
    assert.match(made.stdout, /create database\/migrations\/\d+_create_cli_post_cli_tag_table\.ts/)
    await project.write(
      'app/models/blog.ts',
      `import { BaseModel, column, manyToMany } from 'stratum/orm'
import type { ManyToMany } from 'stratum/types/relations'

export class CliTag extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string
}

export class CliPost extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @manyToMany(() => CliTag)
  declare tags: ManyToMany<typeof CliTag>
}
`
    )
    await project.write(
      'database/seeders/tag_seeder.ts',
      `import { BaseSeeder } from 'stratum/seeders'
import { CliPost, CliTag } from '../../app/models/blog.js'

export default class extends BaseSeeder {
  async run() {
    const post = await CliPost.create({ name: 'post' })
    const tag = await CliTag.create({ name: 'tag' })
    await post.related('tags').attach([tag.id])
  }
}
`
    )
    const migrated = await project.run(['migration:run'])
    assert.equal(migrated.exitCode, 0, migrated.output)
    const seeded = await project.run(['db:seed'])
    assert.equal(seeded.exitCode, 0, seeded.output)
    assert.include(seeded.stdout, '❯ completed database/seeders/tag_seeder')
    const [row] = await project.rows('cli_post_cli_tag')
    assert.equal(Number(row.cli_post_id), Number((await project.rows('cli_posts'))[0].id))
    assert.equal(Number(row.cli_tag_id), Number((await project.rows('cli_tags'))[0].id))

    const bad = await project.run(['make:migration', 'user_profile_skill', '--pivot'])
    assert.equal(bad.exitCode, 1)
    assert.include(bad.stderr, '"Post,Tag"')
  }).timeout(60_000)

  test('make:seeder and make:factory name files the Lucid way', async ({ assert }) => {
    const seeder = await project.run(['make:seeder', 'CliUser'])
    const factory = await project.run(['make:factory', 'CliPost'])
    assert.include(seeder.stdout, 'create database/seeders/cli_user_seeder.ts')
    assert.include(factory.stdout, 'create database/factories/cli_post_factory.ts')
    assert.include(
      await project.read('database/factories/cli_post_factory.ts'),
      'export const CliPostFactory'
    )
  })

  test('generator names drop their kind suffix and seeders are singular, as Lucid names them', async ({
    assert,
  }) => {
    const plural = await project.run(['make:seeder', 'cli_roles'])
    assert.include(plural.stdout, 'create database/seeders/cli_role_seeder.ts', plural.output)
    const suffixed = await project.run(['make:seeder', 'CliTagSeeder'])
    assert.include(suffixed.stdout, 'create database/seeders/cli_tag_seeder.ts', suffixed.output)
    const factory = await project.run(['make:factory', 'CliTagFactory'])
    assert.include(factory.stdout, 'create database/factories/cli_tag_factory.ts', factory.output)
    const source = await project.read('database/factories/cli_tag_factory.ts')
    assert.include(source, 'export const CliTagFactory = ModelFactory.define(CliTag,')
    assert.include(source, `import CliTag from '../../app/models/cli_tag.js'`)
    const migration = await project.run(['make:migration', 'CliCommentTable'])
    assert.match(
      migration.stdout,
      /create database\/migrations\/\d{13}_create_cli_comments_table\.ts/,
      migration.output
    )
  })

  test('a name with a folder (admin/CliPost) writes into that sub folder, as Lucid does', async ({
    assert,
  }) => {
    const model = await project.run(['make:model', 'admin/CliPost', '-m', '-f'])
    assert.equal(model.exitCode, 0, model.output)
    assert.include(model.stdout, 'create app/models/admin/cli_post.ts')
    assert.include(model.stdout, 'create database/factories/admin/cli_post_factory.ts')
    const [migration] = await project.files('database/migrations/admin')
    assert.match(migration, /^\d{13}_create_cli_posts_table\.ts$/)
    assert.include(
      await project.read('app/models/admin/cli_post.ts'),
      'export default class CliPost extends BaseModel'
    )
    assert.include(
      await project.read('database/factories/admin/cli_post_factory.ts'),
      `import CliPost from '../../../app/models/admin/cli_post.js'`
    )
    const seeder = await project.run(['make:seeder', 'admin/CliRole'])
    assert.include(seeder.stdout, 'create database/seeders/admin/cli_role_seeder.ts')
    const alter = await project.run(['make:migration', 'admin/cli_posts', '--alter'])
    assert.match(
      alter.stdout,
      /create database\/migrations\/admin\/\d{13}_alter_cli_posts_table\.ts/
    )

    const migrated = await project.run(['migration:run'])
    assert.equal(migrated.exitCode, 0, migrated.output)
    assert.match(migrated.stdout, /migrated database\/migrations\/admin\/\d{13}_create_cli_posts/)
    const tsc = join(REPO, 'node_modules/.bin/tsc')
    const { stdout } = await run(tsc, ['-p', project.dir, '--noEmit']).catch((error) => error)
    assert.equal(stdout, '')
  }).timeout(60_000)

  test('an existing file is skipped, not overwritten', async ({ assert }) => {
    await project.run(['make:model', 'CliUser'])
    await project.write('app/models/cli_user.ts', '// mine\n')
    const again = await project.run(['make:model', 'CliUser'])
    assert.equal(again.exitCode, 0)
    assert.include(again.stdout, 'SKIPPED: create app/models/cli_user.ts')
    assert.equal(await project.read('app/models/cli_user.ts'), '// mine\n')
  })

  test('make commands work without a config file', async ({ assert }) => {
    const bare = await createCliProject({ config: false })
    try {
      const result = await bare.run(['make:model', 'CliUser', '-m'])
      assert.equal(result.exitCode, 0, result.output)
      assert.lengthOf(await bare.files('database/migrations'), 1)
    } finally {
      await bare.cleanup()
    }
  })
})
