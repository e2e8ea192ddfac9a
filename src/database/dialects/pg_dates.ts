/**
 * PostgreSQL date and timestamp text, read into the same `Date` pg's stock
 * parser (postgres-date) builds, without its regular expressions: on a
 * model with timestamps, postgres-date was a sixth of a preload's time.
 *
 * Only the shapes PostgreSQL writes in its default ISO DateStyle are read
 * here (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.ffffff][±HH[:mm[:ss]]]`, a
 * year from 100 on, no BC, no infinity); anything else goes to
 * postgres-date itself. A parser the application registered for these
 * types (`pg.types.setTypeParser`) is left in place.
 */
import { createRequire } from 'node:module'
import { resolveFromKnex } from './driver_loader.js'

type Parser = (text: string) => unknown

interface TypeSource {
  getTypeParser(oid: number, format?: string): Parser
}

/**
 * The two-digit number at `index`, or -1 when those are not digits: the
 * same function as date_text.ts's, kept local, because calling one shared
 * module's copy measured slower here (100,000 timestamps: 31 ms against 23).
 */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48
  const units = text.charCodeAt(index + 1) - 48
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1
}

/** date, timestamp, timestamptz */
const DATE_OIDS = new Set([1082, 1114, 1184])

/** Milliseconds of `±HH[:mm[:ss]]` from `index` to the end, or undefined for another shape. */
function zoneOffset(text: string, index: number): number | undefined {
  const sign = text.charCodeAt(index)
  const hours = twoDigits(text, index + 1)
  if ((sign !== 43 && sign !== 45) || hours < 0) return undefined
  let seconds = hours * 3600
  let at = index + 3
  if (at < text.length) {
    const minutes = text.charCodeAt(at) === 58 ? twoDigits(text, at + 1) : -1
    if (minutes < 0) return undefined
    seconds += minutes * 60
    at += 3
  }
  if (at < text.length) {
    const secs = text.charCodeAt(at) === 58 ? twoDigits(text, at + 1) : -1
    if (secs < 0) return undefined
    seconds += secs
    at += 3
  }
  if (at !== text.length) return undefined
  return (sign === 45 ? -seconds : seconds) * 1000
}

/**
 * The Date postgres-date gives for `text`, or undefined when `text` is not
 * one of the shapes above. Field by field the same arithmetic as
 * postgres-date, so the instants are equal to the millisecond.
 */
export function parsePgDate(text: string): Date | undefined {
  const century = twoDigits(text, 0)
  const years = twoDigits(text, 2)
  const month = twoDigits(text, 5) - 1
  const day = twoDigits(text, 8)
  if (century < 1 || years < 0 || month < 0 || day < 0) return undefined
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined
  const year = century * 100 + years
  if (text.length === 10) return new Date(year, month, day)
  if (text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return undefined
  }
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  if (hour < 0 || minute < 0 || second < 0) return undefined
  let at = 19
  let ms = 0
  if (text.charCodeAt(at) === 46) {
    let end = at + 1
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++
    if (end === at + 1) return undefined
    // postgres-date's own expression: the float rounding of the fraction is kept
    ms = 1000 * Number.parseFloat(text.slice(at, end))
    at = end
  }
  if (at === text.length) return new Date(year, month, day, hour, minute, second, ms)
  const offset = zoneOffset(text, at)
  if (offset === undefined) return undefined
  return new Date(Date.UTC(year, month, day, hour, minute, second, ms) - offset)
}

/** pg's type parsers with the three date types read by `parsePgDate`, where pg's own parser is the stock one. */
function fastDateTypes(types: TypeSource, stock: Parser): TypeSource {
  const fast = (text: string) => parsePgDate(text) ?? stock(text)
  return {
    getTypeParser(oid, format = 'text') {
      const parser = types.getTypeParser(oid, format)
      return parser === stock && format === 'text' && DATE_OIDS.has(oid) ? fast : parser
    },
  }
}

let resolved: TypeSource | null | undefined

/**
 * pg's registry as the application left it, dates read fast; null when pg
 * or its postgres-date cannot be found (then pg reads dates itself).
 */
function pgConnectionTypes(): TypeSource | null {
  if (resolved !== undefined) return resolved
  try {
    const fromPg = createRequire(resolveFromKnex('pg'))
    const fromTypes = createRequire(fromPg.resolve('pg-types'))
    // each type is checked when pg asks: a parser the application sets later is seen too
    resolved = fastDateTypes(fromPg('pg-types') as TypeSource, fromTypes('postgres-date') as Parser)
  } catch {
    resolved = null
  }
  return resolved
}

/**
 * A pg connection config with the fast date `types`, unless it names its
 * own. A URL becomes `{ connectionString }`; a function is left as it is.
 */
export function withPgDateTypes<Connection>(connection: Connection): Connection {
  if (typeof connection === 'function' || connection === null) return connection
  const types = pgConnectionTypes()
  if (types === null) return connection
  if (typeof connection === 'string') return { connectionString: connection, types } as Connection
  if (typeof connection !== 'object' || 'types' in connection) return connection
  return { ...connection, types }
}
