import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
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
