/**
 * The README's tour, run as it stands: its ```ts block under "A short tour",
 * with `./stratum.config.js` pointing at the current dialect (its own database
 * on pg and mysql, so its `users` and `posts` tables meet no other spec's).
 * It runs twice, as a user would, and prints what its comments say, in an
 * app that already has its own `users` and `posts` tables (what `stratum
 * init`'s next step, `make:model Post -m`, makes): the tour leaves them alone.
 * The installed-package version of this trial is test/packaging.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { connectionConfig, DB } from '../helpers/database.js'
import { ensureTestDatabase } from '../helpers/ensure_database.js'
import { tsBlocks, withSourceImports } from '../helpers/guide_program.js'

const run = promisify(execFile)

/** The first ts block after the tour's heading. */
function tourCode(): string {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## A short tour'))
  return tsBlocks(section)[0]
}

/**
 * The app's own tables, made before the tour (`create`) and read after it: a
 * `posts` table as `make:model Post -m` makes it, and a `users` table.
 */
function appTables(create: boolean): string {
  const make = `const schema = db.connection().schema
await schema.dropTableIfExists('posts')
await schema.dropTableIfExists('users')
await schema.createTable('users', (table) => {
  table.increments('id')
  table.string('name')
})
await schema.createTable('posts', (table) => {
  table.increments('id')
  table.timestamp('created_at')
  table.timestamp('updated_at')
})
await db.table('users').insert({ name: 'mine' })
await db.table('posts').insert({ created_at: null })
`
  return withSourceImports(`import { Database } from 'stratum/database'
import config from './stratum.config.js'
const db = new Database(config)
${create ? make : ''}const posts = await db.from('posts').count('* as total')
console.log(JSON.stringify(await db.from('users').select('name')), Number(posts[0].total))
await db.close()
`)
}

/** `console.log(...) // printed` lines: what the tour says each prints (one output line each). */
function promisedLines(code: string): string[] {
  return [...code.matchAll(/^console\.log\(.*\)\s*\/\/ (.+)$/gm)]
    .map((match) => match[1])
    .concat([...code.matchAll(/console\.log\(error\.code\) \/\/ (\S+)/g)].map((match) => match[1]))
}

test.group('README tour', () => {
  test('runs verbatim twice in a row and prints what it says', async ({ assert }) => {
    const database = 'stratum_readme_tour'
    await ensureTestDatabase(DB, database)
    const dir = resolve('tmp', `readme-tour-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    const connection = connectionConfig({
      database: DB === 'sqlite' ? join(dir, 'app.sqlite3') : database,
    })
    const defineConfigUrl = pathToFileURL(resolve('src/define_config.ts')).href
    writeFileSync(
      join(dir, 'stratum.config.ts'),
      `import { defineConfig } from '${defineConfigUrl}'\n` +
        `export default defineConfig({ connection: 'app', connections: { app: ${JSON.stringify(connection)} } })\n`
    )
    // what `stratum init` leaves in an app: models need experimentalDecorators
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, strict: true } })
    )
    const code = tourCode()
    writeFileSync(join(dir, 'tour.ts'), withSourceImports(code))
    const promised = promisedLines(code)
    // the serialize() line prints an object over several lines: checked by its shape below
    const simple = promised.filter((line) => !line.startsWith('{'))
    assert.isAtLeast(simple.length, 4)
    writeFileSync(join(dir, 'app_tables.ts'), appTables(true))
    writeFileSync(join(dir, 'app_rows.ts'), appTables(false))
    const tsx = (file: string) =>
      run(process.execPath, ['--import', 'tsx', file], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
      })
    try {
      const before = (await tsx('app_tables.ts')).stdout
      assert.equal(before.trim(), '[{"name":"mine"}] 1')
      for (const round of [1, 2]) {
        const { stdout, stderr } = await tsx('tour.ts')
        assert.equal(stderr, '', `round ${round} wrote to stderr`)
        const lines = stdout.trimEnd().split('\n')
        for (const line of simple) assert.include(lines, line, `round ${round}: "${line}"`)
        assert.match(stdout, /email: 'virk@example\.com'/)
        assert.match(stdout, /posts: \[ \{ id: \d+, userId: \d+, title: 'Hello' \} \]/)
        assert.notInclude(stdout, 'secret')
      }
      const after = (await tsx('app_rows.ts')).stdout
      assert.equal(after.trim(), '[{"name":"mine"}] 1', "the tour changed the app's own tables")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }).timeout(120_000)
})
