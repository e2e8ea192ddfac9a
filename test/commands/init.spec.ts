import { execFile } from 'node:child_process'
import { mkdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { REPO, createCliProject, type CliProject } from '../helpers/cli_project.js'
import { parseJsonc, tsconfigProblems } from '../../commands/helpers/tsconfig.js'

const run = promisify(execFile)

const WRITTEN = [
  'stratum.config.ts',
  'tsconfig.json',
  'database/migrations',
  'database/seeders',
  'database/factories',
]

/** A project with package.json only: what `npm init -y && npm pkg set type=module` leaves. */
async function bareProject(): Promise<CliProject> {
  const project = await createCliProject({ config: false })
  await rm(project.path('tsconfig.json'))
  return project
}

/** Points `stratum/*` at this repo's sources, as an install would (the rest stays as init wrote it). */
async function linkSources(project: CliProject) {
  const tsconfig = parseJsonc(await project.read('tsconfig.json')) as {
    compilerOptions: Record<string, unknown>
  }
  tsconfig.compilerOptions.paths = {
    stratum: [join(REPO, 'src/index.ts')],
    'stratum/*': [join(REPO, 'src/*/main.ts')],
  }
  await project.write('tsconfig.json', JSON.stringify(tsconfig, null, 2))
}

test.group('stratum init', (group) => {
  let project: CliProject
  group.each.setup(async () => {
    project = await bareProject()
    return () => project.cleanup()
  })
  group.each.timeout(90_000)

  test('writes the config, the database folders and a tsconfig, then keeps them', async ({
    assert,
  }) => {
    const first = await project.run(['init'])
    assert.equal(first.exitCode, 0, first.output)
    for (const path of WRITTEN) {
      assert.isTrue(project.exists(path), path)
      assert.include(first.stdout, `DONE:    create ${path}`)
    }
    assert.notInclude(first.output, '[ warn ]')
    const config = await project.read('stratum.config.ts')
    assert.include(config, "connection: 'sqlite'")
    assert.include(config, "filename: './database/app.sqlite3'")
    assert.include(config, "// pg: {\n    //   client: 'pg',")
    assert.include(config, "// mysql: {\n    //   client: 'mysql2',")
    // the server blocks say the database must exist first (Stratum does not create it)
    assert.include(config, 'create the database on the server (CREATE DATABASE app)')
    const tsconfig = parseJsonc(await project.read('tsconfig.json')) as any
    assert.isTrue(tsconfig.compilerOptions.experimentalDecorators)
    // @types/node is installed (node_modules is the repo's): TypeScript 6+ only sees it when named
    assert.deepEqual(tsconfig.compilerOptions.types, ['node'])

    await project.write('stratum.config.ts', '// mine\n')
    const again = await project.run(['init'])
    assert.equal(again.exitCode, 0, again.output)
    assert.include(
      again.stdout,
      'SKIPPED: create stratum.config.ts (File already exists, kept as it is)'
    )
    assert.include(again.stdout, 'SKIPPED: create database/migrations (Folder already exists)')
    assert.include(again.stdout, 'DONE:    check tsconfig.json')
    assert.equal(await project.read('stratum.config.ts'), '// mine\n')
  })

  test('names no types in the tsconfig when @types/node is not installed', async ({ assert }) => {
    await rm(project.path('node_modules'))
    // the CLI under test loads through tsx, from the project
    await mkdir(project.path('node_modules'))
    await symlink(join(REPO, 'node_modules/tsx'), project.path('node_modules/tsx'), 'dir')
    const result = await project.run(['init'])
    assert.equal(result.exitCode, 0, result.output)
    const tsconfig = parseJsonc(await project.read('tsconfig.json')) as any
    assert.isTrue(tsconfig.compilerOptions.experimentalDecorators)
    assert.notProperty(tsconfig.compilerOptions, 'types')
  })

  test('names the tsconfig option and the package.json field to add', async ({ assert }) => {
    await project.write(
      'tsconfig.json',
      `{
  // comments and trailing commas, as tsc allows
  "compilerOptions": { "strict": true, "module": "commonjs", },
}
`
    )
    await project.write('package.json', JSON.stringify({ name: 'app' }))
    const result = await project.run(['init'])
    assert.equal(result.exitCode, 0, result.output)
    assert.notInclude(result.output, 'DONE:    check tsconfig.json')
    assert.include(result.output, 'add "experimentalDecorators": true to its compilerOptions')
    assert.include(result.output, 'set "module": "NodeNext"')
    assert.include(result.output, 'add "type": "module" (run "npm pkg set type=module")')
    assert.include(await project.read('tsconfig.json'), '"module": "commonjs"')
  })

  test('reads the options of an extended tsconfig', async ({ assert }) => {
    await project.write(
      'tsconfig.base.json',
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, module: 'NodeNext' } })
    )
    await project.write('tsconfig.json', JSON.stringify({ extends: './tsconfig.base' }))
    const result = await project.run(['init'])
    assert.include(result.stdout, 'DONE:    check tsconfig.json')
    assert.notInclude(result.output, '[ warn ]')
  })

  test('a project set up by init migrates and typechecks its models', async ({ assert }) => {
    assert.equal((await project.run(['init'])).exitCode, 0)
    await linkSources(project)
    const empty = await project.run(['migration:run'])
    assert.equal(empty.exitCode, 0, empty.output)
    assert.include(empty.stdout, 'Already up to date')

    await project.run(['make:model', 'Post', '-m', '-f'])
    const migrated = await project.run(['migration:run'])
    assert.equal(migrated.exitCode, 0, migrated.output)
    assert.match(migrated.stdout, /❯ migrated database\/migrations\/\d+_create_posts_table/)
    assert.isTrue(project.exists('database/app.sqlite3'))

    const tsc = join(REPO, 'node_modules/typescript/bin/tsc')
    const checked = await run(process.execPath, [tsc, '--noEmit', '-p', project.dir]).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true })
    )
    assert.notProperty(checked, 'failed', checked.stdout)
  })
})

test.group('stratum init | tsconfig check', () => {
  test('parses comments, trailing commas and strings that look like comments', ({ assert }) => {
    const parsed = parseJsonc(`{
      /* block */ "a": "http://x", // line
      "b": ["/*", "\\"//",],
    }`)
    assert.deepEqual(parsed, { a: 'http://x', b: ['/*', '"//'] })
  })

  test('asks for experimentalDecorators and an exports-aware resolution', ({ assert }) => {
    assert.deepEqual(tsconfigProblems({ experimentalDecorators: true, module: 'NodeNext' }), [])
    assert.deepEqual(
      tsconfigProblems({
        experimentalDecorators: true,
        module: 'ESNext',
        moduleResolution: 'Bundler',
      }),
      []
    )
    const problems = tsconfigProblems({ module: 'ESNext' })
    assert.lengthOf(problems, 2)
    assert.match(problems[0], /experimentalDecorators/)
    assert.match(problems[1], /"module": "NodeNext"/)
  })
})
