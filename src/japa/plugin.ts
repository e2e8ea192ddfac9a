/**
 * The Japa plugin: prepares the database once, isolates every test, seeds
 * faker per test and adds `db` helpers to the test context.
 */
import type { PluginFn } from '@japa/runner/types'
import { TestContext, type Test } from '@japa/runner/core'
import type { Database } from '../database/database.js'
import { ModelFactory, type FactoryManager } from '../factories/main.js'
import { DbTestHelpers } from './helpers.js'
import { transactionIsolation, truncateIsolation, type IsolationStrategy } from './isolation.js'
import { migrate, seed, type MigrateOption, type SeedOption } from './prepare.js'
import { QueryTracker } from './query_tracker.js'
import { forcedSeed, seedFor, seedLine } from './seed.js'

declare module '@japa/runner/core' {
  interface TestContext {
    /** Database assertions and query counting (added by `dbPlugin`). */
    db: DbTestHelpers
  }
}

/** Options of `dbPlugin`. */
export interface DbPluginOptions {
  /** The Database the application and its models use. */
  db: Database
  /** Connection to migrate, seed and isolate (the primary one by default). */
  connection?: string
  /** Run pending migrations once before the tests. */
  migrate?: MigrateOption
  /** Run the seeders once before the tests (after migrating). */
  seed?: SeedOption
  /** `transaction` (default): roll back a global transaction after each test; `truncate`: empty the tables it wrote to. */
  isolation?: IsolationStrategy
  /** Factory manager seeded before each test (the default `ModelFactory`). */
  factories?: FactoryManager
}

/**
 * Japa plugin wiring Stratum into the test run.
 *
 * @example
 * configure({ files: ['tests/**\/*.spec.ts'], plugins: [assert(), dbPlugin({ db, migrate: true })] })
 */
export function dbPlugin(options: DbPluginOptions): PluginFn {
  return function stratumDbPlugin({ runner, emitter, cliArgs }) {
    const { db } = options
    const connectionName = options.connection ?? db.primaryConnectionName
    const tracker = new QueryTracker(db, connectionName)
    const isolate =
      options.isolation === 'truncate'
        ? truncateIsolation(db, connectionName, tracker)
        : transactionIsolation(db, connectionName)
    const factories = options.factories ?? ModelFactory
    const forced = forcedSeed(cliArgs)
    const seedOf = (title: string) => forced ?? seedFor(title)

    let prepared: Promise<void> | undefined
    const prepare = () =>
      (prepared ??= (async () => {
        if (options.migrate) await migrate(db, connectionName, options.migrate)
        if (options.seed) await seed(db, connectionName, options.seed)
      })())

    const setupTest = async (test: Test) => {
      factories.seed(seedOf(test.title))
      const undo = await isolate()
      return () => undo()
    }

    TestContext.getter('db', () => new DbTestHelpers(db, connectionName, tracker), true)

    runner.onSuite((suite) => {
      if (options.migrate || options.seed) suite.setup(() => prepare())
      // registered before the group's own `each.setup` hooks, so those run inside the isolation
      suite.onGroup((group) => group.each.setup(setupTest))
      suite.onTest((test) => test.setup(setupTest))
    })

    emitter.on('test:end', (payload) => {
      if (!payload.hasError) return
      const title = payload.title.original
      console.log(seedLine(title, seedOf(title)))
    })
  }
}
