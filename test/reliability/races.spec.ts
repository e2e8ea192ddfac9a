/**
 * Issue #9, races: concurrent firstOrCreate, updateOrCreate, fetchOrCreateMany,
 * updateOrCreateMany and increment on one key end with one row and the exact
 * sum. On pg and mysql the calls run over a pool of 20 connections, on SQLite
 * over a pool of 10 (transactions queue for the file's write lock; calls
 * outside a transaction still interleave between their select and their
 * insert). The fallback itself is proven
 * without timing: a hook inserts the conflicting row through another
 * connection between the select and the insert.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { UniqueViolation } from '../../src/errors.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { beforeCreate } from '../../src/orm/decorators/hooks.js'
import {
  transactionAttempts,
  transactionWithRetries,
} from '../../src/orm/base_model/create_or_first.js'
import type {
  QueryClientContract,
  QueryEvent,
  TransactionClientContract,
} from '../../src/types/database.js'
import { connectionConfig, createDatabase, DB, dropTables } from '../helpers/database.js'

/**
 * Tests where a second connection inserts while the first is mid-call inside
 * a transaction: on SQLite that insert waits for the transaction's write
 * lock, so they are registered on the server dialects only.
 */
const serverTest: typeof test = DB === 'sqlite' ? ((() => {}) as unknown as typeof test) : test
const ACCOUNTS = 'rel_race_accounts'
const MEMBERS = 'rel_race_members'
const CALLS = 50
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']

class Account extends BaseModel {
  static table = ACCOUNTS
  /** Runs once, in the next before:create hook: stands for another process inserting first. */
  static interloper?: () => Promise<unknown>
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string | null
  @column() declare counter: number

  @beforeCreate() static async runInterloper() {
    const interloper = this.interloper
    this.interloper = undefined
    await interloper?.()
  }
}

class Member extends BaseModel {
  static table = MEMBERS
  @column({ isPrimary: true }) declare id: number
  @column() declare team: string
  @column() declare member: string
  @column() declare role: string | null
}

/** A Database with a pool of 20 connections on the servers, 10 on SQLite. */
function openDatabase(): Database {
  const pool = { min: 0, max: DB === 'sqlite' ? 10 : 20 }
  const db = createDatabase({ connections: { primary: { ...connectionConfig(), pool } } })
  BaseModel.useAdapter(new Adapter(db))
  return db
}

/**
 * Opens every pool connection up front (20 transactions held open at once),
 * so the concurrent calls run side by side instead of queueing behind the
 * connection handshakes.
 */
async function warmPool(db: Database) {
  // SQLite opens a connection in microseconds, and its transactions run one at a time
  if (DB === 'sqlite') return
  const transactions = await concurrently(20, () => db.transaction())
  for (const trx of transactions) await trx.rollback()
}

async function createTables(db: Database) {
  await dropTables(db, ACCOUNTS, MEMBERS)
  // a knex schema builder accumulates statements: one per table
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable(ACCOUNTS, (t) => {
    t.increments('id')
    t.string('email', 191).notNullable().unique()
    t.string('name', 100).nullable().unique()
    t.integer('counter').notNullable().defaultTo(0)
  })
  await schema().createTable(MEMBERS, (t) => {
    t.increments('id')
    t.string('team', 50).notNullable()
    t.string('member', 50).notNullable()
    t.string('role', 50)
    t.unique(['team', 'member'])
  })
}

/** Starts `count` calls at once and waits for them all. */
function concurrently<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)))
}

/** Four of the eight keys, in an order that differs between calls (so locks cross). */
function keysOf(index: number): string[] {
  const picked = [index, index + 3, index + 5, index + 6].map((offset) => KEYS[offset % 8])
  return index % 2 === 0 ? picked : picked.reverse()
}

/** Email -> id of every account row. */
async function idsByEmail(db: Database): Promise<Map<string, number>> {
  const rows = await db.from(ACCOUNTS).select('id', 'email')
  return new Map(rows.map((row) => [row.email as string, Number(row.id)]))
}

/** Counts the `SELECT ... FOR UPDATE` queries run (needs a debug connection). */
function countLockingSelects(db: Database) {
  let count = 0
  const listener = (event: QueryEvent) => {
    if (event.method === 'select' && /for update/i.test(event.sql)) count++
  }
  db.on('db:query', listener)
  return { count: () => count, stop: () => db.off('db:query', listener) }
}

/** Collects failed queries (needs a debug connection). */
function captureFailures(db: Database) {
  const failures: QueryEvent[] = []
  const listener = (event: QueryEvent) => {
    if (event.error) failures.push(event)
  }
  db.on('db:query', listener)
  return { failures, stop: () => db.off('db:query', listener) }
}

test.group('Races | concurrent callers on one unique key', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTables(db)
    await warmPool(db)
    return async () => {
      await dropTables(db, ACCOUNTS, MEMBERS)
      await db.manager.closeAll()
    }
  })

  test('50 concurrent firstOrCreate create one row and all return it', async ({ assert }) => {
    const models = await concurrently(CALLS, (index) =>
      Account.firstOrCreate({ email: 'race@example.com' }, { name: `caller ${index}` })
    )
    const rows = await db.from(ACCOUNTS).select('*')
    assert.lengthOf(rows, 1)
    for (const model of models) {
      assert.equal(model.id, Number(rows[0].id))
      assert.isTrue(model.$isPersisted)
    }
  })

  test('50 concurrent firstOrCreate, each in its own transaction, return one row', async ({
    assert,
  }) => {
    const models = await concurrently(CALLS, (index) =>
      db.transaction((trx) =>
        Account.firstOrCreate(
          { email: 'race@example.com' },
          { name: `caller ${index}` },
          { client: trx }
        )
      )
    )
    const rows = await db.from(ACCOUNTS).select('*')
    assert.lengthOf(rows, 1)
    for (const model of models) {
      assert.equal(model.id, Number(rows[0].id))
      assert.isTrue(model.$isPersisted)
    }
  })

  test('50 concurrent updateOrCreate leave one row holding one of the updates', async ({
    assert,
  }) => {
    const names = Array.from({ length: CALLS }, (_, index) => `caller ${index}`)
    const models = await concurrently(CALLS, (index) =>
      Account.updateOrCreate({ email: 'race@example.com' }, { name: names[index] })
    )
    const rows = await db.from(ACCOUNTS).select('*')
    assert.lengthOf(rows, 1)
    assert.include(names, rows[0].name)
    for (const [index, model] of models.entries()) {
      assert.equal(model.id, Number(rows[0].id))
      assert.isTrue(model.$isPersisted)
      assert.equal(model.name, names[index])
    }
  })

  test('50 concurrent fetchOrCreateMany on overlapping keys create one row per key', async ({
    assert,
  }) => {
    const results = await concurrently(CALLS, (index) =>
      Account.fetchOrCreateMany(
        'email',
        keysOf(index).map((key) => ({ email: `${key}@example.com` }))
      )
    )
    const ids = await idsByEmail(db)
    assert.equal(ids.size, KEYS.length)
    for (const [index, models] of results.entries()) {
      assert.deepEqual(
        models.map((model) => model.email),
        keysOf(index).map((key) => `${key}@example.com`)
      )
      for (const model of models) {
        assert.equal(model.id, ids.get(model.email))
        assert.isTrue(model.$isPersisted)
      }
    }
  })

  test('50 concurrent updateOrCreateMany on overlapping keys keep one row per key', async ({
    assert,
  }) => {
    const payloadOf = (index: number) =>
      keysOf(index).map((key) => ({ team: 'red', member: key, role: `role ${index}` }))
    const results = await concurrently(CALLS, (index) =>
      Member.updateOrCreateMany(['team', 'member'], payloadOf(index))
    )
    const rows = await db.from(MEMBERS).select('*')
    assert.lengthOf(rows, KEYS.length)
    const byMember = new Map(rows.map((row) => [row.member as string, row]))
    for (const [index, models] of results.entries()) {
      assert.deepEqual(
        models.map((model) => [model.member, model.role]),
        payloadOf(index).map((row) => [row.member, row.role])
      )
      for (const model of models) assert.equal(model.id, Number(byMember.get(model.member)!.id))
    }
    // the role kept for a key is one some caller wrote for it
    for (const row of rows) {
      const writers = results
        .map((_, index) => payloadOf(index))
        .flat()
        .filter((payload) => payload.member === row.member)
      assert.include(
        writers.map((payload) => payload.role),
        row.role
      )
    }
  })

  test('20 concurrent increments through a model query add up exactly', async ({ assert }) => {
    const account = await Account.create({ email: 'counter@example.com' })
    await concurrently(20, () => Account.query().where('id', account.id).increment('counter', 1))
    const row = await db.from(ACCOUNTS).where('id', account.id).first()
    assert.equal(Number(row!.counter), 20)
  })

  test('20 concurrent increments through the database query builder add up exactly', async ({
    assert,
  }) => {
    const account = await Account.create({ email: 'counter@example.com' })
    await concurrently(20, () => db.from(ACCOUNTS).where('id', account.id).increment('counter', 1))
    const row = await db.from(ACCOUNTS).where('id', account.id).first()
    assert.equal(Number(row!.counter), 20)
  })
})

/**
 * The fallback, without timing: a before:create hook inserts the conflicting
 * row through another pool connection, after the select found nothing.
 */
test.group('Races | the row inserted between select and insert', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase({}, true)
    BaseModel.useAdapter(new Adapter(db))
    await createTables(db)
    return async () => {
      Account.interloper = undefined
      await dropTables(db, ACCOUNTS, MEMBERS)
      await db.manager.closeAll()
    }
  })

  /** The next insert of an account finds this row already committed by another connection. */
  function interlope(email: string, name = 'interloper') {
    Account.interloper = () => db.table(ACCOUNTS).insert({ email, name })
  }

  async function interloperId(email: string): Promise<number> {
    return Number((await db.from(ACCOUNTS).where('email', email).first())!.id)
  }

  test('firstOrCreate returns the row another connection inserted first', async ({ assert }) => {
    interlope('late@example.com')
    const failures = captureFailures(db)
    const account = await Account.firstOrCreate({ email: 'late@example.com' }, { name: 'mine' })
    failures.stop()
    assert.instanceOf(failures.failures[0]?.error, UniqueViolation)
    assert.equal(account.id, await interloperId('late@example.com'))
    assert.equal(account.name, 'interloper')
    assert.isTrue(account.$isPersisted)
    assert.isFalse(account.$isLocal)
    assert.lengthOf(await db.from(ACCOUNTS), 1)
  })

  serverTest(
    'firstOrCreate in a transaction re-reads the row through a savepoint',
    async ({ assert }) => {
      interlope('late@example.com')
      const account = await db.transaction(async (trx) => {
        const found = await Account.firstOrCreate(
          { email: 'late@example.com' },
          { name: 'mine' },
          { client: trx }
        )
        // the transaction is still usable after the failed insert (PostgreSQL would abort it)
        await trx.table(ACCOUNTS).insert({ email: 'after@example.com' })
        return found
      })
      assert.equal(account.id, await interloperId('late@example.com'))
      assert.lengthOf(await db.from(ACCOUNTS), 2)
    }
  )

  serverTest(
    'updateOrCreate in the caller transaction updates the row another connection inserted',
    async ({ assert }) => {
      interlope('late@example.com')
      const account = await withTransaction(db, (trx) =>
        Account.updateOrCreate({ email: 'late@example.com' }, { name: 'mine' }, { client: trx })
      )
      const row = (await db.from(ACCOUNTS).where('email', 'late@example.com').first())!
      assert.equal(account.id, Number(row.id))
      assert.equal(row.name, 'mine')
      assert.equal(account.name, 'mine')
      assert.lengthOf(await db.from(ACCOUNTS), 1)
    }
  )

  serverTest(
    'updateOrCreate in its own transaction reruns and updates that row',
    async ({ assert }) => {
      interlope('late@example.com')
      const selects = countLockingSelects(db)
      const account = await Account.updateOrCreate({ email: 'late@example.com' }, { name: 'mine' })
      selects.stop()
      const row = (await db.from(ACCOUNTS).where('email', 'late@example.com').first())!
      // the first run found nothing and lost the insert; the second found the row and locked it
      assert.equal(selects.count(), 2)
      assert.equal(account.id, Number(row.id))
      assert.equal(row.name, 'mine')
      assert.isUndefined(account.$trx)
      assert.lengthOf(await db.from(ACCOUNTS), 1)
    }
  )

  serverTest(
    'fetchOrCreateMany swaps in the row another connection inserted',
    async ({ assert }) => {
      interlope('b@example.com')
      // REPEATABLE READ on MySQL: only a locking re-read sees the row committed after our snapshot
      const accounts = await db.transaction((trx) =>
        Account.fetchOrCreateMany(
          'email',
          [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'b@example.com' }],
          { client: trx }
        )
      )
      const ids = await idsByEmail(db)
      assert.deepEqual(
        accounts.map((account) => account.id),
        [ids.get('a@example.com'), ids.get('b@example.com'), ids.get('b@example.com')]
      )
      assert.equal(accounts[1].name, 'interloper')
      assert.equal(ids.size, 2)
    }
  )

  serverTest(
    'updateOrCreateMany in the caller transaction updates the row another connection inserted',
    async ({ assert }) => {
      interlope('a@example.com')
      const accounts = await withTransaction(db, (trx) =>
        Account.updateOrCreateMany(
          'email',
          [
            { email: 'a@example.com', name: 'first' },
            { email: 'b@example.com', name: 'second' },
          ],
          { client: trx }
        )
      )
      const ids = await idsByEmail(db)
      assert.deepEqual(
        accounts.map((account) => account.id),
        [ids.get('a@example.com'), ids.get('b@example.com')]
      )
      const names = await db.from(ACCOUNTS).orderBy('email').select('name')
      assert.deepEqual(
        names.map((row) => row.name),
        ['first', 'second']
      )
    }
  )

  serverTest(
    'updateOrCreateMany in its own transaction reruns and updates that row',
    async ({ assert }) => {
      interlope('b@example.com')
      const accounts = await Account.updateOrCreateMany('email', [
        { email: 'b@example.com', name: 'second' },
        { email: 'a@example.com', name: 'first' },
      ])
      const ids = await idsByEmail(db)
      assert.deepEqual(
        accounts.map((account) => account.id),
        [ids.get('b@example.com'), ids.get('a@example.com')]
      )
      const names = await db.from(ACCOUNTS).orderBy('email').select('name')
      assert.deepEqual(
        names.map((row) => row.name),
        ['first', 'second']
      )
    }
  )

  test('the UniqueViolation of another unique column is rethrown, not retried', async ({
    assert,
  }) => {
    await db.table(ACCOUNTS).insert({ email: 'taken@example.com', name: 'taken' })
    const failures = captureFailures(db)
    const error = await Account.firstOrCreate({ email: 'new@example.com' }, { name: 'taken' })
      .then(() => undefined)
      .catch((failure) => failure)
    failures.stop()
    assert.instanceOf(error, UniqueViolation)
    assert.lengthOf(failures.failures, 1)
    await assert.rejects(
      () => Account.updateOrCreate({ email: 'new@example.com' }, { name: 'taken' }),
      UniqueViolation
    )
    assert.lengthOf(await db.from(ACCOUNTS), 1)
  })
})

/**
 * A transaction for the fallback tests. On MySQL it is READ COMMITTED: under
 * REPEATABLE READ the `SELECT ... FOR UPDATE` of the update variants takes a
 * gap lock, so the interloper's insert would wait for us and never land in
 * between (which is that isolation level's own protection).
 */
function withTransaction<T>(db: Database, work: (trx: TransactionClientContract) => Promise<T>) {
  return db.transaction(work, DB === 'mysql' ? { isolationLevel: 'read committed' } : undefined)
}

/** A client whose transactions fail with `failures` first, for the retry loop alone. */
function fakeClient(failures: unknown[]) {
  let calls = 0
  const client = {
    isTransaction: false,
    dialect: { name: 'postgres' },
    transaction: async (callback: (trx: unknown) => Promise<unknown>) => {
      const failure = failures[calls++]
      if (failure) throw failure
      return callback({ isTransaction: true })
    },
  }
  return { client: client as unknown as QueryClientContract, calls: () => calls }
}

test.group('Races | transactionWithRetries', () => {
  test('reruns a transaction the database rolled back as a deadlock victim', async ({ assert }) => {
    const mysqlDeadlock = Object.assign(new Error('deadlock'), { errno: 1213 })
    const pgDeadlock = Object.assign(new Error('deadlock'), { code: '40P01' })
    const fake = fakeClient([mysqlDeadlock, pgDeadlock])
    assert.equal(await transactionWithRetries(fake.client, async () => 'done'), 'done')
    assert.equal(fake.calls(), 3)
  })

  test('rethrows other errors at once', async ({ assert }) => {
    const fake = fakeClient([new Error('boom')])
    await assert.rejects(() => transactionWithRetries(fake.client, async () => 'done'), 'boom')
    assert.equal(fake.calls(), 1)
  })

  test('gives up after a bounded number of attempts', async ({ assert }) => {
    const deadlock = Object.assign(new Error('deadlock'), { errno: 1213 })
    const fake = fakeClient(Array.from({ length: 100 }, () => deadlock))
    await assert.rejects(() => transactionWithRetries(fake.client, async () => 'done'), 'deadlock')
    assert.equal(fake.calls(), transactionAttempts)
  })

  test('runs in the caller transaction once, without retrying', async ({ assert }) => {
    const trx = { isTransaction: true } as unknown as QueryClientContract
    let runs = 0
    const result = await transactionWithRetries(trx, async (given, owned) => {
      runs++
      assert.strictEqual(given, trx)
      assert.isFalse(owned)
      return 'done'
    })
    assert.equal(result, 'done')
    assert.equal(runs, 1)
  })
})
