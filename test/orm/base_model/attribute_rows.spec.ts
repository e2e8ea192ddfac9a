/**
 * On SQLite a model query whose columns are all the model's reads its rows
 * as arrays and builds the attribute objects from them (src/database/
 * row_builder.ts, src/orm/base_model/attribute_rows.ts); any other query
 * reads row objects. Users must not see which: every spec here compares
 * the models of a query with the models hydrated one by one from the same
 * rows read as plain objects (`pojo()`), and runs on every dialect.
 */
import { test } from '@japa/runner'
import type { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import type { ModelObject } from '../../../src/types/model.js'
import { dropTables } from '../../helpers/database.js'
import { createTable, openDatabase } from '../helpers.js'

const TABLE = 'orm_attribute_rows'

class Account extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare fullName: string
  @column() declare isActive: boolean
  @column() declare balance: string | number
  @column({
    prepare: (value: unknown) => JSON.stringify(value),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare settings: { theme: string } | null
  @column.dateTime() declare createdAt: DateTime
}

/** Remembers the keys of the rows it is given: they must be column names. */
const seenKeys: string[][] = []
class AccountOwnHydration extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare fullName: string

  static override $createFromAdapterResult<Model extends typeof BaseModel>(
    this: Model,
    row?: ModelObject,
    sideloaded?: ModelObject,
    options?: Parameters<typeof BaseModel.$createFromAdapterResult>[2]
  ) {
    if (row) seenKeys.push(Object.keys(row))
    return super.$createFromAdapterResult(row, sideloaded, options) as InstanceType<Model> | null
  }
}

class AccountWithDefaults extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() fullName: string = 'nobody'
  @column() isActive: boolean = false
}

/** What users can see of a model. */
function observed(model: BaseModel) {
  return {
    attributes: model.$attributes,
    original: model.$original,
    dirty: model.$isDirty,
    persisted: model.$isPersisted,
    extras: model.$extras,
    serialized: model.serialize(),
  }
}

/** The same rows hydrated one at a time from plain objects (the path every other query takes). */
async function viaObjects<Model extends typeof BaseModel>(Model: Model, query = Model.query()) {
  const rows = (await query.pojo()) as ModelObject[]
  return rows.map((row) => Model.$createFromAdapterResult(row)!)
}

test.group('attribute rows', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, TABLE, (t) => {
      t.increments('id')
      t.string('full_name')
      t.boolean('is_active')
      t.bigInteger('balance')
      t.text('settings')
      t.timestamp('created_at', { useTz: false })
    })
    await db.table(TABLE).multiInsert([
      {
        full_name: 'Ada',
        is_active: true,
        balance: '9007199254740993',
        settings: '{"theme":"dark"}',
        created_at: '2026-01-02 03:04:05',
      },
      {
        full_name: 'Brian',
        is_active: false,
        balance: 12,
        settings: null,
        created_at: '2026-02-03 04:05:06',
      },
    ])
    seenKeys.length = 0
    return async () => {
      await dropTables(db, TABLE)
      await db.manager.closeAll()
    }
  })

  test('models of a query are the models hydrated from the same rows as objects', async ({
    assert,
  }) => {
    const models = await Account.query().orderBy('id')
    const expected = await viaObjects(Account, Account.query().orderBy('id'))
    assert.deepEqual(models.map(observed), expected.map(observed))
    assert.equal(models[0].createdAt.toISODate(), '2026-01-02')
    assert.deepEqual(models[0].settings, { theme: 'dark' })
  })

  test('an integer past 2^53 reaches the model exactly, as a decimal string', async ({
    assert,
  }) => {
    const account = await Account.query().where('full_name', 'Ada').firstOrFail()
    assert.strictEqual(String(account.balance), '9007199254740993')
    const small = await Account.findByOrFail('fullName', 'Brian')
    assert.equal(Number(small.balance), 12)
  })

  test('a selection of some columns, and find, give the same models', async ({ assert }) => {
    const some = await Account.query().select('id', 'full_name').orderBy('id')
    assert.deepEqual(
      some.map((account) => account.$attributes),
      [
        { id: 1, fullName: 'Ada' },
        { id: 2, fullName: 'Brian' },
      ]
    )
    const found = await Account.findOrFail(2)
    assert.deepEqual(observed(found), observed((await viaObjects(Account))[1]))
  })

  test('a column the model does not declare goes to $extras', async ({ assert }) => {
    const [account] = await Account.query()
      .select('*')
      .select(db.raw('? as ??', [7, 'lucky']))
      .orderBy('id')
    assert.equal(Number(account.$extras.lucky), 7)
    assert.notProperty(account.$attributes, 'lucky')
    assert.equal(account.fullName, 'Ada')
  })

  test('a column selected twice keeps the value the driver keeps', async ({ assert }) => {
    const query = () =>
      Account.query()
        .select(`${TABLE}.id`, `${TABLE}.full_name`, db.raw('? as ??', ['other', 'full_name']))
        .orderBy('id')
    const models = await query()
    const expected = await viaObjects(Account, query())
    assert.deepEqual(models.map(observed), expected.map(observed))
  })

  test('a model with its own $createFromAdapterResult gets rows by column name', async ({
    assert,
  }) => {
    const accounts = await AccountOwnHydration.query().orderBy('id')
    assert.deepEqual(
      accounts.map((account) => account.fullName),
      ['Ada', 'Brian']
    )
    assert.lengthOf(seenKeys, 2)
    assert.include(seenKeys[0], 'full_name')
    assert.notInclude(seenKeys[0], 'fullName')
  })

  test('field initializers lose to the row values, as with rows read as objects', async ({
    assert,
  }) => {
    for (let round = 0; round < 2; round++) {
      const accounts = await AccountWithDefaults.query().orderBy('id')
      assert.deepEqual(
        accounts.map((account) => [account.fullName, Boolean(account.isActive)]),
        [
          ['Ada', true],
          ['Brian', false],
        ]
      )
      assert.isFalse(accounts[0].$isDirty)
    }
  })

  test('a table changed between two runs of the same query reads its new columns', async ({
    assert,
  }) => {
    const before = await Account.query().orderBy('id')
    assert.equal(before[1].fullName, 'Brian')
    // the same SQL again (SQLite runs it from its statement cache) on another set of columns
    await db.connection().schema.alterTable(TABLE, (t) => {
      t.dropColumn('is_active')
      t.string('nickname').nullable()
    })
    await db.from(TABLE).where('id', 2).update({ nickname: 'Bri' })
    const after = await Account.query().orderBy('id')
    assert.equal(after[1].fullName, 'Brian')
    assert.equal(String(after[1].balance), '12')
    assert.notProperty(after[1].$attributes, 'isActive')
    assert.equal(after[1].$extras.nickname, 'Bri')
    const again = await Account.query().orderBy('id')
    assert.deepEqual(again.map(observed), after.map(observed))
  })

  test('the query keeps no option of its run', async ({ assert }) => {
    const query = Account.query().orderBy('id')
    await query
    assert.deepEqual(query.toSQL().options, {})
    assert.lengthOf(await query, 2)
  })
})
