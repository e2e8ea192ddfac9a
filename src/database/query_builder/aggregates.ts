/**
 * Aggregates (`count`, `sum`, `avg`, `min`, `max` and their `Distinct`
 * forms). Rows come back like Lucid's (`[{ total: 3 }]`), except that
 * counts, sums and averages are numbers on every dialect: pg returns them
 * as strings (bigint, numeric) and mysql returns sums and averages as
 * DECIMAL strings, so the builders coerce those columns after running.
 */
import { isPlainObject } from '../plain_object.js'
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import { BaseChainable } from './base.js'
import { HavingChainable } from './having.js'
import type { AggregateAliases, AggregateExpressions } from '../../types/query_clauses.js'

export type {
  AggregateExpression,
  AggregateExpressions,
  AggregateAliases,
  AggregateColumns,
} from '../../types/query_clauses.js'

type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max'
type KnexAggregate = `${AggregateFunction}` | 'countDistinct' | 'sumDistinct' | 'avgDistinct'

/** Functions whose result type differs from the column's, and that drivers return as strings. */
const coercedFunctions = new Set<AggregateFunction>(['count', 'sum', 'avg'])
const canonicalNumber = /^-?(0|[1-9]\d*)(\.\d+)?$/
const aliasPattern = /\s+as\s+(.+)$/i
const expected =
  'a column name, an array of columns, a raw query, a sub query, a callback or an object of aliases'

/** Turns a canonical numeric string into a number when no precision is lost on integers. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string' || !canonicalNumber.test(value)) return value
  const number = Number(value)
  if (!value.includes('.') && !Number.isSafeInteger(number)) return value
  return number
}

/** Which result columns hold aggregates that must be coerced. */
export interface AggregateKeys {
  /** Aliases given by the user (`'* as total'`, `{ total: '*' }`). */
  aliases: Set<string>
  /** Functions used without alias: the dialect names the column (`count`, `count(*)` ...). */
  functions: Set<AggregateFunction>
}

/** Coerces the aggregate columns of `rows` in place and returns them. */
export function coerceAggregates<Row>(rows: Row[], keys: AggregateKeys): Row[] {
  if (!Array.isArray(rows) || (keys.aliases.size === 0 && keys.functions.size === 0)) return rows
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue
    const record = row as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (keys.aliases.has(key) || matchesFunction(key, keys.functions))
        record[key] = toNumber(record[key])
    }
  }
  return rows
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value
}

function matchesFunction(key: string, functions: Set<AggregateFunction>): boolean {
  if (functions.size === 0) return false
  const name = key.toLowerCase()
  for (const fn of functions) {
    if (name === fn || name.startsWith(`${fn}(`)) return true
  }
  return false
}

export abstract class AggregateChainable extends HavingChainable {
  /** Aggregate columns to coerce once the query ran. */
  protected aggregateKeys: AggregateKeys = { aliases: new Set(), functions: new Set() }

  /** Records which result column holds the aggregate, to coerce it after the query ran. */
  private trackAggregate(fn: AggregateFunction, alias: string | undefined): void {
    if (!coercedFunctions.has(fn)) return
    if (alias) this.aggregateKeys.aliases.add(alias)
    else this.aggregateKeys.functions.add(fn)
  }

  /**
   * A sub query as an aggregate's argument. knex writes it bare
   * (`count(select ...)`), which no dialect parses: bound through a raw
   * `?`, knex puts it in parentheses (`count((select ...))`).
   */
  private subQueryExpression(knexQuery: Knex.QueryBuilder): Knex.Raw {
    return this.knexInstance().raw('?', [knexQuery])
  }

  /** One expression as knex takes it; column names go through the keys resolver. */
  private aggregateExpression(method: string, expression: unknown, aliased: boolean): unknown {
    if (typeof expression === 'string') {
      return aliased ? this.resolveKey(expression.trim()) : this.resolveAliasedKey(expression)
    }
    if (typeof expression === 'function') {
      const knexQuery = this.client.knexQuery()
      ;(expression as (query: BaseChainable) => void)(this.newSubQuery(knexQuery))
      return this.subQueryExpression(knexQuery)
    }
    if (expression instanceof BaseChainable) return this.subQueryExpression(expression.toKnex())
    if (expression !== null && typeof expression === 'object' && !isPlainObject(expression)) {
      return this.transformStatic(expression)
    }
    throw new E_INVALID_QUERY(`${method}() expects ${expected}; got ${describe(expression)}`)
  }

  /** An expression or a list of them (`count(a, b)`). */
  private aggregateExpressions(method: string, columns: unknown, aliased: boolean): unknown {
    if (!Array.isArray(columns)) return this.aggregateExpression(method, columns, aliased)
    if (columns.length === 0)
      throw new E_INVALID_QUERY(`${method}() got an empty array: ${expected}`)
    return columns.map((column: unknown) => this.aggregateExpression(method, column, true))
  }

  protected applyAggregate(method: KnexAggregate, columns: unknown, alias?: string): this {
    const fn = method.replace('Distinct', '') as AggregateFunction
    if (isPlainObject(columns)) {
      const resolved: Record<string, unknown> = {}
      for (const [name, expression] of this.columnEntries(columns, method)) {
        this.trackAggregate(fn, name)
        resolved[name] = this.aggregateExpressions(method, expression, true)
      }
      return this.callKnex(method, resolved)
    }
    // an empty alias is no alias, as in Lucid
    if (alias) {
      this.trackAggregate(fn, alias)
      return this.callKnex(method, { [alias]: this.aggregateExpressions(method, columns, true) })
    }
    const written = typeof columns === 'string' ? aliasPattern.exec(columns)?.[1] : undefined
    this.trackAggregate(fn, written?.trim())
    return this.callKnex(method, this.aggregateExpressions(method, columns, false))
  }

  /** Coerces the aggregate columns of the rows this query returned. */
  protected coerceAggregates<Row>(rows: Row[]): Row[] {
    return coerceAggregates(rows, this.aggregateKeys)
  }

  /**
   * `count(columns)`: `count('* as total')`, `count('*', 'total')`,
   * `count({ total: '*' })`, a raw query, a sub query or a callback building one.
   */
  count(columns: AggregateExpressions<this>, alias?: string): this
  count(columns: AggregateAliases<this>): this
  count(columns: unknown, alias?: string): this {
    return this.applyAggregate('count', columns, alias)
  }

  /** `count(distinct columns)`; takes what `count()` takes. */
  countDistinct(columns: AggregateExpressions<this>, alias?: string): this
  countDistinct(columns: AggregateAliases<this>): this
  countDistinct(columns: unknown, alias?: string): this {
    return this.applyAggregate('countDistinct', columns, alias)
  }

  /** `min(column)`; the value keeps the column's type. Takes what `count()` takes. */
  min(columns: AggregateExpressions<this>, alias?: string): this
  min(columns: AggregateAliases<this>): this
  min(columns: unknown, alias?: string): this {
    return this.applyAggregate('min', columns, alias)
  }

  /** `max(column)`; the value keeps the column's type. Takes what `count()` takes. */
  max(columns: AggregateExpressions<this>, alias?: string): this
  max(columns: AggregateAliases<this>): this
  max(columns: unknown, alias?: string): this {
    return this.applyAggregate('max', columns, alias)
  }

  /** `sum(column)`; takes what `count()` takes. */
  sum(columns: AggregateExpressions<this>, alias?: string): this
  sum(columns: AggregateAliases<this>): this
  sum(columns: unknown, alias?: string): this {
    return this.applyAggregate('sum', columns, alias)
  }

  /** `sum(distinct column)`; takes what `count()` takes. */
  sumDistinct(columns: AggregateExpressions<this>, alias?: string): this
  sumDistinct(columns: AggregateAliases<this>): this
  sumDistinct(columns: unknown, alias?: string): this {
    return this.applyAggregate('sumDistinct', columns, alias)
  }

  /** `avg(column)`; takes what `count()` takes. */
  avg(columns: AggregateExpressions<this>, alias?: string): this
  avg(columns: AggregateAliases<this>): this
  avg(columns: unknown, alias?: string): this {
    return this.applyAggregate('avg', columns, alias)
  }

  /** `avg(distinct column)`; takes what `count()` takes. */
  avgDistinct(columns: AggregateExpressions<this>, alias?: string): this
  avgDistinct(columns: AggregateAliases<this>): this
  avgDistinct(columns: unknown, alias?: string): this {
    return this.applyAggregate('avgDistinct', columns, alias)
  }
}
