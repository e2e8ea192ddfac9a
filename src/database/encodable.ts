/**
 * Checks that a value can reach the database unchanged. Drivers encode
 * strings as UTF-8: a lone surrogate has no UTF-8 form and would be stored
 * as U+FFFD, and PostgreSQL text and jsonb cannot hold NUL at all. NaN and
 * ±Infinity have no place in an integer or MySQL column (SQLite stores
 * NULL, MySQL reads the bare `NaN` as a column name) and JSON turns them
 * into null. All of these are refused with a typed error instead of being
 * changed or truncated, inside JSON values (plain objects and arrays) too.
 */
import { E_INVALID_VALUE } from '../errors.js'
import type { DialectName } from '../types/query_client.js'

// ES2024 method (Node 20+), missing from the ES2023 lib the project compiles against
type WellFormed = string & { isWellFormed(): boolean }

/** Nesting walked inside a JSON value; deeper levels (or cycles) are left to the driver. */
const maxDepth = 64

/** Index of the first lone surrogate of `value`, -1 when there is none. */
function loneSurrogateAt(value: string): number {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0xd800 || code > 0xdfff) continue
    const next = value.charCodeAt(index + 1)
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) index++
    else return index
  }
  return -1
}

function where(column: string | undefined, path = ''): string {
  if (column === undefined) return path === '' ? 'a value' : `a value (at ${path})`
  return path === '' ? `the value of "${column}"` : `the value of "${column}" (at ${path})`
}

/** Why a string cannot be stored as given on `dialect`, or undefined. */
function stringProblem(value: string, dialect: DialectName): string | undefined {
  if (!(value as WellFormed).isWellFormed()) {
    const index = loneSurrogateAt(value)
    const code = value.charCodeAt(index).toString(16).toUpperCase()
    return (
      `the database: it holds a lone surrogate (\\u${code} at index ${index}), which has no UTF-8 encoding and would be ` +
      'stored as U+FFFD. Fix the string, or store binary data as a Buffer'
    )
  }
  if (dialect === 'postgres' && value.includes('\u0000')) {
    return (
      `PostgreSQL: it holds a NUL character (\\u0000 at index ${value.indexOf('\u0000')}), which PostgreSQL text and json ` +
      'columns cannot store. Strip it, or store binary data in a bytea column as a Buffer'
    )
  }
  return undefined
}

function numberProblem(value: number): string {
  return (
    `the database: it is ${String(value)}, which a database column cannot store as given (SQLite would store NULL, ` +
    'JSON null). Store null, or a sentinel your code understands'
  )
}

/** Throws `E_INVALID_VALUE` when the string `value` would not be stored as given on `dialect`. */
export function ensureEncodable(value: string, dialect: DialectName, column?: string): void {
  const problem = stringProblem(value, dialect)
  if (problem !== undefined) fail(column, '', problem)
}

/** `problem` starts with the receiver: "PostgreSQL: it holds ..." */
function fail(column: string | undefined, path: string, problem: string): never {
  throw new E_INVALID_VALUE(`Cannot send ${where(column, path)} to ${problem}`)
}

/** A JSON container walked by the check: arrays and plain objects only (not Date, Buffer, DateTime ...). */
function isJsonContainer(value: object): boolean {
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** The path and problem of the first value inside `value` that cannot be stored, or undefined. */
function nestedProblem(
  value: object,
  dialect: DialectName,
  depth: number
): [path: string, problem: string] | undefined {
  if (depth > maxDepth) return undefined
  const isArray = Array.isArray(value)
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key]
    const step = isArray ? `[${key}]` : `.${key}`
    if (!isArray) {
      const keyProblem = stringProblem(key, dialect)
      if (keyProblem !== undefined) {
        return [`[${JSON.stringify(key)}]`, keyProblem.replace(': it holds', ': its key holds')]
      }
    }
    const problem = valueProblem(item, dialect, depth + 1)
    if (problem !== undefined) return [`${step}${problem[0]}`, problem[1]]
  }
  return undefined
}

function valueProblem(
  value: unknown,
  dialect: DialectName,
  depth: number
): [path: string, problem: string] | undefined {
  if (typeof value === 'string') {
    const problem = stringProblem(value, dialect)
    return problem === undefined ? undefined : ['', problem]
  }
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : ['', numberProblem(value)]
  if (typeof value === 'object' && value !== null && isJsonContainer(value)) {
    return nestedProblem(value, dialect, depth)
  }
  return undefined
}

/**
 * Throws `E_INVALID_VALUE` when a bound value would not be stored as given:
 * a string (see `ensureEncodable`), a number that is not finite, or such a
 * value anywhere inside a plain object or array (a JSON value). Other
 * objects (Date, Buffer, raw builders ...) pass untouched.
 */
export function ensureValueEncodable(value: unknown, dialect: DialectName, column?: string): void {
  // the common scalars first: this runs for every bound value
  if (typeof value === 'string') return ensureEncodable(value, dialect, column)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(column, '', numberProblem(value))
    return
  }
  if (typeof value !== 'object' || value === null || !isJsonContainer(value)) return
  const problem = nestedProblem(value, dialect, 0)
  if (problem !== undefined) fail(column, problem[0].replace(/^\./, ''), problem[1])
}
