/**
 * Checks that a string value can reach the database unchanged. Drivers
 * encode strings as UTF-8: a lone surrogate has no UTF-8 form and would be
 * stored as U+FFFD, and PostgreSQL text cannot hold NUL at all. Both are
 * refused with a typed error instead of being changed or truncated.
 */
import { E_INVALID_VALUE } from '../errors.js'
import type { DialectName } from '../types/database.js'

// ES2024 method (Node 20+), missing from the ES2023 lib the project compiles against
type WellFormed = string & { isWellFormed(): boolean }

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

function where(column: string | undefined): string {
  return column === undefined ? 'a value' : `the value of "${column}"`
}

/** Throws `E_INVALID_VALUE` when `value` would not be stored as given on `dialect`. */
export function ensureEncodable(value: string, dialect: DialectName, column?: string): void {
  if (!(value as WellFormed).isWellFormed()) {
    const index = loneSurrogateAt(value)
    const code = value.charCodeAt(index).toString(16).toUpperCase()
    throw new E_INVALID_VALUE(
      `Cannot send ${where(column)} to the database: it holds a lone surrogate (\\u${code} at index ${index}), ` +
        'which has no UTF-8 encoding and would be stored as U+FFFD. Fix the string, or store binary data as a Buffer'
    )
  }
  if (dialect === 'postgres' && value.includes('\u0000')) {
    throw new E_INVALID_VALUE(
      `Cannot send ${where(column)} to PostgreSQL: it holds a NUL character (\\u0000 at index ${value.indexOf('\u0000')}), ` +
        'which text and json columns cannot store. Strip it, or store binary data in a bytea column as a Buffer'
    )
  }
}
