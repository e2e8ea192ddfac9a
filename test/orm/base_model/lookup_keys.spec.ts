/**
 * findBy, findByOrFail and findManyBy on columns the model does not declare
 * (passed to SQL as Lucid does, quoted by knex), and the keys refused.
 */
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_QUERY, E_MISSING_MODEL_ATTRIBUTE, E_ROW_NOT_FOUND } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase } from './helpers.js'

const USERS = 'bm_lookup_users'

/** Declares two of the table's columns: `email` and `points` are not declared. */
class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
}

/** Resolves to the error `work` throws (also synchronously), or undefined. */
function failure(work: () => unknown): Promise<any> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error) => error
    )
}

test.group('BaseModel lookups | undeclared columns', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await db.table(USERS).multiInsert([
      { username: 'virk', email: 'virk@adonisjs.com', points: 10 },
      { username: 'nikk', email: 'nikk@adonisjs.com', points: 10 },
      { username: 'romain', email: 'romain@adonisjs.com', points: 5 },
    ])
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('findBy and findByOrFail look up by a column the model does not declare', async ({
    assert,
  }) => {
    const user = await User.findBy('email' as never, 'nikk@adonisjs.com')
    assert.equal(user?.username, 'nikk')
    const strict = await User.findByOrFail({ email: 'romain@adonisjs.com' } as never)
    assert.equal(strict.username, 'romain')
    assert.isNull(await User.findBy(`${USERS}.email` as never, 'nobody@adonisjs.com'))
  })

  test('findManyBy finds every row of an undeclared column value', async ({ assert }) => {
    const byKey = await User.findManyBy('points' as never, 10)
    assert.sameMembers(
      byKey.map((user) => user.username),
      ['virk', 'nikk']
    )
    const byClause = await User.findManyBy({ points: 10, username: 'virk' } as never)
    assert.deepEqual(
      byClause.map((user) => user.username),
      ['virk']
    )
  })

  test('the undeclared column is a quoted identifier and its value a binding', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const value = "x' OR '1'='1"
    assert.isNull(await User.findBy('email' as never, value))
    queries.stop()
    assert.lengthOf(queries.events, 1)
    assert.include(queries.events[0].bindings, value)
    assert.notInclude(queries.events[0].sql, value)
  })

  test('an undeclared column that does not exist fails in the database', async ({ assert }) => {
    const error = await failure(() => User.findBy('nickname' as never, 'virk'))
    assert.instanceOf(error, Error)
    assert.notEqual(error.code, 'E_MISSING_MODEL_ATTRIBUTE')
  })

  test('keys that cannot be a column name are refused before any query', async ({ assert }) => {
    const queries = captureQueries(db)
    for (const key of ['__proto__', 'email as id', 'email; --', 'a.b.c.d', '', 42]) {
      const error = await failure(() => User.findManyBy(key as never, 1))
      assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE, String(key))
      assert.include(error.message, 'findManyBy()')
      assert.include(error.message, 'attributes (id, username)')
    }
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('findOrFail and findByOrFail fail with Lucid message', async ({ assert }) => {
    for (const find of [
      () => User.findOrFail(999_999),
      () => User.findByOrFail('email' as never, 'nobody@adonisjs.com'),
    ]) {
      const error = await failure(find)
      assert.instanceOf(error, E_ROW_NOT_FOUND)
      assert.equal(error.message, 'Row not found')
    }
  })

  test('an undefined lookup value is refused with a coded error, in a search object too', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const lookups: [string, () => unknown][] = [
      ['find', () => User.find(undefined)],
      ['findBy', () => User.findBy('username', undefined)],
      ['findBy', () => User.findBy({ username: undefined })],
      ['findByOrFail', () => User.findByOrFail({ username: undefined })],
      ['findManyBy', () => User.findManyBy({ username: undefined })],
      ['firstOrNew', () => User.firstOrNew({ username: undefined })],
      ['firstOrCreate', () => User.firstOrCreate({ username: undefined }, {})],
      ['updateOrCreate', () => User.updateOrCreate({ username: undefined }, {})],
    ]
    for (const [method, lookup] of lookups) {
      const error = await failure(lookup)
      assert.instanceOf(error, E_INVALID_QUERY, method)
      assert.equal(error.code, 'E_INVALID_QUERY')
      assert.include(error.message, `in ${method}(): the value is undefined`)
    }
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })
})
