/**
 * Issue #18, item 1: SQLite with a pool of 10 connections. Transactions that
 * read then write no longer deadlock each other (they queue for the file's
 * write lock and begin IMMEDIATE); a COMMIT that fails leaves no transaction
 * open on the pooled connection; waiting for a file locked by another
 * process lets the event loop run; what still fails is a typed, retryable
 * DatabaseBusy, or AcquireConnectionTimeout for a query that waits for its
 * own transaction. "Another process" is a second better-sqlite3 handle on
 * the same file. SQLite only: on pg and mysql this file registers no test.
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import BetterSqlite from 'better-sqlite3'
import { Database } from '../../src/database/database.js'
import { AcquireConnectionTimeout, DatabaseBusy, TransactionConflict } from '../../src/errors.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { DB } from '../helpers/database.js'

const sqliteTest: typeof test = DB === 'sqlite' ? test : ((() => {}) as unknown as typeof test)
const FILE = join(tmpdir(), `stratum-sqlite-pool-${process.pid}.sqlite3`)
const ITEMS = 'rel_sqlite_pool_items'

class Item extends BaseModel {
  static table = ITEMS
  @column({ isPrimary: true }) declare id: number
  @column() declare key: string
  @column() declare value: number
}

/** A Database on FILE with a pool of 10; `timeout` is how long a statement waits for another process. */
function openDatabase(options: { timeout?: number; acquireConnectionTimeout?: number } = {}) {
  return new Database({
    connection: 'primary',
    connections: {
      primary: {
        client: 'better-sqlite3',
        connection: { filename: FILE, options: { timeout: options.timeout } },
        pool: { min: 0, max: 10 },
        acquireConnectionTimeout: options.acquireConnectionTimeout,
      },
    },
  })
}

/** Starts `count` calls at once and waits for them all. */
function concurrently<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)))
}

/** Counts event loop turns until `stop()`: proves the loop ran while a call waited. */
function loopTurns() {
  let turns = 0
  let running = true
  const turn = () => {
    if (!running) return
    turns++
    setImmediate(turn)
  }
  setImmediate(turn)
  return {
    stop() {
      running = false
      return turns
    },
  }
}

test.group('SQLite pool of 10 | concurrent transactions', (group) => {
  let db: Database
  group.each.setup(async () => {
    rmSync(FILE, { force: true })
    db = openDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await db.connection().schema.createTable(ITEMS, (t) => {
      t.increments('id')
      t.string('key').notNullable().unique()
      t.integer('value').notNullable().defaultTo(0)
    })
    return async () => {
      await db.close()
      rmSync(FILE, { force: true })
    }
  })

  sqliteTest('two transactions that read then write both commit, in turn', async ({ assert }) => {
    await db.table(ITEMS).insert({ key: 'counter', value: 0 })
    const bump = () =>
      db.transaction(async (trx) => {
        const row = await trx.from(ITEMS).where('key', 'counter').firstOrFail()
        // the other transaction gets its turn here: it must not read the same value
        await new Promise((resolve) => setImmediate(resolve))
        await trx
          .from(ITEMS)
          .where('key', 'counter')
          .update({ value: row.value + 1 })
      })
    await concurrently(2, bump)
    const row = await db.from(ITEMS).where('key', 'counter').firstOrFail()
    assert.equal(row.value, 2)
    // every pooled connection is usable afterwards
    await concurrently(10, (index) => db.table(ITEMS).insert({ key: `after${index}`, value: 1 }))
    assert.equal(Number((await db.from(ITEMS).count('* as total'))[0].total), 11)
  })

  sqliteTest(
    '100 concurrent updateOrCreate end with one row and one of the updates',
    async ({ assert }) => {
      const results = await concurrently(100, (index) =>
        Item.updateOrCreate({ key: 'shared' }, { value: index })
      )
      const rows = await db.from(ITEMS).select('*')
      assert.lengthOf(rows, 1)
      assert.includeMembers([...Array(100).keys()], [rows[0].value])
      for (const item of results) {
        assert.equal(item.id, rows[0].id)
        assert.isTrue(item.$isPersisted)
      }
    }
  )

  sqliteTest('100 concurrent read-then-write transactions count exactly', async ({ assert }) => {
    await db.table(ITEMS).insert({ key: 'counter', value: 0 })
    await concurrently(100, () =>
      db.transaction(async (trx) => {
        const row = await trx.from(ITEMS).where('key', 'counter').firstOrFail()
        await trx
          .from(ITEMS)
          .where('key', 'counter')
          .update({ value: row.value + 1 })
      })
    )
    const row = await db.from(ITEMS).where('key', 'counter').firstOrFail()
    assert.equal(row.value, 100)
  })

  sqliteTest('pooled connections never wait for a lock inside the driver', async ({ assert }) => {
    const trx = await db.transaction()
    const timeouts = [
      (await trx.rawQuery('PRAGMA busy_timeout'))[0],
      (await db.rawQuery('PRAGMA busy_timeout'))[0],
    ]
    await trx.commit()
    for (const row of timeouts) assert.equal(Object.values(row)[0], 0)
  })

  sqliteTest(
    'a query sent without trx inside a transaction gets AcquireConnectionTimeout',
    async ({ assert }) => {
      const short = openDatabase({ acquireConnectionTimeout: 200 })
      try {
        const error = await short
          .transaction(async (trx) => {
            await trx.table(ITEMS).insert({ key: 'inside', value: 1 })
            // the mistake: `short` instead of `trx`, which waits for this transaction's lock
            await short.table(ITEMS).insert({ key: 'outside', value: 1 })
          })
          .catch((failure) => failure)
        assert.instanceOf(error, AcquireConnectionTimeout)
        assert.equal(error.code, 'E_ACQUIRE_CONNECTION_TIMEOUT')
        assert.include(error.message, 'without `trx`')
        assert.include(error.message, '200 ms')
        assert.deepEqual(await short.from(ITEMS).select('key'), [])
      } finally {
        await short.close()
      }
    }
  )
})

test.group('SQLite pool of 10 | a file locked by another process', (group) => {
  let db: Database
  let other: BetterSqlite.Database
  group.each.setup(async () => {
    rmSync(FILE, { force: true })
    db = openDatabase({ timeout: 100 })
    await db.connection().schema.createTable(ITEMS, (t) => {
      t.increments('id')
      t.string('key').notNullable().unique()
      t.integer('value').notNullable().defaultTo(0)
    })
    other = new BetterSqlite(FILE, { timeout: 0 })
    return async () => {
      if (other.inTransaction) other.exec('ROLLBACK')
      other.close()
      await db.close()
      rmSync(FILE, { force: true })
    }
  })

  sqliteTest('a COMMIT that stays busy rolls back: nothing stays open', async ({ assert }) => {
    await db.table(ITEMS).insert({ key: 'seen', value: 1 })
    // a reader of the other process: COMMIT needs it gone (rollback journal)
    other.exec('BEGIN')
    other.prepare(`SELECT * FROM ${ITEMS}`).all()
    const turns = loopTurns()
    const error = await db
      .transaction(async (trx) => {
        await trx.table(ITEMS).insert({ key: 'lost', value: 1 })
      })
      .catch((failure) => failure)
    assert.isAbove(turns.stop(), 0)
    assert.instanceOf(error, DatabaseBusy)
    assert.instanceOf(error, TransactionConflict)
    assert.equal(error.code, 'E_DATABASE_BUSY')
    assert.isTrue(error.retryable)
    assert.equal(error.cause.code, 'SQLITE_BUSY')
    other.exec('COMMIT')
    // the failed transaction left nothing behind, and every connection works again
    assert.deepEqual(
      (await db.from(ITEMS).select('key')).map((row) => row.key),
      ['seen']
    )
    await concurrently(10, (index) =>
      db.transaction((trx) => trx.table(ITEMS).insert({ key: `next${index}`, value: 1 }))
    )
    assert.equal(Number((await db.from(ITEMS).count('* as total'))[0].total), 11)
  })

  sqliteTest('a write waits for the other writer without blocking the loop', async ({ assert }) => {
    other.exec('BEGIN IMMEDIATE')
    other.prepare(`INSERT INTO ${ITEMS} (key, value) VALUES ('theirs', 1)`).run()
    const turns = loopTurns()
    const error = await db
      .table(ITEMS)
      .insert({ key: 'mine', value: 1 })
      .catch((failure: unknown) => failure)
    assert.isAbove(turns.stop(), 0)
    assert.instanceOf(error, DatabaseBusy)
    other.exec('COMMIT')
    // retrying, as the error says, works once the other writer is done
    await db.table(ITEMS).insert({ key: 'mine', value: 1 })
    const keys = (await db.from(ITEMS).orderBy('key')).map((row) => row.key)
    assert.deepEqual(keys, ['mine', 'theirs'])
  })

  sqliteTest(
    'a write that meets a busy file succeeds once the other writer commits',
    async ({ assert }) => {
      other.exec('BEGIN IMMEDIATE')
      const slow = openDatabase({ timeout: 30_000 })
      try {
        const insert = slow.table(ITEMS).insert({ key: 'mine', value: 1 })
        const pending = Promise.resolve(insert)
        // the insert is waiting now or will be; either way it must not fail
        setImmediate(() => other.exec('COMMIT'))
        await pending
        assert.deepEqual(
          (await slow.from(ITEMS).select('key')).map((row) => row.key),
          ['mine']
        )
      } finally {
        await slow.close()
      }
    }
  )
})
