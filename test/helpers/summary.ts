import { writeFileSync } from 'node:fs'
import type { PluginFn } from '@japa/runner/types'

/** Counts of one run, as written for `scripts/test_all.ts`. */
export interface RunCounts {
  passed: number
  failed: number
  skipped: number
}

/**
 * Prints the closing `N passed, N failed, N skipped` line CI reads. Under
 * `STRATUM_SUMMARY_FILE` (set by test_all) it writes the counts there and
 * prints a line tagged with the dialect instead, so only the combined line
 * of test_all stands alone.
 */
export function summaryLine(dialect: string): PluginFn {
  return ({ runner, emitter }) => {
    emitter.on('runner:end', () => {
      const { aggregates } = runner.getSummary()
      const counts: RunCounts = {
        passed: aggregates.passed + aggregates.regression,
        failed: aggregates.failed,
        skipped: aggregates.skipped + aggregates.todo,
      }
      const line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
      const file = process.env.STRATUM_SUMMARY_FILE
      // printed on exit so it comes after Japa's own summary
      process.once('exit', () => {
        if (file) {
          writeFileSync(file, JSON.stringify(counts))
          console.log(`[${dialect}] ${line}`)
        } else {
          console.log(line)
        }
      })
    })
  }
}
