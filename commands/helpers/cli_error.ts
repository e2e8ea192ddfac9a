import { pathToFileURL } from 'node:url'

/**
 * An error the CLI reports as one plain paragraph (no stack trace) before
 * exiting with code 1: a missing config, an unknown connection, a refused
 * destructive command.
 */
export class CliError extends Error {
  readonly code = 'E_STRATUM_CLI'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CliError'
  }
}

/** The first lines of an error message, so a loader error stays one short paragraph. */
export function shortMessage(error: unknown, maxLines = 4): string {
  const message = error instanceof Error ? error.message : String(error)
  const lines = message
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(Boolean)
  return lines.slice(0, maxLines).join('\n')
}

/** Whether `STRATUM_DEBUG` asks for stack traces. */
export function debugging(): boolean {
  const value = process.env.STRATUM_DEBUG
  return Boolean(value) && value !== '0' && value !== 'false'
}

/** The stack of an error, then those of its causes. */
export function fullStack(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join('\nCaused by: ')
}

/** `line:column` of the first stack frame inside `absPath`, if the error passed through it. */
function lineIn(error: unknown, absPath: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  const url = pathToFileURL(absPath).href
  for (const line of stack.split('\n')) {
    for (const prefix of [absPath, url]) {
      const at = line.indexOf(`${prefix}:`)
      if (at === -1) continue
      const match = /^:(\d+):(\d+)/.exec(line.slice(at + prefix.length))
      if (match) return `${match[1]}:${match[2]}`
    }
  }
  return undefined
}

/**
 * What to print for a migration or seeder file that failed: the short
 * message and where in the file (line and column from the stack, else the
 * file alone); under STRATUM_DEBUG the whole stack.
 */
export function fileFailure(error: unknown, file: { absPath: string; filePath: string }): string {
  if (debugging()) return fullStack(error)
  const message = shortMessage(error)
  const line = lineIn(error, file.absPath)
  if (line) return `${message}\n  in ${file.filePath}:${line}`
  return message.includes(file.filePath) ? message : `${message}\n  in ${file.filePath}`
}
