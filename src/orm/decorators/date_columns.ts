/**
 * `@column.date` and `@column.dateTime`: luxon DateTime in and out, stored
 * in the format of the connection's dialect, ISO strings when serialized.
 */
import { DateTime } from 'luxon'
import { E_INVALID_DATE_COLUMN_VALUE } from '../../errors.js'
import type { ColumnOptions, DateColumnOptions, LucidModel, LucidRow } from '../../types/model.js'
import { adapterOf } from '../base_model/adapter_of.js'
import { lazyConsumers, rawSerializers } from '../base_model/lazy_values.js'
import { dateText, dateTimeOfSqlText, dateTimeText } from './date_text.js'
import { formatSqlDateTime } from '../../database/sql_date_format.js'

/**
 * Lucid's `E_INVALID_DATE_COLUMN_VALUE`: `reason` is luxon's invalidReason
 * for an invalid DateTime, else what the column expects.
 */
function invalidValue(model: LucidRow, attribute: string, reason: string | null): never {
  const Model = model.constructor as LucidModel
  throw new E_INVALID_DATE_COLUMN_VALUE(`Invalid value for "${Model.name}.${attribute}". ${reason}`)
}

/**
 * The DateTime to write, or undefined when `value` is written as it is:
 * null, undefined and strings (SQL text the application formatted itself)
 * pass through, as in Lucid. Anything else but a valid DateTime is refused.
 */
function dateTimeToWrite(
  value: unknown,
  attribute: string,
  model: LucidRow,
  expected: string
): DateTime | undefined {
  if (value === null || value === undefined || typeof value === 'string') return undefined
  if (!DateTime.isDateTime(value)) invalidValue(model, attribute, expected)
  if (!value.isValid) invalidValue(model, attribute, value.invalidReason)
  return value
}

/**
 * The client whose dialect formats date-times: the model's, else (an
 * adapter whose modelClient gives none) the client of a query of the model,
 * which is where Lucid reads it.
 */
function clientOf(model: LucidRow) {
  const Model = model.constructor as LucidModel
  return adapterOf(Model).modelClient(model) ?? Model.query(model.$options).client
}

/** The DateTime a driver value stands for (Date from pg/mysql, text from SQLite). */
function toDateTime(value: unknown): DateTime | unknown {
  if (value === null || value === undefined || DateTime.isDateTime(value)) return value
  if (value instanceof Date) return DateTime.fromJSDate(value)
  if (typeof value === 'number') return DateTime.fromMillis(value)
  if (typeof value === 'string') {
    // SQL text without a zone is local wall time, as it was written
    const fast = dateTimeOfSqlText(value)
    if (fast !== undefined) return fast
    const sql = DateTime.fromSQL(value)
    return sql.isValid ? sql : DateTime.fromISO(value)
  }
  return value
}

/** Lucid's wording of what each column takes. */
const dateTimeExpected = 'It must be an instance of "luxon.DateTime"'
const dateExpected = 'The value must be an instance of "luxon.DateTime"'

/**
 * The last DateTime written and its text: a batch insert shares one "now"
 * between its rows and columns, and prepares its rows in one go. Kept until
 * the current synchronous run ends (the local zone could change after).
 */
let lastWritten: { dateTime: DateTime; format: string; text: string } | undefined

function sqlText(dateTime: DateTime, format: string): string {
  if (lastWritten?.dateTime === dateTime && lastWritten.format === format) return lastWritten.text
  const text = formatSqlDateTime(dateTime.toLocal(), format)
  if (lastWritten === undefined) queueMicrotask(forgetLastWritten)
  lastWritten = { dateTime, format, text }
  return text
}

function forgetLastWritten() {
  lastWritten = undefined
}

const dateTimeDefaults: Partial<ColumnOptions> = {
  prepare(value, attribute, model) {
    // column options see the row without its relation methods; every model is a LucidRow
    const row = model as LucidRow
    const dateTime = dateTimeToWrite(value, attribute, row, dateTimeExpected)
    if (dateTime === undefined) return value
    // Written in the process zone: pg timestamptz reads the offset, while pg
    // timestamp (without time zone), mysql and SQLite keep the wall time, which
    // the drivers read back as local time. Either way the instant survives.
    return sqlText(dateTime, clientOf(row).dialect.dateTimeFormat)
  },
  consume: (value) => toDateTime(value),
  serialize: (value) => (DateTime.isDateTime(value) ? value.toISO() : value),
}

const dateDefaults: Partial<ColumnOptions> = {
  prepare(value, attribute, model) {
    const dateTime = dateTimeToWrite(value, attribute, model as LucidRow, dateExpected)
    return dateTime === undefined ? value : dateTime.toISODate()
  },
  consume(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      return DateTime.fromISO(value)
    const dateTime = toDateTime(value)
    return DateTime.isDateTime(dateTime) ? dateTime.startOf('day') : dateTime
  },
  serialize: (value) => (DateTime.isDateTime(value) ? value.toISODate() : value),
}

// the values of both depend on nothing else: the conversion waits for the
// first read, and serialize() of a value never read writes luxon's text directly
for (const defaults of [dateTimeDefaults, dateDefaults]) lazyConsumers.add(defaults.consume!)
rawSerializers.set(dateTimeDefaults.serialize!, dateTimeText)
rawSerializers.set(dateDefaults.serialize!, dateText)

/** Column options of a date or date-time column, user options winning. */
export function dateColumnOptions(
  type: 'date' | 'datetime',
  options: Partial<DateColumnOptions> = {}
): Partial<ColumnOptions> {
  const { autoCreate = false, autoUpdate = false, meta, ...rest } = options
  return {
    ...(type === 'date' ? dateDefaults : dateTimeDefaults),
    ...rest,
    meta: { ...(meta as object | undefined), type, autoCreate, autoUpdate },
  }
}
