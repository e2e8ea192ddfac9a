/**
 * Hydration leaves the values of date columns as the driver gave them until
 * they are read, and the deep copy of JSON values until they can be reached
 * (src/orm/base_model/lazy_values.ts). Users must not see it: every model
 * here is compared with what eager conversion (luxon on the driver's value,
 * read straight from the table) gives.
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { dateColumnOptions } from '../../src/orm/decorators/date_columns.js'
import { pendingColumn } from '../../src/orm/base_model/lazy_values.js'
import { hasMany } from '../../src/orm/relations/decorators.js'
import type { LucidRow } from '../../src/types/model.js'
import type { HasMany } from '../../src/types/relations.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase, rowsOf } from './helpers.js'

class LazyNote extends BaseModel {
  static override table = 'orm_lazy_notes'
  @column({ isPrimary: true }) declare id: number
  @column() declare lazyUserId: number
  @column.dateTime() declare createdAt: DateTime
}

class LazyUser extends BaseModel {
  static override table = 'orm_lazy_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare fullName: string
  @column() declare isActive: boolean
  @column({
    prepare: (value) => JSON.stringify(value),
    consume: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare settings: { theme: string } | null
  @column.date() declare birthday: DateTime | null
  @column.dateTime() declare startsAt: DateTime | null
  @column.dateTime() declare localAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
  @hasMany(() => LazyNote) declare notes: HasMany<typeof LazyNote>
}

const dateColumns = ['birthday', 'startsAt', 'localAt', 'createdAt', 'updatedAt'] as const
const columnNames = {
  birthday: 'birthday',
  startsAt: 'starts_at',
  localAt: 'local_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
}

/** The DateTime eager hydration builds from a driver value. */
function eager(attribute: (typeof dateColumns)[number], raw: unknown) {
  const options = dateColumnOptions(attribute === 'birthday' ? 'date' : 'datetime')
  return options.consume!(raw, attribute, {} as LucidRow) as DateTime | null
}

/** The serialized text eager hydration gives for a driver value. */
function eagerText(attribute: (typeof dateColumns)[number], raw: unknown) {
  const value = eager(attribute, raw)
  return value === null ? null : attribute === 'birthday' ? value.toISODate() : value.toISO()
}

test.group('lazy date and JSON values', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_lazy_users', (t) => {
      t.increments('id')
      t.string('full_name')
      t.boolean('is_active')
      t.text('settings').nullable()
      t.date('birthday').nullable()
      t.timestamp('starts_at', { useTz: true, precision: 3 }).nullable()
      t.timestamp('local_at', { useTz: false }).nullable()
      t.timestamp('created_at').nullable()
      t.timestamp('updated_at').nullable()
    })
    await createTable(db, 'orm_lazy_notes', (t) => {
      t.increments('id')
      t.integer('lazy_user_id')
      t.timestamp('created_at').nullable()
    })
    const stamps = [
      '2024-03-31 01:30:00',
      '2024-10-27 02:30:00',
      '2024-07-01 23:59:59',
      '2023-01-01 00:00:00',
    ]
    const users = stamps.map((stamp, index) => ({
      full_name: `user ${index}`,
      is_active: index % 2 === 0,
      settings: index === 3 ? null : JSON.stringify({ theme: `theme ${index}` }),
      birthday: index === 2 ? null : `19${80 + index}-0${index + 1}-2${index}`,
      starts_at: index === 1 ? null : DateTime.fromSQL(stamp, { zone: 'utc' }).toJSDate(),
      local_at: stamp,
      created_at: stamp,
      updated_at: stamps[3 - index],
    }))
    await db.table('orm_lazy_users').multiInsert(users)
    await db
      .table('orm_lazy_notes')
      .multiInsert(
        [1, 1, 2, 4].map((userId, index) => ({ lazy_user_id: userId, created_at: stamps[index] }))
      )
    return async () => {
      await dropTables(db, 'orm_lazy_notes', 'orm_lazy_users')
      await db.manager.closeAll()
    }
  })

  test('serialize() of models never read equals eager conversion of the rows', async ({
    assert,
  }) => {
    const rows = await rowsOf(db, 'orm_lazy_users')
    const users = await LazyUser.query().orderBy('id')
    const read = await LazyUser.query().orderBy('id')
    for (const user of read) for (const attribute of dateColumns) void user[attribute]
    rows.forEach((row: Record<string, unknown>, index: number) => {
      const serialized = users[index].serialize()
      for (const attribute of dateColumns) {
        assert.strictEqual(serialized[attribute], eagerText(attribute, row[columnNames[attribute]]))
      }
      assert.deepEqual(serialized, read[index].serialize())
      assert.equal(JSON.stringify(users[index]), JSON.stringify(read[index]))
    })
  })

  test('serialize() follows the system zone as it changes between calls', async ({ assert }) => {
    // the zone and each day's offset are read once per outermost serialize() call
    // a value read once is a DateTime of the zone it was read in, as when eager: fetched again
    const tz = process.env.TZ
    try {
      for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC', 'Europe/Paris']) {
        process.env.TZ = zone
        // the drivers build their Dates in the zone of the moment, so the rows are read again too
        const rows = await rowsOf(db, 'orm_lazy_users')
        const notes = await rowsOf(db, 'orm_lazy_notes')
        const users = await LazyUser.query().orderBy('id').preload('notes')
        users.forEach((user, index) => {
          const serialized = user.serialize()
          for (const attribute of dateColumns) {
            const raw = rows[index][columnNames[attribute]]
            assert.strictEqual(serialized[attribute], eagerText(attribute, raw), zone)
          }
          for (const note of serialized.notes as Array<Record<string, unknown>>) {
            const row = notes.find((candidate: Record<string, unknown>) => candidate.id === note.id)
            assert.strictEqual(note.createdAt, eagerText('createdAt', row?.created_at), zone)
          }
        })
      }
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })

  test('a date attribute reads as the DateTime luxon builds from the row', async ({ assert }) => {
    const rows = await rowsOf(db, 'orm_lazy_users')
    const users = await LazyUser.query().orderBy('id')
    rows.forEach((row: Record<string, unknown>, index: number) => {
      for (const attribute of dateColumns) {
        const expected = eager(attribute, row[columnNames[attribute]])
        const value = users[index][attribute]
        if (expected === null) assert.isNull(value)
        else assert.isTrue(DateTime.isDateTime(value) && value.equals(expected), attribute)
        // the same instance on every read
        assert.strictEqual(users[index][attribute], value)
      }
    })
  })

  test('$attributes, $original and toObject() hold DateTimes, shared as when eager', async ({
    assert,
  }) => {
    for (const user of [await LazyUser.findOrFail(1), (await LazyUser.query().where('id', 1))[0]]) {
      const attributes = user.$attributes
      assert.isTrue(DateTime.isDateTime(attributes.createdAt))
      assert.isTrue(DateTime.isDateTime(attributes.birthday))
      assert.strictEqual(user.$original.createdAt, attributes.createdAt)
      assert.notStrictEqual(user.$original.settings, attributes.settings)
      assert.deepEqual(user.$original.settings, attributes.settings)
      assert.strictEqual(user.toObject().updatedAt, attributes.updatedAt)
      assert.deepEqual(user.$dirty, {})
      assert.isFalse(user.$isDirty)
    }
    // $original read first, then the attributes
    const user = await LazyUser.findOrFail(2)
    assert.isTrue(DateTime.isDateTime(user.$original.createdAt))
    assert.strictEqual(user.$original.createdAt, user.createdAt)
  })

  test('dirty tracking: JSON mutated in place, through serialize(), and dates set', async ({
    assert,
  }) => {
    const [first, second, third] = await LazyUser.query().orderBy('id')
    assert.deepEqual(first.$dirty, {})
    first.settings!.theme = 'changed'
    assert.deepEqual(first.$dirty, { settings: { theme: 'changed' } })

    // serialize() hands out the JSON object itself, as eager hydration does
    ;(second.serialize().settings as { theme: string }).theme = 'through serialize'
    assert.deepEqual(Object.keys(second.$dirty), ['settings'])

    const createdAt = third.createdAt
    third.createdAt = createdAt.plus({ minutes: 1 })
    assert.deepEqual(Object.keys(third.$dirty), ['createdAt'])
    third.createdAt = createdAt
    assert.deepEqual(third.$dirty, {})
  })

  test('merge and fill see the same values', async ({ assert }) => {
    const [user] = await LazyUser.query().orderBy('id')
    user.merge({ settings: { theme: 'merged' } })
    assert.deepEqual(user.settings, { theme: 'merged' })
    assert.deepEqual(Object.keys(user.$dirty), ['settings'])
    const [other] = await LazyUser.query().orderBy('id')
    other.fill({ fullName: 'filled' })
    assert.deepEqual(other.$dirty.fullName, 'filled')
    assert.isNull(other.$dirty.createdAt)
  })

  test('saving after reading, or not reading, the dates writes the same row', async ({
    assert,
  }) => {
    const before = await rowsOf(db, 'orm_lazy_users')
    const [unread, read] = await LazyUser.query().whereIn('id', [1, 3]).orderBy('id')
    for (const attribute of dateColumns) void read[attribute]
    for (const user of [unread, read]) {
      user.fullName = `${user.fullName} saved`
      await user.save()
      assert.deepEqual(Object.keys(user.$dirty), [])
    }
    const after = await rowsOf(db, 'orm_lazy_users')
    for (const index of [0, 2]) {
      const { full_name: name, updated_at: _updated, ...rest } = after[index]
      const { full_name: oldName, updated_at: _old, ...oldRest } = before[index]
      assert.equal(name, `${oldName} saved`)
      assert.deepEqual(rest, oldRest)
    }
  })

  test('a save converts only the dates it writes; the others read as eager after it', async ({
    assert,
  }) => {
    const rows = await rowsOf(db, 'orm_lazy_users')
    const [user] = await LazyUser.query().orderBy('id')
    user.fullName = 'renamed'
    await user.save()
    // updatedAt was written; the other date columns still hold the driver's values
    const pending = dateColumns.filter((attribute) => pendingColumn(user, attribute))
    assert.deepEqual(pending, ['birthday', 'startsAt', 'localAt', 'createdAt'])
    assert.deepEqual(user.$dirty, {})
    for (const attribute of pending) {
      const expected = eager(attribute, rows[0][columnNames[attribute]])
      assert.strictEqual(user.$original[attribute], user[attribute])
      assert.isTrue(user[attribute]!.equals(expected!), attribute)
    }
    user.createdAt = user.createdAt.plus({ days: 1 })
    assert.deepEqual(Object.keys(user.$dirty), ['createdAt'])
  })

  test('a rollback gives back the dates a save left pending, as eager', async ({ assert }) => {
    const rows = await rowsOf(db, 'orm_lazy_users')
    const [user] = await LazyUser.query().orderBy('id')
    const trx = await db.transaction()
    user.useTransaction(trx)
    user.fullName = 'in a rolled back transaction'
    await user.save()
    await trx.rollback()
    assert.deepEqual(Object.keys(user.$dirty), ['fullName'])
    for (const attribute of dateColumns) {
      const expected = eager(attribute, rows[0][columnNames[attribute]])
      const value = user[attribute]
      if (expected === null) assert.isNull(value)
      else assert.isTrue(value!.equals(expected), attribute)
      assert.deepEqual(user.$original[attribute], value)
    }
    assert.equal(user.serialize().createdAt, eagerText('createdAt', rows[0].created_at))
  })

  test('preloaded rows convert their dates on read too', async ({ assert }) => {
    const noteRows = await rowsOf(db, 'orm_lazy_notes')
    const users = await LazyUser.query().preload('notes').orderBy('id')
    const notes = users.flatMap((user) => user.notes).sort((a, b) => a.id - b.id)
    assert.lengthOf(notes, 4)
    notes.forEach((note, index) => {
      const expected = eager('createdAt', noteRows[index].created_at)!
      assert.equal(note.serialize().createdAt, expected.toISO())
      assert.isTrue(note.createdAt.equals(expected))
      assert.equal(note.lazyUserId, noteRows[index].lazy_user_id)
    })
  })
})
