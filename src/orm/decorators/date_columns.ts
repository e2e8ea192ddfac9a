/**
 * `@column.date` and `@column.dateTime`: luxon DateTime in and out, stored
 * in the format of the connection's dialect, ISO strings when serialized.
 */
import { DateTime } from 'luxon'
import { E_INVALID_DATE_COLUMN_VALUE } from '../../errors.js'
import type { ColumnOptions, DateColumnOptions, LucidModel, LucidRow } from '../../types/model.js'
import { adapterOf } from '../base_model/adapter_of.js'

function invalidValue(model: LucidRow, attribute: string, value: unknown): never {
  const Model = model.constructor as LucidModel
  const got =
    value === null ? 'null' : typeof value === 'object' ? value.constructor?.name : typeof value
  throw new E_INVALID_DATE_COLUMN_VALUE(
    `The value of "${Model.name}.${attribute}" must be a luxon DateTime (got ${got}). ` +
      'Use DateTime.fromJSDate(), DateTime.fromISO() or DateTime.now()'
  )
}

/** The DateTime a driver value stands for (Date from pg/mysql, text from SQLite). */
function toDateTime(value: unknown): DateTime | unknown {
  if (value === null || value === undefined || DateTime.isDateTime(value)) return value
  if (value instanceof Date) return DateTime.fromJSDate(value)
  if (typeof value === 'number') return DateTime.fromMillis(value)
  if (typeof value === 'string') {
    // SQL text without a zone is local wall time, as it was written
    const sql = DateTime.fromSQL(value)
    return sql.isValid ? sql : DateTime.fromISO(value)
  }
  return value
}

const dateTimeDefaults: Partial<ColumnOptions> = {
  prepare(value, attribute, model) {
    if (value === null || value === undefined) return value
    if (!DateTime.isDateTime(value) || !value.isValid) invalidValue(model, attribute, value)
    const client = adapterOf(model.constructor as LucidModel).modelClient(model)
    // Written in the process zone: pg timestamptz reads the offset, while pg
    // timestamp (without time zone), mysql and SQLite keep the wall time, which
    // the drivers read back as local time. Either way the instant survives.
    return value.toLocal().toFormat(client.dialect.dateTimeFormat)
  },
  consume: (value) => toDateTime(value),
  serialize: (value) => (DateTime.isDateTime(value) ? value.toISO() : value),
}

const dateDefaults: Partial<ColumnOptions> = {
  prepare(value, attribute, model) {
    if (value === null || value === undefined) return value
    if (!DateTime.isDateTime(value) || !value.isValid) invalidValue(model, attribute, value)
    return value.toISODate()
  },
  consume(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      return DateTime.fromISO(value)
    const dateTime = toDateTime(value)
    return DateTime.isDateTime(dateTime) ? dateTime.startOf('day') : dateTime
  },
  serialize: (value) => (DateTime.isDateTime(value) ? value.toISODate() : value),
}

/** Column options of a date or date-time column, user options winning. */
export function dateColumnOptions(
  type: 'date' | 'datetime',
  options: Partial<DateColumnOptions> = {}
): Partial<ColumnOptions> {
  const { autoCreate = false, autoUpdate = false, meta, ...rest } = options
  return {
    ...(type === 'date' ? dateDefaults : dateTimeDefaults),
    ...rest,
    meta: { ...meta, type, autoCreate, autoUpdate },
  }
}
