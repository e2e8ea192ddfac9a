import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_MISSING_MODEL_ATTRIBUTE, E_ROW_NOT_FOUND } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { DB, dropTables } from '../../helpers/database.js'
import { captureQueries, createMemberships, createUsers, openDatabase, rowsOf } from './helpers.js'

const USERS = 'bm_find_users'
const MEMBERSHIPS = 'bm_find_memberships'

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column({ columnName: 'username' }) declare handle: string
  @column() declare email: string | null
  @column() declare points: number
}

class Membership extends BaseModel {
  static table = MEMBERSHIPS
  @column({ isPrimary: true }) declare id: number
  @column() declare team: string
  @column() declare member: string
  @column() declare role: string | null
}

/** Inserts users a, b, c (points 1, 2, 3) and returns their ids in that order. */
async function seedUsers(db: Database): Promise<number[]> {
  for (const [index, handle] of ['a', 'b', 'c'].entries()) {
    await db
      .table(USERS)
      .insert({ username: handle, email: `${handle}@example.com`, points: index + 1 })
  }
  return (await rowsOf(db, USERS)).map((row) => Number(row.id))
}

test.group('BaseModel finders | find', (group) => {
  let db: Database
  let ids: number[]
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    ids = await seedUsers(db)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('find returns the model of that primary key', async ({ assert }) => {
    const user = await User.find(ids[1])
    assert.instanceOf(user, User)
    assert.equal(user!.handle, 'b')
    assert.isTrue(user!.$isPersisted)
    assert.isFalse(user!.$isLocal)
  })

  test('find returns null when no row has that key', async ({ assert }) => {
    assert.isNull(await User.find(999_999))
  })

  test('findOrFail throws E_ROW_NOT_FOUND when no row has that key', async ({ assert }) => {
    const error = await User.findOrFail(999_999).catch((failure) => failure)
    assert.instanceOf(error, E_ROW_NOT_FOUND)
    assert.equal(error.code, 'E_ROW_NOT_FOUND')
    assert.equal(error.message, 'Row not found')
    assert.equal(error.model, 'User')
    assert.equal(error.table, User.table)
  })

  test('findOrFail returns the model when the row exists', async ({ assert }) => {
    const user = await User.findOrFail(ids[2])
    assert.equal(user.handle, 'c')
  })

  test('findBy matches a key and value, translating the attribute to its column', async ({
    assert,
  }) => {
    const user = await User.findBy('handle', 'b')
    assert.equal(user!.id, ids[1])
  })

  test('findBy accepts an object of clauses', async ({ assert }) => {
    const user = await User.findBy({ handle: 'c', email: 'c@example.com' })
    assert.equal(user!.id, ids[2])
    assert.isNull(await User.findBy({ handle: 'c', email: 'a@example.com' }))
  })

  test('findBy returns null when nothing matches', async ({ assert }) => {
    assert.isNull(await User.findBy('email', 'nobody@example.com'))
  })

  test('findByOrFail throws E_ROW_NOT_FOUND for a key and value', async ({ assert }) => {
    await assert.rejects(() => User.findByOrFail('email', 'nobody@example.com'), E_ROW_NOT_FOUND)
  })

  test('findByOrFail throws E_ROW_NOT_FOUND for an object of clauses', async ({ assert }) => {
    await assert.rejects(() => User.findByOrFail({ handle: 'a', points: 3 }), E_ROW_NOT_FOUND)
    const user = await User.findByOrFail({ handle: 'a', points: 1 })
    assert.equal(user.id, ids[0])
  })

  test('findMany returns the models of those keys ordered by key descending', async ({
    assert,
  }) => {
    const users = await User.findMany([ids[0], ids[2]])
    assert.deepEqual(
      users.map((user) => user.id),
      [ids[2], ids[0]]
    )
  })

  test('findMany returns an empty array when no key matches', async ({ assert }) => {
    assert.deepEqual(await User.findMany([999_998, 999_999]), [])
  })

  test('findManyBy returns every model matching a key and value', async ({ assert }) => {
    await db.table(USERS).insert({ username: 'a', email: 'a2@example.com' })
    const users = await User.findManyBy('handle', 'a')
    assert.sameMembers(
      users.map((user) => user.email),
      ['a@example.com', 'a2@example.com']
    )
  })

  test('findManyBy accepts an object of clauses', async ({ assert }) => {
    const users = await User.findManyBy({ handle: 'b', points: 2 })
    assert.deepEqual(
      users.map((user) => user.id),
      [ids[1]]
    )
  })

  test('first returns a model of the table', async ({ assert }) => {
    const user = await User.first()
    assert.instanceOf(user, User)
    assert.include(ids, user!.id)
  })

  test('first returns null on an empty table and firstOrFail throws', async ({ assert }) => {
    await db.from(USERS).delete()
    assert.isNull(await User.first())
    await assert.rejects(() => User.firstOrFail(), E_ROW_NOT_FOUND)
  })

  test('all returns every model ordered by key descending', async ({ assert }) => {
    const users = await User.all()
    assert.deepEqual(
      users.map((user) => user.id),
      [...ids].reverse()
    )
  })

  test('truncate empties the table', async ({ assert }) => {
    await User.truncate()
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('fetched models carry $extras for selected values that are not columns', async ({
    assert,
  }) => {
    const user = await User.query()
      .select('*')
      .select(db.raw('points * 10 as score'))
      .where('id', ids[2])
      .firstOrFail()
    assert.equal(Number(user.$extras.score), 30)
    assert.notProperty(user.$attributes, 'score')
  })
})

test.group('BaseModel finders | first or new/create, update or create', (group) => {
  let db: Database
  let ids: number[]
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    ids = await seedUsers(db)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('firstOrNew returns the existing model when the search matches', async ({ assert }) => {
    const user = await User.firstOrNew({ email: 'b@example.com' }, { handle: 'ignored' })
    assert.isTrue(user.$isPersisted)
    assert.equal(user.id, ids[1])
    assert.equal(user.handle, 'b')
  })

  test('firstOrNew returns an unsaved model of search and save payload merged', async ({
    assert,
  }) => {
    const user = await User.firstOrNew({ email: 'new@example.com' }, { handle: 'new', points: 4 })
    assert.isFalse(user.$isPersisted)
    assert.isTrue(user.$isNew)
    assert.deepEqual(user.$attributes, { email: 'new@example.com', handle: 'new', points: 4 })
    assert.lengthOf(await rowsOf(db, USERS), 3)
  })

  test('firstOrNew rejects unknown properties unless allowed', async ({ assert }) => {
    await assert.rejects(
      () => User.firstOrNew({ email: 'x@example.com' }, { nickname: 'x' } as any),
      E_MISSING_MODEL_ATTRIBUTE
    )
    const user = await User.firstOrNew({ email: 'x@example.com' }, { nickname: 'x' } as any, {
      allowExtraProperties: true,
    })
    assert.equal(user.$extras.nickname, 'x')
  })

  test('firstOrCreate returns the existing model, not local', async ({ assert }) => {
    const user = await User.firstOrCreate({ email: 'a@example.com' }, { handle: 'other' })
    assert.isFalse(user.$isLocal)
    assert.equal(user.handle, 'a')
    assert.lengthOf(await rowsOf(db, USERS), 3)
  })

  test('firstOrCreate creates the row when missing and the model is local', async ({ assert }) => {
    const user = await User.firstOrCreate({ email: 'd@example.com' }, { handle: 'd' })
    assert.isTrue(user.$isLocal)
    assert.isTrue(user.$isPersisted)
    const row = (await db.from(USERS).where('email', 'd@example.com').first())!
    assert.equal(row.username, 'd')
    assert.equal(row.id, user.id)
  })

  test('updateOrCreate updates the matching row with its dirty columns only', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const user = await User.updateOrCreate({ email: 'b@example.com' }, { handle: 'b', points: 20 })
    queries.stop()
    assert.equal(user.id, ids[1])
    assert.equal(user.points, 20)
    const update = queries.events.find((event) => event.method === 'update')!
    assert.match(update.sql, /set [`"]points[`"] = \? where/)
    assert.deepEqual((await db.from(USERS).where('id', ids[1]).first())!.points, 20)
  })

  test('updateOrCreate creates the row when nothing matches', async ({ assert }) => {
    const user = await User.updateOrCreate({ email: 'z@example.com' }, { handle: 'z', points: 9 })
    assert.isTrue(user.$isPersisted)
    assert.isTrue(user.$isLocal)
    const row = (await db.from(USERS).where('email', 'z@example.com').first())!
    assert.equal(row.username, 'z')
    assert.equal(row.points, 9)
  })

  test('updateOrCreate selects the row in a transaction, FOR UPDATE on servers', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    await User.updateOrCreate({ email: 'a@example.com' }, { points: 5 })
    queries.stop()
    const select = queries.events.find((event) => event.method === 'select')!
    assert.isTrue(select.inTransaction)
    if (DB === 'sqlite') assert.notMatch(select.sql.toLowerCase(), /for update/)
    else assert.match(select.sql.toLowerCase(), /for update/)
  })

  test('updateOrCreate releases the model from its transaction', async ({ assert }) => {
    const user = await User.updateOrCreate({ email: 'a@example.com' }, { points: 5 })
    assert.isUndefined(user.$trx)
  })
})

test.group('BaseModel finders | many', (group) => {
  let db: Database
  let ids: number[]
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await createMemberships(db, MEMBERSHIPS)
    ids = await seedUsers(db)
    return async () => {
      await dropTables(db, USERS, MEMBERSHIPS)
      await db.manager.closeAll()
    }
  })

  test('fetchOrNewUpMany returns existing and new models in input order', async ({ assert }) => {
    const users = await User.fetchOrNewUpMany('email', [
      { email: 'x@example.com', handle: 'x' },
      { email: 'b@example.com', handle: 'ignored' },
      { email: 'y@example.com', handle: 'y' },
    ])
    assert.deepEqual(
      users.map((user) => user.handle),
      ['x', 'b', 'y']
    )
    assert.deepEqual(
      users.map((user) => user.$isPersisted),
      [false, true, false]
    )
    assert.equal(users[1].id, ids[1])
    assert.lengthOf(await rowsOf(db, USERS), 3)
  })

  test('fetchOrNewUpMany requires the lookup key in every payload row', async ({ assert }) => {
    const error = await User.fetchOrNewUpMany('email', [{ handle: 'x' }]).catch((e) => e)
    assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE)
    assert.include(error.message, 'email')
  })

  test('fetchOrCreateMany creates the missing rows and returns all in input order', async ({
    assert,
  }) => {
    const users = await User.fetchOrCreateMany('email', [
      { email: 'c@example.com', handle: 'ignored' },
      { email: 'x@example.com', handle: 'x' },
      { email: 'a@example.com', handle: 'ignored' },
    ])
    assert.deepEqual(
      users.map((user) => user.handle),
      ['c', 'x', 'a']
    )
    assert.deepEqual(
      users.map((user) => user.$isLocal),
      [false, true, false]
    )
    assert.isTrue(users.every((user) => user.$isPersisted))
    const handles = (await rowsOf(db, USERS)).map((row) => row.username)
    assert.deepEqual(handles, ['a', 'b', 'c', 'x'])
  })

  test('updateOrCreateMany updates matches and creates the rest by a single key', async ({
    assert,
  }) => {
    const users = await User.updateOrCreateMany('email', [
      { email: 'x@example.com', handle: 'x', points: 10 },
      { email: 'b@example.com', handle: 'b2', points: 20 },
    ])
    assert.deepEqual(
      users.map((user) => user.handle),
      ['x', 'b2']
    )
    assert.equal(users[1].id, ids[1])
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => [row.username, row.points]),
      [
        ['a', 1],
        ['b2', 20],
        ['c', 3],
        ['x', 10],
      ]
    )
  })

  test('updateOrCreateMany matches rows by a composite key', async ({ assert }) => {
    await db.table(MEMBERSHIPS).multiInsert([
      { team: 'red', member: 'ann', role: 'guest' },
      { team: 'blue', member: 'ann', role: 'guest' },
    ])
    const memberships = await Membership.updateOrCreateMany(
      ['team', 'member'],
      [
        { team: 'blue', member: 'ann', role: 'admin' },
        { team: 'red', member: 'bob', role: 'owner' },
      ]
    )
    assert.deepEqual(
      memberships.map((row) => row.role),
      ['admin', 'owner']
    )
    const rows = await rowsOf(db, MEMBERSHIPS)
    assert.deepEqual(
      rows.map((row) => `${row.team}:${row.member}:${row.role}`),
      ['red:ann:guest', 'blue:ann:admin', 'red:bob:owner']
    )
  })

  test('updateOrCreateMany runs in one transaction and locks on servers', async ({ assert }) => {
    const queries = captureQueries(db)
    await User.updateOrCreateMany('email', [{ email: 'a@example.com', points: 7 }])
    queries.stop()
    assert.isTrue(queries.events.every((event) => event.inTransaction))
    const select = queries.events.find((event) => event.method === 'select')!
    if (DB !== 'sqlite') assert.match(select.sql.toLowerCase(), /for update/)
    assert.equal((await db.from(USERS).where('id', ids[0]).first())!.points, 7)
  })

  test('updateOrCreateMany rolls everything back when a row fails', async ({ assert }) => {
    await assert.rejects(() =>
      User.updateOrCreateMany('handle', [
        { handle: 'a', points: 100 },
        { handle: 'new', email: 'b@example.com' },
      ])
    )
    assert.equal((await db.from(USERS).where('id', ids[0]).first())!.points, 1)
    assert.lengthOf(await rowsOf(db, USERS), 3)
  })
})

test.group('BaseModel finders | Model.transaction', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('Model.transaction commits the work of the callback', async ({ assert }) => {
    const result = await User.transaction(async (trx) => {
      await User.create({ handle: 'a' }, { client: trx })
      return 'ok'
    })
    assert.equal(result, 'ok')
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('Model.transaction rolls back when the callback throws', async ({ assert }) => {
    await assert.rejects(
      () =>
        User.transaction(async (trx) => {
          await User.create({ handle: 'a' }, { client: trx })
          throw new Error('abort')
        }),
      'abort'
    )
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('Model.transaction without a callback returns a manual transaction', async ({ assert }) => {
    const trx = await User.transaction()
    await User.create({ handle: 'a' }, { client: trx })
    await trx.rollback()
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })
})
