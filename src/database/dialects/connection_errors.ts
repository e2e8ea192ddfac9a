import { dirname } from 'node:path'
import {
  AuthenticationFailed,
  type ConnectionDetails,
  ConnectionLost,
  ConnectionRefused,
  StratumError,
  UnknownDatabase,
} from '../../errors.js'

/**
 * `lost`: an open connection died; `refused`: no connection could be opened;
 * `authentication`: the server refused the credentials; `unknownDatabase`:
 * the configured database does not exist.
 */
export type ConnectionFailure = 'lost' | 'refused' | 'authentication' | 'unknownDatabase'

/** Errors mapped already (when the connection was opened) pass through every mapper as they are. */
export function isMapped(error: unknown): error is StratumError {
  return error instanceof StratumError
}

interface SocketError {
  code?: unknown
  syscall?: unknown
  errors?: unknown
}

/** Socket codes meaning the server cannot be reached at all. */
const refusedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/** Socket codes meaning an established connection broke. */
const lostCodes = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'])

/**
 * Classifies Node socket errors, which look the same under every driver.
 * A failing `connect` (or DNS lookup) means nothing was opened, whatever the code.
 */
export function socketFailure(error: unknown): ConnectionFailure | undefined {
  const { code, syscall, errors } = (error ?? {}) as SocketError
  // Node reports a refused dual-stack connect (localhost: ::1 and 127.0.0.1) as an AggregateError
  if (typeof code !== 'string') {
    return Array.isArray(errors) && errors.length ? socketFailure(errors[0]) : undefined
  }
  if (refusedCodes.has(code) || syscall === 'connect' || syscall === 'getaddrinfo') return 'refused'
  return lostCodes.has(code) ? 'lost' : undefined
}

const advice: Record<'lost' | 'refused', string> = {
  lost:
    'The server rolled back the open transaction of that connection, if any. ' +
    'The pool replaces the connection: retry the query or the whole transaction.',
  refused:
    'Check that the database server is running and reachable at the configured host and port; ' +
    'the pool tries again on the next query.',
}

/** `127.0.0.1:5432`, or the server in general when the config names no host. */
function server(details: ConnectionDetails): string {
  if (details.host === undefined) return 'the database server'
  return details.port === undefined ? details.host : `${details.host}:${details.port}`
}

/** `connection "primary", user "bob"`: what the config says beyond the server. */
function context(details: ConnectionDetails, ...keys: ('user' | 'database')[]): string {
  const parts = details.connection === undefined ? [] : [`connection "${details.connection}"`]
  for (const key of keys) if (details[key] !== undefined) parts.push(`${key} "${details[key]}"`)
  return parts.length ? ` (${parts.join(', ')})` : ''
}

/** The typed error of a login the server refused, naming who logged in where. */
function authenticationError(driverMessage: string, details: ConnectionDetails, cause: unknown) {
  const user = details.user === undefined ? 'the configured user' : `user "${details.user}"`
  return new AuthenticationFailed(
    `${server(details)} refused the login of ${user}${context(details, 'database')}: ` +
      `${driverMessage}. Check "user" and "password" in the connection config, and that this ` +
      'user exists on the server and may connect to that database.',
    details,
    cause
  )
}

/** The typed error of a database that does not exist, naming it and the server. */
function unknownDatabaseError(driverMessage: string, details: ConnectionDetails, cause: unknown) {
  if (details.filename !== undefined) return sqliteFileError(driverMessage, details, cause)
  const database =
    details.database === undefined ? 'The configured database' : `Database "${details.database}"`
  return new UnknownDatabase(
    `${database} does not exist on ${server(details)}${context(details, 'user')}: ` +
      `${driverMessage}. Create it on the server (CREATE DATABASE), or fix "database" in the ` +
      'connection config.',
    details,
    cause
  )
}

/** SQLite creates a missing file but not its folders: name the file and the folder to create. */
function sqliteFileError(driverMessage: string, details: ConnectionDetails, cause: unknown) {
  const file = details.filename!
  const name = details.connection === undefined ? '' : ` (connection "${details.connection}")`
  const folderMissing = /directory does not exist/i.test(driverMessage)
  const fix = folderMissing
    ? `the folder "${dirname(file)}" does not exist. Create it (mkdir -p "${dirname(file)}"), ` +
      'or fix "filename" in the connection config: SQLite creates the file, not its folders.'
    : `${driverMessage}. Check that "${dirname(file)}" exists and that the file is readable and writable.`
  return new UnknownDatabase(`SQLite cannot open "${file}"${name}: ${fix}`, details, cause)
}

/**
 * Builds the typed error every dialect mapper returns for a connection that
 * broke or could not be opened, with the driver error as `cause`. `details`
 * (where the connection was going) is known when the failure happened while
 * opening the connection.
 */
export function connectionError(
  failure: ConnectionFailure,
  cause: unknown,
  details: ConnectionDetails = {}
) {
  const driverMessage = (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, '')
  switch (failure) {
    case 'authentication':
      return authenticationError(driverMessage, details, cause)
    case 'unknownDatabase':
      return unknownDatabaseError(driverMessage, details, cause)
    case 'lost':
      return new ConnectionLost(
        `Lost the connection to the database server: ${driverMessage}. ${advice.lost}`,
        cause
      )
    default:
      return new ConnectionRefused(
        `Could not connect to the database server: ${driverMessage}. ${advice.refused}`,
        cause
      )
  }
}
