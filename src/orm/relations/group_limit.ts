/**
 * Top-N rows per parent in one query (`groupLimit` / `groupOrderBy` inside
 * a preload): the related query gets a `ROW_NUMBER() OVER (PARTITION BY
 * <foreign key> ORDER BY ...)` column and is wrapped in a derived table
 * filtered on it. Window functions exist on PostgreSQL, MySQL 8 /
 * MariaDB 10.2+ and SQLite 3.25+.
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import { hasStatement, knexInternals } from '../../database/query_builder/knex_internals.js'
import type { QueryClientContract } from '../../types/database.js'
import type { GroupConstraints } from '../../types/model_query.js'

export type { GroupConstraints }

/**
 * The part of a related model query the group limit reads and rewrites
 * (the model query builder has it; naming it here keeps this module below
 * the builders that import it).
 */
export interface GroupLimitedQuery {
  knexQuery: Knex.QueryBuilder
  groupConstraints?: GroupConstraints
  readonly model: { readonly table: string; readonly primaryKey: string; readonly name: string }
  readonly client: QueryClientContract
  keysResolver(column: string): string
  toKnex(): Knex.QueryBuilder
}

/** Name of the helper row number column, removed from `$extras` after the fetch. */
export const groupRowColumn = 'stratum_group_row'

/** Alias of the derived table. */
const groupTable = 'stratum_group'

interface KnexOrderStatement {
  grouping: string
  type: string
  value: unknown
  direction?: string
}

/** A column reference for the window: attribute names resolved, qualified with the table. */
function qualify(query: GroupLimitedQuery, column: string): string {
  const resolved = query.keysResolver(column)
  return resolved.includes('.') ? resolved : `${query.model.table}.${resolved}`
}

/** The window order: `groupOrderBy()` calls, else the query's plain `orderBy()`, else key desc. */
function windowOrder(query: GroupLimitedQuery, constraints: GroupConstraints) {
  if (constraints.orderBy.length > 0) {
    return constraints.orderBy.map(({ column, direction }) => ({
      column: qualify(query, column),
      direction,
    }))
  }
  const statements = knexInternals(query.knexQuery)._statements as KnexOrderStatement[]
  const plain = statements.filter(
    (statement) => statement.grouping === 'order' && statement.type === 'orderByBasic'
  )
  if (plain.length > 0 && plain.every((statement) => typeof statement.value === 'string')) {
    return plain.map((statement) => ({
      column: qualify(query, statement.value as string),
      direction: statement.direction?.toLowerCase() === 'desc' ? 'desc' : 'asc',
    }))
  }
  return [{ column: qualify(query, query.model.primaryKey), direction: 'desc' as const }]
}

/** True when the query selects nothing yet (so it selects `table.*`). */
function selectsNothing(query: GroupLimitedQuery): boolean {
  return !hasStatement(query.knexQuery, 'columns')
}

/**
 * Rewrites `query` in place into `select * from (<query>, row_number() over
 * (...)) as stratum_group where stratum_group_row <= limit`, ordered by the
 * row number so each parent's rows come in window order.
 */
export function applyGroupLimit(query: GroupLimitedQuery, partitionColumn: string) {
  const constraints = query.groupConstraints
  if (!constraints) return
  query.groupConstraints = undefined
  const limit = constraints.limit
  if (limit === undefined) {
    throw new E_INVALID_QUERY(
      `groupOrderBy() on "${query.model.name}" needs groupLimit(n): it orders the rows kept per parent`
    )
  }
  const order = windowOrder(query, constraints)
  const window = query.client.knexRawQuery(
    `row_number() over (partition by ?? order by ${order.map((o) => `?? ${o.direction}`).join(', ')}) as ??`,
    [partitionColumn, ...order.map((o) => o.column), groupRowColumn]
  )
  if (selectsNothing(query)) query.knexQuery.select(`${query.model.table}.*`)
  // soft delete scopes go on the inner query, where the table is in scope
  const inner = query.toKnex().clearOrder().select(window)
  query.knexQuery = query.client
    .knexQuery()
    .select('*')
    .from(inner.as(groupTable))
    .where(groupRowColumn, '<=', limit)
    .orderBy(groupRowColumn, 'asc')
}

/** Thrown when `groupLimit()` is used outside a preload of a relation that supports it. */
export function groupLimitUnsupported(model: string, where: string): E_INVALID_QUERY {
  return new E_INVALID_QUERY(
    `groupLimit()/groupOrderBy() on "${model}" ${where}: they keep the top N related rows ` +
      `of each parent inside a preload, e.g. preload('posts', (q) => q.groupLimit(3)). Use limit() elsewhere`
  )
}
