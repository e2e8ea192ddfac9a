/**
 * Issue #18, item 6: an `after('commit')` hook that throws never makes a
 * committed transaction look failed (a caller that retries would write
 * twice). `db.transaction()` and `trx.commit()` resolve, every other hook
 * still runs, and the failure is reported as E_AFTER_COMMIT_HOOK_FAILED
 * (`committed: true`) through `db:after_commit:error`, or as a process
 * warning when nobody listens. Runs on sqlite, pg and mysql.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_AFTER_COMMIT_HOOK_FAILED } from '../../src/errors.js'
import { createDatabase, dropTables } from '../helpers/database.js'

const ITEMS = 'rel_after_commit_items'

test.group('After-commit hooks | a hook that throws', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, ITEMS)
    await db.connection().schema.createTable(ITEMS, (t) => {
      t.increments('id')
      t.string('name').notNullable()
    })
    return async () => {
      await dropTables(db, ITEMS)
      await db.close()
    }
  })

  /** Collects `db:after_commit:error` events. */
  function reported() {
    const events: { connection: string; error: E_AFTER_COMMIT_HOOK_FAILED }[] = []
    db.on('db:after_commit:error', (event) => events.push(event))
    return events
  }

  test('db.transaction resolves with the callback value and the rows stay', async ({ assert }) => {
    const events = reported()
    const hookError = new Error('mailer down')
    const ran: string[] = []
    const result = await db.transaction(async (trx) => {
      await trx.table(ITEMS).insert({ name: 'kept' })
      trx.after('commit', () => {
        ran.push('first')
        throw hookError
      })
      trx.after('commit', async () => void ran.push('second'))
      return 'done'
    })
    assert.equal(result, 'done')
    assert.deepEqual(ran, ['first', 'second'])
    assert.deepEqual(
      (await db.from(ITEMS).select('name')).map((row) => row.name),
      ['kept']
    )
    assert.lengthOf(events, 1)
    assert.equal(events[0].connection, 'primary')
    assert.instanceOf(events[0].error, E_AFTER_COMMIT_HOOK_FAILED)
    assert.equal(events[0].error.code, 'E_AFTER_COMMIT_HOOK_FAILED')
    assert.isTrue(events[0].error.committed)
    assert.strictEqual(events[0].error.cause, hookError)
    assert.include(events[0].error.message, 'mailer down')
  })

  test('a manual commit resolves; hooks of a released savepoint report the same way', async ({
    assert,
  }) => {
    const events = reported()
    const trx = await db.transaction()
    await trx.transaction(async (savepoint) => {
      await savepoint.table(ITEMS).insert({ name: 'nested' })
      savepoint.after('commit', async () => {
        throw new Error('nested hook')
      })
    })
    await trx.commit()
    assert.isTrue(trx.isCompleted)
    assert.equal(Number((await db.from(ITEMS).count('* as total'))[0].total), 1)
    assert.deepEqual(
      events.map((event) => (event.error.cause as Error).message),
      ['nested hook']
    )
  })

  test('without a listener the failure becomes a process warning', async ({ assert }) => {
    const warnings: Error[] = []
    const onWarning = (warning: Error) => warnings.push(warning)
    process.on('warning', onWarning)
    try {
      await db.transaction(async (trx) => {
        await trx.table(ITEMS).insert({ name: 'kept' })
        trx.after('commit', () => {
          throw new Error('cache flush failed')
        })
      })
      // process warnings are emitted on the next tick
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    const ours = warnings.filter((warning) => warning instanceof E_AFTER_COMMIT_HOOK_FAILED)
    assert.lengthOf(ours, 1)
    assert.include(ours[0].message, 'cache flush failed')
    assert.equal(Number((await db.from(ITEMS).count('* as total'))[0].total), 1)
  })

  test('a callback that throws still rolls back and runs no commit hook', async ({ assert }) => {
    const events = reported()
    let ran = false
    const error = await db
      .transaction(async (trx) => {
        await trx.table(ITEMS).insert({ name: 'gone' })
        trx.after('commit', () => {
          ran = true
        })
        throw new Error('callback failed')
      })
      .catch((failure) => failure)
    assert.equal(error.message, 'callback failed')
    assert.isFalse(ran)
    assert.lengthOf(events, 0)
    assert.equal(Number((await db.from(ITEMS).count('* as total'))[0].total), 0)
  })
})
