import { test } from '@japa/runner'
import { formatQuery } from '../../src/database/pretty_print.js'
import type { Database } from '../../src/database/database.js'
import type { QueryEvent } from '../../src/types/database.js'
import { createDatabase, createUsersTable, dropTables } from '../helpers/database.js'

test.group('Query events', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase({}, true)
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('a debug connection emits db:query for every query', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.on('db:query', (event) => events.push(event))
    await db.table('users').insert({ username: 'virk' })
    await db.from('users').where('username', 'virk').select('id')
    assert.lengthOf(events, 2)
    const [insert, select] = events
    assert.equal(insert.connection, 'primary')
    assert.equal(insert.method, 'insert')
    assert.deepEqual(insert.bindings, ['virk'])
    assert.isFalse(insert.inTransaction)
    assert.equal(select.method, 'select')
    assert.match(select.sql, /select .*from .*users.* where .*username.* = \?/)
    assert.isArray(select.duration)
  })

  test('queries in a transaction are flagged inTransaction', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.on('db:query', (event) => events.push(event))
    await db.transaction(async (trx) => {
      await trx.from('users').select('id')
    })
    assert.isTrue(events.some((event) => event.inTransaction && event.method === 'select'))
  })

  test('a failed query is reported with its error', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.on('db:query', (event) => events.push(event))
    await assert.rejects(() => db.from('no_such_table').select('*'))
    assert.lengthOf(events, 1)
    assert.instanceOf(events[0].error, Error)
  })

  test('a non debug connection reports only queries marked debug(true)', async ({ assert }) => {
    const quiet = createDatabase()
    const events: QueryEvent[] = []
    quiet.on('db:query', (event) => events.push(event))
    await quiet.from('users').select('id')
    await quiet.from('users').select('id').debug(true)
    await quiet.manager.closeAll()
    assert.lengthOf(events, 1)
  })
})

test.group('Pretty printed queries', () => {
  const event: QueryEvent = {
    connection: 'primary',
    sql: 'select * from "users" where "email" = ?',
    bindings: ['a@b.c'],
    method: 'select',
    inTransaction: true,
    duration: [0, 1_500_000],
  }

  test('renders a plain line without colours', ({ assert }) => {
    assert.equal(
      formatQuery(event),
      'primary (1.50 ms) [trx] select * from "users" where "email" = ? ["a@b.c"]'
    )
  })

  test('adds ANSI colours when asked', ({ assert }) => {
    const line = formatQuery(event, true)
    assert.include(line, '\u001b[')
    assert.include(line, 'select * from "users"')
  })
})
