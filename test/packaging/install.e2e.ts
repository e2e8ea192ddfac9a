/**
 * Stratum as an app gets it: `npm pack` (the prepare script builds), the
 * tarball installed into a new app with better-sqlite3, then the README's
 * steps there: `stratum init`, a migration, `migration:run`, the README tour
 * twice, `tsc --noEmit`, and the same tour on PostgreSQL by switching the
 * config's connection. The tests run in order on one app; each says what it
 * proves. Runs once per `npm run test:all` (STRATUM_PACKAGING=1).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test } from '@japa/runner'
import { ensureTestDatabase } from '../helpers/ensure_database.js'
import { serverConnection } from '../helpers/database.js'
import { tsBlocks } from '../helpers/guide_program.js'
import { App } from './app.js'

const repo = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
/** What `npm install <stratum> better-sqlite3 luxon` (the README's line) may add to an empty app (issue 16). */
const MAX_PACKAGES = 100
const PG_DATABASE = 'stratum_packaging'

/** The first ts block under the README's "A short tour", as it stands. */
function tourCode(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const start = readme.indexOf('## A short tour')
  if (start < 0) throw new Error('README.md has no "## A short tour" heading')
  return tsBlocks(readme.slice(start))[0]
}

/** What the tour's comments say single-line console.logs print, in order. */
function promisedLines(code: string): string[] {
  return [...code.matchAll(/console\.log\((.*)\)\s*\/\/ (.+)$/gm)]
    .map((match) => match[2].trim())
    .filter((line) => !line.startsWith('{'))
}

/** Runs the tour and checks every promised line is printed. */
function runTour(app: App, assert: { include(haystack: string, needle: string): void }) {
  const stdout = app.ok('npx', ['tsx', 'tour.ts'])
  for (const line of promisedLines(app.read('tour.ts'))) assert.include(stdout, line)
}

test.group('Packaging: Stratum installed into a new app', (group) => {
  const root = mkdtempSync(join(tmpdir(), 'stratum-packaging-'))
  const app = new App(join(root, 'app'))
  let tarball = ''
  group.teardown(() => rmSync(root, { recursive: true, force: true }))

  test('npm pack builds through prepare and ships no test files, source maps or sources', ({
    assert,
  }) => {
    const packer = new App(repo)
    const [packed] = JSON.parse(
      packer.ok('npm', ['pack', '--json', '--pack-destination', root])
    ) as {
      filename: string
      files: { path: string }[]
    }[]
    tarball = join(root, packed.filename)
    assert.isTrue(existsSync(tarball))
    const files = packed.files.map((file) => file.path)
    assert.includeMembers(files, [
      'LICENSE',
      'package.json',
      'build/bin/stratum.js',
      'build/bin/stratum.js.LICENSES.txt',
      'build/src/index.js',
      'build/src/index.d.ts',
    ])
    const dead = files.filter((file) =>
      /\.map$|^build\/test\/|^build\/bin\/test\.|\.ts$(?<!\.d\.ts)/.test(file)
    )
    assert.deepEqual(dead, [])
  })

  test('npm install <tarball> better-sqlite3 luxon adds at most {max} packages, no other driver', ({
    assert,
  }) => {
    app.ok('npm', ['init', '-y'])
    app.ok('npm', ['pkg', 'set', 'type=module'])
    app.ok('npm', ['install', tarball, 'better-sqlite3', 'luxon'])
    const installed = app.installedPackages()
    const size = app.ok('du', ['-sh', 'node_modules']).split('\t')[0]
    console.log(
      `  stratum + better-sqlite3 + luxon: ${installed.length} packages, node_modules ${size}`
    )
    assert.isAtMost(installed.length, MAX_PACKAGES)
    for (const absent of ['pg', 'mysql2', '@adonisjs/ace', '@japa/runner']) {
      assert.isFalse(existsSync(app.path(`node_modules/${absent}`)), `${absent} was installed`)
    }
  }).with([{ max: MAX_PACKAGES }])

  test('npx stratum --version and import "stratum" work in the app', ({ assert }) => {
    assert.equal(app.ok('npx', ['stratum', '--version']).trim(), pkg.version)
    const exports = app.ok('node', [
      '--input-type=module',
      '-e',
      "const m = await import('stratum'); const orm = await import('stratum/orm'); " +
        'console.log(Object.keys(m).sort().join(), typeof orm.BaseModel)',
    ])
    assert.equal(exports.trim(), 'defineConfig,errors function')
  })

  test('stratum init writes the config and the database folders', ({ assert }) => {
    // the README's line: with @types/node, init names it in the tsconfig's types (TypeScript 6+)
    app.ok('npm', ['install', '-D', 'typescript', 'tsx', '@types/node'])
    app.ok('npx', ['stratum', 'init'])
    assert.match(app.read('tsconfig.json'), /"types": \["node"\]/)
    for (const path of [
      'stratum.config.ts',
      'tsconfig.json',
      'database/migrations',
      'database/seeders',
      'database/factories',
    ]) {
      assert.isTrue(existsSync(app.path(path)), `stratum init did not write ${path}`)
    }
  })

  test('a migration runs with stratum migration:run', ({ assert }) => {
    app.write(
      'database/migrations/1700000000000_create_notes_table.ts',
      `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  protected tableName = 'notes'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('body').notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
    )
    assert.include(app.ok('npx', ['stratum', 'migration:run']), 'create_notes_table')
    assert.include(app.ok('npx', ['stratum', 'migration:status']), 'create_notes_table')
  })

  test('the README tour runs verbatim, twice, and prints what it says', ({ assert }) => {
    app.write('tour.ts', tourCode())
    runTour(app, assert)
    runTour(app, assert)
  })

  test('a model from make:model, the migration and the tour typecheck with tsc --noEmit', () => {
    app.ok('npx', ['stratum', 'make:model', 'Post'])
    // code using Node's globals compiles under the tsconfig init wrote
    app.write('env.ts', 'export const port = Number(process.env.PORT ?? 3000)\n')
    app.ok('npx', ['tsc', '--noEmit'])
  })

  test('the config and a soft-deleting model compile with declaration: true (tsc --init sets it)', () => {
    // the declarations of `export default defineConfig(...)` and of a model extending
    // compose(BaseModel, SoftDeletes) name types that only the package's entry points reach
    app.write(
      'app/models/note.ts',
      `import { BaseModel, column, compose, SoftDeletes } from 'stratum/orm'

export default class Note extends compose(BaseModel, SoftDeletes) {
  @column({ isPrimary: true }) declare id: number
  @column() declare body: string
}
`
    )
    app.write(
      'tsconfig.declaration.json',
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { declaration: true } })
    )
    app.ok('npx', ['tsc', '--noEmit', '-p', 'tsconfig.declaration.json'])
  })

  test('a connection whose driver is not installed names the package to install', ({ assert }) => {
    app.write(
      'missing_driver.ts',
      `import { defineConfig } from 'stratum'
import { Database } from 'stratum/database'

const db = new Database(defineConfig({
  connection: 'mysql',
  connections: { mysql: { client: 'mysql2', connection: { host: '127.0.0.1', database: 'app' } } },
}))
try {
  await db.from('users')
} catch (error) {
  console.log((error as { code: string }).code)
  console.log((error as Error).message)
}
await db.manager.closeAll()
`
    )
    const result = app.run('npx', ['tsx', 'missing_driver.ts'])
    assert.equal(result.status, 0, result.stderr)
    assert.include(result.stdout, 'E_MISSING_DRIVER')
    assert.include(result.stdout, 'npm install mysql2')
    assert.notInclude(result.stdout + result.stderr, 'Knex: run')
  })

  test('the tour runs on PostgreSQL after switching the config connection to pg', async ({
    assert,
  }) => {
    await ensureTestDatabase('pg', PG_DATABASE)
    app.ok('npm', ['install', 'pg'])
    const config = usePostgres(app.read('stratum.config.ts'))
    app.write('stratum.config.ts', config)
    assert.include(app.ok('npx', ['stratum', 'migration:fresh']), 'create_notes_table')
    runTour(app, assert)
    runTour(app, assert)
  })
})

/**
 * The config `init` wrote, switched to its PostgreSQL block as its comment
 * says (uncommented, `connection: 'pg'`), with this machine's server
 * settings and the suite's own database filled in.
 */
function usePostgres(config: string): string {
  const lines = config.split('\n')
  const start = lines.findIndex((line) => /^\s*\/\/ pg: \{$/.test(line))
  if (start < 0) throw new Error(`No commented "// pg: {" block in stratum.config.ts:\n${config}`)
  const indent = lines[start].indexOf('//')
  const end = lines.findIndex(
    (line, index) => index > start && line === `${' '.repeat(indent)}// },`
  )
  if (end < 0) throw new Error('The commented pg block of stratum.config.ts does not end')
  const server = serverConnection('pg', PG_DATABASE)
  const block = lines
    .slice(start, end + 1)
    .map((line) => line.replace('// ', ''))
    .join('\n')
    .replace(/host: '[^']*'/, `host: '${server.host}'`)
    .replace(/port: \d+/, `port: ${server.port}`)
    .replace(/user: '[^']*'/, `user: '${server.user}'`)
    .replace(/password: '[^']*'/, `password: '${server.password}'`)
    .replace(/database: '[^']*'/, `database: '${server.database}'`)
  const switched = [...lines.slice(0, start), block, ...lines.slice(end + 1)]
    .join('\n')
    .replace("connection: 'sqlite',", "connection: 'pg',")
  if (!switched.includes("connection: 'pg',")) {
    throw new Error(`stratum.config.ts has no "connection: 'sqlite'," line:\n${config}`)
  }
  return switched
}
