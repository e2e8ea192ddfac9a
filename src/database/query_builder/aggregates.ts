/**
 * Aggregates (`count`, `sum`, `avg`, `min`, `max` and their `Distinct`
 * forms). Rows come back like Lucid's (`[{ total: 3 }]`), except that
 * counts, sums and averages are numbers on every dialect: pg returns them
 * as strings (bigint, numeric) and mysql returns sums and averages as
 * DECIMAL strings, so the builders coerce those columns after running.
 */
import { HavingChainable } from './having.js'
import { RawBuilder } from './static/raw.js'

/** Column(s) to aggregate: `'*'`, `'points'`, `'points as total'`, `{ total: 'points' }` or a raw. */
export type AggregateColumn =
  string | readonly string[] | Record<string, string | readonly string[]> | RawBuilder

type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max'
type KnexAggregate = `${AggregateFunction}` | 'countDistinct' | 'sumDistinct' | 'avgDistinct'

/** Functions whose result type differs from the column's, and that drivers return as strings. */
const coercedFunctions = new Set<AggregateFunction>(['count', 'sum', 'avg'])
const canonicalNumber = /^-?(0|[1-9]\d*)(\.\d+)?$/
const aliasPattern = /\s+as\s+(.+)$/i

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

  protected applyAggregate(method: KnexAggregate, columns: AggregateColumn, alias?: string): this {
    const fn = method.replace('Distinct', '') as AggregateFunction
    const track = (name?: string) => {
      if (!coercedFunctions.has(fn)) return
      if (name) this.aggregateKeys.aliases.add(name)
      else this.aggregateKeys.functions.add(fn)
    }

    if (columns instanceof RawBuilder) {
      track(alias)
      const raw = this.transformStatic(columns)
      return this.callKnex(method, alias ? { [alias]: raw } : raw)
    }
    if (typeof columns === 'string') {
      const resolved = this.resolveAliasedKey(columns)
      const written = aliasPattern.exec(resolved)?.[1]
      track(alias ?? written)
      return this.callKnex(method, alias ? { [alias]: resolved } : resolved)
    }
    if (Array.isArray(columns)) {
      track(alias)
      const resolved = columns.map((column: string) => this.resolveKey(column))
      return this.callKnex(method, alias ? { [alias]: resolved } : resolved)
    }
    const resolved: Record<string, string | string[]> = {}
    for (const [name, column] of Object.entries(columns as Record<string, string | string[]>)) {
      track(name)
      resolved[name] = Array.isArray(column)
        ? column.map((one) => this.resolveKey(one))
        : this.resolveKey(column)
    }
    return this.callKnex(method, resolved)
  }

  /** Coerces the aggregate columns of the rows this query returned. */
  protected coerceAggregates<Row>(rows: Row[]): Row[] {
    return coerceAggregates(rows, this.aggregateKeys)
  }

  /** `count(columns)`: `count('* as total')` or `count('*', 'total')`. */
  count(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('count', columns, alias)
  }

  /** `count(distinct columns)`. */
  countDistinct(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('countDistinct', columns, alias)
  }

  /** `min(column)`; the value keeps the column's type. */
  min(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('min', columns, alias)
  }

  /** `max(column)`; the value keeps the column's type. */
  max(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('max', columns, alias)
  }

  /** `sum(column)`. */
  sum(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('sum', columns, alias)
  }

  /** `sum(distinct column)`. */
  sumDistinct(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('sumDistinct', columns, alias)
  }

  /** `avg(column)`. */
  avg(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('avg', columns, alias)
  }

  /** `avg(distinct column)`. */
  avgDistinct(columns: AggregateColumn, alias?: string): this {
    return this.applyAggregate('avgDistinct', columns, alias)
  }
}
