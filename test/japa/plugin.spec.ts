import { test } from '@japa/runner'
import { seedFor } from '../../src/japa/main.js'
import { fixtureEntry, runProject, type ProjectRun } from './helpers.js'

const failing = [
  'FAIL throws midway',
  'FAIL assertHas prints what the table holds',
  'FAIL assertMissing prints the matching rows',
  'FAIL expectQueries catches an N+1',
]

for (const isolation of ['transaction', 'truncate'] as const) {
  test.group(`dbPlugin | ${isolation} isolation`, (group) => {
    // the truncate run also forces the faker seed with --seed
    const forced = isolation === 'truncate' ? 4242 : undefined
    let run: ProjectRun
    group.setup(async () => {
      run = await runProject(
        fixtureEntry,
        forced ? [`--seed=${forced}`] : [],
        forced
          ? { JAPA_ISOLATION: isolation, JAPA_EXPECT_SEED: String(forced) }
          : { JAPA_ISOLATION: isolation }
      )
    })

    test('only the tests meant to fail fail', ({ assert }) => {
      assert.equal(run.code, 1, run.stdout)
      assert.equal(run.results.size, 12, run.stdout)
      const failed = [...run.results].filter(([, outcome]) => outcome === 'fail')
      assert.deepEqual(
        failed.map(([title]) => title),
        failing,
        run.stdout
      )
    })

    test('a row created in one test is gone in the next', ({ assert }) => {
      assert.equal(run.results.get('creates a row'), 'pass')
      assert.equal(run.results.get('the row of the previous test is gone'), 'pass')
    })

    test('a test that throws midway is still undone', ({ assert }) => {
      assert.include(run.stdout, 'MESSAGE boom midway')
      assert.equal(run.results.get('the rows of the failed test are gone'), 'pass')
    })

    test('db.transaction() inside a test commits and rolls back on its own', ({ assert }) => {
      assert.equal(run.results.get('db.transaction inside a test commits and rolls back'), 'pass')
      assert.equal(run.results.get('the rows of the transactions are gone'), 'pass')
    })

    test('a failing assertion prints what was expected and what the table holds', ({ assert }) => {
      assert.include(
        run.stdout,
        'Expected "japa_spec_users" to have at least 1 row matching {"email":"missing@example.com"}, found 0.\n' +
          'Rows in "japa_spec_users" (2):\n'
      )
      assert.match(run.stdout, /\{"id":\d+,"email":"one@example.com","deleted_at":null\}/)
      assert.match(run.stdout, /\{"id":\d+,"email":"two@example.com","deleted_at":null\}/)
      assert.include(
        run.stdout,
        'Expected "japa_spec_users" to have no row matching {"email":"here@example.com"}, found 1.\n' +
          'Matching rows in "japa_spec_users" (1):\n'
      )
    })

    test('expectQueries lists the SQL of an N+1', ({ assert }) => {
      assert.include(run.stdout, 'Expected 2 queries, but 4 ran:')
      assert.match(
        run.stdout,
        /4\. select \* from .japa_spec_posts. where .japa_spec_posts.\..user_id. = /
      )
      assert.equal(run.results.get('expectQueries passes with a preload'), 'pass')
    })

    test('model assertions follow soft deletes', ({ assert }) => {
      assert.equal(run.results.get('model assertions follow soft deletes'), 'pass')
    })

    test('a failing test prints its faker seed', ({ assert }) => {
      const title = 'FAIL throws midway'
      const seed = forced ?? seedFor(title)
      assert.include(
        run.stdout,
        `[stratum] faker seed for "${title}": ${seed} (rerun with --seed=${seed})`
      )
      assert.equal(run.results.get('faker is seeded from the test title'), 'pass')
    })
  })
}
