/**
 * knex's own log lines never reach the console on their own: the ones
 * about failures Stratum throws as typed errors go to the logger's debug
 * level (nowhere without a logger), the others to the logger, or to
 * `process.emitWarning` without one.
 */
import { test } from '@japa/runner'
import { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import type { ConnectionConfig, DatabaseLogger } from '../../src/types/database.js'
import { connectionConfig, DB } from '../helpers/database.js'

interface Captured {
  output: string[]
  warnings: Error[]
}

/**
 * Runs `work` while every console method, stdout, stderr and process
 * warnings are captured, and gives back what was written.
 */
async function captureOutput(work: () => Promise<void>): Promise<Captured> {
  const captured: Captured = { output: [], warnings: [] }
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const
  const consoleBefore = methods.map((name) => console[name])
  const stdoutWrite = process.stdout.write
  const stderrWrite = process.stderr.write
  const warningListeners = process.listeners('warning')
  const record = (...parts: unknown[]) => {
    captured.output.push(parts.map(String).join(' '))
    return true
  }
  for (const name of methods) console[name] = record
  process.stdout.write = record as typeof process.stdout.write
  process.stderr.write = record as typeof process.stderr.write
  process.removeAllListeners('warning')
  const onWarning = (warning: Error) => captured.warnings.push(warning)
  process.on('warning', onWarning)
  try {
    await work()
    // process warnings are emitted on the next tick
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    methods.forEach((name, index) => (console[name] = consoleBefore[index] as never))
    process.stdout.write = stdoutWrite
    process.stderr.write = stderrWrite
    process.off('warning', onWarning)
    for (const listener of warningListeners) process.on('warning', listener)
  }
  return captured
}

/** A logger that keeps every line, by level. */
function memoryLogger() {
  const lines: { level: string; message: string }[] = []
  const logger: DatabaseLogger = {
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
  }
  return { logger, lines }
}

/** A connection of the current dialect that cannot be opened, and the error it gives. */
function unreachable(): { config: ConnectionConfig; error: new (...args: never[]) => Error } {
  switch (DB) {
    case 'pg':
      return {
        config: { client: 'pg', connection: { host: '127.0.0.1', port: 1, user: 'postgres' } },
        error: errors.ConnectionRefused,
      }
    case 'mysql':
      return {
        config: { client: 'mysql2', connection: { host: '127.0.0.1', port: 1, user: 'root' } },
        error: errors.ConnectionRefused,
      }
    default:
      return {
        config: {
          client: 'sqlite',
          connection: { filename: '/stratum-no-such-folder/app.sqlite3' },
        },
        error: errors.UnknownDatabase,
      }
  }
}

test.group(`knex's console output (${DB})`, () => {
  test('a connection that cannot be opened writes nothing to the console, stdout or stderr', async ({
    assert,
  }) => {
    const { config, error } = unreachable()
    const db = new Database({ connection: 'app', connections: { app: config } })
    let thrown: unknown
    const captured = await captureOutput(async () => {
      thrown = await db.rawQuery('select 1').catch((failure: unknown) => failure)
      await db.transaction(async () => {}).catch(() => {})
      await db.manager.closeAll()
    })
    assert.instanceOf(thrown, error)
    assert.deepEqual(captured.output, [])
    assert.deepEqual(captured.warnings, [])
  })

  test('with a logger, those lines go to its debug level only', async ({ assert }) => {
    const { config } = unreachable()
    const { logger, lines } = memoryLogger()
    const db = new Database({ connection: 'app', connections: { app: config } }, logger)
    const captured = await captureOutput(async () => {
      await db.rawQuery('select 1').catch(() => {})
      await db.manager.closeAll()
    })
    assert.deepEqual(captured.output, [])
    assert.isAbove(lines.length, 0)
    assert.deepEqual([...new Set(lines.map((line) => line.level))], ['debug'])
    assert.match(lines[0].message, /^Acquire connection error/)
  })

  test("knex's other warnings go to the logger's warn", async ({ assert }) => {
    const { logger, lines } = memoryLogger()
    const db = new Database({ connection: 'app', connections: { app: connectionConfig() } }, logger)
    const captured = await captureOutput(async () => {
      db.knexQuery().limit('ten' as never)
      await db.manager.closeAll()
    })
    assert.deepEqual(captured.output, [])
    assert.deepEqual(lines, [
      { level: 'warn', message: 'A valid integer must be provided to limit' },
    ])
  })

  test('without a logger they become process warnings, not console lines', async ({ assert }) => {
    const db = new Database({ connection: 'app', connections: { app: connectionConfig() } })
    const captured = await captureOutput(async () => {
      db.knexQuery().limit('ten' as never)
      await db.manager.closeAll()
    })
    assert.deepEqual(captured.output, [])
    assert.lengthOf(captured.warnings, 1)
    assert.equal(captured.warnings[0].name, 'KnexWarning')
    assert.equal(captured.warnings[0].message, 'A valid integer must be provided to limit')
  })

  test("a connection's own knex `log` option still wins", async ({ assert }) => {
    const { logger, lines } = memoryLogger()
    const own: string[] = []
    const config = { ...connectionConfig(), log: { warn: (message: string) => own.push(message) } }
    const db = new Database({ connection: 'app', connections: { app: config } }, logger)
    db.knexQuery().limit('ten' as never)
    await db.manager.closeAll()
    assert.deepEqual(own, ['A valid integer must be provided to limit'])
    assert.deepEqual(lines, [])
  })
})
