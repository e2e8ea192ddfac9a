/**
 * Issue 20: the routing, sticky and failover rules on a real MariaDB
 * replica (scripts/mariadb-replica.sh: source 127.0.0.1:3307 with a binary
 * log, replica 127.0.0.1:3308). Each test asks the server that answered for
 * its `@@server_id` (11 source, 12 replica). mysql only; without the pair it fails.
 */
import { test } from '@japa/runner'
import knex, { type Knex } from 'knex'
import { Database } from '../../src/database/database.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import type { DatabaseEvents, MysqlConfig, QueryEvent } from '../../src/types/database.js'
import { DB, serverConnection } from '../helpers/database.js'

const SOURCE_PORT = Number(process.env.MYSQL_SOURCE_PORT ?? 3307)
const REPLICA_PORT = Number(process.env.MYSQL_REPLICA_PORT ?? 3308)
const sourceHost = `127.0.0.1:${SOURCE_PORT}`
const replicaHost = `127.0.0.1:${REPLICA_PORT}`
const TABLE = 'replica_mysql_items'
const serverId = '@@server_id AS server_id'

class MyItem extends BaseModel {
  static override table = TABLE
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}

const settings = (port: number, database?: string) => ({
  ...serverConnection('mysql'),
  host: '127.0.0.1',
  port,
  ...(database === undefined ? {} : { database }),
})

function rawKnex(port: number, database?: string): Knex {
  return knex({ client: 'mysql2', connection: settings(port, database), pool: { min: 0, max: 2 } })
}

/** Waits until the replica applied everything the source wrote so far. */
async function waitForReplica() {
  const source = rawKnex(SOURCE_PORT, '')
  const replica = rawKnex(REPLICA_PORT, '')
  try {
    const [[{ pos }]] = await source.raw('SELECT @@gtid_binlog_pos AS pos')
    const [[{ done }]] = await replica.raw('SELECT MASTER_GTID_WAIT(?, 15) AS done', [pos])
    if (Number(done) !== 0) throw new Error(`the replica did not apply ${pos} within 15 s`)
  } finally {
    await Promise.all([source.destroy(), replica.destroy()])
  }
}

async function onReplica(sql: string) {
  const replica = rawKnex(REPLICA_PORT, '')
  try {
    await replica.raw(sql)
  } finally {
    await replica.destroy()
  }
}

function replicatedDatabase(extra: Partial<MysqlConfig['replicas']> = {}) {
  const config: MysqlConfig = {
    client: 'mysql2',
    connection: settings(SOURCE_PORT),
    debug: true,
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
    replicas: {
      write: { connection: {} },
      read: { connection: [{ host: '127.0.0.1', port: REPLICA_PORT }] },
      ...extra,
    },
  }
  const db = new Database({ connection: 'app', connections: { app: config } })
  const events: QueryEvent[] = []
  db.on('db:query', (event) => events.push(event))
  return { db, events }
}

if (DB === 'mysql') {
  test.group('Replicas on a MariaDB replica', (group) => {
    let db: Database
    let events: QueryEvent[]

    group.setup(async () => {
      const admin = rawKnex(SOURCE_PORT, '')
      const database = serverConnection('mysql').database
      try {
        await admin.raw('CREATE DATABASE IF NOT EXISTS ??', [database])
      } catch (error) {
        throw new Error(
          `No MariaDB source on ${sourceHost}: run scripts/test-services.sh ` +
            `(it starts scripts/mariadb-replica.sh): ${(error as Error).message}`
        )
      } finally {
        await admin.destroy()
      }
      const replica = rawKnex(REPLICA_PORT, '')
      const [[status]] = await replica.raw('SHOW REPLICA STATUS').finally(() => replica.destroy())
      if (status?.Slave_SQL_Running !== 'Yes' || status?.Slave_IO_Running !== 'Yes') {
        throw new Error(
          `The MariaDB replica on ${replicaHost} does not replicate: run scripts/mariadb-replica.sh`
        )
      }
      const source = rawKnex(SOURCE_PORT)
      await source.schema.dropTableIfExists(TABLE)
      await source.schema.createTable(TABLE, (t) => {
        t.increments('id')
        t.string('name')
      })
      await source.table(TABLE).insert({ name: 'seeded' })
      await source.destroy()
      await waitForReplica()
      return async () => {
        await onReplica('START REPLICA SQL_THREAD')
        const cleanup = rawKnex(SOURCE_PORT)
        await cleanup.schema.dropTableIfExists(TABLE)
        await cleanup.destroy()
      }
    })
    group.each.setup(() => {
      ;({ db, events } = replicatedDatabase())
      BaseModel.useAdapter(new Adapter(db))
      return () => db.manager.closeAll()
    })

    test('database and model selects run on the replica; writes on the source', async ({
      assert,
    }) => {
      const row: any = await db.from(TABLE).select('name', db.raw(serverId)).first()
      const item = await MyItem.query().select('*', db.raw(serverId)).firstOrFail()
      assert.deepEqual(row, { name: 'seeded', server_id: 12 })
      assert.equal(item.$extras.server_id, 12)
      const created = await MyItem.create({ name: 'created' })
      await created.delete()
      assert.deepEqual(
        events.map((event) => [event.host, event.replica]),
        [
          [replicaHost, true],
          [replicaHost, true],
          [sourceHost, false],
          [sourceHost, false],
        ]
      )
    })

    test('forUpdate(), forShare(), transactions and usePrimary() run on the source', async ({
      assert,
    }) => {
      const ids: number[] = []
      const id = async (query: Promise<any>) => ids.push(Number((await query).server_id))
      await id(db.from(TABLE).select(db.raw(serverId)).forUpdate().first())
      await id(db.from(TABLE).select(db.raw(serverId)).forShare().first())
      await id(db.from(TABLE).select(db.raw(serverId)).usePrimary().first())
      await db.transaction(async (trx) => {
        await id(trx.from(TABLE).select(db.raw(serverId)).first())
      })
      await id(db.usePrimary(() => db.from(TABLE).select(db.raw(serverId)).first()))
      await id(db.from(TABLE).select(db.raw(serverId)).first())
      assert.deepEqual(ids, [11, 11, 11, 11, 11, 12])
    })

    test('sticky reads see the write while the replica applies nothing', async ({ assert }) => {
      await onReplica('STOP REPLICA SQL_THREAD')
      try {
        const plain = await db.stickyScope(async () => {
          await db.table(TABLE).insert({ name: 'plain' })
          return db.from(TABLE).where('name', 'plain').first()
        })
        const sticky = replicatedDatabase({ sticky: true })
        const seen: any = await sticky.db
          .stickyScope(async () => {
            await sticky.db.table(TABLE).insert({ name: 'sticky' })
            return sticky.db.from(TABLE).where('name', 'sticky').first()
          })
          .finally(() => sticky.db.manager.closeAll())
        assert.isUndefined(plain ?? undefined)
        assert.equal(seen.name, 'sticky')
        assert.deepEqual(
          sticky.events.map((event) => event.host),
          [sourceHost, sourceHost]
        )
      } finally {
        await onReplica('START REPLICA SQL_THREAD')
      }
    })

    test('a replica that refuses connections: reads go to the source, no read fails', async ({
      assert,
    }) => {
      const broken = new Database({
        connection: 'app',
        connections: {
          app: {
            client: 'mysql2',
            connection: settings(SOURCE_PORT),
            log: { warn() {}, error() {}, deprecate() {}, debug() {} },
            replicas: {
              write: { connection: {} },
              read: { connection: [{ host: '127.0.0.1', port: 1 }] },
              retryAfter: 60_000,
            },
          },
        },
      })
      const down: DatabaseEvents['db:replica:down'][] = []
      broken.on('db:replica:down', (event) => down.push(event))
      try {
        for (let i = 0; i < 5; i++) {
          const row: any = await broken.from(TABLE).select(broken.raw(serverId)).first()
          assert.equal(row.server_id, 11)
        }
        assert.deepEqual(
          down.map((event) => [event.host, event.error.name]),
          [['127.0.0.1:1', 'ConnectionRefused']]
        )
      } finally {
        await broken.manager.closeAll()
      }
    })
  })
}
