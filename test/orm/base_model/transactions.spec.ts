import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { E_TRANSACTION_COMPLETED } from '../../../src/errors.js'
import { connectionConfig, createDatabase, dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, rowsOf } from './helpers.js'

const USERS = 'bm_trx_users'

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare points: number
}

/** A model whose static connection is the `secondary` one. */
class SecondaryUser extends BaseModel {
  static table = USERS
  static connection = 'secondary'
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
}

/** `primary` and `secondary` both reach the test database; every query is reported. */
function openDatabase(): Database {
  const db = createDatabase({ connections: { secondary: connectionConfig({ debug: true }) } }, true)
  BaseModel.useAdapter(new Adapter(db))
  return db
}

test.group('BaseModel transactions | $trx', (group) => {
  let db: Database
  let id: number
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await db.table(USERS).insert({ username: 'virk', points: 1 })
    id = Number((await rowsOf(db, USERS))[0].id)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a model found with { client: trx } carries the transaction', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    assert.strictEqual(user.$trx, trx)
    await trx.commit()
  })

  test('$trx is released once the transaction commits', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    await trx.commit()
    assert.isUndefined(user.$trx)
  })

  test('$trx is released once the transaction rolls back', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    await trx.rollback()
    assert.isUndefined(user.$trx)
  })

  test('a transaction that had already ended is kept: the write fails, nothing is written', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await trx.commit()
    await assert.rejects(
      () => User.create({ username: 'late', points: 2 }, { client: trx }),
      E_TRANSACTION_COMPLETED
    )
    const user = await User.findOrFail(id)
    user.useTransaction(trx)
    user.points = 5
    await assert.rejects(() => user.save(), E_TRANSACTION_COMPLETED)
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => [row.username, Number(row.points)]),
      [['virk', 1]]
    )
  })

  test('models of query({ client: trx }) all carry the transaction', async ({ assert }) => {
    await db.table(USERS).insert({ username: 'romain' })
    const trx = await db.transaction()
    const users = await User.query({ client: trx })
    assert.lengthOf(users, 2)
    assert.isTrue(users.every((user) => user.$trx === trx))
    await trx.rollback()
    assert.isTrue(users.every((user) => user.$trx === undefined))
  })

  test('models of query().useTransaction(trx) carry the transaction', async ({ assert }) => {
    const trx = await db.transaction()
    const [user] = await User.query().useTransaction(trx)
    assert.strictEqual(user.$trx, trx)
    await trx.commit()
  })

  test('a model created with { client: trx } is written inside it', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.create({ username: 'romain' }, { client: trx })
    assert.strictEqual(user.$trx, trx)
    assert.lengthOf(await trx.from(USERS).select('id'), 2)
    await trx.rollback()
    assert.isUndefined(user.$trx)
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('useTransaction makes save run inside the transaction', async ({ assert }) => {
    const trx = await db.transaction()
    const user = new User()
    user.username = 'romain'
    const queries = captureQueries(db)
    await user.useTransaction(trx).save()
    queries.stop()
    assert.isTrue(queries.events[0].inTransaction)
    await trx.rollback()
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('assigning $trx makes save run inside the transaction', async ({ assert }) => {
    const trx = await db.transaction()
    const user = new User()
    user.username = 'romain'
    user.$trx = trx
    await user.save()
    await trx.commit()
    assert.isUndefined(user.$trx)
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })

  test('updates of a model fetched in a transaction roll back with it', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    user.points = 50
    await user.save()
    assert.equal((await trx.from(USERS).where('id', id).first())!.points, 50)
    await trx.rollback()
    assert.equal((await rowsOf(db, USERS))[0].points, 1)
  })

  test('deletes of a model fetched in a transaction roll back with it', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    await user.delete()
    await trx.rollback()
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('a model released from its transaction saves outside of it', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.findOrFail(id, { client: trx })
    await trx.commit()
    user.points = 2
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    assert.isFalse(queries.events[0].inTransaction)
    assert.equal((await rowsOf(db, USERS))[0].points, 2)
  })

  test('createMany joins the transaction it is given', async ({ assert }) => {
    const trx = await db.transaction()
    const users = await User.createMany([{ username: 'a' }, { username: 'b' }], { client: trx })
    assert.isTrue(users.every((user) => user.$trx === trx))
    await trx.rollback()
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('updateOrCreate joins the transaction it is given', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await User.updateOrCreate({ username: 'virk' }, { points: 9 }, { client: trx })
    assert.strictEqual(user.$trx, trx)
    await trx.rollback()
    assert.equal((await rowsOf(db, USERS))[0].points, 1)
  })
})

test.group('BaseModel transactions | connections', (group) => {
  let db: Database
  let id: number
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await db.table(USERS).insert({ username: 'virk', points: 1 })
    id = Number((await rowsOf(db, USERS))[0].id)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a model fetched on a connection keeps it in $options', async ({ assert }) => {
    const user = await User.findOrFail(id, { connection: 'secondary' })
    assert.equal(user.$options?.connection, 'secondary')
  })

  test('a model fetched on a connection saves on that connection', async ({ assert }) => {
    const [user] = await User.query({ connection: 'secondary' })
    user.points = 3
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    assert.deepEqual(
      queries.events.map((event) => event.connection),
      ['secondary']
    )
  })

  test('useConnection makes the model write on that connection', async ({ assert }) => {
    const user = new User()
    user.username = 'romain'
    const queries = captureQueries(db)
    await user.useConnection('secondary').save()
    queries.stop()
    assert.equal(user.$options?.connection, 'secondary')
    assert.equal(queries.events[0].connection, 'secondary')
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })

  test('create with { connection } writes on that connection', async ({ assert }) => {
    const queries = captureQueries(db)
    const user = await User.create({ username: 'romain' }, { connection: 'secondary' })
    queries.stop()
    assert.equal(user.$options?.connection, 'secondary')
    assert.equal(queries.events[0].connection, 'secondary')
  })

  test('a model with a static connection queries on it', async ({ assert }) => {
    const queries = captureQueries(db)
    const user = await SecondaryUser.findOrFail(id)
    queries.stop()
    assert.equal(queries.events[0].connection, 'secondary')
    assert.equal(user.username, 'virk')
  })

  test('models of the default connection report the primary connection', async ({ assert }) => {
    const queries = captureQueries(db)
    await User.findOrFail(id)
    queries.stop()
    assert.equal(queries.events[0].connection, 'primary')
  })
})
