/**
 * A model's insert, update and delete by key run as known writes: SQL
 * compiled once per table and columns, then given to knex's client without
 * a builder (src/orm/known_writes.ts). Users must not see it: the SQL, the
 * bindings, the events, the errors and what reaches the table are those of
 * the builders `$getQueryFor` gives, on every dialect.
 */
import { test } from '@japa/runner'
import type { Knex } from 'knex'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { UniqueViolation } from '../../src/errors.js'
import type { QueryClientContract, QueryEvent } from '../../src/types/database.js'
import { createDatabase, dropTables } from '../helpers/database.js'
import { createTable, openDatabase, rowsOf } from './helpers.js'
import { Adapter } from '../../src/orm/adapter.js'

const TABLE = 'orm_known_writes'

class Member extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare fullName: string | null
  @column() declare points: number
}

/** Writes only members of one team: its own `$getQueryFor` must be used. */
class TeamMember extends Member {
  static override table = TABLE
  override $getQueryFor(
    action: 'insert' | 'update' | 'delete' | 'refresh',
    client: QueryClientContract
  ) {
    const query = super.$getQueryFor(action as 'update', client)
    return (action === 'insert' ? query : query.where('points', 7)) as never
  }
}

/** The SQL and bindings the builders give for the same write. */
function builderSql(query: { toSQL(): Knex.Sql }) {
  const { sql, bindings } = query.toSQL()
  return { sql, bindings: [...bindings] }
}

test.group('known writes', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, TABLE, (t) => {
      t.increments('id')
      t.string('email').unique()
      t.string('full_name').nullable()
      t.integer('points').defaultTo(0)
    })
    return async () => {
      await dropTables(db, TABLE)
      await db.manager.closeAll()
    }
  })

  test('an insert, update and delete send the SQL and bindings the builders compile', async ({
    assert,
  }) => {
    await db.manager.closeAll()
    db = createDatabase({}, true)
    BaseModel.useAdapter(new Adapter(db))
    const events: QueryEvent[] = []
    db.on('db:query', (event) => events.push(event))
    const member = await Member.create({ email: 'a@x.io', fullName: 'Ada', points: 3 })
    member.points = 4
    await member.save()
    await member.delete()

    const client = db.connection()
    const insert = builderSql(
      client
        .insertQuery()
        .table(TABLE)
        .returning('id')
        .insert({ email: 'a@x.io', full_name: 'Ada', points: 3 })
    )
    const update = builderSql(
      client.query().from(TABLE).where('id', member.id).update({ points: 4 })
    )
    const del = builderSql(client.query().from(TABLE).where('id', member.id).del())
    assert.deepEqual(
      events.map(({ sql, bindings, method }) => ({ sql, bindings: [...bindings], method })),
      [
        { ...insert, method: 'insert' },
        { ...update, method: 'update' },
        { ...del, method: 'del' },
      ]
    )
    assert.lengthOf(await rowsOf(db, TABLE), 0)
  })

  test('rows with other columns, in another order, get their own statement', async ({ assert }) => {
    await Member.create({ email: 'a@x.io', fullName: 'Ada', points: 3 })
    await Member.create({ email: 'b@x.io' })
    await Member.create({ points: 9, email: 'c@x.io', fullName: 'Cy' })
    const rows = await rowsOf(db, TABLE)
    assert.deepEqual(
      rows.map((row) => [row.email, row.full_name, Number(row.points)]),
      [
        ['a@x.io', 'Ada', 3],
        ['b@x.io', null, 0],
        ['c@x.io', 'Cy', 9],
      ]
    )
  })

  test('knex sees each write once, through its query event', async ({ assert }) => {
    const seen: string[] = []
    const knex = db.connection().getWriteClient()
    const listener = (query: { sql: string }) => seen.push(query.sql.split(' ')[0].toLowerCase())
    knex.on('query', listener)
    const member = await Member.create({ email: 'a@x.io' })
    member.fullName = 'Ada'
    await member.save()
    await member.delete()
    knex.off('query', listener)
    assert.deepEqual(seen, ['insert', 'update', 'delete'])
  })

  test('a value the builders turn into SQL still works (db.raw)', async ({ assert }) => {
    const member = await Member.create({ email: 'a@x.io', points: 1 })
    member.merge({ points: db.raw('3 + 4') as never })
    await member.save()
    const [row] = await rowsOf(db, TABLE)
    assert.equal(Number(row.points), 7)
  })

  test('an update after the key changed targets the stored key', async ({ assert }) => {
    const member = await Member.create({ email: 'a@x.io' })
    const stored = member.id
    member.merge({ id: stored + 100, fullName: 'Ada' })
    await member.save()
    const rows = await rowsOf(db, TABLE)
    assert.deepEqual(
      rows.map((row) => [Number(row.id), row.full_name]),
      [[stored + 100, 'Ada']]
    )
  })

  test('a model overriding $getQueryFor keeps its own queries', async ({ assert }) => {
    const member = await TeamMember.create({ email: 'a@x.io', points: 1 })
    member.fullName = 'Ada'
    // its update only matches members with 7 points: none, so the write is refused
    await assert.rejects(() => member.save(), /no row has this key/)
    const [row] = await rowsOf(db, TABLE)
    assert.isNull(row.full_name)
  })

  test('a duplicate is the typed unique violation, and nothing is written', async ({ assert }) => {
    await Member.create({ email: 'a@x.io' })
    const error = await Member.create({ email: 'a@x.io' }).catch((caught) => caught)
    assert.instanceOf(error, UniqueViolation)
    assert.lengthOf(await rowsOf(db, TABLE), 1)
  })

  test('a rolled back transaction leaves nothing of its writes', async ({ assert }) => {
    const kept = await Member.create({ email: 'kept@x.io' })
    await db
      .transaction(async (trx) => {
        await Member.create({ email: 'a@x.io' }, { client: trx })
        kept.useTransaction(trx)
        kept.fullName = 'changed'
        await kept.save()
        throw new Error('roll back')
      })
      .catch(() => {})
    const rows = await rowsOf(db, TABLE)
    assert.deepEqual(
      rows.map((row) => [row.email, row.full_name]),
      [['kept@x.io', null]]
    )
  })
})
