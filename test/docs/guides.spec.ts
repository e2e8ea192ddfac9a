/**
 * Runs the guides: every ```ts block of a guide, in order, as one program
 * (imports of `stratum/*` pointed at the sources). A guide whose example
 * throws or fails an assertion fails here.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { test } from '@japa/runner'

const run = promisify(execFile)

const entryPoints: Record<string, string> = {
  stratum: '../../src/index.js',
  'stratum/database': '../../src/database/main.js',
  'stratum/orm': '../../src/orm/main.js',
  'stratum/factories': '../../src/factories/main.js',
  'stratum/types/relations': '../../src/types/relations.js',
  'stratum/schema': '../../src/schema/main.js',
  'stratum/migration': '../../src/migration/main.js',
  'stratum/seeders': '../../src/seeders/main.js',
  'stratum/services/db': '../../src/services/db.js',
  'stratum/database_provider': '../../providers/database_provider.js',
}

/**
 * An absolute URL of the source file, so the mapping also works in files a
 * guide writes elsewhere (migrations and seeders under tmp/).
 */
function sourceUrl(entryPoint: string): string {
  return pathToFileURL(resolve('test', 'docs', entryPoint.replace(/\.js$/, '.ts'))).href
}

/** The guide's ts blocks joined, with package imports resolved to the sources. */
export function guideProgram(markdown: string): string {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1])
  return blocks
    .join('\n')
    .replace(/from '(stratum(?:\/[a-z_/]+)?)'/g, (whole, name: string) =>
      entryPoints[name] ? `from '${sourceUrl(entryPoints[name])}'` : whole
    )
}

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
