/**
 * Issue 20: read-your-writes with `replicas.sticky`, proven on the hot
 * standby with its replay paused: a row written on the primary is then
 * missing on the standby for as long as the test needs, so a read that
 * finds it ran on the primary. pg only; without a standby it fails.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import type { QueryEvent } from '../../src/types/database.js'
import { DB } from '../helpers/database.js'
import {
  pauseReplay,
  primaryHost,
  replicatedDatabase,
  replicatedTable,
  resumeReplay,
  standbyHost,
} from '../helpers/standby.js'

const TABLE = 'replica_sticky_items'

if (DB === 'pg') {
  test.group('Replicas on a hot standby: sticky reads', (group) => {
    let db: Database
    let events: QueryEvent[]

    group.setup(async () => {
      const drop = await replicatedTable(TABLE)
      return async () => {
        await resumeReplay()
        await drop()
      }
    })
    // replay stays paused only while a test runs: the next test or spec sees a live standby
    group.each.setup(async () => {
      await pauseReplay()
      return async () => {
        await resumeReplay()
        await db?.manager.closeAll()
      }
    })

    const find = (name: string): Promise<any> => db.from(TABLE).where('name', name).first()
    const findOnPrimary = (name: string): Promise<any> =>
      db.from(TABLE).where('name', name).usePrimary().first()

    test('without sticky, a read right after a write misses the row on the paused standby', async ({
      assert,
    }) => {
      ;({ db, events } = replicatedDatabase())
      const row = await db.stickyScope(async () => {
        await db.table(TABLE).insert({ name: 'not sticky' })
        return find('not sticky')
      })
      assert.isUndefined(row ?? undefined)
      assert.deepEqual(
        events.map((event) => event.host),
        [primaryHost, standbyHost]
      )
      // the row is there, on the primary
      assert.equal((await findOnPrimary('not sticky')).name, 'not sticky')
    })

    test('with sticky, reads after a write in the same scope go to the primary', async ({
      assert,
    }) => {
      ;({ db, events } = replicatedDatabase({ sticky: true }))
      const [before, after, again] = await db.stickyScope(async () => {
        const first = await find('sticky')
        await db.table(TABLE).insert({ name: 'sticky' })
        return [
          first,
          await find('sticky'),
          (await db.from(TABLE).where('name', 'sticky').count('* as total').first()) as any,
        ]
      })
      assert.isUndefined(before ?? undefined)
      assert.equal(after.name, 'sticky')
      assert.equal(Number(again.total), 1)
      assert.deepEqual(
        events.map((event) => event.host),
        [standbyHost, primaryHost, primaryHost, primaryHost]
      )
    })

    test('stickiness stays in its scope: another scope and code outside read the standby', async ({
      assert,
    }) => {
      ;({ db, events } = replicatedDatabase({ sticky: true }))
      let release!: () => void
      const written = new Promise<void>((resolve) => (release = resolve))
      const writer = db.stickyScope(async () => {
        await db.table(TABLE).insert({ name: 'scoped' })
        release()
        return find('scoped')
      })
      const reader = db.stickyScope(async () => {
        await written
        return find('scoped')
      })
      const [seenByWriter, seenByReader] = await Promise.all([writer, reader])
      const outside = await find('scoped')
      assert.equal(seenByWriter.name, 'scoped')
      assert.isUndefined(seenByReader ?? undefined)
      assert.isUndefined(outside ?? undefined)
    })

    test('a transaction makes the scope sticky; a read-only one does not', async ({ assert }) => {
      ;({ db, events } = replicatedDatabase({ sticky: true }))
      const onStandby = (): Promise<any> =>
        db.query().select(db.raw('pg_is_in_recovery() AS standby')).first()
      const readOnly = await db.stickyScope(async () => {
        await db.transaction(async (trx) => trx.from(TABLE).first(), { readOnly: true })
        return onStandby()
      })
      const written = await db.stickyScope(async () => {
        await db.transaction(async (trx) => trx.table(TABLE).insert({ name: 'in a transaction' }))
        return [await find('in a transaction'), await onStandby()]
      })
      assert.isTrue(readOnly.standby)
      assert.equal(written[0].name, 'in a transaction')
      assert.isFalse(written[1].standby)
    })

    test('without a scope, sticky cannot remember the write: use usePrimary()', async ({
      assert,
    }) => {
      ;({ db, events } = replicatedDatabase({ sticky: true }))
      await db.table(TABLE).insert({ name: 'no scope' })
      assert.isUndefined((await find('no scope')) ?? undefined)
      assert.equal((await findOnPrimary('no scope')).name, 'no scope')
      const inside = await db.usePrimary(() => find('no scope'))
      assert.equal(inside.name, 'no scope')
    })
  })
}
