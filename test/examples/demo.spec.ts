import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'

const run = promisify(execFile)

test.group('npm run demo', () => {
  test('runs the tour on SQLite and prints what it did', async ({ assert }) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      env: { ...process.env, NO_COLOR: '1' },
    })
    assert.include(stdout, 'Created tmp/demo.sqlite3 with a users table')
    assert.include(stdout, '[{"total":3,"points":75}]')
    assert.include(stdout, '"currentPage":2,"lastPage":2')
    assert.include(stdout, '{"error":"UniqueViolation","isUnique":true}')
    // the rolled back transaction left no temp@example.com row behind
    assert.notInclude(stdout, 'temp@example.com')
  }).timeout(60_000)
})
