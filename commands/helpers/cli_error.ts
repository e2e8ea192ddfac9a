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
