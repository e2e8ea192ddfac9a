import { test } from '@japa/runner'
import {
  createCliDatabase,
  createCliProject,
  dropCliDatabase,
  type CliProject,
  type CliResult,
} from '../helpers/cli_project.js'

/** A bad input ends in one short paragraph on stderr, exit code 1, and no stack trace. */
function assertCleanFailure(assert: any, result: CliResult, ...fragments: string[]) {
  assert.equal(result.exitCode, 1, result.output)
  for (const fragment of fragments) assert.include(result.stderr, fragment)
  assert.notMatch(result.output, /^\s+at /m)
  assert.isBelow(result.stderr.trim().split('\n').length, 6, result.stderr)
}

test.group('stratum bad input', (group) => {
  let project: CliProject
  group.setup(async () => {
    await createCliDatabase()
    return () => dropCliDatabase()
  })
  group.each.setup(async () => {
    project = await createCliProject()
    return () => project.cleanup()
  })
  group.each.timeout(60_000)

  test('a missing config file', async ({ assert }) => {
    const bare = await createCliProject({ config: false })
    try {
      const result = await bare.run(['migration:run'])
      assertCleanFailure(assert, result, 'No stratum.config.ts or stratum.config.js', '--config')
    } finally {
      await bare.cleanup()
    }
  })

  test('a config file with a syntax error names the file', async ({ assert }) => {
    await project.write('stratum.config.ts', 'export default {\n')
    const result = await project.run(['migration:status'])
    assertCleanFailure(assert, result, 'Could not load the config file stratum.config.ts')
  })

  test('a config file without a default defineConfig export', async ({ assert }) => {
    await project.write('stratum.config.ts', 'export const config = {}\n')
    const result = await project.run(['migration:status'])
    assertCleanFailure(assert, result, 'stratum.config.ts must default-export defineConfig')
  })

  test('a config without a default connection says to add one', async ({ assert }) => {
    const config = await project.read('stratum.config.ts')
    await project.write('stratum.config.ts', config.replace("connection: 'primary',", ''))
    assert.notInclude(await project.read('stratum.config.ts'), "connection: 'primary'")
    const result = await project.run(['migration:status'])
    assertCleanFailure(
      assert,
      result,
      "stratum.config.ts does not name its default connection: add connection: 'primary'"
    )
    assert.notInclude(result.stderr, 'undefined')
  })

  test('--config points at another file, and a missing one is named', async ({ assert }) => {
    // paths in a config are relative to its folder
    const config = await project.read('stratum.config.ts')
    await project.write(
      'config/db.ts',
      config.replace('"migrations":{', '"migrations":{"paths":["../database/migrations"],')
    )
    await project.writeMigration('1700000000000_create_cli_users_table', 'cli_users')
    await project.write('stratum.config.ts', 'export default {\n')
    const ok = await project.run(['migration:status', '--config', 'config/db.ts'])
    assert.equal(ok.exitCode, 0, ok.output)
    const before = await project.run(['--config=config/db.ts', 'migration:status'])
    assert.equal(before.exitCode, 0, before.output)
    const missing = await project.run(['migration:status', '--config=config/nope.ts'])
    assertCleanFailure(assert, missing, 'config/nope.ts')
  })

  test('an unknown connection lists the defined ones', async ({ assert }) => {
    const result = await project.run(['migration:run', '-c', 'nope'])
    assertCleanFailure(assert, result, 'Unknown connection "nope"', 'defines: primary')
  })

  test('an unknown command suggests close ones', async ({ assert }) => {
    const result = await project.run(['migration:rn'])
    assertCleanFailure(assert, result, 'Command "migration:rn" is not defined', 'migration:run')
  })

  test('an unknown flag is named', async ({ assert }) => {
    const result = await project.run(['migration:run', '--bogus'])
    assertCleanFailure(assert, result, 'Unknown flag "--bogus"')
  })

  test('an argument a command does not take is refused, not ignored', async ({ assert }) => {
    const seed = await project.run(['db:seed', 'database/seeders/user_seeder'])
    assertCleanFailure(
      assert,
      seed,
      'Unexpected argument "database/seeders/user_seeder"',
      '"db:seed" takes no arguments'
    )
    const rollback = await project.run(['migration:rollback', '1'])
    assertCleanFailure(assert, rollback, 'Unexpected argument "1"')
    const model = await project.run(['make:model', 'Post', 'Tag'])
    assertCleanFailure(assert, model, '"make:model" takes <name> only')
    assert.isFalse(project.exists('app/models/post.ts'))
  })

  test('a negative --step or --batch is refused', async ({ assert }) => {
    const step = await project.run(['migration:rollback', '--step=-1'])
    assertCleanFailure(assert, step, '--step must be a whole number of 0 or more (got -1)')
    const batch = await project.run(['migration:rollback', '--batch=-2'])
    assertCleanFailure(assert, batch, '--batch must be a whole number of 0 or more (got -2)')
  })

  test('a syntax error in a migration file names the file', async ({ assert }) => {
    await project.write(
      'database/migrations/1700000000000_broken.ts',
      'export default class extends {\n'
    )
    const result = await project.run(['migration:run'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.output, 'database/migrations/1700000000000_broken')
    assert.notMatch(result.output, /^\s+at /m)
  })

  test('a migration that throws names its file and line; STRATUM_DEBUG prints the stack', async ({
    assert,
  }) => {
    await project.write(
      'database/migrations/1700000000000_typo.ts',
      `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('cli_typo', (table) => {
      table.increments('id')
      ;(table as any).strin('name')
    })
  }
}
`
    )
    const result = await project.run(['migration:run'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.output, '❯ error    database/migrations/1700000000000_typo')
    assert.include(result.output, 'table.strin is not a function')
    assert.include(result.output, 'in database/migrations/1700000000000_typo.ts:7:')
    assert.notMatch(result.output, /^\s+at /m)

    const debug = await project.run(['migration:run'], { STRATUM_DEBUG: '1' })
    assert.equal(debug.exitCode, 1, debug.output)
    assert.match(debug.output, /^\s+at .*1700000000000_typo\.ts:7:\d+/m)
  })

  test('a seeder that throws names its file and line', async ({ assert }) => {
    await project.write(
      'database/seeders/broken_seeder.ts',
      `import { BaseSeeder } from 'stratum/seeders'

export default class extends BaseSeeder {
  async run() {
    throw new Error('seed went wrong')
  }
}
`
    )
    const result = await project.run(['db:seed'])
    assert.equal(result.exitCode, 1, result.output)
    assert.include(result.stdout, 'seed went wrong')
    assert.include(result.stdout, 'in database/seeders/broken_seeder.ts:5:')
  })

  test('STRATUM_DEBUG prints the stack of a CLI error', async ({ assert }) => {
    const plain = await project.run(['migration:run', '-c', 'nope'])
    assert.notMatch(plain.output, /^\s+at /m)
    const debug = await project.run(['migration:run', '-c', 'nope'], { STRATUM_DEBUG: '1' })
    assert.equal(debug.exitCode, 1)
    assert.include(debug.stderr, 'Unknown connection "nope"')
    assert.match(debug.stderr, /^\s+at pickConnection /m)
  })

  test('output has no colour codes under NO_COLOR or when piped', async ({ assert }) => {
    await project.writeMigration('1700000000000_create_cli_users_table', 'cli_users')
    const piped = await project.run(['migration:run'])
    const noColor = await project.run(['migration:status'], { NO_COLOR: '1', FORCE_COLOR: '1' })
    assert.notInclude(piped.output, '\u001b[')
    assert.notInclude(noColor.output, '\u001b[')
    assert.include(noColor.stdout, 'migrated')
  })

  test('--help and --version answer without a config', async ({ assert }) => {
    const help = await project.run(['migration:rollback', '--help'])
    assert.equal(help.exitCode, 0)
    assert.include(help.stdout, '--batch')
    assert.include(help.stdout, '--connection')
    const version = await project.run(['--version'])
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/)
  })
})
