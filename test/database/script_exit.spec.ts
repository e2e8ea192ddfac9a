import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'
import { createDatabase, DB } from '../helpers/database.js'

const fixture = fileURLToPath(new URL('./fixtures/script_exit.fixture.ts', import.meta.url))

/**
 * Runs the fixture; the child never calls process.exit, so it ends only
 * when nothing holds its event loop. If something does, execFile's kill
 * timeout ends it and `killed` is true.
 */
function runScript(mode: 'close' | 'forget') {
  return new Promise<{ code: number | null; killed: boolean; output: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', fixture, mode],
      { env: process.env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          killed: error?.killed ?? false,
          output: `${stdout}${stderr}`,
        })
      }
    )
  })
}

test.group(`A script's exit (${DB})`, (group) => {
  group.each.timeout(90_000)

  test('a script ending with await db.close() exits by itself', async ({ assert }) => {
    const result = await runScript('close')
    assert.isFalse(result.killed, `the process did not exit by itself:\n${result.output}`)
    assert.equal(result.code, 0, result.output)
    assert.equal(result.output.trim(), 'DONE')
  })

  if (DB === 'sqlite') {
    test('on SQLite, a script that never closes its Database exits by itself too', async ({
      assert,
    }) => {
      const result = await runScript('forget')
      assert.isFalse(result.killed, `the process did not exit by itself:\n${result.output}`)
      assert.equal(result.code, 0, result.output)
      assert.equal(result.output.trim(), 'DONE')
    })
  }

  test('db.close() closes every connection and a later query reopens it', async ({ assert }) => {
    const db = createDatabase()
    await db.rawQuery('select 1')
    assert.isTrue(db.manager.isConnected('primary'))
    await db.close()
    assert.isFalse(db.manager.isConnected('primary'))
    await db.rawQuery('select 1')
    assert.isTrue(db.manager.isConnected('primary'))
    await db.close()
  })
})
