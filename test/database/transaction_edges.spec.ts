/**
 * Edges an outside probe found in the database layer: a PostgreSQL
 * transaction aborted by a caught error, rollback hooks that throw, an
 * isolation level the dialect has not, read-only transactions and delete
 * returning on SQLite, counters and values that reached the driver in a
 * form it stores differently, and `debug(false)`.
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import { E_INVALID_QUERY, E_INVALID_VALUE, E_TRANSACTION_ABORTED } from '../../src/errors.js'
import type { QueryEvent } from '../../src/types/database.js'
import { DB, createDatabase, createUsersTable, dropTables } from '../helpers/database.js'

async function usernames(db: Database) {
  const rows = await db.from('users').select('username').orderBy('id')
  return rows.map((row) => row.username)
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => undefined,
    (error) => error
  )
}

test.group('Transactions | edges', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    await db.table('users').insert({ username: 'taken', email: 'taken@x.org' })
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('a caught failed statement: pg refuses to report a commit, the others keep the rest', async ({
    assert,
  }) => {
    const hooks: string[] = []
    const result = rejection(
      db.transaction(async (trx) => {
        trx.after('commit', () => {
          hooks.push('commit')
        })
        trx.after('rollback', () => {
          hooks.push('rollback')
        })
        await trx.table('users').insert({ username: 'important' })
        const duplicate = trx.table('users').insert({ username: 'dup', email: 'taken@x.org' })
        assert.exists(await rejection(duplicate))
        return 'resolved'
      })
    )
    const error = await result
    if (DB === 'pg') {
      // PostgreSQL aborted the transaction at the failed INSERT: COMMIT would roll back
      assert.instanceOf(error, E_TRANSACTION_ABORTED)
      assert.deepEqual(hooks, ['rollback'])
      assert.deepEqual(await usernames(db), ['taken'])
    } else {
      // SQLite and MySQL undo the failed statement only
      assert.isUndefined(error)
      assert.deepEqual(hooks, ['commit'])
      assert.deepEqual(await usernames(db), ['taken', 'important'])
    }
  })

  test('a failure caught in a savepoint leaves the transaction committable', async ({ assert }) => {
    await db.transaction(async (trx) => {
      await trx.table('users').insert({ username: 'important' })
      const savepoint = await trx.transaction()
      const failed = await rejection(
        savepoint.table('users').insert({ username: 'dup', email: 'taken@x.org' })
      )
      assert.exists(failed)
      await savepoint.rollback()
    })
    assert.deepEqual(await usernames(db), ['taken', 'important'])
  })

  test('a throwing rollback hook neither hides the error nor stops the other hooks', async ({
    assert,
  }) => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on('warning', onWarning)
    const ran: string[] = []
    const error = await rejection(
      db.transaction(async (trx) => {
        trx.after('rollback', () => {
          throw new Error('hook failed')
        })
        trx.after('rollback', () => {
          ran.push('second')
        })
        throw new Error('callback error')
      })
    )
    const manual = await db.transaction()
    manual.after('rollback', () => {
      throw new Error('manual hook failed')
    })
    await manual.rollback()
    await new Promise((resolve) => setImmediate(resolve))
    process.off('warning', onWarning)
    assert.equal(error.message, 'callback error')
    assert.deepEqual(ran, ['second'])
    assert.isTrue(manual.isCompleted)
    assert.lengthOf(
      warnings.filter((message) => message.includes("after('rollback') hook failed")),
      2
    )
  })

  test('rollback() of a committed transaction changes nothing and fires no rollback hook', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    const events: string[] = []
    await trx.table('users').insert({ username: 'kept' })
    await trx.commit()
    trx.on('rollback', () => events.push('rollback event'))
    trx.after('rollback', () => {
      events.push('rollback hook')
    })
    await trx.rollback()
    assert.deepEqual(events, [])
    assert.deepEqual(await usernames(db), ['taken', 'kept'])
  })

  test('an isolation level the dialect has not is refused before BEGIN', async ({ assert }) => {
    if (DB === 'sqlite') {
      // SQLite transactions are serializable whatever is asked: the option is ignored
      const trx = await db.transaction({ isolationLevel: 'snapshot' })
      await trx.rollback()
      return
    }
    const error = await rejection(db.transaction({ isolationLevel: 'snapshot' }))
    assert.instanceOf(error, E_INVALID_QUERY)
    assert.include(error.message, 'Isolation level "snapshot" is not available')
    const trx = await db.transaction({ isolationLevel: 'repeatable read' })
    await trx.table('users').insert({ username: 'after' })
    await trx.commit()
    assert.deepEqual(await usernames(db), ['taken', 'after'])
  })

  test('a readOnly transaction refuses writes on every dialect, and only while it runs', async ({
    assert,
  }) => {
    const error = await rejection(
      db.transaction(
        async (trx) => {
          assert.lengthOf(await trx.from('users'), 1)
          await trx.table('users').insert({ username: 'ro' })
        },
        { readOnly: true }
      )
    )
    assert.exists(error)
    await db.table('users').insert({ username: 'after' })
    assert.deepEqual(await usernames(db), ['taken', 'after'])
  })

  test('delete().returning() gives the deleted rows where the dialect has RETURNING', async ({
    assert,
  }) => {
    const result = await db
      .from('users')
      .where('username', 'taken')
      .delete()
      .returning(['id', 'username'])
    if (DB === 'mysql') assert.equal(result, 1)
    else assert.deepEqual(result, [{ id: 1, username: 'taken' }])
    assert.deepEqual(await usernames(db), [])
  })

  test('increment and decrement refuse an amount that is not a finite number', async ({
    assert,
  }) => {
    for (const amount of [Number.NaN, Number.POSITIVE_INFINITY, 'abc']) {
      const error = await rejection(
        Promise.resolve().then(() => db.from('users').increment('points', amount as never))
      )
      assert.instanceOf(error, E_INVALID_VALUE, String(amount))
    }
    const error = await rejection(
      Promise.resolve().then(() => db.from('users').decrement({ points: Number.NaN }))
    )
    assert.instanceOf(error, E_INVALID_VALUE)
    const [row] = await db.from('users').select('points')
    assert.equal(row.points, 0)
  })

  test('a plain object set by an update is written as JSON, as an insert writes it', async ({
    assert,
  }) => {
    await db.table('users').insert({ username: { id: 1 } as never })
    await db
      .from('users')
      .where('username', '{"id":1}')
      .update({ username: { id: 2 } as never })
    assert.deepEqual(await usernames(db), ['taken', '{"id":2}'])
  })

  test('a DateTime value is bound as a dateTime column writes it, whatever its zone', async ({
    assert,
  }) => {
    const at = DateTime.fromISO('2024-03-10T10:00:00Z').setZone('Asia/Kolkata')
    await db.table('users').insert({ username: 'dated', created_at: at })
    const found = await db.from('users').where('created_at', at.setZone('UTC-7')).select('username')
    assert.deepEqual(
      found.map((row) => row.username),
      ['dated']
    )
    await db
      .from('users')
      .where('username', 'dated')
      .update({ created_at: at.plus({ hours: 1 }) })
    const later = await db.from('users').where('created_at', '>', at).select('username')
    assert.deepEqual(
      later.map((row) => row.username),
      ['dated']
    )
  })

  test('debug(false) silences one query of a debug connection', async ({ assert }) => {
    const debugDb = createDatabase({}, true)
    const events: QueryEvent[] = []
    debugDb.emitter.on('db:query', (event) => events.push(event))
    try {
      await debugDb.from('users').debug(false)
      assert.lengthOf(events, 0)
      await debugDb.from('users')
      assert.lengthOf(events, 1)
    } finally {
      await debugDb.manager.closeAll()
    }
  })
})
