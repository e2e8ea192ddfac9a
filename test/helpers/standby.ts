/**
 * The PostgreSQL hot standby of the replica specs (scripts/pg-standby.sh:
 * 127.0.0.1:5433, streaming from the test server): connection settings, a
 * Database whose reads go to it, and waiting for, pausing and resuming its replay.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import knex, { type Knex } from 'knex'
import { Database } from '../../src/database/database.js'
import type { PostgreConfig, QueryEvent, ReplicasConfig } from '../../src/types/database.js'
import { serverConnection } from './database.js'

const run = promisify(execFile)

export const STANDBY_PORT = Number(process.env.PG_STANDBY_PORT ?? 5433)
/** `host:port` of the write host and of the standby, as `db:query` reports them. */
export const primaryHost = `${serverConnection('pg').host}:${serverConnection('pg').port}`
export const standbyHost = `127.0.0.1:${STANDBY_PORT}`

/** Settings of the standby: the test database, read through port 5433. */
export function standbyConnection(): Knex.PgConnectionConfig {
  return { ...serverConnection('pg'), host: '127.0.0.1', port: STANDBY_PORT }
}

/** A bare knex on the primary or the standby, for setup and checks. */
export function rawKnex(on: 'primary' | 'standby'): Knex {
  return knex({
    client: 'pg',
    connection: on === 'primary' ? serverConnection('pg') : standbyConnection(),
    pool: { min: 0, max: 2 },
  })
}

/**
 * A Database (`app`) writing to the test server and reading from `read`
 * (the standby by default), debug on, every `db:query` event in `events`.
 */
export function replicatedDatabase(
  options: Omit<ReplicasConfig<Knex.PgConnectionConfig>, 'write' | 'read'> & {
    read?: Knex.PgConnectionConfig[]
  } = {}
) {
  const { read, ...rest } = options
  const config: PostgreConfig = {
    client: 'pg',
    connection: serverConnection('pg'),
    debug: true,
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
    replicas: {
      ...rest,
      write: { connection: {} },
      read: { connection: read ?? [{ host: '127.0.0.1', port: STANDBY_PORT }] },
    },
  }
  const db = new Database({ connection: 'app', connections: { app: config } })
  const events: QueryEvent[] = []
  db.on('db:query', (event) => events.push(event))
  return { db, events }
}

/**
 * Fails loudly when no hot standby answers: the replica specs must not pass
 * without one (CI starts it with scripts/test-services.sh).
 */
export async function assertStandby() {
  const standby = rawKnex('standby')
  try {
    const result = await standby.raw('SELECT pg_is_in_recovery() AS standby')
    if (result.rows[0].standby !== true) throw new Error('it is not in recovery')
  } catch (error) {
    throw new Error(
      `No PostgreSQL hot standby on ${standbyHost} (${(error as Error).message}): ` +
        'run scripts/test-services.sh (it starts scripts/pg-standby.sh)',
      { cause: error }
    )
  } finally {
    await standby.destroy()
  }
}

/** Waits (up to 15 s) until the standby replayed everything the primary wrote so far. */
export async function waitForReplay() {
  const primary = rawKnex('primary')
  const standby = rawKnex('standby')
  try {
    const { rows } = await primary.raw('SELECT pg_current_wal_lsn()::text AS lsn')
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const done = await standby.raw('SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn AS done', [
        rows[0].lsn,
      ])
      if (done.rows[0].done === true) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`the standby on ${standbyHost} did not replay ${rows[0].lsn} within 15 s`)
  } finally {
    await Promise.all([primary.destroy(), standby.destroy()])
  }
}

/** Pauses WAL replay on the standby: rows written on the primary stay invisible there. */
export async function pauseReplay() {
  const standby = rawKnex('standby')
  try {
    await standby.raw('SELECT pg_wal_replay_pause()')
    for (let i = 0; i < 500; i++) {
      const { rows } = await standby.raw('SELECT pg_get_wal_replay_pause_state() AS state')
      if (rows[0].state === 'paused') return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('the standby did not pause its replay')
  } finally {
    await standby.destroy()
  }
}

/** Resumes WAL replay on the standby. */
export async function resumeReplay() {
  const standby = rawKnex('standby')
  try {
    await standby.raw('SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()')
  } finally {
    await standby.destroy()
  }
}

/** `scripts/pg-standby.sh --stop` (fast shutdown: open sessions are terminated). */
export async function stopStandby() {
  await run('bash', ['scripts/pg-standby.sh', '--stop'])
}

/** `scripts/pg-standby.sh`: starts the standby and waits until it streams again. */
export async function startStandby() {
  await run('bash', ['scripts/pg-standby.sh'])
}

/**
 * Checks the standby, makes `table` (id, name) on the primary with `rows`
 * and waits until the standby has it; resolves to the cleanup that drops it.
 */
export async function replicatedTable(table: string, rows: { name: string }[] = []) {
  await assertStandby()
  const primary = rawKnex('primary')
  try {
    await primary.schema.dropTableIfExists(table)
    await primary.schema.createTable(table, (t) => {
      t.increments('id')
      t.string('name')
    })
    if (rows.length > 0) await primary.table(table).insert(rows)
  } finally {
    await primary.destroy()
  }
  await waitForReplay()
  return async () => {
    const cleanup = rawKnex('primary')
    await cleanup.schema.dropTableIfExists(table)
    await cleanup.destroy()
  }
}
