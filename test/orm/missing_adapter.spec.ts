import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'

const fixture = fileURLToPath(new URL('./fixtures/missing_adapter.fixture.ts', import.meta.url))

interface Attempt {
  name: string
  code?: string
  message?: string
  type?: string
  error?: null
  body?: string
}

/** Runs the fixture in a fresh process: no spec of this run has set an adapter there. */
function runFixture(): Promise<Attempt[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', fixture], (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stdout}${stderr}`))
      resolve(
        stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Attempt)
      )
    })
  })
}

test.group('Models and factories before BaseModel.useAdapter()', (group) => {
  let attempts: Attempt[]
  group.setup(async () => {
    attempts = await runFixture()
  })
  group.each.timeout(60_000)

  test('every query, save and factory create() throws E_MISSING_ADAPTER saying what to call', async ({
    assert,
  }) => {
    const failing = attempts.filter((attempt) => !attempt.name.startsWith('factory make'))
    assert.sameMembers(
      failing.map((attempt) => attempt.name),
      [
        'factory create()',
        'factory createMany()',
        'Model.query()',
        'Model.find()',
        'Model.all()',
        'Model.create()',
        'instance save()',
      ]
    )
    for (const attempt of failing) {
      assert.equal(attempt.code, 'E_MISSING_ADAPTER', `${attempt.name}: ${attempt.message}`)
      assert.equal(attempt.type, 'E_MISSING_ADAPTER', attempt.name)
      assert.include(attempt.message, 'The "Note" model has no adapter', attempt.name)
      assert.include(attempt.message, 'BaseModel.useAdapter(new Adapter(db))', attempt.name)
      assert.include(attempt.message, 'DatabaseProvider', attempt.name)
    }
  })

  test('factory make() and makeStubbed() need no adapter', ({ assert }) => {
    assert.deepInclude(attempts, { name: 'factory make()', body: 'hello' })
    assert.deepInclude(attempts, { name: 'factory makeStubbed()', body: 'hello' })
  })
})
