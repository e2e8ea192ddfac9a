/**
 * Issue #18, item 3: a model saved in a transaction that rolls back must not
 * believe it is persisted, or its next save() updates a row that never
 * existed and the write is silently lost. And an UPDATE that matches no row
 * is an error, never a success. Runs on sqlite, pg and mysql.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_ROW_NOT_FOUND } from '../../src/errors.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { createDatabase, dropTables } from '../helpers/database.js'

const USERS = 'rel_lost_write_users'

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string | null
}

const UserFactory = new FactoryManager()
  .define(User, ({ faker }) => ({ email: faker.internet.email(), name: null }))
  .build()

test.group('Reliability | no write lost after a rollback', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, USERS)
    await db.connection().getWriteClient().schema.createTable(USERS, (t) => {
      t.increments('id')
      t.string('email', 191).notNullable()
      t.string('name', 100).nullable()
    })
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('save, rollback, save again: the row is written', async ({ assert }) => {
    // a burnt id first: the rolled back insert takes the next one, as in the report
    await db.table(USERS).insert({ email: 'first@example.com' })
    const user = new User().merge({ email: 'virk@example.com', name: 'virk' })
    const trx = await db.transaction()
    user.useTransaction(trx)
    await user.save()
    await trx.rollback()

    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
    await user.save()
    const rows = await db.from(USERS).where('email', 'virk@example.com')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].name, 'virk')
    assert.equal(Number(rows[0].id), user.id)
  })

  test('an update of a row rolled back elsewhere rejects with E_ROW_NOT_FOUND', async ({
    assert,
  }) => {
    // a copy that missed the rollback (found inside the transaction, kept after it)
    const trx = await db.transaction()
    await User.create({ email: 'ghost@example.com' }, { client: trx })
    const copy = await User.findByOrFail('email', 'ghost@example.com', { client: trx })
    await trx.rollback()

    copy.name = 'late'
    await assert.rejects(() => copy.save(), E_ROW_NOT_FOUND as never)
    assert.lengthOf(await db.from(USERS), 0)
  })

  test('factory create with client(trx) is new again after the rollback', async ({ assert }) => {
    const trx = await db.transaction()
    const user = await UserFactory.client(trx).create()
    assert.isTrue(user.$isPersisted)
    await trx.rollback()
    assert.isFalse(user.$isPersisted)
    assert.isUndefined(user.id)
    await user.save()
    assert.lengthOf(await db.from(USERS), 1)
  })
})
