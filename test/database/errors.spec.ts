import type { Assert } from '@japa/assert'
import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
import { Adapter, BaseModel, column } from '../../src/orm/main.js'
import type { Database } from '../../src/database/database.js'
import { createDatabase, dropTables } from '../helpers/database.js'

/**
 * Driver errors surface as the same typed classes on every dialect, with
 * the driver's error kept as `cause`.
 */
test.group('Typed driver errors', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'err_posts', 'err_users')
    const knex = db.connection().getWriteClient()
    await knex.schema.createTable('err_users', (t) => {
      t.increments('id')
      t.string('email', 100).notNullable().unique('err_users_email_unique')
      t.integer('age')
      t.check('?? > 0', ['age'], 'err_users_age_check')
    })
    await knex.schema.createTable('err_posts', (t) => {
      t.increments('id')
      t.integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('err_users')
        .withKeyName('err_posts_user_id_foreign')
    })
    return async () => {
      await dropTables(db, 'err_posts', 'err_users')
      await db.manager.closeAll()
    }
  })

  test('a duplicate value raises UniqueViolation', async ({ assert }) => {
    await db.table('err_users').insert({ email: 'a@b.c' })
    try {
      await db.table('err_users').insert({ email: 'a@b.c' })
      assert.fail('expected a unique violation')
    } catch (error) {
      assert.instanceOf(error, errors.UniqueViolation)
      assert.instanceOf(error, errors.DatabaseConstraintError)
      const violation = error as errors.UniqueViolation
      assert.equal(violation.code, 'E_UNIQUE_VIOLATION')
      assert.isDefined(violation.cause)
      const named =
        violation.constraint === 'err_users_email_unique' || violation.columns.includes('email')
      assert.isTrue(named, `expected the index or column to be named, got ${violation.message}`)
    }
  })

  test('a missing parent raises ForeignKeyViolation', async ({ assert }) => {
    try {
      await db.table('err_posts').insert({ user_id: 999 })
      assert.fail('expected a foreign key violation')
    } catch (error) {
      assert.instanceOf(error, errors.ForeignKeyViolation)
      assert.equal((error as errors.ForeignKeyViolation).code, 'E_FOREIGN_KEY_VIOLATION')
    }
  })

  test('deleting a referenced parent raises ForeignKeyViolation', async ({ assert }) => {
    const [inserted] = await db.table('err_users').returning('id').insert({ email: 'a@b.c' })
    const id = typeof inserted === 'object' ? inserted.id : inserted
    await db.table('err_posts').insert({ user_id: id })
    await assert.rejects(
      () => db.from('err_users').where('id', id).delete(),
      errors.ForeignKeyViolation as never
    )
  })

  test('a null in a not-null column raises NotNullViolation naming the column', async ({
    assert,
  }) => {
    try {
      await db.table('err_users').insert({ email: null })
      assert.fail('expected a not null violation')
    } catch (error) {
      assert.instanceOf(error, errors.NotNullViolation)
      assert.include((error as errors.NotNullViolation).columns, 'email')
    }
  })

  test('a failed check raises CheckViolation', async ({ assert }) => {
    try {
      await db.table('err_users').insert({ email: 'a@b.c', age: -1 })
      assert.fail('expected a check violation')
    } catch (error) {
      assert.instanceOf(error, errors.CheckViolation)
      assert.equal((error as errors.CheckViolation).code, 'E_CHECK_VIOLATION')
    }
  })

  test('a failed statement inside a transaction is typed too', async ({ assert }) => {
    await db.table('err_users').insert({ email: 'a@b.c' })
    await assert.rejects(
      () => db.transaction(async (trx) => trx.table('err_users').insert({ email: 'a@b.c' })),
      errors.UniqueViolation as never
    )
  })

  test("a value holding '; DROP TABLE ...; --' is stored verbatim and drops nothing", async ({
    assert,
  }) => {
    const hostile = "x'; DROP TABLE err_users; --"
    await db.table('err_users').insert({ email: hostile })
    const row = await db.from('err_users').where('email', hostile).first()
    assert.equal(row!.email, hostile)
    assert.include(await db.connection().getAllTables(), 'err_users')
  })
})

/**
 * A query on a table that does not exist (migrations not run, a wrong
 * `static table`) is `UnknownTable` on every dialect, naming the table and
 * the fix, with the driver's error as `cause`.
 */
test.group('Typed driver errors / unknown table', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, 'err_missing', 'err_users')
    return () => db.manager.closeAll()
  })

  class Missing extends BaseModel {
    static table = 'err_missing'
    @column({ isPrimary: true }) declare id: number
    @column() declare body: string
  }

  function assertUnknownTable(assert: Assert, error: unknown) {
    assert.instanceOf(error, errors.UnknownTable)
    const unknown = error as errors.UnknownTable
    assert.equal(unknown.code, 'E_UNKNOWN_TABLE')
    assert.equal(unknown.table, 'err_missing')
    assert.include(unknown.message, 'Table "err_missing" does not exist')
    assert.include(unknown.message, 'npx stratum migration:run')
    assert.isDefined(unknown.cause)
  }

  test('a select, an insert and a raw query on a missing table raise UnknownTable', async ({
    assert,
  }) => {
    const attempts = [
      () => db.from('err_missing').select('*'),
      () => db.table('err_missing').insert({ body: 'x' }),
      () => db.rawQuery('select * from err_missing'),
      () => db.transaction((trx) => trx.from('err_missing').where('id', 1).delete()),
    ]
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => assert.fail('expected UnknownTable'),
        (failure: unknown) => failure
      )
      assertUnknownTable(assert, error)
    }
  })

  test('a model whose table is missing raises UnknownTable from queries and writes', async ({
    assert,
  }) => {
    const attempts = [
      () => Missing.all(),
      () => Missing.find(1),
      () => Missing.create({ body: 'x' }),
    ]
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => assert.fail('expected UnknownTable'),
        (failure: unknown) => failure
      )
      assertUnknownTable(assert, error)
    }
  })

  test('a column of a table the query did not join is not UnknownTable', async ({ assert }) => {
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('err_users', (t) => t.increments('id'))
    const error = await db
      .from('err_users')
      .whereRaw('err_missing.id = 1')
      .then(
        () => assert.fail('expected an error'),
        (failure: unknown) => failure
      )
    assert.notInstanceOf(error, errors.UnknownTable)
    assert.notInstanceOf(error, errors.StratumError)
  })
})
