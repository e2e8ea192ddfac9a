/**
 * Shared by the fault specs (connection loss, server restart): a connection
 * config that fails fast, the server-side id of a session, killing one from
 * another connection, and stopping and starting the server of the current
 * dialect the way scripts/test-services.sh does.
 */
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { promisify } from 'node:util'
import { Database } from '../../src/database/database.js'
import type { ConnectionConfig, QueryClientContract } from '../../src/types/database.js'
import { connectionConfig, DB } from '../helpers/database.js'

const run = promisify(execFile)

/** The server dialects; the fault specs register nothing on SQLite. */
export const serverDialect = DB === 'pg' || DB === 'mysql' ? DB : undefined

/** knex warns on every connection it throws away; here that is the point. */
const quietLog = { warn() {}, error() {}, deprecate() {}, debug() {} }

/**
 * The current dialect's test connection, failing fast: a refused connect
 * surfaces at once (knex propagates create errors), a server that does not
 * answer within `timeoutMs` times out.
 */
export function fastFailingConfig(
  options: { timeoutMs?: number; pool?: { min: number; max: number } } = {}
): ConnectionConfig {
  const base = connectionConfig()
  const timeoutMs = options.timeoutMs ?? 2000
  const driverTimeout =
    DB === 'pg' ? { connectionTimeoutMillis: timeoutMs } : { connectTimeout: timeoutMs }
  return {
    ...base,
    connection: { ...(base.connection as object), ...driverTimeout },
    acquireConnectionTimeout: timeoutMs,
    pool: options.pool ?? { min: 0, max: 4 },
    log: quietLog,
  } as ConnectionConfig
}

/** A Database over `fastFailingConfig()`. */
export function fastFailingDatabase(options: Parameters<typeof fastFailingConfig>[0] = {}) {
  return new Database({
    connection: 'primary',
    connections: { primary: fastFailingConfig(options) },
  })
}

/** Rows of a raw select, whatever the driver returns. */
function rowsOf(result: any): Record<string, any>[] {
  return DB === 'pg' ? result.rows : result[0]
}

/** Server-side id of the session `client` runs on (a transaction pins one). */
export async function sessionId(client: Database | QueryClientContract): Promise<number> {
  const sql = DB === 'pg' ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id'
  return Number(rowsOf(await client.rawQuery(sql))[0].id)
}

/** True while the server still lists the session. */
async function sessionAlive(killer: Database, id: number): Promise<boolean> {
  const sql =
    DB === 'pg'
      ? 'SELECT count(*) AS total FROM pg_stat_activity WHERE pid = ?'
      : 'SELECT count(*) AS total FROM information_schema.processlist WHERE id = ?'
  return Number(rowsOf(await killer.rawQuery(sql, [id]))[0].total) > 0
}

/**
 * Kills a session from another connection (`pg_terminate_backend` / `KILL`);
 * with `wait`, returns once the server no longer lists it.
 */
export async function killSession(killer: Database, id: number, wait = true) {
  await killer.rawQuery(DB === 'pg' ? 'SELECT pg_terminate_backend(?)' : 'KILL ?', [id])
  if (!wait) return
  await pollUntil(async () => !(await sessionAlive(killer, id)), 5000, 'the session to end')
}

/** Calls `check` until it resolves true, every 50 ms, for at most `limitMs`. */
export async function pollUntil(check: () => Promise<boolean>, limitMs: number, what: string) {
  const deadline = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${limitMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Resolves true when `command` exits 0. */
async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 5000 })
    return true
  } catch {
    return false
  }
}

/** The newest PostgreSQL cluster version under /etc/postgresql. */
function pgVersion(): string {
  const versions = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b))
  return versions[versions.length - 1]
}

const mariadbAdmin = ['--protocol=tcp', '-h', '127.0.0.1', '-uroot']

/** True when the current dialect's server accepts connections. */
export function serverAnswers(): Promise<boolean> {
  return DB === 'pg'
    ? succeeds('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'])
    : succeeds('mariadb-admin', [...mariadbAdmin, 'ping'])
}

/** `pg_ctlcluster --skip-systemctl-redirect <ver> main <action> ...`, bounded. */
function pgCtl(...args: string[]) {
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion(), 'main', ...args], {
    timeout: 30_000,
  })
}

/** Stops the current dialect's server and waits until it refuses connections. */
export async function stopServer() {
  if (DB === 'pg') {
    try {
      // fast: sessions are terminated, open transactions rolled back
      await pgCtl('stop', '-m', 'fast', '-t', '10')
    } catch {
      // a backend deaf to SIGTERM (busy in a long computation) keeps a fast shutdown waiting
      await pgCtl('stop', '-m', 'immediate')
    }
  } else {
    await run('mariadb-admin', [...mariadbAdmin, 'shutdown'], { timeout: 30_000 })
    // start-stop-daemon --oknodo would take a mariadbd still flushing for a running one
    await pollUntil(async () => !(await mariadbRunning()), 15_000, 'mariadbd to exit')
  }
  await pollUntil(async () => !(await serverAnswers()), 15_000, 'the server to stop')
}

/** True while a mariadbd process runs. */
function mariadbRunning(): Promise<boolean> {
  return succeeds('start-stop-daemon', ['--status', '--exec', '/usr/sbin/mariadbd'])
}

/** Starts the current dialect's server (as scripts/test-services.sh does) and waits until it answers. */
export async function startServer() {
  if (await serverAnswers()) return
  if (DB === 'pg') {
    try {
      await pgCtl('start')
    } catch {
      // still running, stuck in a shutdown: end it for good, then start
      await pgCtl('stop', '-m', 'immediate').catch(() => {})
      await pgCtl('start')
    }
  } else {
    await run(
      'start-stop-daemon',
      ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd', '--', '--user=mysql'],
      { timeout: 30_000 }
    )
  }
  await pollUntil(serverAnswers, 30_000, 'the server to answer')
}
