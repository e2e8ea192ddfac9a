import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import { E_ROW_NOT_FOUND } from '../../src/errors.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { afterDelete, beforeDelete } from '../../src/orm/decorators/hooks.js'
import { compose } from '../../src/orm/mixins/compose.js'
import { SoftDeletes } from '../../src/orm/soft_deletes.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase } from './helpers.js'

class Account extends compose(BaseModel, SoftDeletes) {
  static override table = 'orm_sd_accounts'
  static events: string[] = []

  @column({ isPrimary: true }) declare id: number
  @column() declare email: string

  @beforeDelete() static recordBeforeDelete(account: Account) {
    Account.events.push(`before:${account.email}`)
  }

  @afterDelete() static recordAfterDelete(account: Account) {
    Account.events.push(`after:${account.email}`)
  }
}

class Note extends compose(BaseModel, SoftDeletes) {
  static override table = 'orm_sd_notes'

  @column({ isPrimary: true }) declare id: number
  @column() declare accountId: number
  @column() declare body: string
}

/** The accounts table without the mixin. */
class Plain extends BaseModel {
  static override table = 'orm_sd_accounts'

  @column({ isPrimary: true }) declare id: number
}

function emails(accounts: Account[]) {
  return accounts.map((account) => account.email).sort()
}

test.group('SoftDeletes', (group) => {
  let db: Database
  let alive: Account
  let trashed: Account

  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, 'orm_sd_notes', 'orm_sd_accounts')
    await createTable(db, 'orm_sd_accounts', (t) => {
      t.increments('id')
      t.string('email', 100)
      t.timestamp('deleted_at').nullable()
    })
    await createTable(db, 'orm_sd_notes', (t) => {
      t.increments('id')
      t.integer('account_id').unsigned().references('id').inTable('orm_sd_accounts')
      t.string('body', 100)
      t.timestamp('deleted_at').nullable()
    })
    alive = await Account.create({ email: 'alive@a.dev' })
    trashed = await Account.create({ email: 'trashed@a.dev' })
    await trashed.delete()
    Account.events = []
    return async () => {
      await dropTables(db, 'orm_sd_notes', 'orm_sd_accounts')
      await db.manager.closeAll()
    }
  })

  test('delete sets deleted_at and keeps the row', async ({ assert }) => {
    const before = DateTime.now().startOf('second').toMillis()
    await alive.delete()
    assert.isTrue(DateTime.isDateTime(alive.deletedAt))
    assert.isAtLeast(alive.deletedAt!.toMillis(), before)
    const rows = await db.from('orm_sd_accounts').whereNotNull('deleted_at').count('* as total')
    assert.equal(rows[0].total, 2)
    const total = await db.from('orm_sd_accounts').count('* as total')
    assert.equal(total[0].total, 2)
  })

  test('delete runs the delete hooks', async ({ assert }) => {
    await alive.delete()
    assert.deepEqual(Account.events, ['before:alive@a.dev', 'after:alive@a.dev'])
  })

  test('deleteQuietly soft deletes without hooks', async ({ assert }) => {
    await alive.deleteQuietly()
    assert.isTrue(alive.$isTrashed)
    assert.deepEqual(Account.events, [])
  })

  test('$isTrashed tells whether the row is soft deleted', async ({ assert }) => {
    assert.isFalse(alive.$isTrashed)
    assert.isTrue(trashed.$isTrashed)
    const fetched = await Account.query().withTrashed().where('id', trashed.id).firstOrFail()
    assert.isTrue(fetched.$isTrashed)
    assert.isTrue(DateTime.isDateTime(fetched.deletedAt))
  })

  test('find and findOrFail leave trashed rows out', async ({ assert }) => {
    assert.isNull(await Account.find(trashed.id))
    await assert.rejects(() => Account.findOrFail(trashed.id), E_ROW_NOT_FOUND)
    assert.equal((await Account.findOrFail(alive.id)).email, 'alive@a.dev')
  })

  test('all and query() leave trashed rows out', async ({ assert }) => {
    assert.deepEqual(emails(await Account.all()), ['alive@a.dev'])
    assert.deepEqual(emails(await Account.query()), ['alive@a.dev'])
    assert.isNull(await Account.query().where('email', 'trashed@a.dev').first())
  })

  test('withTrashed includes trashed rows', async ({ assert }) => {
    assert.deepEqual(emails(await Account.query().withTrashed()), ['alive@a.dev', 'trashed@a.dev'])
  })

  test('onlyTrashed returns trashed rows only', async ({ assert }) => {
    assert.deepEqual(emails(await Account.query().onlyTrashed()), ['trashed@a.dev'])
  })

  test('restore clears deleted_at and brings the row back', async ({ assert }) => {
    await trashed.restore()
    assert.isFalse(trashed.$isTrashed)
    assert.isNull(trashed.deletedAt)
    assert.isFalse(trashed.$isDirty)
    const found = await Account.findOrFail(trashed.id)
    assert.isNull(found.deletedAt)
  })

  test('forceDelete removes the row, runs the delete hooks and freezes the model', async ({
    assert,
  }) => {
    await alive.forceDelete()
    assert.isTrue(alive.$isDeleted)
    assert.deepEqual(Account.events, ['before:alive@a.dev', 'after:alive@a.dev'])
    assert.lengthOf(await Account.query().withTrashed(), 1)
  })

  test('a trashed model still refreshes from its row', async ({ assert }) => {
    await db.from('orm_sd_accounts').where('id', trashed.id).update({ email: 'changed@a.dev' })
    await trashed.refresh()
    assert.equal(trashed.email, 'changed@a.dev')
  })

  test('the soft delete column is table qualified, so joins are not ambiguous', async ({
    assert,
  }) => {
    await Note.create({ accountId: alive.id, body: 'kept' })
    await Note.create({ accountId: trashed.id, body: 'orphan' })
    const query = Account.query()
      .select('orm_sd_accounts.*')
      .join('orm_sd_notes', 'orm_sd_notes.account_id', 'orm_sd_accounts.id')
    assert.include(query.clone().toKnex().toSQL().sql, 'deleted_at')
    const accounts = await query
    assert.deepEqual(emails(accounts), ['alive@a.dev'])
    const notes = await Note.query()
      .select('orm_sd_notes.*')
      .join('orm_sd_accounts', 'orm_sd_notes.account_id', 'orm_sd_accounts.id')
      .orderBy('orm_sd_notes.id')
    assert.deepEqual(
      notes.map((note) => note.body),
      ['kept', 'orphan']
    )
  })

  test('paginate counts and returns untrashed rows only', async ({ assert }) => {
    await Account.createMany([{ email: 'a@a.dev' }, { email: 'b@a.dev' }])
    const page = await Account.query().orderBy('id').paginate(1, 2)
    assert.equal(page.total, 3)
    assert.equal(page.lastPage, 2)
    assert.deepEqual(
      page.map((account) => account.email),
      ['alive@a.dev', 'a@a.dev']
    )
    const withTrashed = await Account.query().withTrashed().paginate(1, 10)
    assert.equal(withTrashed.total, 4)
  })

  test('a model query used as a sub query leaves trashed rows out', async ({ assert }) => {
    await Note.create({ accountId: alive.id, body: 'kept' })
    await Note.create({ accountId: trashed.id, body: 'orphan' })
    const notes = await Note.query().whereIn('accountId', Account.query().select('id'))
    assert.deepEqual(
      notes.map((note) => note.body),
      ['kept']
    )
  })

  test('delete on the query soft deletes the matched rows', async ({ assert }) => {
    const result = await Account.query().where('email', 'alive@a.dev').delete()
    assert.deepEqual(result, [1])
    assert.lengthOf(await Account.all(), 0)
    assert.lengthOf(await Account.query().onlyTrashed(), 2)
  })

  test('forceDelete on the query removes the matched rows', async ({ assert }) => {
    const result = await Account.query().withTrashed().forceDelete()
    assert.deepEqual(result, [2])
    const rows = await db.from('orm_sd_accounts').count('* as total')
    assert.equal(rows[0].total, 0)
  })

  test('restore on the query brings trashed rows back', async ({ assert }) => {
    const result = await Account.query().onlyTrashed().restore()
    assert.deepEqual(result, [1])
    assert.lengthOf(await Account.all(), 2)
  })

  test('restore on the query lifts the trashed exclusion for the matched rows', async ({
    assert,
  }) => {
    const result = await Account.query().where('email', 'trashed@a.dev').restore()
    assert.deepEqual(result, [1])
    assert.isNotNull(await Account.find(trashed.id))
  })

  test('restore on the query of a model without soft deletes fails with E_INVALID_QUERY', ({
    assert,
  }) => {
    assert.throws(() => Plain.query().restore(), /does not use soft deletes/)
  })

  test('delete on the query of a model without soft deletes removes rows', async ({ assert }) => {
    assert.deepEqual(await Plain.query().where('id', alive.id).delete(), [1])
    assert.lengthOf(await Account.query().withTrashed(), 1)
  })

  test('the deletedAt column is declared by the mixin', ({ assert }) => {
    assert.equal(Account.$getColumn('deletedAt')?.columnName, 'deleted_at')
    assert.isTrue(Note.$hasColumn('deletedAt'))
    assert.isFalse(BaseModel.$hasColumn('deletedAt'))
  })
})
