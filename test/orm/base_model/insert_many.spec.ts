import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import type { QueryClientContract } from '../../../src/types/database.js'
import type { LucidRow } from '../../../src/types/model.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { DB, dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase, rowsOf, schema } from './helpers.js'

const USERS = 'fim_users'
const TOKENS = 'fim_tokens'

class User extends BaseModel {
  static table = USERS
  static events: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null
  @column() declare points: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
}
User.before('create', (user: User) => {
  User.events.push(`before:create:${user.username}`)
})
User.before('save', (user: User) => {
  User.events.push(`before:save:${user.username}`)
})
User.after('create', (user: User) => {
  User.events.push(`after:create:${user.username}`)
})
User.after('save', (user: User) => {
  User.events.push(`after:save:${user.username}`)
})
User.afterCommit('create', (user: User) => {
  User.events.push(`committed:${user.username}`)
})

/** A model whose key the application assigns. */
class Token extends BaseModel {
  static table = TOKENS
  static selfAssignPrimaryKey = true
  @column({ isPrimary: true }) declare id: string
  @column() declare label: string
}

/** `n` unsaved users named u0, u1 ... */
function users(n: number): User[] {
  return Array.from({ length: n }, (_, index) => {
    const user = new User()
    user.username = `u${index}`
    return user
  })
}

test.group('BaseModel.$insertMany', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await dropTables(db, TOKENS)
    await schema(db).createTable(TOKENS, (t) => {
      t.string('id', 36).primary()
      t.string('label', 50)
    })
    User.events = []
    return async () => {
      await dropTables(db, USERS, TOKENS)
      await db.manager.closeAll()
    }
  })

  test('hands every instance the key of its own row, in order', async ({ assert }) => {
    const created = await User.$insertMany(users(5))
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      created.map((user) => [user.id, user.username]),
      rows.map((row) => [row.id, row.username])
    )
  })

  test('marks the instances persisted with their originals hydrated', async ({ assert }) => {
    const [user] = await User.$insertMany(users(1))
    assert.isTrue(user.$isPersisted)
    assert.isFalse(user.$isDirty)
    assert.isDefined(user.createdAt)
  })

  test('a batch stamps its rows with one "now", written and read back alike', async ({
    assert,
  }) => {
    const before = Date.now()
    const given = users(3)
    const stamp = DateTime.fromSQL('2021-05-06 07:08:09')
    given[1].createdAt = stamp
    const created = await User.$insertMany(given)
    const [first, second, third] = created
    assert.strictEqual(first.createdAt, third.createdAt)
    assert.strictEqual(second.createdAt, stamp)
    assert.isAtLeast(first.createdAt.toMillis(), Math.floor(before / 1000) * 1000)
    const fetched = await User.query().orderBy('id')
    assert.deepEqual(
      fetched.map((user) => user.createdAt.toSQL({ includeOffset: false })!.slice(0, 19)),
      [first, second, third].map((user) =>
        user.createdAt.toSQL({ includeOffset: false })!.slice(0, 19)
      )
    )
  })

  test('runs the create and save hooks per row around the insert, after-commit ones last', async ({
    assert,
  }) => {
    // MySQL also reads the session's auto_increment_increment: only the INSERT is an event here
    const listener = (query: { sql: string }) => {
      if (/^insert/i.test(query.sql)) User.events.push('INSERT')
    }
    db.on('db:query', listener)
    await User.$insertMany(users(2))
    db.off('db:query', listener)
    assert.deepEqual(User.events, [
      'before:create:u0',
      'before:save:u0',
      'before:create:u1',
      'before:save:u1',
      'INSERT',
      'after:create:u0',
      'after:save:u0',
      'after:create:u1',
      'after:save:u1',
      'committed:u0',
      'committed:u1',
    ])
  })

  test('quiet skips every hook', async ({ assert }) => {
    await User.$insertMany(users(2), { quiet: true })
    assert.deepEqual(User.events, [])
    assert.lengthOf(await rowsOf(db, USERS), 2)
  })

  test('writes the values before hooks set', async ({ assert }) => {
    const setPoints = (user: User) => {
      user.points = 7
    }
    User.before('save', setPoints)
    await User.$insertMany(users(1))
    User.$hooks.remove('before:save', setPoints)
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.points, 7)
  })

  test('issues one INSERT for rows under the bind limit', async ({ assert }) => {
    const queries = captureQueries(db)
    await User.$insertMany(users(50))
    queries.stop()
    assert.lengthOf(
      queries.sql().filter((sql) => sql.startsWith('insert')),
      1
    )
  })

  test('chunks 1,500 rows into several INSERTs and keeps the keys in order', async ({ assert }) => {
    const queries = captureQueries(db)
    const created = await User.$insertMany(users(1500))
    queries.stop()
    const inserts = queries.sql().filter((sql) => sql.startsWith('insert')).length
    // sqlite: 400 rows per statement; pg and mysql: one statement under 65,535 binds
    assert.equal(inserts, DB === 'sqlite' ? 4 : 1)
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      created.map((user) => user.id),
      rows.map((row) => row.id)
    )
    assert.equal(created[1499].username, 'u1499')
    assert.equal(rows[1499].username, 'u1499')
  })

  test('splits rows with different columns so no row loses its default', async ({ assert }) => {
    const model = users(3)
    model[1].points = 5
    const created = await User.$insertMany(model)
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => row.points),
      [0, 5, 0]
    )
    assert.deepEqual(
      created.map((user) => user.id),
      rows.map((row) => row.id)
    )
  })

  test('keeps keys the rows carry and reads back the others', async ({ assert }) => {
    const model = users(3)
    model[1].id = 100
    const created = await User.$insertMany(model)
    const byId = new Map((await rowsOf(db, USERS)).map((row) => [row.id, row.username]))
    assert.deepEqual(
      created.map((user) => byId.get(user.id)),
      ['u0', 'u1', 'u2']
    )
    assert.equal(created[1].id, 100)
  })

  test('inserts self-assigned keys as given', async ({ assert }) => {
    const tokens = ['a', 'b'].map((label) => {
      const token = new Token()
      token.id = randomUUID()
      token.label = label
      return token
    })
    await Token.$insertMany(tokens)
    const rows = await db.from(TOKENS).whereIn(
      'id',
      tokens.map((token) => token.id)
    )
    assert.lengthOf(rows, 2)
    assert.isTrue(tokens.every((token) => token.$isPersisted))
  })

  test('rolls every row back when a hook throws mid-way', async ({ assert }) => {
    const model = users(5)
    const failing = (user: User) => {
      if (user.username === 'u3') throw new Error('boom')
    }
    User.after('create', failing)
    await assert.rejects(() => User.$insertMany(model), 'boom')
    User.$hooks.remove('after:create', failing)
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('runs in the given transaction and sets it as $trx', async ({ assert }) => {
    const trx = await db.transaction()
    const [user] = await User.$insertMany(users(1), { client: trx })
    assert.strictEqual(user.$trx, trx)
    await trx.rollback()
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('refuses instances that are already persisted', async ({ assert }) => {
    const [user] = await User.$insertMany(users(1))
    await assert.rejects(() => User.$insertMany([user]), /already persisted/)
  })

  // MySQL/MariaDB only: the step between the ids of a multi-row INSERT is a session setting
  if (DB === 'mysql') {
    test('hands each row its own key when the session steps ids by {step}')
      .with([{ step: 1 }, { step: 3 }])
      .run(async ({ assert }, { step }) => {
        // Galera clusters raise the step; a multi-row INSERT's ids are then insertId + i * step
        await db.transaction(async (trx) => {
          await trx.rawQuery(`SET SESSION auto_increment_increment = ${step}`)
          try {
            const created = await User.$insertMany(users(4), { client: trx })
            const rows = await trx.from(USERS).select('id', 'username').orderBy('id')
            assert.deepEqual(
              created.map((user) => [user.id, user.username]),
              rows.map((row) => [row.id, row.username])
            )
            assert.equal(created[1].id - created[0].id, step)
          } finally {
            await trx.rawQuery('SET SESSION auto_increment_increment = 1')
          }
        })
      })
  }
})

/** Models that change how a row is written: createMany must write each row through them. */
class Stamped extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null

  override async save() {
    this.email ??= `${this.username}@stamped.test`
    return super.save()
  }
}

class Redirected extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string

  override $getQueryFor(
    action: 'insert' | 'update' | 'delete' | 'refresh',
    client: QueryClientContract
  ) {
    if (action === 'insert') return client.insertQuery().table(TOKENS) as never
    return super.$getQueryFor(action as 'update', client) as never
  }
}

class Audited extends BaseModel {
  static table = USERS
  static inserted: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
}

class AuditAdapter extends Adapter {
  override async insert(instance: LucidRow, attributes: Record<string, unknown>) {
    Audited.inserted.push(String(attributes.username))
    return super.insert(instance, attributes)
  }
}

test.group('BaseModel.createMany | models that override how a row is written', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    Audited.inserted = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('an overridden save() runs for every row, as in Lucid', async ({ assert }) => {
    await Stamped.createMany([{ username: 'a' }, { username: 'b' }])
    const rows = await rowsOf(db, USERS)
    assert.deepEqual(
      rows.map((row) => row.email),
      ['a@stamped.test', 'b@stamped.test']
    )
  })

  test('an overridden $getQueryFor writes every row', async ({ assert }) => {
    await dropTables(db, TOKENS)
    await schema(db).createTable(TOKENS, (t) => {
      t.increments('id')
      t.string('username', 50)
    })
    try {
      await Redirected.createMany([{ username: 'a' }, { username: 'b' }])
      assert.lengthOf(await rowsOf(db, USERS), 0)
      assert.deepEqual(
        (await rowsOf(db, TOKENS)).map((row) => row.username),
        ['a', 'b']
      )
    } finally {
      await dropTables(db, TOKENS)
    }
  })

  test("a custom adapter's insert() gets every row", async ({ assert }) => {
    Audited.$adapter = new AuditAdapter(db)
    const created = await Audited.createMany([{ username: 'a' }, { username: 'b' }])
    assert.deepEqual(Audited.inserted, ['a', 'b'])
    assert.isTrue(created.every((row) => row.$isPersisted && typeof row.id === 'number'))
  })
})
