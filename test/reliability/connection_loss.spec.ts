/**
 * Issue #9, connection loss (pg and mysql): the server session of an open
 * transaction is killed from another connection. The next query, COMMIT and
 * ROLLBACK reject with ConnectionLost (E_CONNECTION_LOST, driver error as
 * `cause`), nothing of the transaction is left, and the same Database keeps
 * working: the pool throws the dead connection away. An idle pooled
 * connection killed between two queries is replaced too.
 *
 * SQLite runs in the process, there is no connection to lose: on sqlite this
 * file registers no test.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { ConnectionError, ConnectionLost } from '../../src/errors.js'
import { createDatabase, DB, dropTables } from '../helpers/database.js'
import {
  fastFailingDatabase,
  killSession,
  pollUntil,
  serverDialect,
  sessionId,
} from './fault_helpers.js'

/** True once the session `id` is running its sleep on the server. */
async function sleeping(killer: Database, id: number): Promise<boolean> {
  const rows =
    DB === 'pg'
      ? await killer.rawQuery(
          "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND query LIKE 'SELECT pg_sleep%'",
          [id]
        )
      : await killer.rawQuery(
          "SELECT 1 FROM information_schema.processlist WHERE id = ? AND info LIKE 'SELECT SLEEP%'",
          [id]
        )
  return (DB === 'pg' ? rows.rows : rows[0]).length > 0
}

const ITEMS = 'rel_fault_conn_items'

/** Rows of ITEMS, counted on a connection of its own. */
async function committedRows(): Promise<number> {
  const fresh = createDatabase()
  try {
    return Number((await fresh.from(ITEMS).count('* as total'))[0].total)
  } finally {
    await fresh.manager.closeAll()
  }
}

/** Asserts `promise` rejects with ConnectionLost and returns the error. */
async function rejectsLost(
  assert: { instanceOf(value: unknown, type: unknown): void; fail(message: string): never },
  promise: Promise<unknown>
): Promise<ConnectionLost> {
  try {
    await promise
  } catch (error) {
    assert.instanceOf(error, ConnectionLost)
    return error as ConnectionLost
  }
  return assert.fail('expected a ConnectionLost error')
}

/** Unhandled rejections seen while a test ran. */
function watchUnhandled(group: { each: { setup(fn: () => () => Promise<void>): void } }) {
  const seen: unknown[] = []
  group.each.setup(() => {
    const listener = (reason: unknown) => seen.push(reason)
    process.on('unhandledRejection', listener)
    return async () => {
      // rejections are reported after the microtasks of the tick that dropped them
      await new Promise((resolve) => setImmediate(resolve))
      process.off('unhandledRejection', listener)
    }
  })
  return seen
}

if (serverDialect) {
  test.group(`Connection loss | inside a transaction (${DB})`, (group) => {
    let db: Database
    let killer: Database
    const unhandled = watchUnhandled(group)

    group.each.setup(async () => {
      unhandled.length = 0
      db = fastFailingDatabase()
      killer = createDatabase()
      await dropTables(killer, ITEMS)
      await killer
        .connection()
        .getWriteClient()
        .schema.createTable(ITEMS, (t) => {
          t.increments('id')
          t.string('name', 50).notNullable()
        })
      return async () => {
        await dropTables(killer, ITEMS)
        await db.manager.closeAll()
        await killer.manager.closeAll()
      }
    })

    group.each.teardown(({ context }) => {
      context.assert.deepEqual(unhandled, [], 'no unhandled rejection')
    })

    test('the next query rejects with ConnectionLost, COMMIT too, and no row is kept', async ({
      assert,
    }) => {
      const trx = await db.transaction()
      await trx.table(ITEMS).multiInsert([{ name: 'a' }, { name: 'b' }])
      await killSession(killer, await sessionId(trx))

      const error = await rejectsLost(assert, trx.table(ITEMS).insert({ name: 'c' }))
      assert.equal(error.code, 'E_CONNECTION_LOST')
      assert.instanceOf(error, ConnectionError)
      assert.exists(error.cause, 'the driver error is kept as cause')
      assert.match(error.message, /Lost the connection to the database server/)
      assert.match(error.message, /retry/)

      await rejectsLost(assert, trx.commit())
      assert.isTrue(trx.isCompleted)
      assert.equal(await committedRows(), 0)
      // the same Database hands out a healthy connection
      assert.equal(await sessionId(db), await sessionId(db))
      await db.table(ITEMS).insert({ name: 'after' })
      assert.equal(await committedRows(), 1)
    })

    test('a lost connection is reported through db:connection:error', async ({ assert }) => {
      const reported: { connection: string; error: Error }[] = []
      db.on('db:connection:error', (event) => reported.push(event))
      const trx = await db.transaction()
      await killSession(killer, await sessionId(trx))
      const error = await rejectsLost(assert, trx.table(ITEMS).insert({ name: 'c' }))
      await trx.rollback().catch(() => {})
      assert.lengthOf(reported, 1)
      assert.equal(reported[0].connection, 'primary')
      assert.strictEqual(reported[0].error, error)
      // a query that fails for another reason is not a connection error
      await assert.rejects(() => db.rawQuery('SELECT * FROM no_such_table_here'))
      assert.lengthOf(reported, 1)
    })

    test('COMMIT on a killed session rejects, runs the rollback hooks, not the commit hooks', async ({
      assert,
    }) => {
      const trx = await db.transaction()
      const ran: string[] = []
      trx.after('commit', () => void ran.push('commit'))
      trx.after('rollback', () => void ran.push('rollback'))
      await trx.table(ITEMS).insert({ name: 'a' })
      await trx.transaction(async (savepoint) => {
        await savepoint.table(ITEMS).insert({ name: 'in a released savepoint' })
      })
      await killSession(killer, await sessionId(trx))

      await rejectsLost(assert, trx.commit())
      assert.deepEqual(ran, ['rollback'])
      assert.equal(await committedRows(), 0)
      await db.table(ITEMS).insert({ name: 'after' })
      assert.equal(await committedRows(), 1)
    })

    test('ROLLBACK on a killed session rejects with ConnectionLost', async ({ assert }) => {
      const trx = await db.transaction()
      let rolledBack = false
      trx.once('rollback', () => (rolledBack = true))
      await trx.table(ITEMS).insert({ name: 'a' })
      await killSession(killer, await sessionId(trx))

      await rejectsLost(assert, trx.rollback())
      assert.isTrue(trx.isCompleted)
      assert.isTrue(rolledBack, 'rollback listeners still run: the server discarded the work')
      assert.equal(await committedRows(), 0)
      assert.lengthOf(await db.from(ITEMS).select('id'), 0)
    })

    test('a managed transaction rejects with the ConnectionLost of its callback', async ({
      assert,
    }) => {
      await rejectsLost(
        assert,
        db.transaction(async (trx) => {
          await trx.table(ITEMS).insert({ name: 'a' })
          await killSession(killer, await sessionId(trx))
          await trx.table(ITEMS).insert({ name: 'b' })
        })
      )
      assert.equal(await committedRows(), 0)
      await db.table(ITEMS).insert({ name: 'after' })
      assert.equal(await committedRows(), 1)
    })

    test('a query running when the session is killed rejects with ConnectionLost', async ({
      assert,
    }) => {
      const trx = await db.transaction()
      await trx.table(ITEMS).insert({ name: 'a' })
      const id = await sessionId(trx)
      // handled from the start: the rejection may come before KILL returns
      const running = rejectsLost(
        assert,
        trx.rawQuery(DB === 'pg' ? 'SELECT pg_sleep(10)' : 'SELECT SLEEP(10)').exec()
      )
      // wait until the server runs the sleep, then kill the session
      await pollUntil(() => sleeping(killer, id), 5000, 'the sleep to start')
      await killSession(killer, id, false)

      // a rejection with ConnectionLost: the sleep was cut short, not completed
      await running
      await rejectsLost(assert, trx.rollback())
      assert.equal(await committedRows(), 0)
      await db.table(ITEMS).insert({ name: 'after' })
      assert.equal(await committedRows(), 1)
    })
  })

  test.group(`Connection loss | idle pooled connection (${DB})`, (group) => {
    let db: Database
    let killer: Database
    const unhandled = watchUnhandled(group)

    group.each.setup(async () => {
      unhandled.length = 0
      // one pooled connection: the query after the kill gets the killed one if anything
      db = fastFailingDatabase({ pool: { min: 0, max: 1 } })
      killer = createDatabase()
      return async () => {
        await db.manager.closeAll()
        await killer.manager.closeAll()
      }
    })

    group.each.teardown(({ context }) => {
      context.assert.deepEqual(unhandled, [], 'no unhandled rejection')
    })

    test('a connection killed while idle is replaced: a query fails at most once, typed', async ({
      assert,
    }) => {
      // the server has ended the session, but the client may not have read the
      // close yet: then that one query fails with ConnectionLost (seen once in CI)
      for (let round = 0; round < 3; round++) {
        const before = await sessionId(db)
        await killSession(killer, before)
        const after = await sessionId(db).catch(async (error) => {
          assert.instanceOf(error, ConnectionLost)
          return sessionId(db)
        })
        assert.notEqual(after, before, 'a new session')
      }
    })

    test('a connection killed just before a query fails that query at most, typed', async ({
      assert,
    }) => {
      const outcomes: string[] = []
      for (let round = 0; round < 5; round++) {
        const before = await sessionId(db)
        // no waiting: the driver may not have seen the socket close yet
        await killSession(killer, before, false)
        try {
          await db.rawQuery('SELECT 1')
          outcomes.push('ok')
        } catch (error) {
          assert.instanceOf(error, ConnectionLost)
          outcomes.push('lost')
        }
        assert.notEqual(await sessionId(db), before, 'the query after runs on a new session')
      }
      console.log(`  query right after the kill, 5 rounds: ${outcomes.join(', ')}`)
    })
  })
}
