import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import { E_ROW_NOT_FOUND, UniqueViolation } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { compose } from '../../../src/orm/mixins/compose.js'
import { SoftDeletes } from '../../../src/orm/soft_deletes.js'
import { dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase, rowsOf, schema } from './helpers.js'

const USERS = 'bm_rollback_users'

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

/** A before:save hook that rewrites a value (like hashing a password). */
class Shouting extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
}
Shouting.before('save', (row: Shouting) => {
  if (row.$dirty.username) row.username = `${row.username}!`
})

/** No autoUpdate column: an UPDATE may write exactly what the row holds. */
class Plain extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare points: number
}

const NOTES = 'bm_rollback_notes'

class Note extends compose(BaseModel, SoftDeletes) {
  static override table = NOTES
  @column({ isPrimary: true }) declare id: number
  @column() declare body: string
}

const yesterday = DateTime.fromISO('2024-05-01T10:00:00')

test.group('BaseModel rollback | save', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a model created in a rolled back transaction is new again', async ({ assert }) => {
    const user = new User().merge({ username: 'virk', meta: { tags: ['a'] } })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    assert.isTrue(user.$isPersisted)
    await trx.rollback()

    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
    assert.isUndefined(user.createdAt)
    assert.isUndefined(user.updatedAt)
    assert.deepEqual(user.$original, {})
    assert.deepEqual(user.$dirty, { username: 'virk', meta: { tags: ['a'] } })

    // the next save inserts: nothing is lost
    await user.save()
    const rows = await rowsOf(db, USERS)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].username, 'virk')
    assert.equal(Number(rows[0].id), user.id)
  })

  test('a model updated in a rolled back transaction is dirty again', async ({ assert }) => {
    const user = await User.create({ username: 'virk', points: 1, updatedAt: yesterday })
    const trx = await db.transaction()
    user.useTransaction(trx)
    user.points = 2
    await user.save()
    assert.isFalse(user.$isDirty)
    await trx.rollback()

    assert.isTrue(user.$isPersisted)
    assert.equal(user.$original.points, 1)
    assert.deepEqual(Object.keys(user.$dirty), ['points'])
    assert.equal(user.points, 2)
    assert.equal(user.updatedAt.toISO(), yesterday.toISO())

    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.points, 2)
  })

  test('changes made after the save stay dirty; what the save wrote goes back', async ({
    assert,
  }) => {
    const user = await User.create({ username: 'virk', points: 1 })
    const trx = await db.transaction()
    user.useTransaction(trx)
    user.points = 2
    await user.save()
    user.username = 'romain'
    user.meta = { late: true }
    await trx.rollback()

    assert.equal(user.points, 2)
    assert.equal(user.username, 'romain')
    assert.deepEqual(user.$dirty, { points: 2, username: 'romain', meta: { late: true } })
    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.points, 2)
    assert.equal(row.username, 'romain')
  })

  test('values a hook wrote go back, so the hook runs once on the next save', async ({
    assert,
  }) => {
    const user = new Shouting().merge({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    assert.equal(user.username, 'virk!')
    await trx.rollback()

    assert.equal(user.username, 'virk')
    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.username, 'virk!')
  })

  test('a managed transaction whose callback throws restores its models', async ({ assert }) => {
    const user = new User().merge({ username: 'virk' })
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          await user.useTransaction(trx).save()
          throw new Error('boom')
        }),
      'boom'
    )
    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
  })

  test('a commit keeps what the transaction wrote', async ({ assert }) => {
    const user = new User().merge({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    await trx.commit()
    assert.isTrue(user.$isPersisted)
    assert.isFalse(user.$isDirty)
    assert.equal(user.id, Number((await rowsOf(db, USERS))[0].id))
  })

  test('a model saved twice in the transaction goes back to before the first save', async ({
    assert,
  }) => {
    const user = new User().merge({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    user.points = 5
    await user.save()
    await trx.rollback()
    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
    assert.equal(user.points, 5)
  })
})

test.group('BaseModel rollback | delete', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a model deleted in a rolled back transaction is alive again', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).delete()
    assert.isTrue(user.$isDeleted)
    await trx.rollback()

    assert.isFalse(user.$isDeleted)
    assert.isTrue(user.$isPersisted)
    user.points = 3
    await user.save()
    assert.equal((await rowsOf(db, USERS))[0].points, 3)
  })

  test('a model created then deleted in the transaction is new again', async ({ assert }) => {
    const user = new User().merge({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    await user.delete()
    await trx.rollback()
    assert.isFalse(user.$isDeleted)
    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
  })
})

test.group('BaseModel rollback | savepoints', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a savepoint that rolls back restores its models; the outer ones stay', async ({
    assert,
  }) => {
    const outer = new User().merge({ username: 'outer' })
    const inner = new User().merge({ username: 'inner' })
    await db.transaction(async (trx) => {
      await outer.useTransaction(trx).save()
      const savepoint = await trx.transaction()
      await inner.useTransaction(savepoint).save()
      await savepoint.rollback()
      assert.isFalse(inner.$isPersisted)
      assert.isUndefined(inner.id)
    })
    assert.isTrue(outer.$isPersisted)
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => row.username),
      ['outer']
    )
    await inner.save()
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })

  test('a released savepoint whose outer transaction rolls back restores its models', async ({
    assert,
  }) => {
    const user = new User().merge({ username: 'virk' })
    const trx = await db.transaction()
    await user.useTransaction(trx).save()
    await trx.transaction(async (savepoint) => {
      user.useTransaction(savepoint)
      user.points = 7
      await user.save()
      await savepoint.transaction(async (deeper) => {
        const other = await User.create({ username: 'deeper' }, { client: deeper })
        assert.isTrue(other.$isPersisted)
      })
    })
    await trx.rollback()
    // back to before the first save in the outer transaction
    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
    assert.equal(user.points, 7)
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('a model written in a savepoint and then in the outer transaction goes back to before both', async ({
    assert,
  }) => {
    const user = await User.create({ username: 'virk', points: 1 })
    const trx = await db.transaction()
    await trx.transaction(async (savepoint) => {
      user.useTransaction(savepoint)
      user.points = 2
      await user.save()
    })
    user.useTransaction(trx)
    user.points = 3
    await user.save()
    await trx.rollback()
    assert.equal(user.$original.points, 1)
    assert.equal(user.points, 3)
    assert.isTrue(user.$isDirty)
  })
})

test.group('BaseModel rollback | many rows', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('createMany in a rolled back transaction leaves every model new', async ({ assert }) => {
    const trx = await db.transaction()
    const users = await User.createMany([{ username: 'a' }, { username: 'b' }], { client: trx })
    await trx.rollback()
    for (const user of users) {
      assert.isFalse(user.$isPersisted)
      assert.isUndefined(user.id)
      assert.isUndefined(user.createdAt)
    }
    await User.createMany(users.map((user) => user.$attributes))
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })

  test('a createMany that fails in its own transaction hands back no key', async ({ assert }) => {
    const users = [
      new User().merge({ username: 'a', email: 'same@example.com' }),
      new User().merge({ username: 'b' }),
      new User().merge({ username: 'c', email: 'same@example.com' }),
    ]
    // three column sets, so three statements: the first two ran before the failure
    await assert.rejects(() => User.$insertMany(users), UniqueViolation as never)
    for (const user of users) {
      assert.isFalse(user.$isPersisted)
      assert.isUndefined(user.id)
    }
  })

  test('fetchOrCreateMany and updateOrCreateMany models are restored', async ({ assert }) => {
    await User.create({ username: 'old', email: 'old@example.com', points: 1 })
    const trx = await db.transaction()
    const fetched = await User.fetchOrCreateMany(
      'email',
      [{ username: 'new', email: 'new@example.com' }],
      { client: trx }
    )
    const updated = await User.updateOrCreateMany(
      'email',
      [
        { username: 'old', email: 'old@example.com', points: 9 },
        { username: 'other', email: 'other@example.com' },
      ],
      { client: trx }
    )
    await trx.rollback()
    assert.isFalse(fetched[0].$isPersisted)
    assert.isUndefined(fetched[0].id)
    assert.isTrue(updated[0].$isPersisted)
    assert.equal(updated[0].$original.points, 1)
    assert.deepEqual(Object.keys(updated[0].$dirty), ['points'])
    assert.isFalse(updated[1].$isPersisted)
  })
})

test.group('BaseModel update of a missing row', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('saving a model whose row is gone is E_ROW_NOT_FOUND', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).delete()
    user.points = 4
    const error = await user.save().catch((caught) => caught)
    assert.instanceOf(error, E_ROW_NOT_FOUND)
    assert.match(error.message, /"User" row where id = \d+: no row has this key/)
    assert.match(error.message, /never committed/)
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('a save with nothing dirty runs no UPDATE', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    await db.from(USERS).where('id', user.id).delete()
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    assert.deepEqual(queries.sql(), [])
  })

  test('an UPDATE writing the values the row already holds succeeds', async ({ assert }) => {
    // MySQL counts changed rows unless the client asks for matched rows (FOUND_ROWS)
    const user = await Plain.create({ username: 'virk', points: 1 })
    await db.from(USERS).where('id', user.id).update({ points: 5 })
    user.points = 5
    await user.save()
    assert.isFalse(user.$isDirty)
    await user.enableForceUpdate().save()
    assert.equal((await rowsOf(db, USERS))[0].points, 5)
  })
})

test.group('BaseModel rollback | soft deletes', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, NOTES)
    await schema(db).createTable(NOTES, (t) => {
      t.increments('id')
      t.string('body', 100)
      t.timestamp('deleted_at', { useTz: false }).nullable()
    })
    return async () => {
      await dropTables(db, NOTES)
      await db.manager.closeAll()
    }
  })

  test('a soft delete rolled back leaves the model untrashed and clean', async ({ assert }) => {
    const note = await Note.create({ body: 'a' })
    const trx = await db.transaction()
    await note.useTransaction(trx).delete()
    assert.isTrue(note.$isTrashed)
    await trx.rollback()
    assert.isFalse(note.$isTrashed)
    assert.isNull(note.deletedAt ?? null)
    assert.isFalse(note.$isDirty)
  })

  test('a restore rolled back leaves the model trashed', async ({ assert }) => {
    const note = await Note.create({ body: 'a' })
    await note.delete()
    const trx = await db.transaction()
    await note.useTransaction(trx).restore()
    assert.isFalse(note.$isTrashed)
    await trx.rollback()
    assert.isTrue(note.$isTrashed)
    assert.isFalse(note.$isDirty)
  })

  test('a soft delete of a row that is gone is E_ROW_NOT_FOUND', async ({ assert }) => {
    const note = await Note.create({ body: 'a' })
    await db.from(NOTES).delete()
    await assert.rejects(() => note.delete(), E_ROW_NOT_FOUND as never)
  })
})
