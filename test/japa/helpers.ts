/**
 * Runs a Japa project as a subprocess under the current `DB` and reads what
 * it printed: the plugin cannot be tested inside the Japa run that hosts it.
 */
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Output and exit code of one run. */
export interface ProjectRun {
  code: number
  stdout: string
  /** Outcome of each test by title, from the fixture's `RESULT` lines. */
  results: Map<string, 'pass' | 'fail'>
}

let runs = 0

/** Runs `node --import tsx <entry> ...args` with extra env; never rejects on a failing exit code. */
export function runProject(
  entry: string,
  args: string[] = [],
  env: Record<string, string> = {}
): Promise<ProjectRun> {
  const sqliteFile = join(tmpdir(), `stratum-japa-${process.pid}-${++runs}.sqlite3`)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      {
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          JAPA_SQLITE_FILE: sqliteFile,
          ...env,
        },
        timeout: 120_000,
        maxBuffer: 10 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        rmSync(sqliteFile, { force: true })
        const output = stripAnsi(`${stdout}${stderr}`)
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout: output, results: readResults(output) })
      }
    )
  })
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '')
}

function readResults(output: string) {
  const results = new Map<string, 'pass' | 'fail'>()
  for (const match of output.matchAll(/^RESULT (pass|fail) (.+)$/gm)) {
    results.set(match[2], match[1] as 'pass' | 'fail')
  }
  return results
}

/** The fixture entry of `test/japa/fixtures`. */
export const fixtureEntry = 'test/japa/fixtures/run.ts'
