/**
 * Issue 20: read/write routing on a real PostgreSQL hot standby
 * (scripts/pg-standby.sh). Each test asks the server that answered whether
 * it is in recovery, and checks the `db:query` event's host. pg only: the
 * file registers nothing on other dialects; without a standby it fails.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import type { QueryEvent } from '../../src/types/database.js'
import { DB } from '../helpers/database.js'
import {
  primaryHost,
  replicatedDatabase,
  replicatedTable,
  standbyHost,
} from '../helpers/standby.js'

const TABLE = 'replica_routing_items'

class RoutedItem extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}

/** `pg_is_in_recovery()`: true on the standby, false on the primary. */
const onStandby = 'pg_is_in_recovery() AS standby'

if (DB === 'pg') {
  test.group('Replicas on a hot standby: routing', (group) => {
    let db: Database
    let events: QueryEvent[]

    group.setup(() => replicatedTable(TABLE, [{ name: 'seeded' }]))
    group.each.setup(() => {
      ;({ db, events } = replicatedDatabase())
      BaseModel.useAdapter(new Adapter(db))
      return () => db.manager.closeAll()
    })

    test('database and model selects run on the standby', async ({ assert }) => {
      const row = await db.from(TABLE).select('name', db.raw(onStandby)).first()
      assert.deepEqual(row, { name: 'seeded', standby: true })
      const item = await RoutedItem.query().select('*', db.raw(onStandby)).firstOrFail()
      assert.equal(item.name, 'seeded')
      assert.isTrue(item.$extras.standby)
      assert.isTrue((await RoutedItem.findOrFail(item.id)).$isPersisted)
      assert.deepEqual(
        events.map((event) => [event.host, event.replica, event.model ?? null]),
        [
          [standbyHost, true, null],
          [standbyHost, true, 'RoutedItem'],
          [standbyHost, true, 'RoutedItem'],
        ]
      )
    })

    test('writes run on the primary (the standby would refuse them)', async ({ assert }) => {
      await db.table(TABLE).insert({ name: 'inserted' })
      const item = await RoutedItem.create({ name: 'created' })
      item.name = 'saved'
      await item.save()
      await db.from(TABLE).where('name', 'inserted').update({ name: 'updated' })
      await RoutedItem.query().where('name', 'updated').delete()
      await item.delete()
      assert.isAbove(events.length, 4)
      for (const event of events) {
        assert.equal(event.host, primaryHost, event.sql)
        assert.isFalse(event.replica)
      }
    })

    test('forUpdate() and forShare() selects run on the primary', async ({ assert }) => {
      const locked = await db.transaction(async (trx) => {
        return trx.from(TABLE).select(db.raw(onStandby)).forUpdate().first()
      })
      assert.isFalse(locked!.standby)
      // outside a transaction too: a standby cannot lock rows
      const forUpdate = await db.from(TABLE).select(db.raw(onStandby)).forUpdate().first()
      const forShare = await RoutedItem.query().select(db.raw(onStandby)).forShare().firstOrFail()
      assert.isFalse(forUpdate!.standby)
      assert.isFalse(forShare.$extras.standby)
      assert.deepEqual(
        events.filter((event) => !event.inTransaction).map((event) => event.host),
        [primaryHost, primaryHost]
      )
    })

    test('everything inside a transaction runs on the primary', async ({ assert }) => {
      await db.transaction(async (trx) => {
        const row = await trx.from(TABLE).select(db.raw(onStandby)).first()
        assert.isFalse(row!.standby)
        const item = await RoutedItem.query({ client: trx }).select(db.raw(onStandby)).first()
        assert.isFalse(item!.$extras.standby)
        await trx.transaction(async (savepoint) => {
          const nested = await savepoint.from(TABLE).select(db.raw(onStandby)).first()
          assert.isFalse(nested!.standby)
        })
      })
      const inTransaction = events.filter((event) => event.inTransaction)
      assert.isAbove(inTransaction.length, 2)
      for (const event of inTransaction) {
        assert.equal(event.host, primaryHost)
        assert.isFalse(event.replica)
      }
    })

    test('usePrimary() sends one read to the primary; the next goes to the standby', async ({
      assert,
    }) => {
      const fromPrimary = await db.from(TABLE).select(db.raw(onStandby)).usePrimary().first()
      const model = await RoutedItem.query().select(db.raw(onStandby)).usePrimary().firstOrFail()
      const next = await db.from(TABLE).select(db.raw(onStandby)).first()
      assert.isFalse(fromPrimary!.standby)
      assert.isFalse(model.$extras.standby)
      assert.isTrue(next!.standby)
      assert.deepEqual(
        events.map((event) => event.host),
        [primaryHost, primaryHost, standbyHost]
      )
    })

    test('db.usePrimary(fn) sends every read inside fn to the primary', async ({ assert }) => {
      const inside = await db.usePrimary(async () => {
        const row = await db.from(TABLE).select(db.raw(onStandby)).first()
        const item = await RoutedItem.query().select(db.raw(onStandby)).firstOrFail()
        return [row!.standby, item.$extras.standby]
      })
      const after = await db.from(TABLE).select(db.raw(onStandby)).first()
      assert.deepEqual(inside, [false, false])
      assert.isTrue(after!.standby)
    })

    test('write mode reads from the primary; read mode runs raw queries on the standby', async ({
      assert,
    }) => {
      const write = await db
        .connection('app', { mode: 'write' })
        .from(TABLE)
        .select(db.raw(onStandby))
        .first()
      const read = await db.connection('app', { mode: 'read' }).rawQuery(`SELECT ${onStandby}`)
      assert.isFalse(write!.standby)
      assert.isTrue(read.rows[0].standby)
      assert.deepEqual(
        events.map((event) => [event.host, event.replica]),
        [
          [primaryHost, false],
          [standbyHost, true],
        ]
      )
    })
  })
}
