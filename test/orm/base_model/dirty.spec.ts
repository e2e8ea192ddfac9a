import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase, rowsOf } from './helpers.js'

const USERS = 'bm_dirty_users'

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
  @column.dateTime() declare createdAt: DateTime | null
  /** A plain property: not a column, never in `$attributes`. */
  nickname?: string
}

class Account extends BaseModel {
  static table = USERS
  @column({ isPrimary: true, columnName: 'id' }) declare accountId: number
  @column({ columnName: 'username' }) declare login: string
}

test.group('BaseModel dirty tracking', (group) => {
  let db: Database
  let id: number
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await db.table(USERS).insert({
      username: 'virk',
      email: 'virk@example.com',
      points: 5,
      meta: JSON.stringify({ theme: 'dark', layout: { sidebar: true, width: 200 } }),
      created_at: '2024-01-02 03:04:05',
    })
    id = Number((await rowsOf(db, USERS))[0].id)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a new model is dirty with every attribute set on it', async ({ assert }) => {
    const user = new User()
    user.username = 'virk'
    user.points = 0
    assert.deepEqual(user.$dirty, { username: 'virk', points: 0 })
    assert.isTrue(user.$isDirty)
    assert.isTrue(user.isDirty('username'))
    assert.isFalse(user.isDirty('email'))
  })

  test('a new model with no attributes is clean', async ({ assert }) => {
    const user = new User()
    assert.isFalse(user.$isDirty)
    assert.isFalse(user.isDirty())
  })

  test('a fetched model is clean and its $original equals its $attributes', async ({ assert }) => {
    const user = await User.findOrFail(id)
    assert.isFalse(user.$isDirty)
    assert.deepEqual(user.$dirty, {})
    assert.deepEqual(user.$original, user.$attributes)
    assert.notStrictEqual(user.$original, user.$attributes)
  })

  test('saving a fetched model without changes issues no query', async ({ assert }) => {
    const user = await User.findOrFail(id)
    const queries = captureQueries(db)
    await user.save()
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('changing an attribute of a fetched model makes only that attribute dirty', async ({
    assert,
  }) => {
    const user = await User.findOrFail(id)
    user.points = 6
    assert.deepEqual(user.$dirty, { points: 6 })
    assert.equal(user.$original.points, 5)
  })

  test('setting an attribute back to its original value makes it clean', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.points = 6
    user.points = 5
    assert.isFalse(user.$isDirty)
  })

  test('isDirty accepts one field or a list of fields', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.email = 'new@example.com'
    assert.isTrue(user.isDirty('email'))
    assert.isFalse(user.isDirty('points'))
    assert.isTrue(user.isDirty(['points', 'email']))
    assert.isFalse(user.isDirty(['points', 'username']))
  })

  test('a saved model is clean and its $original holds the saved values', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.points = 9
    await user.save()
    assert.isFalse(user.$isDirty)
    assert.equal(user.$original.points, 9)
  })

  test('a refreshed model is clean', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.username = 'changed'
    await user.refresh()
    assert.isFalse(user.$isDirty)
    assert.equal(user.username, 'virk')
  })

  test('fill replaces the attributes and removed ones are dirty as null', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.fill({ id, username: 'romain' })
    assert.deepEqual(user.$attributes, { id, username: 'romain' })
    assert.deepEqual(user.$dirty, {
      username: 'romain',
      email: null,
      points: null,
      meta: null,
      createdAt: null,
    })
  })

  test('saving after fill writes null to the removed columns', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.fill({ id, username: 'romain', points: 1 })
    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.username, 'romain')
    assert.equal(row.points, 1)
    assert.isNull(row.email)
    assert.isNull(row.meta)
    assert.isFalse(user.$isDirty)
  })

  test('fill without the key keeps the key of a persisted model, and save updates its row', async ({
    assert,
  }) => {
    const user = await User.findOrFail(id)
    user.fill({ username: 'romain', points: 3 })
    assert.equal(user.id, id)
    assert.notProperty(user.$dirty, 'id')
    await user.save()
    assert.equal(user.id, id)
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => [row.id, row.username, row.points, row.email]),
      [[id, 'romain', 3, null]]
    )
    const fresh = new User()
    fresh.fill({ username: 'new' })
    assert.deepEqual(fresh.$attributes, { username: 'new' })
  })

  test('merge keeps the attributes it does not mention', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.merge({ points: 7 })
    assert.equal(user.username, 'virk')
    assert.deepEqual(user.$dirty, { points: 7 })
  })

  test('merge deep merges plain objects into a JSON attribute', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.merge({ meta: { layout: { width: 300 } } })
    assert.deepEqual(user.meta, { theme: 'dark', layout: { sidebar: true, width: 300 } })
    assert.deepEqual(user.$dirty, { meta: user.meta })
  })

  test('merge replaces arrays instead of merging them', async ({ assert }) => {
    const user = new User()
    user.meta = { tags: ['a', 'b', 'c'] }
    user.merge({ meta: { tags: ['z'] } })
    assert.deepEqual(user.meta, { tags: ['z'] })
  })

  test('mutating a JSON attribute in place makes it dirty', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.meta!.layout.width = 400
    assert.isTrue(user.isDirty('meta'))
    assert.equal(user.$original.meta.layout.width, 200)
  })

  test('assigning an equal DateTime leaves the model clean', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.createdAt = DateTime.fromMillis(user.createdAt!.toMillis())
    assert.isFalse(user.$isDirty)
  })

  test('assigning a different DateTime makes the attribute dirty', async ({ assert }) => {
    const user = await User.findOrFail(id)
    user.createdAt = user.createdAt!.plus({ seconds: 1 })
    assert.deepEqual(Object.keys(user.$dirty), ['createdAt'])
  })

  test('$attributes holds columns only, not plain properties', async ({ assert }) => {
    const user = new User()
    user.username = 'virk'
    user.nickname = 'v'
    assert.deepEqual(user.$attributes, { username: 'virk' })
  })

  test('$primaryKeyValue reads the attribute marked as primary key', async ({ assert }) => {
    const account = await Account.findOrFail(id)
    assert.equal(Account.primaryKey, 'accountId')
    assert.equal(account.$primaryKeyValue, id)
    assert.equal(account.login, 'virk')
  })

  test('a model with a custom primary key attribute updates its own row', async ({ assert }) => {
    const account = await Account.findOrFail(id)
    account.login = 'renamed'
    await account.save()
    assert.equal((await rowsOf(db, USERS))[0].username, 'renamed')
  })

  test('a new model is local and not persisted', async ({ assert }) => {
    const user = new User()
    assert.isFalse(user.$isPersisted)
    assert.isTrue(user.$isNew)
    assert.isTrue(user.$isLocal)
    assert.isFalse(user.$isDeleted)
  })

  test('a saved model is persisted and still local', async ({ assert }) => {
    const user = new User()
    user.username = 'new'
    await user.save()
    assert.isTrue(user.$isPersisted)
    assert.isFalse(user.$isNew)
    assert.isTrue(user.$isLocal)
  })

  test('a fetched model is persisted and not local', async ({ assert }) => {
    const user = await User.findOrFail(id)
    assert.isTrue(user.$isPersisted)
    assert.isFalse(user.$isNew)
    assert.isFalse(user.$isLocal)
  })

  test('values selected beyond the columns go to $extras', async ({ assert }) => {
    const user = await User.query()
      .select('id', 'username')
      .select(db.raw('? as origin', ['import']))
      .firstOrFail()
    assert.deepEqual(user.$extras, { origin: 'import' })
    assert.deepEqual(Object.keys(user.$attributes).sort(), ['id', 'username'])
  })
})
