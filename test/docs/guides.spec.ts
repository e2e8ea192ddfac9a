/**
 * Runs the guides: every ```ts block of a guide, in order, as one program
 * (imports of `stratum/*` pointed at the sources). A guide whose example
 * throws or fails an assertion fails here.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { guideProgram } from '../helpers/guide_program.js'

const run = promisify(execFile)

test.group('Guides run as written', () => {
  for (const guide of ['models.md', 'factories.md', 'relations.md', 'migrations.md']) {
    test(`docs/${guide}`, async ({ assert }) => {
      const program = guideProgram(readFileSync(join('docs', guide), 'utf8'))
      assert.isAbove(program.length, 0)
      mkdirSync('tmp', { recursive: true })
      const file = join('test', 'docs', `guide_${guide.replace(/\W/g, '_')}.generated.ts`)
      writeFileSync(file, program)
      try {
        await run(process.execPath, ['--import', 'tsx', file], {
          env: { ...process.env, NO_COLOR: '1' },
        })
      } finally {
        rmSync(file, { force: true })
      }
    }).timeout(60_000)
  }
})
