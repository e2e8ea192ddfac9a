import { ConnectionLost, ConnectionRefused } from '../../errors.js'

/** `lost`: an open connection died; `refused`: no connection could be opened. */
export type ConnectionFailure = 'lost' | 'refused'

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

const advice: Record<ConnectionFailure, string> = {
  lost:
    'The server rolled back the open transaction of that connection, if any. ' +
    'The pool replaces the connection: retry the query or the whole transaction.',
  refused:
    'Check that the database server is running and reachable at the configured host and port; ' +
    'the pool tries again on the next query.',
}

/**
 * Builds the typed error every dialect mapper returns for a broken or
 * refused connection, with the driver error as `cause`.
 */
export function connectionError(failure: ConnectionFailure, cause: unknown) {
  const driverMessage = (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, '')
  if (failure === 'lost') {
    return new ConnectionLost(
      `Lost the connection to the database server: ${driverMessage}. ${advice.lost}`,
      cause
    )
  }
  return new ConnectionRefused(
    `Could not connect to the database server: ${driverMessage}. ${advice.refused}`,
    cause
  )
}
