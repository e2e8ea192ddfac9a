import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'

const fixture = fileURLToPath(new URL('./fixtures/close_handles.fixture.ts', import.meta.url))

test.group('Closing connections', () => {
  test('after closeAll() and disconnect() nothing keeps the process alive', async ({ assert }) => {
    // the child never calls process.exit: it ends only when no handle of ours stays open;
    // if one does, execFile's kill timeout ends it and the assertions below fail
    const result = await new Promise<{ code: number | null; killed: boolean; output: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', fixture],
          { env: process.env, timeout: 60_000 },
          (error, stdout, stderr) => {
            resolve({
              code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
              killed: error?.killed ?? false,
              output: `${stdout}${stderr}`,
            })
          }
        )
      }
    )
    assert.isFalse(result.killed, `the process did not exit by itself:\n${result.output}`)
    assert.equal(result.code, 0, result.output)
    assert.include(result.output, 'CLOSED')
  }).timeout(90_000)
})
