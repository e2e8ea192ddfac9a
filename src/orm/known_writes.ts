/**
 * A model's own insert, update and delete by key as known writes
 * (database/known_write.ts): compiled once per table and column list by
 * the builders `$getQueryFor` gives, then run without them. A value the
 * builders would turn into SQL (`db.raw()`, a sub query), an undefined
 * value, an object other than a Date or a Buffer, or a key that is not a
 * string or number takes the builders' path, as does any model that
 * overrides `$getQueryFor`.
 */
import { ensureValueEncodable } from '../database/encodable.js'
import { knownWrite, writeBindings } from '../database/known_write.js'
import { runKnownWrite } from '../database/query_runner.js'
import type { QueryValue } from '../types/query_values.js'
import type { QueryClientContract } from '../types/database.js'
import type { ModelObject } from '../types/model.js'

/** `$getQueryFor` implementations that build exactly the queries below (BaseModel's). */
export const builtInQueryFor = new WeakSet<object>()

/**
 * BaseModel's `save`/`saveQuietly` and the Adapter's `insert`. `createMany`
 * writes its rows with multi-row INSERTs only while a model keeps these (and
 * `$getQueryFor`): an override of one must see every row, as it does in
 * Lucid, where each row is created through them.
 */
export const builtInRowWrites = new WeakSet<object>()

/** A value knex binds as one placeholder, unchanged. */
function isPlainBinding(value: unknown): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return true
    case 'object':
      return value instanceof Date || ArrayBuffer.isView(value)
    default:
      return false
  }
}

/** A key the where clause binds as it is (null would compile to `is null`). */
function isPlainKey(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
}

/**
 * The values of `row` in key order, checked as the builders check them, or
 * undefined when one needs the builders. Keys that are names on
 * Object.prototype are left to the builders too (they refuse some).
 */
function plainValues(
  row: ModelObject,
  columns: string[],
  client: QueryClientContract,
  withColumn: boolean
): unknown[] | undefined {
  const values = new Array<unknown>(columns.length)
  const dialect = client.dialect.name
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]
    const value = row[column]
    if (!isPlainBinding(value) || column in Object.prototype) return undefined
    ensureValueEncodable(value, dialect, withColumn ? column : undefined)
    values[index] = value
  }
  return values
}

const separator = '\u0000'

/** Inserts one row; resolves to what the insert builder resolves to. */
export function insertRow(
  client: QueryClientContract,
  table: string,
  row: ModelObject,
  returning: string
): Promise<unknown> {
  const columns = Object.keys(row)
  const values = columns.length > 0 ? plainValues(row, columns, client, true) : undefined
  if (values === undefined)
    return client.insertQuery().table(table).returning(returning).insert(row)
  const key = ['insert', table, returning, ...columns].join(separator)
  const write = knownWrite(client.getWriteClient(), key, columns.length, (indexes) =>
    client
      .insertQuery()
      .table(table)
      .returning(returning)
      .insert(Object.fromEntries(columns.map((column, index) => [column, indexes[index]])))
  )
  return runKnownWrite(client, write, writeBindings(write, values))
}

/** Updates the row whose `keyColumn` is `keyValue`; resolves to the affected row count. */
export function updateRow(
  client: QueryClientContract,
  table: string,
  changes: ModelObject,
  keyColumn: string,
  keyValue: QueryValue
): Promise<unknown> {
  const columns = Object.keys(changes)
  const values = isPlainKey(keyValue) ? plainValues(changes, columns, client, false) : undefined
  if (values === undefined) {
    return client.query().from(table).where(keyColumn, keyValue).update(changes)
  }
  ensureValueEncodable(keyValue, client.dialect.name)
  values.push(keyValue)
  const key = ['update', table, keyColumn, ...columns].join(separator)
  const write = knownWrite(client.getWriteClient(), key, values.length, (indexes) =>
    client
      .query()
      .from(table)
      .where(keyColumn, indexes[columns.length])
      .update(Object.fromEntries(columns.map((column, index) => [column, indexes[index]])))
  )
  return runKnownWrite(client, write, writeBindings(write, values))
}

/** Deletes the row whose `keyColumn` is `keyValue`; resolves to the affected row count. */
export function deleteRow(
  client: QueryClientContract,
  table: string,
  keyColumn: string,
  keyValue: QueryValue
): Promise<unknown> {
  if (!isPlainKey(keyValue)) return client.query().from(table).where(keyColumn, keyValue).del()
  ensureValueEncodable(keyValue, client.dialect.name)
  const key = ['delete', table, keyColumn].join(separator)
  const write = knownWrite(client.getWriteClient(), key, 1, (indexes) =>
    client.query().from(table).where(keyColumn, indexes[0]).del()
  )
  return runKnownWrite(client, write, writeBindings(write, [keyValue]))
}
