import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_QUERY, E_MISSING_MODEL_ATTRIBUTE } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { dropTables } from '../../helpers/database.js'
import { createUsers, openDatabase, rowsOf, schema } from './helpers.js'

const USERS = 'bm_opts_users'
const TOKENS = 'bm_opts_tokens'

const json = {
  prepare: (value: unknown) => (value == null ? value : JSON.stringify(value)),
  consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
}

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare points: number
  @column(json) declare meta: Record<string, any> | null
  @column.dateTime() declare createdAt: unknown
  /** A plain property with a setter: merge may assign it. */
  set shout(value: string) {
    this.username = value.toUpperCase()
  }
}

/** A self-assigned string primary key. */
class Token extends BaseModel {
  static table = TOKENS
  static selfAssignPrimaryKey = true
  @column({ isPrimary: true }) declare id: string
  @column() declare name: string
}

test.group('BaseModel options | extra properties', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('merge rejects an unknown property with an error naming it and the model', async ({
    assert,
  }) => {
    const user = new User()
    const error = (() => {
      try {
        user.merge({ nickname: 'v' } as any)
      } catch (failure) {
        return failure as E_MISSING_MODEL_ATTRIBUTE
      }
    })()
    assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE)
    assert.equal(error!.code, 'E_MISSING_MODEL_ATTRIBUTE')
    assert.include(error!.message, '"nickname"')
    assert.include(error!.message, '"User"')
  })

  test('create rejects an unknown property and inserts nothing', async ({ assert }) => {
    await assert.rejects(
      () => User.create({ username: 'virk', nickname: 'v' } as any),
      E_MISSING_MODEL_ATTRIBUTE
    )
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('fill rejects an unknown property', async ({ assert }) => {
    assert.throws(() => new User().fill({ nickname: 'v' } as any), E_MISSING_MODEL_ATTRIBUTE)
  })

  test('createMany rejects an unknown property and inserts nothing', async ({ assert }) => {
    await assert.rejects(
      () => User.createMany([{ username: 'a' }, { username: 'b', nickname: 'v' } as any]),
      E_MISSING_MODEL_ATTRIBUTE
    )
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('allowExtraProperties keeps unknown properties in $extras, never in the row', async ({
    assert,
  }) => {
    const user = await User.create({ username: 'virk', nickname: 'v' } as any, {
      allowExtraProperties: true,
    })
    assert.deepEqual(user.$extras, { nickname: 'v' })
    assert.notProperty(user.$attributes, 'nickname')
    assert.lengthOf(await rowsOf(db, USERS), 1)
  })

  test('merge with allowExtraProperties keeps unknown properties in $extras', async ({
    assert,
  }) => {
    const user = new User().merge({ username: 'virk', nickname: 'v' } as any, true)
    assert.equal(user.username, 'virk')
    assert.equal(user.$extras.nickname, 'v')
  })

  test('merge accepts column names for attributes', async ({ assert }) => {
    const when = new Date()
    const user = new User().merge({ created_at: when } as any)
    assert.strictEqual(user.createdAt, when)
  })

  test('merge assigns a property that has a setter on the model', async ({ assert }) => {
    const user = new User().merge({ shout: 'virk' } as any)
    assert.equal(user.username, 'VIRK')
  })
})

test.group('BaseModel options | prototype keys', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    return async () => {
      await db.manager.closeAll()
    }
  })

  test('a __proto__ key is rejected and pollutes no prototype', async ({ assert }) => {
    const payload = JSON.parse('{ "username": "virk", "__proto__": { "polluted": true } }')
    assert.throws(() => new User().merge(payload), E_MISSING_MODEL_ATTRIBUTE)
    const user = new User().merge(payload, true)
    assert.equal(user.username, 'virk')
    assert.isUndefined(({} as any).polluted)
    assert.isUndefined((user as any).polluted)
    assert.isUndefined((User.prototype as any).polluted)
    assert.notProperty(user.$extras, 'polluted')
  })

  test('a constructor key is rejected and never replaces the model class', async ({ assert }) => {
    const payload = JSON.parse('{ "constructor": { "prototype": { "polluted": true } } }')
    assert.throws(() => new User().merge(payload), E_MISSING_MODEL_ATTRIBUTE)
    const user = new User().merge(payload, true)
    assert.strictEqual(user.constructor, User)
    assert.isUndefined(({} as any).polluted)
    assert.isUndefined((User.prototype as any).polluted)
  })

  test('a __proto__ key inside a JSON attribute merge pollutes no prototype', async ({
    assert,
  }) => {
    const user = new User()
    user.meta = { theme: 'dark' }
    user.merge({ meta: JSON.parse('{ "__proto__": { "polluted": true }, "size": 2 }') })
    assert.deepEqual(user.meta, { theme: 'dark', size: 2 })
    assert.isUndefined(({} as any).polluted)
    assert.isUndefined((user.meta as any).polluted)
  })
})

test.group('BaseModel options | definitions and keys', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await dropTables(db, TOKENS)
    await schema(db).createTable(TOKENS, (t) => {
      t.string('id', 36).primary()
      t.string('name', 50)
    })
    return async () => {
      await dropTables(db, USERS, TOKENS)
      await db.manager.closeAll()
    }
  })

  test('find without a value fails with a coded error', async ({ assert }) => {
    const error = await User.find(undefined).catch((failure) => failure)
    assert.instanceOf(error, E_INVALID_QUERY)
    assert.include(error.message, '"User" by "id"')
  })

  test('findBy without a value fails with a coded error', async ({ assert }) => {
    await assert.rejects(() => User.findBy('username', undefined), E_INVALID_QUERY)
  })

  test('a self-assigned primary key is inserted as given', async ({ assert }) => {
    const id = randomUUID()
    const token = await Token.create({ id, name: 'api' })
    assert.equal(token.id, id)
    assert.deepEqual(await rowsOf(db, TOKENS), [{ id, name: 'api' }])
  })

  test('a self-assigned primary key can be changed and saved', async ({ assert }) => {
    const token = await Token.create({ id: randomUUID(), name: 'api' })
    const renamed = randomUUID()
    token.id = renamed
    await token.save()
    assert.deepEqual(await rowsOf(db, TOKENS), [{ id: renamed, name: 'api' }])
    assert.isFalse(token.$isDirty)
  })
})
