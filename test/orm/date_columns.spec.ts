import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import type { QueryClientContract } from '../../src/types/database.js'
import type { LucidModel, LucidRow } from '../../src/types/model.js'
import { E_INVALID_DATE_COLUMN_VALUE } from '../../src/errors.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase, rowsOf } from './helpers.js'

class Meeting extends BaseModel {
  static override table = 'orm_date_meetings'

  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
  @column.dateTime() declare startsAt: DateTime | null
  @column.dateTime() declare endsAt: DateTime | null
  @column.dateTime() declare remindAt: DateTime | null
  @column.date() declare day: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

const india = '2024-03-10T10:00:00+05:30'

test.group('@column.date and @column.dateTime', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_date_meetings', (t) => {
      t.increments('id')
      t.string('title', 100)
      t.timestamp('starts_at').nullable()
      t.dateTime('ends_at').nullable()
      t.timestamp('remind_at', { useTz: false }).nullable()
      t.date('day').nullable()
      t.timestamp('created_at').nullable()
      t.timestamp('updated_at').nullable()
    })
    return async () => {
      await dropTables(db, 'orm_date_meetings')
      await db.manager.closeAll()
    }
  })

  test('autoCreate sets the timestamps to now on insert', async ({ assert }) => {
    const before = DateTime.now().startOf('second')
    const meeting = await Meeting.create({ title: 'standup' })
    assert.isTrue(DateTime.isDateTime(meeting.createdAt))
    assert.isTrue(DateTime.isDateTime(meeting.updatedAt))
    assert.isAtLeast(meeting.createdAt.toMillis(), before.toMillis())
    const [row] = await rowsOf(db, 'orm_date_meetings')
    assert.isNotNull(row.created_at)
    assert.isNotNull(row.updated_at)
  })

  test('autoCreate keeps a value set by the application', async ({ assert }) => {
    const createdAt = DateTime.fromISO('2020-01-01T00:00:00Z')
    const meeting = await Meeting.create({ title: 'standup', createdAt })
    assert.strictEqual(meeting.createdAt, createdAt)
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(fetched.createdAt.toMillis(), createdAt.toMillis())
  })

  test('an autoUpdate column without autoCreate is set on insert too, as in Lucid', async ({
    assert,
  }) => {
    class Touched extends BaseModel {
      static override table = 'orm_date_meetings'
      @column({ isPrimary: true }) declare id: number
      @column() declare title: string
      @column.dateTime({ autoUpdate: true }) declare updatedAt: DateTime | null
      @column.date({ autoUpdate: true }) declare day: DateTime | null
    }
    const before = DateTime.now().startOf('second')
    const created = await Touched.create({ title: 'one' })
    const [batched] = await Touched.createMany([{ title: 'two' }])
    for (const touched of [created, batched]) {
      assert.isTrue(DateTime.isDateTime(touched.updatedAt))
      assert.isAtLeast(touched.updatedAt!.toMillis(), before.toMillis())
      assert.equal(touched.day?.toISODate(), DateTime.now().toISODate())
    }
    const rows = await rowsOf(db, 'orm_date_meetings')
    assert.lengthOf(rows, 2)
    for (const row of rows) {
      assert.isNotNull(row.updated_at)
      assert.isNotNull(row.day)
    }
  })

  test('autoUpdate moves updatedAt on update and leaves createdAt alone', async ({ assert }) => {
    const old = DateTime.fromISO('2020-01-01T00:00:00Z')
    const meeting = await Meeting.create({ title: 'standup', createdAt: old, updatedAt: old })
    meeting.title = 'retro'
    await meeting.save()
    assert.isAbove(meeting.updatedAt.toMillis(), old.toMillis())
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(fetched.createdAt.toMillis(), old.toMillis())
    assert.isAbove(fetched.updatedAt.toMillis(), old.toMillis())
  })

  test('a timestamp column keeps the instant of a DateTime in another zone', async ({ assert }) => {
    const startsAt = DateTime.fromISO(india, { setZone: true })
    const meeting = await Meeting.create({ title: 'standup', startsAt })
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.isTrue(DateTime.isDateTime(fetched.startsAt))
    assert.equal(fetched.startsAt!.toMillis(), startsAt.toMillis())
  })

  test('a dateTime column keeps the instant of a DateTime in another zone', async ({ assert }) => {
    const endsAt = DateTime.fromISO(india, { setZone: true })
    const meeting = await Meeting.create({ title: 'standup', endsAt })
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(fetched.endsAt!.toMillis(), endsAt.toMillis())
  })

  test('a timestamp column without time zone keeps the instant too', async ({ assert }) => {
    const remindAt = DateTime.fromISO(india, { setZone: true })
    const meeting = await Meeting.create({ title: 'standup', remindAt })
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(fetched.remindAt!.toMillis(), remindAt.toMillis())
  })

  test('an update writes the new instant', async ({ assert }) => {
    const meeting = await Meeting.create({ title: 'standup' })
    meeting.startsAt = DateTime.fromISO('2024-06-01T23:30:00-07:00', { setZone: true })
    await meeting.save()
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(
      fetched.startsAt!.toISO(),
      DateTime.fromISO('2024-06-02T06:30:00Z').toLocal().toISO()
    )
  })

  test('a date column round trips the calendar date', async ({ assert }) => {
    const day = DateTime.fromISO('2024-03-10')
    const meeting = await Meeting.create({ title: 'standup', day })
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.isTrue(DateTime.isDateTime(fetched.day))
    assert.equal(fetched.day!.toISODate(), '2024-03-10')
  })

  test('null date values are written and read as null', async ({ assert }) => {
    const meeting = await Meeting.create({ title: 'standup', startsAt: null, day: null })
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.isNull(fetched.startsAt)
    assert.isNull(fetched.day)
  })

  test('serialize outputs ISO strings: toISO for dateTime, toISODate for date', async ({
    assert,
  }) => {
    const startsAt = DateTime.fromISO('2024-03-10T10:00:00+05:30', { setZone: true })
    const day = DateTime.fromISO('2024-03-10')
    const meeting = await Meeting.create({ title: 'standup', startsAt, day })
    const json = meeting.serialize()
    assert.equal(json.startsAt, startsAt.toISO())
    assert.equal(json.day, '2024-03-10')
    const fetched = (await Meeting.findOrFail(meeting.id)).serialize()
    assert.equal(DateTime.fromISO(fetched.startsAt).toMillis(), startsAt.toMillis())
    assert.equal(fetched.day, '2024-03-10')
  })

  test('a JS Date in a dateTime column fails with Lucid message', async ({ assert }) => {
    const meeting = new Meeting()
    meeting.merge({ title: 'standup', startsAt: new Date() as unknown as DateTime })
    const error = await meeting.save().catch((caught: unknown) => caught)
    assert.instanceOf(error, E_INVALID_DATE_COLUMN_VALUE)
    assert.equal((error as E_INVALID_DATE_COLUMN_VALUE).code, 'E_INVALID_DATE_COLUMN_VALUE')
    assert.equal(
      (error as Error).message,
      'Invalid value for "Meeting.startsAt". It must be an instance of "luxon.DateTime"'
    )
    assert.lengthOf(await rowsOf(db, 'orm_date_meetings'), 0)
  })

  test('a number in a date column fails with Lucid message', async ({ assert }) => {
    const error = await Meeting.create({
      title: 'standup',
      day: 10 as unknown as DateTime,
    }).catch((caught: unknown) => caught)
    assert.instanceOf(error, E_INVALID_DATE_COLUMN_VALUE)
    assert.equal(
      (error as Error).message,
      'Invalid value for "Meeting.day". The value must be an instance of "luxon.DateTime"'
    )
  })

  test('an invalid DateTime fails with luxon reason', async ({ assert }) => {
    for (const attribute of ['endsAt', 'day'] as const) {
      const error = await Meeting.create({
        title: 'standup',
        [attribute]: DateTime.fromISO('not a date'),
      }).catch((caught: unknown) => caught)
      assert.instanceOf(error, E_INVALID_DATE_COLUMN_VALUE)
      assert.equal((error as Error).message, `Invalid value for "Meeting.${attribute}". unparsable`)
    }
    assert.lengthOf(await rowsOf(db, 'orm_date_meetings'), 0)
  })

  test('a string is written as it is, in a date and in a dateTime column', async ({ assert }) => {
    const meeting = await Meeting.create({
      title: 'standup',
      day: '2010-11-20' as unknown as DateTime,
      endsAt: '2010-11-20 10:30:00' as unknown as DateTime,
    })
    assert.equal(meeting.day as unknown, '2010-11-20')
    assert.equal(meeting.endsAt as unknown, '2010-11-20 10:30:00')
    const fetched = await Meeting.findOrFail(meeting.id)
    assert.equal(fetched.day!.toISODate(), '2010-11-20')
    assert.equal(fetched.endsAt!.toFormat('yyyy-MM-dd HH:mm:ss'), '2010-11-20 10:30:00')
  })
})

/**
 * A custom adapter that gives no client per instance (Lucid's own test
 * adapter does the same): date-time columns then read the dialect from a
 * query of the model, as Lucid does.
 */
class QueryOnlyAdapter extends Adapter {
  override modelClient(): QueryClientContract {
    return undefined as never
  }

  override async insert(instance: LucidRow, attributes: Record<string, unknown>) {
    const Model = instance.constructor as LucidModel
    await this.db.insertQuery().table(Model.table).insert(attributes)
  }
}

test.group('@column.dateTime | adapters', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_date_meetings', (t) => {
      t.increments('id')
      t.string('title', 100)
      t.timestamp('starts_at').nullable()
      t.timestamp('created_at').nullable()
      t.timestamp('updated_at').nullable()
    })
    return async () => {
      BaseModel.useAdapter(new Adapter(db))
      await dropTables(db, 'orm_date_meetings')
      await db.manager.closeAll()
    }
  })

  test('an adapter without a client per instance still writes date-times', async ({ assert }) => {
    class Standup extends BaseModel {
      static override table = 'orm_date_meetings'
      @column({ isPrimary: true }) declare id: number
      @column() declare title: string
      @column.dateTime() declare startsAt: DateTime
      @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
    }
    Standup.useAdapter(new QueryOnlyAdapter(db))
    const startsAt = DateTime.fromISO('2024-03-10T10:00:00').startOf('second')
    const standup = new Standup()
    standup.merge({ title: 'standup', startsAt })
    await standup.save()
    standup.merge({ startsAt: DateTime.fromISO('2024-03-10T10:00:00') })
    assert.isFalse(standup.$isDirty)
    const [row] = await rowsOf(db, 'orm_date_meetings')
    assert.equal(DateTime.fromJSDate(new Date(row.starts_at)).toMillis(), startsAt.toMillis())
    assert.isNotNull(row.created_at)
  })
})
