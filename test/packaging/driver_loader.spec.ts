/**
 * A connection whose driver package is missing, or installed but broken,
 * fails with a typed error naming the package. The loader is pointed at a
 * temporary folder, so Node's real resolution fails (or a real package
 * there throws) while the repo keeps its drivers; test/packaging/install
 * shows the same error from an app that lacks mysql2.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
import { createDatabase, DB } from '../helpers/database.js'
import {
  ensureDriver,
  loadFromKnex,
  type DriverLoader,
} from '../../src/database/dialects/driver_loader.js'

/** The error `fn` throws; failing when it throws none. */
function thrown(fn: () => void): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error, none was thrown')
}

test.group('Driver loading', (group) => {
  let dir: string
  let loadFromDir: DriverLoader
  group.each.setup(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratum-driver-'))
    loadFromDir = (name) => createRequire(join(dir, 'app.js'))(name)
    return () => rmSync(dir, { recursive: true, force: true })
  })

  for (const name of ['better-sqlite3', 'pg', 'mysql2']) {
    test('a missing {name} is E_MISSING_DRIVER naming the install command')
      .with([{ name }])
      .run(({ assert }, row) => {
        const error = thrown(() => ensureDriver('main', row.name, loadFromDir))
        assert.instanceOf(error, errors.E_MISSING_DRIVER)
        assert.equal(
          (error as InstanceType<typeof errors.E_MISSING_DRIVER>).code,
          'E_MISSING_DRIVER'
        )
        assert.include(error.message, 'Connection "main" needs the')
        assert.include(error.message, `npm install ${row.name}`)
        assert.equal((error.cause as { code?: string }).code, 'MODULE_NOT_FOUND')
      })
  }

  test('a driver that is installed but throws on load is E_DRIVER_LOAD_FAILED with the reason', ({
    assert,
  }) => {
    const pkg = join(dir, 'node_modules/pg')
    mkdirSync(pkg, { recursive: true })
    writeFileSync(join(pkg, 'package.json'), '{ "name": "pg", "main": "index.js" }')
    writeFileSync(join(pkg, 'index.js'), "throw new Error('compiled against another Node.js')")
    const error = thrown(() => ensureDriver('reports', 'pg', loadFromDir))
    assert.instanceOf(error, errors.E_DRIVER_LOAD_FAILED)
    assert.include(error.message, 'Connection "reports" needs the pg package')
    assert.include(error.message, 'compiled against another Node.js')
    assert.include(error.message, 'npm rebuild pg')
  })

  test('a package that misses one of its own dependencies is a load failure, not a missing driver', ({
    assert,
  }) => {
    const pkg = join(dir, 'node_modules/mysql2')
    mkdirSync(pkg, { recursive: true })
    writeFileSync(join(pkg, 'package.json'), '{ "name": "mysql2", "main": "index.js" }')
    writeFileSync(join(pkg, 'index.js'), "require('stratum-absent-dependency')")
    const error = thrown(() => ensureDriver('main', 'mysql2', loadFromDir))
    assert.instanceOf(error, errors.E_DRIVER_LOAD_FAILED)
    assert.include(error.message, "Cannot find module 'stratum-absent-dependency'")
  })

  test('knex runs on the very driver module Stratum loaded', async ({ assert }) => {
    const db = createDatabase()
    try {
      const knex = db.connection().getWriteClient()
      await knex.raw('select 1')
      const name = { sqlite: 'better-sqlite3', pg: 'pg', mysql: 'mysql2' }[DB]
      assert.strictEqual((knex.client as { driver: unknown }).driver, loadFromKnex(name))
    } finally {
      await db.manager.closeAll()
    }
  })
})
