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

/** date, timestamp, timestamptz */
const DATE_OIDS = new Set([1082, 1114, 1184])

/** The two-digit number at `index`, or NaN when those are not digits. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48
  const units = text.charCodeAt(index + 1) - 48
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN
}

/** Milliseconds of `±HH[:mm[:ss]]` from `index` to the end, or NaN. */
function zoneOffset(text: string, index: number): number {
  const sign = text.charCodeAt(index)
  if (sign !== 43 && sign !== 45) return Number.NaN
  let seconds = twoDigits(text, index + 1) * 3600
  let at = index + 3
  for (const unit of [60, 1]) {
    if (at === text.length) break
    if (text.charCodeAt(at) !== 58) return Number.NaN
    seconds += twoDigits(text, at + 1) * unit
    at += 3
  }
  if (at !== text.length) return Number.NaN
  return (sign === 45 ? -seconds : seconds) * 1000
}

/**
 * The Date postgres-date gives for `text`, or undefined when `text` is not
 * one of the shapes above. Field by field the same arithmetic as
 * postgres-date, so the instants are equal to the millisecond.
 */
export function parsePgDate(text: string): Date | undefined {
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
  if (!(year >= 100) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined
  const month = twoDigits(text, 5) - 1
  const day = twoDigits(text, 8)
  if (Number.isNaN(month) || Number.isNaN(day)) return undefined
  if (text.length === 10) return new Date(year, month, day)
  if (text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return undefined
  }
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  if (Number.isNaN(hour + minute + second)) return undefined
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
  if (Number.isNaN(offset)) return undefined
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
