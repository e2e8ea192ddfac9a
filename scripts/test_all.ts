/**
 * Runs the suite on sqlite, pg and mysql in turn (`npm run test:all`, extra
 * args go to each run), then prints one line with the totals over all of
 * them. Exits non-zero when any test failed or any run crashed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunCounts } from '../test/helpers/summary.js'

const dialects = (process.env.DIALECTS ?? 'sqlite,pg,mysql').split(',')
const args = process.argv.slice(2)
const workDir = mkdtempSync(join(tmpdir(), 'stratum-test-all-'))
const totals: RunCounts = { passed: 0, failed: 0, skipped: 0 }
const crashed: string[] = []

for (const dialect of dialects) {
  const summaryFile = join(workDir, `${dialect}.json`)
  console.log(`\n=== DB=${dialect} ===`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/test.ts', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DB: dialect, STRATUM_SUMMARY_FILE: summaryFile },
  })
  if (!existsSync(summaryFile)) {
    // the run died before Japa could count: count it as one failure
    crashed.push(dialect)
    totals.failed += 1
    continue
  }
  const counts = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunCounts
  totals.passed += counts.passed
  totals.failed += counts.failed
  totals.skipped += counts.skipped
  if (result.status !== 0 && counts.failed === 0) {
    crashed.push(dialect)
    totals.failed += 1
  }
}
rmSync(workDir, { recursive: true, force: true })

if (crashed.length) console.log(`\nRuns that crashed or exited non-zero: ${crashed.join(', ')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exitCode = totals.failed > 0 ? 1 : 0
