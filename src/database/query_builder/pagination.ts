/**
 * The page arguments of `forPage()` and `paginate()`, which usually come
 * straight from a URL. The page is forgiving (anything that is not a page
 * number is page 1, a page past the end is empty); the page size is strict,
 * because knex silently drops a limit it cannot parse and would return
 * every row.
 */
import { E_INVALID_QUERY } from '../../errors.js'

const digits = /^\s*[+-]?\d+\s*$/

/** A number, or a string of digits as a number; NaN for anything else. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && digits.test(value)) return Number(value)
  return Number.NaN
}

/** A positive integer page size, or `E_INVALID_QUERY`. */
export function perPageNumber(value: unknown): number {
  const perPage = toNumber(value)
  if (Number.isSafeInteger(perPage) && perPage >= 1) return perPage
  throw new E_INVALID_QUERY(
    `Invalid perPage value ${JSON.stringify(String(value))}: expected a positive integer`
  )
}

/**
 * A page number from 1: fractions are truncated, values below 1 and
 * non-numbers count as page 1, huge pages are capped so the offset stays
 * a safe integer (they are past the end anyway).
 */
export function pageNumber(value: unknown, perPage: number): number {
  const page = Math.trunc(toNumber(value))
  if (!(page >= 1)) return 1
  const lastSafePage = Math.floor(Number.MAX_SAFE_INTEGER / perPage)
  return Math.min(page, lastSafePage)
}
