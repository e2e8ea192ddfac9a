/**
 * Issue #18, item 7: typed errors for deadlocks and pool acquire timeouts.
 * Two transactions that lock two rows in opposite order: on pg and mysql
 * one of them is the deadlock victim and gets DeadlockDetected (E_DEADLOCK,
 * retryable, the driver's error as `cause`), which transactionWithRetries
 * runs again where Stratum owns the transaction; on SQLite transactions
 * queue for the file's write lock, so both commit. A query waiting for a
 * pool whose only connection its own transaction holds gets
 * AcquireConnectionTimeout naming the likely cause. Runs on sqlite, pg and mysql.
 */
import { test } from '@japa/runner'
import { type Database } from '../../src/database/database.js'
import {
  AcquireConnectionTimeout,
  DeadlockDetected,
  TransactionConflict,
} from '../../src/errors.js'
import { transactionWithRetries } from '../../src/orm/base_model/create_or_first.js'
import type { TransactionClientContract } from '../../src/types/database.js'
import { connectionConfig, createDatabase, DB, dropTables } from '../helpers/database.js'

const ROWS = 'rel_conflict_rows'

/** A Database with room for two transactions at once. */
function openDatabase(): Database {
  return createDatabase({
    connections: { primary: { ...connectionConfig(), pool: { min: 0, max: 4 } } },
  })
}

/** Updates row `id` in `trx`: takes its row lock (pg, mysql). */
function lockRow(trx: TransactionClientContract, id: number) {
  return trx
    .from(ROWS)
    .where('id', id)
    .update({ touched: trx.raw('touched + 1') })
}

/**
 * Runs two transactions that lock rows 1 and 2 in opposite order; returns how
 * each ended (pg, mysql: on SQLite the second would wait for the first).
 */
async function crossLocks(db: Database) {
  const first = await db.transaction()
  const second = await db.transaction()
  await lockRow(first, 1)
  await lockRow(second, 2)
  const endings = await Promise.allSettled([
    lockRow(first, 2).then(() => first.commit()),
    lockRow(second, 1).then(() => second.commit()),
  ])
  // the victim's transaction still has to end on the client side
  for (const trx of [first, second]) if (!trx.isCompleted) await trx.rollback()
  return endings
}

test.group('Conflicts | deadlocks', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, ROWS)
    await db.connection().schema.createTable(ROWS, (t) => {
      t.integer('id').primary()
      t.integer('touched').notNullable().defaultTo(0)
    })
    await db.table(ROWS).multiInsert([{ id: 1 }, { id: 2 }])
    return async () => {
      await dropTables(db, ROWS)
      await db.close()
    }
  })

  if (DB === 'sqlite') {
    test('transactions locking rows in opposite order both commit, in turn', async ({ assert }) => {
      // managed transactions: a second manual `await db.transaction()` would wait for the first
      const lockBoth = (order: number[]) =>
        db.transaction(async (trx) => {
          await lockRow(trx, order[0])
          await new Promise((resolve) => setImmediate(resolve))
          await lockRow(trx, order[1])
        })
      await Promise.all([lockBoth([1, 2]), lockBoth([2, 1])])
      const rows = await db.from(ROWS).orderBy('id')
      assert.deepEqual(
        rows.map((row) => row.touched),
        [2, 2]
      )
    })
    return
  }

  test('the deadlock victim gets DeadlockDetected, the other transaction commits', async ({
    assert,
  }) => {
    const endings = await crossLocks(db)
    const failures = endings.filter((ending) => ending.status === 'rejected')
    assert.lengthOf(failures, 1)
    const error = (failures[0] as PromiseRejectedResult).reason
    assert.instanceOf(error, DeadlockDetected)
    assert.instanceOf(error, TransactionConflict)
    assert.equal(error.code, 'E_DEADLOCK')
    assert.isTrue(error.retryable)
    assert.include(error.message, 'Run the whole transaction again')
    if (DB === 'pg') assert.equal(error.cause.code, '40P01')
    else assert.equal(error.cause.errno, 1213)
    // only the winner's two updates remain
    const rows = await db.from(ROWS).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.touched),
      [1, 1]
    )
  })

  test('transactionWithRetries runs a transaction of its own again after a deadlock', async ({
    assert,
  }) => {
    let attempts = 0
    let failure: unknown
    const client = db.connection()
    const result = await transactionWithRetries(client, async (trx) => {
      attempts++
      if (attempts === 1) {
        // a real deadlock, typed by the dialect, thrown inside the owned transaction
        const [ending] = (await crossLocks(db)).filter((item) => item.status === 'rejected')
        failure = (ending as PromiseRejectedResult).reason
        throw failure
      }
      return trx.from(ROWS).count('* as total')
    })
    assert.instanceOf(failure, DeadlockDetected)
    assert.equal(attempts, 2)
    assert.equal(Number(result[0].total), 2)
  })
})

test.group('Conflicts | pool acquire timeout', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase({
      connections: {
        primary: {
          ...connectionConfig(),
          pool: { min: 0, max: 1 },
          acquireConnectionTimeout: 300,
        },
      },
    })
    await dropTables(db, ROWS)
    await db.connection().schema.createTable(ROWS, (t) => {
      t.integer('id').primary()
      t.integer('touched').notNullable().defaultTo(0)
    })
    return async () => {
      await dropTables(db, ROWS)
      await db.close()
    }
  })

  test('a query sent without trx inside a transaction names the likely cause', async ({
    assert,
  }) => {
    const error = await db
      .transaction(async (trx) => {
        await trx.table(ROWS).insert({ id: 1 })
        // the mistake: db instead of trx, while the only connection is the transaction's
        await db.from(ROWS).select('*')
      })
      .catch((failure) => failure)
    assert.instanceOf(error, AcquireConnectionTimeout)
    assert.equal(error.code, 'E_ACQUIRE_CONNECTION_TIMEOUT')
    assert.include(error.message, 'without `trx`')
    assert.include(error.message, 'pool.max = 1')
    assert.include(error.message, '300 ms (acquireConnectionTimeout)')
    assert.equal(error.cause.name, 'KnexTimeoutError')
    // the transaction was rolled back and the pool works again
    assert.deepEqual(await db.from(ROWS).select('*'), [])
  })
})
