/**
 * Issue #18, item 7: typed errors for deadlocks and pool acquire timeouts.
 * Two transactions that lock two rows in opposite order: on pg and mysql
 * one of them is the deadlock victim and gets DeadlockDetected (E_DEADLOCK,
 * retryable, the driver's error as `cause`), which transactionWithRetries
 * runs again where Stratum owns the transaction; on SQLite transactions
 * queue for the file's write lock, so both commit. A query waiting for a
 * pool whose only connection its own transaction holds gets
 * AcquireConnectionTimeout naming the likely cause. A lock another
 * transaction holds past the lock timeout (or with NOWAIT) gives LockTimeout,
 * which is not retried (each attempt would wait again), and a pg
 * REPEATABLE READ update of a row changed since gives SerializationFailure,
 * which is. Runs on sqlite, pg and mysql.
 */
import { test } from '@japa/runner'
import { type Database } from '../../src/database/database.js'
import {
  AcquireConnectionTimeout,
  DeadlockDetected,
  LockTimeout,
  SerializationFailure,
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

/** The error `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error
  )
}

/** Ends `trx` if the test left it open. */
async function settle(trx: TransactionClientContract) {
  if (!trx.isCompleted) await trx.rollback()
}

if (DB !== 'sqlite') {
  test.group('Conflicts | lock timeouts and serialization failures', (group) => {
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

    /** Makes `trx` give up on a lock after about 1 s (mysql) or 100 ms (pg). */
    function shortLockWait(trx: TransactionClientContract) {
      return DB === 'pg'
        ? trx.rawQuery("set local lock_timeout = '100ms'")
        : trx.rawQuery('set session innodb_lock_wait_timeout = 1')
    }

    test('a lock held past the lock timeout gives LockTimeout', async ({ assert }) => {
      // the waiter gives up after its lock timeout (1 s on MySQL): not a sleep
      const holder = await db.transaction()
      const waiter = await db.transaction()
      try {
        await lockRow(holder, 1)
        await shortLockWait(waiter)
        await lockRow(waiter, 2)
        const error = await rejection(lockRow(waiter, 1))
        assert.instanceOf(error, LockTimeout)
        assert.instanceOf(error, TransactionConflict)
        assert.equal(error.code, 'E_LOCK_TIMEOUT')
        assert.isTrue(error.retryable)
        assert.include(error.message, 'Run the whole transaction again')
        if (DB === 'pg') {
          assert.equal(error.cause.code, '55P03')
        } else {
          assert.equal(error.cause.errno, 1205)
          // MySQL cancelled the statement only: the transaction and its row 2 update live on
          const [row] = await waiter.from(ROWS).where('id', 2).select('touched')
          assert.equal(row.touched, 1)
        }
      } finally {
        await settle(waiter)
        await settle(holder)
      }
    }).timeout(10_000)

    test('a locking read with NOWAIT on a locked row gives LockTimeout at once', async ({
      assert,
    }) => {
      const holder = await db.transaction()
      const other = await db.transaction()
      try {
        await lockRow(holder, 1)
        const error = await rejection(other.from(ROWS).where('id', 1).forUpdate().noWait())
        assert.instanceOf(error, LockTimeout)
        if (DB === 'pg') assert.equal(error.cause.code, '55P03')
        else assert.equal(error.cause.errno, 1205)
      } finally {
        await settle(other)
        await settle(holder)
      }
    })

    test('transactionWithRetries does not run a transaction again after LockTimeout', async ({
      assert,
    }) => {
      const holder = await db.transaction()
      let attempts = 0
      try {
        await lockRow(holder, 1)
        const error = await rejection(
          transactionWithRetries(db.connection(), async (trx) => {
            attempts++
            await trx.from(ROWS).where('id', 1).forUpdate().noWait()
          })
        )
        assert.instanceOf(error, LockTimeout)
        assert.equal(attempts, 1)
      } finally {
        await settle(holder)
      }
    })

    if (DB === 'pg') {
      /**
       * A REPEATABLE READ transaction reads row 1, another updates it and
       * commits, then the first updates it: 40001. Returns the first's error.
       */
      async function serializationFailure(): Promise<unknown> {
        const reader = await db.transaction({ isolationLevel: 'repeatable read' })
        try {
          await reader.from(ROWS).where('id', 1).select('touched')
          await db.from(ROWS).where('id', 1).update({ touched: 5 })
          return await rejection(lockRow(reader, 1))
        } finally {
          await settle(reader)
        }
      }

      test('an update of a row changed since the snapshot gives SerializationFailure', async ({
        assert,
      }) => {
        const error = (await serializationFailure()) as SerializationFailure
        assert.instanceOf(error, SerializationFailure)
        assert.instanceOf(error, TransactionConflict)
        assert.equal(error.code, 'E_SERIALIZATION_FAILURE')
        assert.isTrue(error.retryable)
        assert.equal((error.cause as { code: string }).code, '40001')
        const [row] = await db.from(ROWS).where('id', 1).select('touched')
        assert.equal(row.touched, 5)
      })

      test('transactionWithRetries runs a transaction again after SerializationFailure', async ({
        assert,
      }) => {
        let attempts = 0
        let failure: unknown
        const result = await transactionWithRetries(db.connection(), async (trx) => {
          attempts++
          if (attempts === 1) {
            failure = await serializationFailure()
            throw failure
          }
          return lockRow(trx, 1)
        })
        assert.instanceOf(failure, SerializationFailure)
        assert.equal(attempts, 2)
        assert.equal(result, 1)
        const [row] = await db.from(ROWS).where('id', 1).select('touched')
        assert.equal(row.touched, 6)
      })
    }
  })
}
