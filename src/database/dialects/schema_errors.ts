import { UnknownTable } from '../../errors.js'

/**
 * The typed error of a query on a table that does not exist: the driver's
 * message (the SQL and the table) and what to do about it.
 */
export function unknownTableError(table: string, cause: unknown): UnknownTable {
  const driverMessage = cause instanceof Error ? cause.message : String(cause)
  return new UnknownTable(
    `Table "${table}" does not exist: ${driverMessage}. Create it with a migration and run it ` +
      "(npx stratum migration:run), or fix the table name (a model's static table)",
    table,
    cause
  )
}
