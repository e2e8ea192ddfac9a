/**
 * Values knex would hand the driver in a form it stores differently, or
 * refuses, turned into the form the rest of Stratum writes:
 * - a luxon DateTime, as a `@column.dateTime` column writes it (the
 *   dialect's format, in the process zone), so `where('created_at', dt)`,
 *   `findBy`, `firstOrCreate` and `updateOrCreate` find the row a model
 *   wrote, whatever the DateTime's zone (mysql2 bound its own wall time,
 *   better-sqlite3 refused it);
 * - a plain object in an UPDATE (see `isPlainObject`, used by the update
 *   builder), as JSON text, which knex does for INSERT values only (mysql2
 *   stored `[object Object]`, better-sqlite3 refused it).
 */
import { DateTime } from 'luxon'
import type { DialectContract } from '../types/query_client.js'
import { formatSqlDateTime } from './sql_date_format.js'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A DateTime as SQL text of `dialect` (others unchanged). */
export function bindableDateTime(value: unknown, dialect: Pick<DialectContract, 'dateTimeFormat'>) {
  if (!DateTime.isDateTime(value) || !value.isValid) return value
  return formatSqlDateTime(value.toLocal(), dialect.dateTimeFormat)
}
