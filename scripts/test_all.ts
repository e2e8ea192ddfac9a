/**
 * Runs the suite on sqlite, pg and mysql in turn (`npm run test:all`, extra
 * args go to each run), then the packaging suite once (it packs Stratum and
 * installs it into a new app: not a per-dialect matter), then prints one line
 * with the totals over all of them. Exits non-zero when any test failed or
 * any run crashed.
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

/** One run of bin/test.ts, its counts added to the totals. */
function runSuite(label: string, env: Record<string, string>) {
  const summaryFile = join(workDir, `${label}.json`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/test.ts', ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env, STRATUM_SUMMARY_FILE: summaryFile },
  })
  if (!existsSync(summaryFile)) {
    // the run died before Japa could count: count it as one failure
    crashed.push(label)
    totals.failed += 1
    return
  }
  const counts = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunCounts
  totals.passed += counts.passed
  totals.failed += counts.failed
  totals.skipped += counts.skipped
  if (result.status !== 0 && counts.failed === 0) {
    crashed.push(label)
    totals.failed += 1
  }
}

for (const dialect of dialects) {
  console.log(`\n=== DB=${dialect} ===`)
  runSuite(dialect, { DB: dialect })
}
console.log('\n=== packaging ===')
runSuite('packaging', { STRATUM_PACKAGING: '1' })
rmSync(workDir, { recursive: true, force: true })

if (crashed.length) console.log(`\nRuns that crashed or exited non-zero: ${crashed.join(', ')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exitCode = totals.failed > 0 ? 1 : 0
