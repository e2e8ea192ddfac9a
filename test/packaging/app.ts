/**
 * A throwaway app for the packaging suite: a folder under the system temp
 * dir where commands run as a user would type them (npm, npx), with the
 * test runner's own environment (DB, summary file, tsx) kept out.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface CommandResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Variables of the test process that must not leak into the app's commands. */
const runnerVariables = ['DB', 'STRATUM_SUMMARY_FILE', 'STRATUM_PACKAGING', 'NODE_OPTIONS']

export class App {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true })
  }

  /** Runs a command in the app and returns its status and output. */
  run(command: string, args: string[], env: Record<string, string> = {}): CommandResult {
    const base = { ...process.env }
    for (const name of runnerVariables) delete base[name]
    const result = spawnSync(command, args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...base, NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    })
    if (result.error) throw result.error
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  /** Runs a command that must succeed; its output is in the failure message. */
  ok(command: string, args: string[], env: Record<string, string> = {}): string {
    const result = this.run(command, args, env)
    if (result.status !== 0) {
      throw new Error(
        `"${[command, ...args].join(' ')}" exited ${result.status} in ${this.dir}\n` +
          `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
      )
    }
    return result.stdout
  }

  path(file: string): string {
    return join(this.dir, file)
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8')
  }

  write(file: string, contents: string) {
    mkdirSync(dirname(this.path(file)), { recursive: true })
    writeFileSync(this.path(file), contents)
  }

  /** Packages installed in node_modules (every copy of every package, the app excluded). */
  installedPackages(): string[] {
    const listing = this.ok('npm', ['ls', '--all', '--parseable'])
    return listing.split('\n').filter((line) => line.trim() !== '' && line !== this.dir)
  }
}
