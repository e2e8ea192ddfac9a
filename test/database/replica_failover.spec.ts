/**
 * Issue 20: a replica that refuses connections or dies mid-query leaves
 * the rotation, `db:replica:down` says so, and the read runs elsewhere: no
 * read fails because a replica is down. The back-off is a unit test (all
 * dialects); the rest runs on the pg hot standby, stopped in the middle of
 * a read loop. Without a standby the pg tests fail.
 */
import { test } from '@japa/runner'
import knex from 'knex'
import { Database } from '../../src/database/database.js'
import { Emitter } from '../../src/database/emitter.js'
import { ReadHosts } from '../../src/database/connection/read_hosts.js'
import { ConnectionLost } from '../../src/errors.js'
import type { ConnectionConfig, DatabaseEvents } from '../../src/types/database.js'
import { connectionConfig, DB } from '../helpers/database.js'
import {
  primaryHost,
  rawKnex,
  replicatedDatabase,
  replicatedTable,
  standbyHost,
  startStandby,
  stopStandby,
} from '../helpers/standby.js'

const TABLE = 'replica_failover_items'
/** Nothing listens on port 1: connecting there is refused at once. */
const deadReplica = { host: '127.0.0.1', port: 1 }
const deadHost = '127.0.0.1:1'

type DownEvent = DatabaseEvents['db:replica:down']
type UpEvent = DatabaseEvents['db:replica:up']

test.group('Replica back-off', () => {
  test('a failing replica is out for a back-off doubled at each failure, up to the maximum', ({
    assert,
  }) => {
    const emitter = new Emitter<DatabaseEvents>()
    const down: DownEvent[] = []
    const up: UpEvent[] = []
    emitter.on('db:replica:down', (event) => down.push(event))
    emitter.on('db:replica:up', (event) => up.push(event))
    const clients = [knex({ client: 'pg' }), knex({ client: 'pg' })]
    const hosts = new ReadHosts('app', clients, ['a:1', 'b:2'], 100_000, 300_000)
    assert.deepEqual([hosts.pick(), hosts.pick(), hosts.pick()], [0, 1, 0])
    const error = new Error('refused')
    hosts.markDown(0, error, emitter)
    assert.deepEqual([hosts.pick(), hosts.pick()], [1, 1])
    hosts.markDown(0, error, emitter)
    hosts.markDown(0, error, emitter)
    hosts.markDown(1, error, emitter)
    assert.equal(hosts.pick(), -1, 'every replica out: the write host')
    assert.deepEqual(
      down.map((event) => [event.host, event.failures, event.retryInMs]),
      [
        ['a:1', 1, 100_000],
        ['a:1', 2, 200_000],
        ['a:1', 3, 300_000],
        ['b:2', 1, 100_000],
      ]
    )
    hosts.markUp(1, emitter)
    hosts.markUp(1, emitter)
    assert.deepEqual(up, [{ connection: 'app', host: 'b:2' }], 'reported once')
    assert.deepEqual([hosts.pick(), hosts.pick()], [1, 1])
    hosts.markUp(0, emitter)
    assert.deepEqual([hosts.pick(), hosts.pick()], [0, 1])
    return Promise.all(clients.map((client) => client.destroy())).then(() => {})
  })

  test('a bad sticky, retryAfter or maxRetryAfter throws E_INVALID_REPLICAS_CONFIG', ({
    assert,
  }) => {
    const bad = [{ sticky: 'yes' }, { retryAfter: -1 }, { maxRetryAfter: Infinity }]
    for (const [index, extra] of bad.entries()) {
      const db = new Database({
        connection: 'app',
        connections: {
          app: {
            ...connectionConfig(),
            replicas: {
              write: { connection: {} },
              read: { connection: [{}] },
              ...extra,
            },
          } as ConnectionConfig,
        },
      })
      const key = Object.keys(extra)[0]
      assert.throws(() => db.connection(), new RegExp(`invalid "replicas.${key}"`), `case ${index}`)
    }
  })

  test('with retryAfter 0 a failed replica gets the very next read as a trial', ({ assert }) => {
    const emitter = new Emitter<DatabaseEvents>()
    const client = knex({ client: 'pg' })
    const hosts = new ReadHosts('app', [client], ['a:1'], 0, 0)
    hosts.markDown(0, new Error('refused'), emitter)
    assert.equal(hosts.pick(), 0)
    assert.isTrue(hosts.isUnhealthy(0))
    return client.destroy()
  })
})

if (DB === 'pg') {
  test.group('Replicas on a hot standby: failover', (group) => {
    group.setup(async () => {
      const drop = await replicatedTable(TABLE, [{ name: 'a' }, { name: 'b' }, { name: 'c' }])
      return async () => {
        await startStandby() // whatever happened, later specs get their standby
        await drop()
      }
    })

    const count = async (db: ReturnType<typeof replicatedDatabase>['db']) =>
      Number((await db.from(TABLE).count('* as total').first())!.total)

    test('a replica that refuses connections leaves the rotation; reads go to the others', async ({
      assert,
    }) => {
      const { db, events } = replicatedDatabase({
        read: [deadReplica, { host: '127.0.0.1', port: Number(standbyHost.split(':')[1]) }],
        retryAfter: 60_000,
      })
      const down: DownEvent[] = []
      db.on('db:replica:down', (event) => down.push(event))
      try {
        const totals = []
        for (let i = 0; i < 20; i++) totals.push(await count(db))
        assert.deepEqual(totals, Array(20).fill(3))
        assert.deepEqual(
          down.map((event) => [event.host, event.failures, event.retryInMs, event.error.name]),
          [[deadHost, 1, 60_000, 'ConnectionRefused']]
        )
        const served = events.filter((event) => !event.error).map((event) => event.host)
        assert.deepEqual(served, Array(20).fill(standbyHost))
      } finally {
        await db.manager.closeAll()
      }
    })

    test('with every replica down, reads go to the primary', async ({ assert }) => {
      const { db, events } = replicatedDatabase({ read: [deadReplica], retryAfter: 60_000 })
      const down: DownEvent[] = []
      db.on('db:replica:down', (event) => down.push(event))
      try {
        for (let i = 0; i < 5; i++) assert.equal(await count(db), 3)
        assert.lengthOf(down, 1)
        assert.deepEqual(
          events.map((event) => [event.host, event.error === undefined]),
          [[deadHost, false], ...Array(5).fill([primaryHost, true])]
        )
      } finally {
        await db.manager.closeAll()
      }
    })

    test('a replica that dies mid-query: the read runs again on the primary', async ({
      assert,
    }) => {
      const { db, events } = replicatedDatabase()
      const down: DownEvent[] = []
      db.on('db:replica:down', (event) => down.push(event))
      const standby = rawKnex('standby')
      try {
        const read = db
          .query()
          .select(db.raw('pg_is_in_recovery() AS standby, pg_sleep(1) AS slept'))
        const pending = read.first()
        // kill the standby session that runs it, while it runs
        let killed = 0
        for (let i = 0; i < 500 && killed === 0; i++) {
          const { rows } = await standby.raw(
            `SELECT count(pg_terminate_backend(pid)) AS killed FROM pg_stat_activity
             WHERE query LIKE '%pg_sleep(1) AS slept%' AND pid <> pg_backend_pid()`
          )
          killed = Number(rows[0].killed)
          if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 5))
        }
        assert.equal(killed, 1)
        const row = await pending
        assert.isFalse(row!.standby, 'the primary answered')
        assert.lengthOf(down, 1)
        assert.instanceOf(down[0].error, ConnectionLost)
        assert.deepEqual(
          events.map((event) => [event.host, event.error === undefined]),
          [
            [standbyHost, false],
            [primaryHost, true],
          ]
        )
      } finally {
        await standby.destroy()
        await db.manager.closeAll()
      }
    })

    test('the standby stops and starts during a read loop: no read fails', async ({ assert }) => {
      const { db, events } = replicatedDatabase({ retryAfter: 50, maxRetryAfter: 200 })
      const down: DownEvent[] = []
      const up: UpEvent[] = []
      db.on('db:replica:down', (event) => down.push(event))
      db.on('db:replica:up', (event) => up.push(event))
      const started = performance.now()
      let reads = 0
      const failed: unknown[] = []
      const wrong: number[] = []
      let stopped: Promise<void> | undefined
      let restarted: Promise<void> | undefined
      let back = false
      let readsAfterRestart = 0
      try {
        // 4 workers share one loop: at least 3000 reads, and 300 after the standby is back
        const worker = async () => {
          while ((reads < 3000 || readsAfterRestart < 300) && reads < 30_000) {
            reads++
            if (reads === 500) stopped = stopStandby()
            if (reads >= 1500 && !restarted && stopped) {
              restarted = stopped.then(startStandby).then(() => {
                back = true
              })
            }
            if (back) readsAfterRestart++
            try {
              const total = await count(db)
              if (total !== 3) wrong.push(total)
            } catch (error) {
              failed.push(error)
            }
          }
        }
        await Promise.all([worker(), worker(), worker(), worker()])
        await restarted
      } finally {
        await stopped
        await restarted
        await db.manager.closeAll()
      }
      const served = events.filter((event) => !event.error)
      const onStandby = served.filter((event) => event.host === standbyHost).length
      const onPrimary = served.filter((event) => event.host === primaryHost).length
      console.log(
        `  read loop: ${reads} reads in ${Math.round(performance.now() - started)} ms, ` +
          `${failed.length} failed; ${onStandby} on the standby, ${onPrimary} on the primary, ` +
          `${events.length - served.length} retried; ${down.length} db:replica:down, ${up.length} db:replica:up`
      )
      assert.deepEqual(failed, [])
      assert.deepEqual(wrong, [])
      assert.equal(served.length, reads)
      assert.isAbove(down.length, 0)
      assert.isAbove(up.length, 0)
      assert.isAbove(onPrimary, 0)
      // the standby served reads before the stop and again after the restart
      const lastDown = events.findLastIndex((event) => event.error !== undefined)
      assert.isAbove(onStandby, 0)
      assert.isTrue(events.slice(lastDown).some((event) => event.host === standbyHost))
    }).timeout(120_000)
  })
}
