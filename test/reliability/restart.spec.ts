/**
 * Issue #9, server restart (pg and mysql): the server of the current dialect
 * is stopped while a Database has pooled connections and an open
 * transaction. Every query during the outage fails fast with a
 * ConnectionError; once the server is back the same Database works again.
 *
 * Stopping a shared server disturbs whatever else runs on it, so the test
 * only registers when STRATUM_RESTART_TESTS=1 (.ci/run sets it; the dialects
 * run one after the other there). It needs to run as a user allowed to stop
 * and start the servers (root in CI). The server is started again in a
 * `finally` and in the group teardown, whatever happened. On sqlite this file
 * registers no test: there is no server.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { ConnectionError, ConnectionRefused } from '../../src/errors.js'
import { createDatabase, DB, dropTables } from '../helpers/database.js'
import { fastFailingDatabase, serverDialect, startServer, stopServer } from './fault_helpers.js'

const ITEMS = 'rel_fault_restart_items'
/** A query during the outage must fail within this (the connect timeout is 2 s). */

const requested = process.env.STRATUM_RESTART_TESTS === '1'

/** Runs `query`, expecting a ConnectionError; returns it and how long the failure took. */
async function failure(query: () => Promise<unknown>) {
  const started = performance.now()
  try {
    await query()
  } catch (error) {
    return { error, ms: Math.round(performance.now() - started) }
  }
  throw new Error('expected the query to fail while the server is down')
}

if (serverDialect && !requested) {
  test.group(`Server restart (${DB})`, () => {
    test('is not requested: STRATUM_RESTART_TESTS is not 1', ({ assert }) => {
      assert.notEqual(process.env.STRATUM_RESTART_TESTS, '1')
      console.log(
        '  server restart test not requested (set STRATUM_RESTART_TESTS=1 to stop and start the server)'
      )
    })
  })
}

if (serverDialect && requested) {
  test.group(`Server restart (${DB})`, (group) => {
    let db: Database
    group.setup(async () => {
      const setupDb = createDatabase()
      await dropTables(setupDb, ITEMS)
      await setupDb
        .connection()
        .getWriteClient()
        .schema.createTable(ITEMS, (t) => {
          t.increments('id')
          t.string('name', 50).notNullable()
        })
      await setupDb.manager.closeAll()
      return async () => {
        // whatever happened, leave the server running for the other specs
        await startServer()
        const teardownDb = createDatabase()
        await dropTables(teardownDb, ITEMS)
        await teardownDb.manager.closeAll()
      }
    })

    test('queries fail fast and typed while the server is down, then the same Database works', async ({
      assert,
    }) => {
      db = fastFailingDatabase({ timeoutMs: 2000, pool: { min: 0, max: 4 } })
      const unhandled: unknown[] = []
      const onUnhandled = (reason: unknown) => unhandled.push(reason)
      process.on('unhandledRejection', onUnhandled)
      try {
        await db.table(ITEMS).insert({ name: 'committed before' })
        const trx = await db.transaction()
        await trx.table(ITEMS).insert({ name: 'open when the server stopped' })

        await stopServer()

        const inTransaction = await failure(() => trx.table(ITEMS).insert({ name: 'x' }))
        assert.instanceOf(inTransaction.error, ConnectionError)
        await assert.rejects(() => trx.rollback(), ConnectionError as never)

        const outage = []
        for (let attempt = 0; attempt < 3; attempt++) {
          outage.push(await failure(() => db.from(ITEMS).select('*')))
        }
        outage.push(await failure(() => db.transaction(async () => {})))
        // typed connection errors, not the pool's acquire timeout: nothing waited
        for (const { error } of outage) assert.instanceOf(error, ConnectionError)
        // nothing answers: connecting is refused
        const last = outage[outage.length - 1].error as ConnectionRefused
        assert.instanceOf(last, ConnectionRefused)
        assert.equal(last.code, 'E_CONNECTION_REFUSED')
        console.log(
          `  during the outage: ${[inTransaction, ...outage]
            .map(({ error, ms }) => `${(error as ConnectionError).code} in ${ms} ms`)
            .join(', ')}`
        )

        await startServer()

        // the same Database, not recreated: its pool opens fresh connections
        const rows = await db.from(ITEMS).select('name')
        assert.deepEqual(
          rows.map((row) => row.name),
          ['committed before']
        )
        await db.transaction(async (again) => {
          await again.table(ITEMS).insert({ name: 'after restart' })
        })
        assert.lengthOf(await db.from(ITEMS).select('id'), 2)
        await new Promise((resolve) => setImmediate(resolve))
        assert.deepEqual(unhandled, [], 'no unhandled rejection')
      } finally {
        process.off('unhandledRejection', onUnhandled)
        await startServer()
        await db.manager.closeAll()
      }
    }).timeout(60_000)
  })
}
