import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'

const run = promisify(execFile)

test.group('npm run demo', () => {
  test('runs the tour on SQLite and prints what it did', async ({ assert }) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      env: { ...process.env, NO_COLOR: '1' },
    })
    assert.include(stdout, 'Created tmp/demo.sqlite3 with users and posts tables')
    assert.include(stdout, '[{"total":3,"points":75}]')
    assert.include(stdout, '"currentPage":2,"lastPage":2')
    assert.include(stdout, '{"error":"UniqueViolation","isUnique":true}')
    assert.include(stdout, 'dirty before save:                 {"points":15}')
    assert.include(
      stdout,
      '"posts":[{"id":1,"userId":4,"title":"Hello"},{"id":2,"userId":4,"title":"Stratum"}],"postsCount":2'
    )
    assert.include(stdout, '{"title":"Stratum","author":"nikk@example.com"}')
    // the rolled back transaction left no temp@example.com row behind
    assert.notInclude(stdout, 'temp@example.com')
  }).timeout(60_000)
})
