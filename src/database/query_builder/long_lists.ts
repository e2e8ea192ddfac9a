/**
 * `whereIn` lists of any length. Short lists compile to Lucid's
 * `in (?, ?, ...)`. Longer ones go to pg and SQLite as ONE binding, so a
 * statement stays under their bind limits (pg 65,535, SQLite 32,766):
 * pg `col = any(?)` with an array, SQLite `col in (select +value from
 * json_each(?))` with a JSON array. MySQL needs neither: mysql2's `query`
 * interpolates bindings client side, so only `max_allowed_packet` bounds it.
 */
import { isPlainObject } from '../plain_object.js'
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import type { DialectContract } from '../../types/query_client.js'

/** Lists with more bindings than this compile to one binding (pg, SQLite). */
const longListThreshold = 1000

/**
 * Most tuples one `whereIn([a, b], list)` takes on pg. pg has no untyped
 * one-binding form for tuples, and plans `(a, b) in ((?, ?), ...)` as ORs:
 * 2,000 tuples plan in ~0.2 s, 3,000 of 4 columns in ~14 s, 8,000 of 2
 * columns pass `max_stack_depth`.
 */
const pgMaxTuples = 2000

/** The most tuples one `whereIn` over several columns takes on this dialect. */
export function maxTuples(dialect: DialectContract): number {
  return dialect.name === 'postgres' ? pgMaxTuples : Number.POSITIVE_INFINITY
}

/** A column as the where builders hand it over: a name, a knex raw or ref, or a tuple of names. */
export type ListColumn = string | Knex.Raw | readonly string[]

const notEncodable = Symbol('notEncodable')

/** pg takes what its driver can write as an array element; knex raws and sub queries it cannot. */
function pgElement(value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'
  }
  return (
    value instanceof Date ||
    ArrayBuffer.isView(value) ||
    isPlainObject(value) ||
    typeof (value as { toPostgres?: unknown }).toPostgres === 'function'
  )
}

/**
 * A value as JSON that json_each/json_extract hand back the way Stratum's
 * SQLite client binds it: safe integers (dates, booleans) and bigints as
 * INTEGER, other numbers as REAL. The type matters on text columns:
 * `'1' = 1` but `'1.5' = 1.5`.
 */
function sqliteJson(value: unknown): string | typeof notEncodable {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) return notEncodable
      if (Number.isSafeInteger(value)) return String(value)
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value)
    case 'boolean':
      return value ? '1' : '0'
    case 'bigint':
      return String(value)
  }
  if (value === null) return 'null'
  if (value instanceof Date) return sqliteJson(value.valueOf())
  // knex binds plain objects (JSON columns) as their JSON text
  if (isPlainObject(value)) return JSON.stringify(JSON.stringify(value))
  return notEncodable
}

/** The list as one JSON array, or undefined when a value has no JSON form (buffers, raws). */
function sqliteJsonList(values: readonly unknown[], tuples: boolean): string | undefined {
  const parts: string[] = new Array(values.length)
  for (let index = 0; index < values.length; index++) {
    const value = values[index]
    if (tuples) {
      const items = (value as unknown[]).map(sqliteJson)
      if (items.includes(notEncodable)) return undefined
      parts[index] = `[${items.join(',')}]`
      continue
    }
    const json = sqliteJson(value)
    if (json === notEncodable) return undefined
    parts[index] = json
  }
  return `[${parts.join(',')}]`
}

function bindingsOf(values: readonly unknown[], tuples: boolean): number {
  if (!tuples) return values.length
  let total = 0
  for (const row of values) total += (row as unknown[]).length
  return total
}

/**
 * The `in`/`not in` clause of a long list as a knex raw with one binding,
 * or undefined when the list is short (or a value has no one-binding form)
 * and knex's own `in (?, ?)` should be used. Throws for tuple lists longer
 * than pg takes (see `pgMaxTuples`).
 */
export function longListClause(
  knex: Knex,
  dialect: DialectContract,
  column: ListColumn,
  values: readonly unknown[],
  not: boolean
): Knex.Raw | undefined {
  const tuples = Array.isArray(column)
  if (tuples && values.length > maxTuples(dialect)) {
    throw new E_INVALID_QUERY(
      `whereIn on (${column.join(', ')}) got ${values.length} tuples; ` +
        `PostgreSQL takes at most ${pgMaxTuples} in one list. ` +
        'Run the query once per slice of the list, or join a table holding the keys'
    )
  }
  const bindings = bindingsOf(values, tuples)
  if (bindings <= longListThreshold || dialect.name === 'mysql') return undefined
  const columns = (tuples ? column : [column]).map((one) =>
    typeof one === 'string' ? knex.ref(one) : one
  )
  if (dialect.name === 'postgres') {
    if (tuples) return undefined
    if (!values.every(pgElement)) return undefined
    // `<> all` is `not in` for every input, NULLs included: both are never true past a NULL
    return knex.raw(not ? '? <> all(?)' : '? = any(?)', [columns[0], values as unknown[]])
  }
  const json = sqliteJsonList(values, tuples)
  if (json === undefined) return undefined
  const operator = not ? 'not in' : 'in'
  // `+value` and json_extract() carry no column affinity, like a bound parameter
  const selected = tuples
    ? columns.map((_, index) => `json_extract(value, '$[${index}]')`).join(', ')
    : '+value'
  const left = columns.map(() => '?').join(', ')
  return knex.raw(
    `${tuples ? `(${left})` : left} ${operator} (select ${selected} from json_each(?))`,
    [...columns, json]
  )
}
