/**
 * Where knex's own log lines go. knex prints them with console.log by
 * default, on top of the typed errors Stratum throws; here the lines
 * about failures Stratum already reports go to the logger's debug level
 * (nowhere without a logger), the others to the logger's warn and error,
 * or, without a logger, to `process.emitWarning` (stderr, silenced by
 * `--no-warnings`, observable with `process.on('warning')`).
 */
import { inspect } from 'node:util'
import type { Knex } from 'knex'
import type { DatabaseLogger } from '../../types/database.js'

/**
 * Lines about failures the caller receives as a typed error anyway: a
 * connection that could not be opened (ConnectionRefused, AuthenticationFailed,
 * UnknownDatabase ...), a pooled connection found dead and replaced, a
 * driver that is not installed.
 */
const reported = [/^Acquire connection error/, /^Connection Error:/, /^Knex: run\s/]

function text(message: unknown): string {
  return typeof message === 'string' ? message : inspect(message, { depth: 5 })
}

function isReported(message: string): boolean {
  return reported.some((pattern) => pattern.test(message))
}

/** knex's `log` option for a connection, writing through `logger` when one is given. */
export function knexLog(logger?: DatabaseLogger): NonNullable<Knex.Config['log']> {
  const warn = (line: string, type: string) => {
    if (isReported(line)) logger?.debug?.(line)
    else if (logger) logger.warn(line)
    else process.emitWarning(line, { type })
  }
  return {
    debug: (message: unknown) => logger?.debug?.(text(message)),
    warn: (message: unknown) => warn(text(message), 'KnexWarning'),
    deprecate: (message: unknown) => warn(text(message), 'DeprecationWarning'),
    error: (message: unknown) => {
      const line = text(message)
      if (isReported(line)) logger?.debug?.(line)
      else if (logger) logger.error(line)
      else process.emitWarning(line, { type: 'KnexError' })
    },
  }
}
