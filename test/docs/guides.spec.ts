/**
 * Runs the guides: every ```ts block of a guide, in order, as one program
 * (imports of `stratum/*` pointed at the sources). A guide whose example
 * throws or fails an assertion fails here.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { guideProgram } from '../helpers/guide_program.js'

const run = promisify(execFile)

test.group('Guides run as written', () => {
  for (const guide of [
    'models.md',
    'factories.md',
    'relations.md',
    'migrations.md',
    'query-builder.md',
  ]) {
    test(`docs/${guide}`, async ({ assert }) => {
      const program = guideProgram(readFileSync(join('docs', guide), 'utf8'))
      assert.isAbove(program.length, 0)
      // an empty folder, as a user's app is: the guide must make what it needs (no tmp/ there)
      const dir = resolve('tmp', `guide-${guide.replace(/\W/g, '_')}-${process.pid}`)
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(dir, { recursive: true })
      // what `stratum init` leaves in an app: models need experimentalDecorators
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { experimentalDecorators: true, strict: true } })
      )
      const file = join(dir, 'guide.ts')
      writeFileSync(file, program)
      try {
        await run(process.execPath, ['--import', 'tsx', file], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1' },
        })
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }).timeout(60_000)
  }
})
