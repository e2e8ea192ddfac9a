import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { DB } from '../helpers/database.js'

const run = promisify(execFile)

test.group('npm run demo (examples/blog)', () => {
  test('migrates through the CLI, seeds with factories and runs its queries', async ({
    assert,
  }) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/blog/main.ts'], {
      env: {
        ...process.env,
        DB,
        NO_COLOR: '1',
        BLOG_SQLITE_FILE: `tmp/blog-test-${process.pid}.sqlite3`,
      },
    })
    assert.include(stdout, `Stratum blog demo on ${DB}`)
    assert.include(stdout, '❯ migrated database/migrations/1700000000004_create_blog_tags_tables')
    assert.match(stdout, /users \/ posts \/ comments \/ tags\s+50 \/ 500 \/ 2100 \/ 12/)
    // comments on posts and on users, through one morphTo preload (trashed posts left out)
    assert.match(stdout, /on posts \/ on users \/ on trashed posts\s+1896 \/ 100 \/ 104/)
    assert.match(stdout, /pivot rows \(3 tags per post\)\s+1500/)
    // seeded factories: the same data on every dialect and every run
    assert.match(stdout, /posts soft deleted \(views < 250\)\s+26/)
    assert.match(stdout, /meta\s+\{"total":347,"currentPage":2,"lastPage":70\}/)
    assert.match(stdout, /tags\s+1:[\w-]+-renamed, 9999:typescript/)
    assert.match(stdout, /posts in the trash\s+26/)
  }).timeout(120_000)
})
