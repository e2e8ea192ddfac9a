import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { TransactionClient } from '../../src/database/transaction_client.js'
import { E_TRANSACTION_COMPLETED } from '../../src/errors.js'
import {
  DB,
  connectionConfig,
  createDatabase,
  createUsersTable,
  dropTables,
} from '../helpers/database.js'

async function usernames(db: Database) {
  const rows = await db.from('users').select('username').orderBy('id')
  return rows.map((row) => row.username)
}

test.group('Transactions', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('a managed transaction commits when the callback resolves', async ({ assert }) => {
    const result = await db.transaction(async (trx) => {
      await trx.table('users').insert({ username: 'virk' })
      return 'done'
    })
    assert.equal(result, 'done')
    assert.deepEqual(await usernames(db), ['virk'])
  })

  test('a managed transaction rolls back and rethrows when the callback throws', async ({
    assert,
  }) => {
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          await trx.table('users').insert({ username: 'virk' })
          throw new Error('boom')
        }),
      'boom'
    )
    assert.deepEqual(await usernames(db), [])
  })

  test('a manual transaction commits', async ({ assert }) => {
    const trx = await db.transaction()
    assert.instanceOf(trx, TransactionClient)
    assert.isFalse(trx.isCompleted)
    await trx.insertQuery().table('users').insert({ username: 'virk' })
    await trx.commit()
    assert.isTrue(trx.isCompleted)
    assert.deepEqual(await usernames(db), ['virk'])
  })

  test('a query on a committed or rolled back transaction throws E_TRANSACTION_COMPLETED', async ({
    assert,
  }) => {
    const committed = await db.transaction()
    await committed.commit()
    const error = await committed
      .from('users')
      .select('username')
      .catch((failure: unknown) => failure)
    assert.instanceOf(error, E_TRANSACTION_COMPLETED)
    assert.equal((error as E_TRANSACTION_COMPLETED).code, 'E_TRANSACTION_COMPLETED')
    assert.include((error as Error).message, 'already committed or rolled back')

    const rolledBack = await db.transaction()
    await rolledBack.rollback()
    await assert.rejects(
      () => rolledBack.table('users').insert({ username: 'virk' }),
      /already committed or rolled back/
    )
    await assert.rejects(() => rolledBack.rawQuery('select 1').exec(), /already committed/)
    assert.deepEqual(await usernames(db), [])
  })

  test('a manual transaction rolls back', async ({ assert }) => {
    const trx = await db.transaction()
    await trx.table('users').insert({ username: 'virk' })
    const inside = await trx.from('users').select('username')
    assert.lengthOf(inside, 1)
    await trx.rollback()
    assert.isTrue(trx.isCompleted)
    assert.deepEqual(await usernames(db), [])
  })

  test('a savepoint rolled back keeps the outer transaction work', async ({ assert }) => {
    await db.transaction(async (trx) => {
      await trx.table('users').insert({ username: 'outer' })
      await assert.rejects(() =>
        trx.transaction(async (nested) => {
          await nested.table('users').insert({ username: 'inner' })
          throw new Error('inner failed')
        })
      )
      const savepoint = await trx.transaction()
      await savepoint.table('users').insert({ username: 'kept' })
      await savepoint.commit()
    })
    assert.deepEqual(await usernames(db), ['outer', 'kept'])
  })

  test('rolling back the outer transaction undoes committed savepoints', async ({ assert }) => {
    const trx = await db.transaction()
    await trx.transaction(async (nested) => {
      await nested.table('users').insert({ username: 'inner' })
    })
    await trx.rollback()
    assert.deepEqual(await usernames(db), [])
  })

  test('emits commit and rollback events, once listeners fire once', async ({ assert }) => {
    const seen: string[] = []
    const trx = await db.transaction()
    trx.on('commit', () => seen.push('commit'))
    trx.once('commit', () => seen.push('commit-once'))
    trx.on('rollback', () => seen.push('rollback'))
    await trx.commit()
    assert.deepEqual(seen, ['commit', 'commit-once'])

    const other = await db.transaction()
    other.on('rollback', (client) => seen.push(client === other ? 'rollback' : 'wrong'))
    await other.rollback()
    assert.deepEqual(seen, ['commit', 'commit-once', 'rollback'])
  })

  test('an ended transaction drops its listeners; off() removes one', async ({ assert }) => {
    const seen: string[] = []
    const trx = await db.transaction()
    const onCommit = () => seen.push('removed')
    trx.on('commit', onCommit).on('commit', () => seen.push('commit'))
    trx.on('rollback', () => seen.push('rollback'))
    trx.off('commit', onCommit)
    assert.equal(trx.listenerCount('commit'), 1)
    assert.equal(trx.listenerCount('rollback'), 1)
    await trx.commit()
    assert.deepEqual(seen, ['commit'])
    assert.equal(trx.listenerCount('commit'), 0)
    assert.equal(trx.listenerCount('rollback'), 0)

    const other = await db.transaction()
    other.on('commit', () => seen.push('never')).on('rollback', () => seen.push('rollback'))
    await other.rollback()
    assert.deepEqual(seen, ['commit', 'rollback'])
    assert.equal(other.listenerCount('commit'), 0)
    assert.equal(other.listenerCount('rollback'), 0)
  })

  test('after(commit) hooks of a savepoint wait for the outermost commit', async ({ assert }) => {
    const seen: string[] = []
    const trx = await db.transaction()
    await trx.transaction(async (nested) => {
      nested.after('commit', () => {
        seen.push('nested')
      })
    })
    assert.deepEqual(seen, [])
    trx.after('commit', async () => {
      seen.push('outer')
    })
    await trx.commit()
    assert.deepEqual(seen, ['nested', 'outer'])
  })

  test('after(commit) hooks do not run when the transaction rolls back', async ({ assert }) => {
    const seen: string[] = []
    const trx = await db.transaction()
    trx.after('commit', () => {
      seen.push('commit')
    })
    trx.after('rollback', () => {
      seen.push('rollback')
    })
    await trx.rollback()
    assert.deepEqual(seen, ['rollback'])
  })

  test('applies the isolation level', async ({ assert }) => {
    await db.transaction(
      async (trx) => {
        if (DB === 'pg') {
          const result = await trx.rawQuery('SHOW transaction_isolation')
          assert.equal(result.rows[0].transaction_isolation, 'serializable')
        } else if (DB === 'mysql') {
          await trx.from('users').select('id')
          const [rows] = await trx.rawQuery(
            'SELECT trx_isolation_level AS level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()'
          )
          assert.equal(rows[0].level, 'SERIALIZABLE')
        } else {
          // SQLite transactions are always serializable: the option is accepted and ignored
          await trx.table('users').insert({ username: 'virk' })
        }
      },
      { isolationLevel: 'serializable' }
    )
  })

  test('global transactions are joined by db.connection() and roll back as a whole', async ({
    assert,
  }) => {
    const trx = await db.beginGlobalTransaction()
    assert.strictEqual(db.connection(), trx)
    assert.strictEqual(await db.beginGlobalTransaction(), trx)
    await db.table('users').insert({ username: 'virk' })
    await db.transaction(async (nested) => {
      await nested.table('users').insert({ username: 'nested' })
    })
    assert.deepEqual(await usernames(db), ['virk', 'nested'])
    await db.rollbackGlobalTransaction()
    assert.notStrictEqual(db.connection(), trx)
    assert.deepEqual(await usernames(db), [])
  })

  test('a committed global transaction keeps its rows', async ({ assert }) => {
    await db.beginGlobalTransaction()
    await db.table('users').insert({ username: 'virk' })
    await db.commitGlobalTransaction()
    assert.deepEqual(await usernames(db), ['virk'])
  })

  test('queries can join a transaction with useTransaction', async ({ assert }) => {
    const trx = await db.transaction()
    await db.insertQuery().table('users').useTransaction(trx).insert({ username: 'virk' })
    const inside = await db.from('users').useTransaction(trx).select('username')
    assert.lengthOf(inside, 1)
    await trx.rollback()
    assert.deepEqual(await usernames(db), [])
  })

  test('db.query, db.insertQuery and db.rawQuery run on the { client: trx } they are given', async ({
    assert,
  }) => {
    await db.table('users').insert({ username: 'virk', points: 1 })
    const trx = await db.transaction()
    await db.insertQuery({ client: trx }).table('users').insert({ username: 'romain' })
    await db.query({ client: trx }).from('users').where('username', 'virk').update({ points: 2 })
    const inside = await db.rawQuery('select username from users order by id', [], { client: trx })
    assert.equal(
      DB === 'sqlite' ? inside.length : (DB === 'pg' ? inside.rows : inside[0]).length,
      2
    )
    await trx.rollback()
    assert.deepEqual(await usernames(db), ['virk'])
    assert.equal((await db.from('users').where('username', 'virk').firstOrFail()).points, 1)
  })
})

test.group('Transactions | closing the connection', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('closing rolls back a transaction left open instead of waiting for it', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await trx.table('users').insert({ username: 'virk' })
    await db.manager.closeAll()
    assert.isTrue(trx.isCompleted)
    assert.deepEqual(await usernames(db), [])
  }).timeout(5000)

  test('closing runs the rollback side of a transaction left open', async ({ assert }) => {
    const seen: string[] = []
    const trx = await db.transaction()
    trx.on('rollback', () => seen.push('event'))
    trx.after('rollback', () => {
      seen.push('hook')
    })
    await db.manager.close('primary')
    assert.deepEqual(seen, ['event', 'hook'])
  }).timeout(5000)

  test('a query on a transaction ended by closing rejects', async ({ assert }) => {
    const trx = await db.transaction()
    await db.manager.closeAll()
    await assert.rejects(() => trx.from('users').select('id'))
    await trx.rollback()
  }).timeout(5000)

  test('a committed transaction is not rolled back by closing', async ({ assert }) => {
    const trx = await db.transaction()
    await trx.table('users').insert({ username: 'virk' })
    await trx.commit()
    await db.manager.closeAll()
    assert.deepEqual(await usernames(db), ['virk'])
  }).timeout(5000)

  test('closing ends a global transaction left open: later queries run outside it', async ({
    assert,
  }) => {
    const trx = await db.beginGlobalTransaction()
    await db.table('users').insert({ username: 'virk' })
    await db.manager.closeAll()
    assert.notStrictEqual(db.connection(), trx)
    assert.deepEqual(await usernames(db), [])
    assert.notStrictEqual(await db.beginGlobalTransaction(), trx)
    await db.rollbackGlobalTransaction()
  }).timeout(5000)

  test('a client held across a close reconnects, and the next close closes it again', async ({
    assert,
  }) => {
    const client = db.connection()
    await db.manager.closeAll()
    const rows = await client.from('users').select('id')
    assert.deepEqual(rows, [])
    assert.isTrue(db.manager.isConnected('primary'))
    await db.manager.closeAll()
    assert.isFalse(db.manager.isConnected('primary'))
    assert.isFalse(db.getRawConnection('primary')!.connection!.isReady)
  }).timeout(5000)

  test('a client of a released connection refuses to reconnect', async ({ assert }) => {
    db.manager.add('other', connectionConfig())
    const client = db.connection('other')
    await db.manager.release('other')
    await assert.rejects(
      async () => client.from('users').select('id'),
      /Connection "other" was released/
    )
  }).timeout(5000)
})
