import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import knex from 'knex'
import { errors } from '../../src/index.js'
import { Database } from '../../src/database/database.js'
import type { ConnectionConfig } from '../../src/types/database.js'
import { DB, connectionConfig, serverConnection } from '../helpers/database.js'
import { ensureTestDatabase } from '../helpers/ensure_database.js'

/**
 * Read/write routing, with separate databases of the same server standing
 * in for the hosts: one "write" database and two "read" ones.
 */
const hosts = ['stratum_test', 'stratum_test_read_a', 'stratum_test_read_b']

function hostConnection(name: string) {
  if (DB === 'sqlite') return { filename: join(tmpdir(), `${name}-${process.pid}.sqlite3`) }
  return serverConnection(DB, name)
}

/** Creates `rw_items` in each host database, holding one row naming the host. */
async function seedHosts() {
  for (const host of hosts) {
    if (DB !== 'sqlite') {
      await ensureTestDatabase(DB, host)
    }
    const client = knex({
      client: DB === 'pg' ? 'pg' : DB === 'mysql' ? 'mysql2' : 'better-sqlite3',
      connection: hostConnection(host),
      useNullAsDefault: true,
    })
    await client.schema.dropTableIfExists('rw_items')
    await client.schema.createTable('rw_items', (t) => {
      t.increments('id')
      t.string('host')
    })
    await client.table('rw_items').insert({ host })
    await client.destroy()
  }
}

function replicatedConfig(): ConnectionConfig {
  const base = connectionConfig()
  return {
    ...base,
    connection: undefined,
    replicas: {
      write: { connection: hostConnection(hosts[0]) },
      read: { connection: [hostConnection(hosts[1]), hostConnection(hosts[2])] },
    },
  } as ConnectionConfig
}

test.group('Read/write replicas', (group) => {
  let db: Database
  group.setup(seedHosts)
  group.each.setup(() => {
    db = new Database({ connection: 'app', connections: { app: replicatedConfig() } })
    return () => db.manager.closeAll()
  })

  test('selects go to the read hosts in turn', async ({ assert }) => {
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      const row = await db.from('rw_items').select('host').first()
      seen.push(row!.host)
    }
    assert.deepEqual(seen, [hosts[1], hosts[2], hosts[1], hosts[2]])
  })

  test('writes go to the write host', async ({ assert }) => {
    await db.table('rw_items').insert({ host: 'written' })
    await db.from('rw_items').where('host', 'written').update({ host: 'updated' })
    const write = db.connection('app', { mode: 'write' })
    const rows = await write.from('rw_items').select('host').orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.host),
      [hosts[0], 'updated']
    )
    await write.from('rw_items').where('host', 'updated').delete()
  })

  test('write mode reads from the write host', async ({ assert }) => {
    const row = await db.connection('app', { mode: 'write' }).from('rw_items').first()
    assert.equal(row!.host, hosts[0])
  })

  test('read mode refuses writes', async ({ assert }) => {
    const reader = db.connection('app', { mode: 'read' })
    await assert.rejects(() => reader.table('rw_items').insert({ host: 'nope' }), /read mode/)
  })

  test('read mode runs raw queries on a read host', async ({ assert }) => {
    const reader = db.connection('app', { mode: 'read' })
    const result = await reader.rawQuery('select host from rw_items')
    const rows = DB === 'pg' ? result.rows : DB === 'mysql' ? result[0] : result
    assert.oneOf(rows[0].host, [hosts[1], hosts[2]])
    const dual = await db.rawQuery('select host from rw_items')
    const dualRows = DB === 'pg' ? dual.rows : DB === 'mysql' ? dual[0] : dual
    assert.equal(dualRows[0].host, hosts[0])
  })

  test('transactions run on the write host', async ({ assert }) => {
    const host = await db.transaction(async (trx) => {
      const row = await trx.from('rw_items').select('host').first()
      return row!.host
    })
    assert.equal(host, hosts[0])
  })

  test('a replicas config without read hosts throws E_INVALID_REPLICAS_CONFIG', ({ assert }) => {
    const bad = new Database({
      connection: 'app',
      connections: {
        app: {
          ...connectionConfig(),
          replicas: { write: { connection: hostConnection(hosts[0]) }, read: { connection: [] } },
        } as ConnectionConfig,
      },
    })
    assert.throws(() => bad.connection(), errors.E_INVALID_REPLICAS_CONFIG as never)
    try {
      bad.connection()
    } catch (error) {
      assert.equal((error as errors.StratumError).code, 'E_INVALID_REPLICAS_CONFIG')
      assert.include((error as Error).message, 'read')
    }
  })
})
