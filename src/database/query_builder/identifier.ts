/**
 * A guard for column and table names before knex quotes them. Quoting
 * makes any name safe as SQL, but two kinds still do harm when a name
 * comes from a request (`orderBy(query.sort)`): a NUL byte ends the SQL
 * text early (pg answers with a protocol error and drops the connection),
 * and knex's PostgreSQL quoting runs a regex that is quadratic in the
 * name's length (100 KB takes seconds of CPU).
 */
import { E_INVALID_QUERY } from '../../errors.js'

/** Far above real names (pg caps a name at 63 bytes, MySQL at 64 chars) and their `a.b as c` forms. */
const maxLength = 1024

/** Throws `E_INVALID_QUERY` for a name that cannot be a column or table name. */
export function ensureIdentifier(name: string): void {
  if (name.length <= maxLength && !name.includes('\u0000')) return
  const what =
    name.length > maxLength ? `${name.length} characters long` : 'holding a NUL character'
  throw new E_INVALID_QUERY(
    `Invalid column or table name (${what}, starting ${JSON.stringify(name.slice(0, 40))}): ` +
      'names from user input must be checked against a list of allowed columns'
  )
}
