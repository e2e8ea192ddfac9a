/**
 * Values knex would hand the driver in a form it stores differently, or
 * refuses, turned into the form the rest of Stratum writes:
 * - a luxon DateTime, as a `@column.dateTime` column writes it (the
 *   dialect's format, in the process zone), so `where('created_at', dt)`,
 *   `findBy`, `firstOrCreate` and `updateOrCreate` find the row a model
 *   wrote, whatever the DateTime's zone (mysql2 bound its own wall time,
 *   better-sqlite3 refused it);
 * - a plain object in an UPDATE, as JSON text (the update builder does it,
 *   with `isPlainObject`): knex does so for INSERT values only (mysql2
 *   stored `[object Object]`, better-sqlite3 refused it).
 */
import { DateTime } from 'luxon'
import type { DialectContract } from '../types/query_client.js'
import { formatSqlDateTime } from './sql_date_format.js'

/** A DateTime as SQL text of `dialect` (others unchanged). */
export function bindableDateTime(value: unknown, dialect: Pick<DialectContract, 'dateTimeFormat'>) {
  if (!DateTime.isDateTime(value) || !value.isValid) return value
  return formatSqlDateTime(value.toLocal(), dialect.dateTimeFormat)
}
