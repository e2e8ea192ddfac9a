import { test } from '@japa/runner'
import type { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import { E_MODEL_DELETED, E_ROW_NOT_FOUND, UniqueViolation } from '../../../src/errors.js'
import { errors } from '../../../src/index.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { DB, dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase, rowsOf } from './helpers.js'

const USERS = 'bm_persist_users'

const json = {
  prepare: (value: unknown) => (value == null ? value : JSON.stringify(value)),
  consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
}

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null
  @column() declare points: number
  @column(json) declare meta: Record<string, any> | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

class Counted extends BaseModel {
  static table = USERS
  static events: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null
}
Counted.before('create', (row: Counted) => {
  Counted.events.push(`before:create:${row.username}`)
})
Counted.after('save', (row: Counted) => {
  Counted.events.push(`after:save:${row.username}`)
})
Counted.before('delete', (row: Counted) => {
  Counted.events.push(`before:delete:${row.username}`)
})

test.group('BaseModel persistence | create', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    Counted.events = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('create inserts the row and returns a persisted model with its id', async ({ assert }) => {
    const user = await User.create({ username: 'virk', email: 'virk@example.com' })
    assert.instanceOf(user, User)
    assert.isTrue(user.$isPersisted)
    assert.isTrue(user.$isLocal)
    assert.isNumber(user.id)
    const rows = await rowsOf(db, USERS)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].id, user.id)
    assert.equal(rows[0].email, 'virk@example.com')
  })

  test('create sets autoCreate date columns', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    assert.isTrue(user.createdAt.isValid)
    const [row] = await rowsOf(db, USERS)
    assert.isNotNull(row.created_at)
    assert.isNotNull(row.updated_at)
  })

  test('create leaves the model clean', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    assert.isFalse(user.$isDirty)
    assert.deepEqual(user.$dirty, {})
  })

  test('createMany inserts every row and returns models in input order', async ({ assert }) => {
    const users = await User.createMany([{ username: 'a' }, { username: 'b' }, { username: 'c' }])
    assert.deepEqual(
      users.map((user) => user.username),
      ['a', 'b', 'c']
    )
    assert.isTrue(users.every((user) => user.$isPersisted && typeof user.id === 'number'))
    assert.lengthOf(await rowsOf(db, USERS), 3)
  })

  test('createMany without hooks sends one multi-row INSERT in a transaction', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const users = await User.createMany([{ username: 'a' }, { username: 'b' }])
    queries.stop()
    const inserts = queries.events.filter((event) => event.method === 'insert')
    assert.lengthOf(inserts, 1)
    assert.isTrue(inserts.every((event) => event.inTransaction))
    assert.isTrue(users.every((user) => user.$isPersisted && !user.$isDirty))
    const stored = await db.from(USERS).orderBy('id').select('id', 'username')
    assert.deepEqual(
      users.map((user) => [user.id, user.username]),
      stored.map((row) => [row.id, row.username])
    )
  })

  test('createMany with hooks inserts row by row in a transaction', async ({ assert }) => {
    const queries = captureQueries(db)
    await Counted.createMany([{ username: 'a' }, { username: 'b' }])
    queries.stop()
    const inserts = queries.events.filter((event) => event.method === 'insert')
    assert.lengthOf(inserts, 2)
    assert.isTrue(inserts.every((event) => event.inTransaction))
  })

  test('createMany runs the hooks for every row', async ({ assert }) => {
    await Counted.createMany([{ username: 'a' }, { username: 'b' }])
    assert.deepEqual(Counted.events, [
      'before:create:a',
      'after:save:a',
      'before:create:b',
      'after:save:b',
    ])
  })

  test('createMany leaves nothing behind and throws UniqueViolation when a row fails', async ({
    assert,
  }) => {
    const error = await User.createMany([
      { username: 'a', email: 'same@example.com' },
      { username: 'b', email: 'other@example.com' },
      { username: 'c', email: 'same@example.com' },
    ]).catch((failure) => failure)
    assert.instanceOf(error, errors.UniqueViolation)
    assert.equal(error.code, 'E_UNIQUE_VIOLATION')
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('createMany models are released from the transaction once it commits', async ({
    assert,
  }) => {
    const users = await User.createMany([{ username: 'a' }])
    assert.isUndefined(users[0].$trx)
  })

  test('createQuietly inserts without running hooks', async ({ assert }) => {
    const row = await Counted.createQuietly({ username: 'quiet' })
    assert.isTrue(row.$isPersisted)
    assert.deepEqual(Counted.events, [])
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('createManyQuietly inserts every row without running hooks', async ({ assert }) => {
    const rows = await Counted.createManyQuietly([{ username: 'a' }, { username: 'b' }])
    assert.lengthOf(rows, 2)
    assert.deepEqual(Counted.events, [])
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })
})

test.group('BaseModel persistence | save', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    Counted.events = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('save inserts a new model', async ({ assert }) => {
    const user = new User()
    user.username = 'virk'
    assert.isFalse(user.$isPersisted)
    await user.save()
    assert.isTrue(user.$isPersisted)
    assert.isTrue(user.$isLocal)
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.username, 'virk')
    assert.equal(row.id, user.id)
  })

  test('save updates a persisted model with its dirty columns only', async ({ assert }) => {
    await User.create({ username: 'virk', email: 'virk@example.com' })
    const user = await User.findOrFail((await rowsOf(db, USERS))[0].id)
    user.points = 10
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    const updates = queries.events.filter((event) => event.method === 'update')
    assert.lengthOf(updates, 1)
    assert.match(updates[0].sql, /set [`"]points[`"] = \?, [`"]updated_at[`"] = \? where/)
    assert.notMatch(updates[0].sql, /username|email/)
    assert.equal((await rowsOf(db, USERS))[0].points, 10)
  })

  test('save on a clean persisted model issues no update', async ({ assert }) => {
    const user = await Counted.create({ username: 'virk' })
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('save after save writes nothing the second time', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    user.points = 3
    await user.save()
    assert.isFalse(user.$isDirty)
    assert.equal(user.$original.points, 3)
  })

  test('enableForceUpdate makes save issue an update on a clean model', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    const before = user.updatedAt
    const queries = captureQueries(db)
    await user.enableForceUpdate().save()
    queries.stop()
    const updates = queries.events.filter((event) => event.method === 'update')
    assert.lengthOf(updates, 1)
    assert.include(updates[0].sql, 'updated_at')
    assert.notStrictEqual(user.updatedAt, before)
  })

  test('saveQuietly writes the row without running hooks', async ({ assert }) => {
    const row = new Counted()
    row.username = 'quiet'
    await row.saveQuietly()
    row.username = 'still quiet'
    await row.saveQuietly()
    assert.deepEqual(Counted.events, [])
    assert.equal((await rowsOf(db, USERS))[0].username, 'still quiet')
  })

  test('save writes a JSON attribute that was mutated in place', async ({ assert }) => {
    const user = await User.create({ username: 'virk', meta: { theme: 'dark' } })
    user.meta!.theme = 'light'
    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.deepEqual(JSON.parse(row.meta), { theme: 'light' })
  })

  test('save surfaces a unique violation as UniqueViolation', async ({ assert }) => {
    await User.create({ username: 'a', email: 'same@example.com' })
    const user = new User()
    user.merge({ username: 'b', email: 'same@example.com' })
    const error = await user.save().catch((failure) => failure)
    assert.instanceOf(error, UniqueViolation)
    assert.isFalse(user.$isPersisted)
  })
})

test.group('BaseModel persistence | delete', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    Counted.events = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('delete removes the row and marks the model deleted', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    assert.isTrue(user.$isDeleted)
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('a deleted model can still be read', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    assert.equal(user.username, 'virk')
  })

  test('writing an attribute of a deleted model throws E_MODEL_DELETED', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    let error: unknown
    try {
      user.username = 'other'
    } catch (failure) {
      error = failure
    }
    assert.instanceOf(error, E_MODEL_DELETED)
    assert.equal((error as E_MODEL_DELETED).code, 'E_MODEL_DELETED')
    assert.equal(user.username, 'virk')
  })

  test('saving a deleted model throws E_MODEL_DELETED', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    await assert.rejects(() => user.save(), E_MODEL_DELETED)
  })

  test('deleting a deleted model throws E_MODEL_DELETED', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    await assert.rejects(() => user.delete(), E_MODEL_DELETED)
  })

  test('delete or save of a row whose key was not selected names the missing key', async ({
    assert,
  }) => {
    await User.create({ username: 'virk' })
    const partial = (await User.query().select('username').first())!
    const deleting = await partial.delete().then(
      () => undefined,
      (error) => error
    )
    assert.instanceOf(deleting, errors.E_MISSING_MODEL_ATTRIBUTE)
    assert.include(deleting.message, 'its primary key "id" has no value')
    partial.username = 'other'
    await assert.rejects(() => partial.save(), errors.E_MISSING_MODEL_ATTRIBUTE)
    assert.deepEqual(
      (await rowsOf(db, USERS)).map((row) => row.username),
      ['virk']
    )
  })

  test('merge and fill on a deleted model throw E_MODEL_DELETED', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.delete()
    assert.throws(() => user.merge({ points: 1 }), E_MODEL_DELETED)
    assert.throws(() => user.fill({ username: 'x' }), E_MODEL_DELETED)
  })

  test('delete runs the delete hooks', async ({ assert }) => {
    const row = await Counted.create({ username: 'virk' })
    Counted.events = []
    await row.delete()
    assert.deepEqual(Counted.events, ['before:delete:virk'])
  })

  test('deleteQuietly removes the row without running hooks', async ({ assert }) => {
    const row = await Counted.create({ username: 'virk' })
    Counted.events = []
    await row.deleteQuietly()
    assert.isTrue(row.$isDeleted)
    assert.deepEqual(Counted.events, [])
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('delete only removes the row of the model', async ({ assert }) => {
    const [first] = await User.createMany([{ username: 'a' }, { username: 'b' }])
    await first.delete()
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => row.username),
      ['b']
    )
  })
})

test.group('BaseModel persistence | refresh and lockForUpdate', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('refresh reloads the database defaults after an insert', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    assert.isUndefined(user.points)
    await user.refresh()
    assert.strictEqual(user.points, 0)
    assert.isNull(user.email)
  })

  test('refresh leaves the model clean', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await user.refresh()
    assert.deepEqual(user.$dirty, {})
    assert.isFalse(user.$isDirty)
  })

  test('refresh discards local changes with the row values', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).update({ username: 'changed elsewhere' })
    user.points = 99
    await user.refresh()
    assert.equal(user.username, 'changed elsewhere')
    assert.strictEqual(user.points, 0)
    assert.deepEqual(user.$dirty, {})
  })

  test('refresh of a deleted row throws E_ROW_NOT_FOUND', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).delete()
    const error = await user.refresh().catch((caught: unknown) => caught)
    assert.instanceOf(error, E_ROW_NOT_FOUND)
    assert.equal(
      (error as Error).message,
      `"Model.refresh" failed. Unable to lookup "${USERS}" table where "id" = ${user.id}`
    )
  })

  test('lockForUpdate hands a fresh copy of the row to the callback in a transaction', async ({
    assert,
  }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).update({ points: 7 })
    const queries = captureQueries(db)
    const result = await user.lockForUpdate(async (locked) => {
      assert.notStrictEqual(locked, user)
      assert.equal(locked.points, 7)
      assert.isDefined(locked.$trx)
      locked.points = 8
      await locked.save()
      return 'done'
    })
    queries.stop()
    assert.equal(result, 'done')
    assert.equal((await rowsOf(db, USERS))[0].points, 8)
    const select = queries.events.find((event) => event.method === 'select')!
    assert.isTrue(select.inTransaction)
    if (DB !== 'sqlite') assert.match(select.sql.toLowerCase(), /for update/)
  })

  test('lockForUpdate rolls back when the callback throws', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await assert.rejects(
      () =>
        user.lockForUpdate(async (locked) => {
          locked.points = 50
          await locked.save()
          throw new Error('abort')
        }),
      'abort'
    )
    assert.equal((await rowsOf(db, USERS))[0].points, 0)
  })

  test('lockForUpdate throws E_MODEL_DELETED when the row is gone', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).delete()
    let called = false
    const error = await user
      .lockForUpdate(() => {
        called = true
      })
      .catch((failure) => failure)
    assert.instanceOf(error, E_MODEL_DELETED)
    assert.isFalse(called)
  })
})
