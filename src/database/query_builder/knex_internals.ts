/**
 * knex's private state of a query builder, read in one place: the statement
 * list (`_statements`), the single clauses (`_single`) and the query method
 * (`_method`). knex keeps these stable across 3.x; reading them here keeps
 * the cast out of every builder.
 */
import type { Knex } from 'knex'

/** A knex statement, as knex keeps it in `_statements`. */
export interface KnexStatement {
  grouping: string
  type?: string
  bool?: string
  value?: unknown
  distinct?: boolean
  distinctOn?: boolean
  [key: string | symbol]: unknown
}

/** The private state of a knex query builder Stratum reads or rewrites. */
export interface KnexInternals {
  _method?: string
  _statements: KnexStatement[]
  _single: { table?: unknown; limit?: number; offset?: number; as?: string; lock?: unknown }
  /** What `.options()` was given, merged into the compiled query's `options`. */
  _options?: Record<string, unknown>[]
  client: unknown
}

/** The private state of `query` (the same object, typed). */
export function knexInternals(query: Knex.QueryBuilder | Knex.Raw): KnexInternals {
  return query as unknown as KnexInternals
}

/** knex methods that only read (`isReadQuery()` reads a query's method against it). */
export const readMethods: ReadonlySet<string> = new Set(['select', 'first', 'pluck'])

/** The knex method the query runs: `select` unless it was made an insert, update, delete ... */
export function queryMethod(query: Knex.QueryBuilder): string {
  return knexInternals(query)._method ?? 'select'
}

/** True when the query only reads (a select, first or pluck): it may run on a read replica. */
export function isReadQuery(query: Knex.QueryBuilder): boolean {
  return readMethods.has(queryMethod(query))
}

/** The table the query names with `from()`/`table()`, when it is a plain name. */
export function queryTable(query: Knex.QueryBuilder): string | undefined {
  const table = knexInternals(query)._single.table
  return typeof table === 'string' ? table : undefined
}

/** True when the query has a statement of that grouping (`order`, `where`, `group` ...). */
export function hasStatement(query: Knex.QueryBuilder, grouping: string): boolean {
  return knexInternals(query)._statements.some((statement) => statement.grouping === grouping)
}

/**
 * Moves the where clauses written so far into one group (`a or b` becomes
 * `(a or b)`), so a clause added after them cannot be swallowed by an `or`.
 */
export function groupWheres(query: Knex.QueryBuilder): void {
  const internals = knexInternals(query)
  const wheres = internals._statements.filter((statement) => statement.grouping === 'where')
  if (wheres.length === 0) return
  internals._statements = internals._statements.filter(
    (statement) => statement.grouping !== 'where'
  )
  query.where(function (this: Knex.QueryBuilder) {
    knexInternals(this)._statements.push(...wheres)
  })
}
