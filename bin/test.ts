/**
 * Japa entry: `node --import tsx bin/test.ts [--files ...]`. The dialect is
 * chosen by `DB` (sqlite default, pg, mysql); the run ends with one line
 * `N passed, N failed, N skipped`. `STRATUM_PACKAGING=1` runs the packaging
 * suite instead (test/packaging/*.e2e.ts: pack, install into an app, run
 * it there; minutes, so `npm run test:all` runs it once, after the dialects).
 */
import { rmSync } from 'node:fs'
import { assert } from '@japa/assert'
import { configure, processCLIArgs, run } from '@japa/runner'
import { ensureTestDatabase } from '../test/helpers/ensure_database.js'
import { DB, sqliteFile } from '../test/helpers/database.js'
import { summaryLine } from '../test/helpers/summary.js'

const packaging = process.env.STRATUM_PACKAGING === '1'

processCLIArgs(process.argv.splice(2))
configure(
  packaging
    ? {
        files: ['test/packaging/**/*.e2e.ts'],
        plugins: [assert(), summaryLine('packaging')],
        timeout: 600_000,
      }
    : {
        files: ['test/**/*.spec.ts'],
        plugins: [assert(), summaryLine(DB)],
        timeout: 30_000,
        setup: [
          async () => {
            await ensureTestDatabase(DB)
            return () => rmSync(sqliteFile, { force: true })
          },
        ],
      }
)

run()
