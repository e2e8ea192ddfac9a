/**
 * Relation-based constraints of the model query builder: existence
 * (`has`, `whereHas` and their or/not forms) and aggregates of related
 * rows selected as extras (`withCount`, `withAggregate`). All of them use
 * the relation's correlated sub query, so each adds one sub select to the
 * same query.
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import { knexInternals } from '../../database/query_builder/knex_internals.js'
import type { RelatedQuery } from '../relations/base.js'
import { getRelationOrFail } from '../preloader/preloader.js'
import type { ModelQueryCore } from './model_query_core.js'
import type { LucidModel } from '../../types/model.js'
import { applyHasMorph } from './morph_constraints.js'

const comparisonOperators = new Set(['=', '<', '>', '<=', '>=', '!=', '<>'])

/** How an existence constraint joins the other where clauses. */
export interface HasOptions {
  or: boolean
  not: boolean
  callback?: (query: RelatedQuery) => void
  operator?: string
  value?: number
}

function knexStatements(query: { readonly knexQuery: Knex.QueryBuilder }) {
  return knexInternals(query.knexQuery)._statements
}

/** True for a knex query builder (a sub select), as opposed to a column name or a raw. */
function isSubSelect(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_statements' in value
}

/**
 * Lucid's self-join counter: how many aggregates of relations (`withCount`,
 * `withAggregate`) the query selected so far. A self relation's sub query
 * names its inner table after it (`adonis_temp_<n>`).
 */
function selfJoinCounter<Model extends LucidModel, Result>(
  query: ModelQueryCore<Model, Result>
): number {
  let count = 0
  for (const statement of knexStatements(query) as { grouping: string; value?: unknown }[]) {
    if (statement.grouping === 'columns' && [statement.value].flat().some(isSubSelect)) count++
  }
  return count
}

/** A relation's sub query, its self-join alias numbered as Lucid numbers it. */
function relationSubQuery<Model extends LucidModel, Result>(
  query: ModelQueryCore<Model, Result>,
  name: string
): RelatedQuery {
  const sub = getRelationOrFail(query.model, name).subQuery(query.client)
  // the sub queries of hasOne, hasMany and belongsTo alias a self join lazily, by this counter
  if ('selfJoinCounter' in sub) sub.selfJoinCounter = selfJoinCounter(query)
  return sub
}

/**
 * `has('posts')` is `EXISTS (related rows)`; `has('posts', '>=', 3)` compares
 * the count of related rows.
 */
export function applyHas<Model extends LucidModel, Result>(
  query: ModelQueryCore<Model, Result>,
  name: string,
  options: HasOptions
) {
  // a morphTo has one related table per type: has/whereHas mean every type
  if (getRelationOrFail(query.model, name).type === 'morphTo') {
    applyHasMorph(query, name, '*', options)
    return
  }
  const sub = relationSubQuery(query, name)
  options.callback?.(sub)
  const knexQuery = query.knexQuery
  if (options.operator === undefined) {
    const method =
      `${options.or ? 'orWhere' : 'where'}${options.not ? 'NotExists' : 'Exists'}` as const
    knexQuery[method](sub.toKnex())
    return
  }
  if (!comparisonOperators.has(options.operator)) {
    throw new E_INVALID_QUERY(
      `Invalid operator "${options.operator}" for has/whereHas on "${query.model.name}.${name}". ` +
        `Use one of: ${[...comparisonOperators].join(' ')}`
    )
  }
  // the callback may pick the aggregate (`q.sum('points')`); a count otherwise
  if (!sub.hasAggregates) sub.clearSelect().count('*')
  // Lucid's text: `(select count(*) ...) > (?)` (knex wraps the sub query in parentheses)
  const sql = `${options.not ? 'not ' : ''}? ${options.operator} (?)`
  const bindings = [sub.toKnex(), options.value ?? 1]
  if (options.or) knexQuery.orWhereRaw(sql, bindings)
  else knexQuery.whereRaw(sql, bindings)
}

/** Selects `table.*` first when the query selects nothing yet, so extras add to the row. */
function ensureRowColumns<Model extends LucidModel, Result>(query: ModelQueryCore<Model, Result>) {
  if (!knexStatements(query).some((statement) => statement.grouping === 'columns')) {
    query.knexQuery.select(`${query.model.table}.*`)
  }
}

/**
 * Adds `(select count(*) from posts where ...) as posts_count` (or the
 * aggregate the callback picks, under the alias it sets with `as()`); the
 * value lands in `$extras` as a number.
 */
export function applyWithAggregate<Model extends LucidModel, Result>(
  query: ModelQueryCore<Model, Result>,
  name: string,
  callback: ((query: RelatedQuery) => void) | undefined,
  defaultAggregate: 'count' | undefined
) {
  const sub = relationSubQuery(query, name).clearSelect()
  callback?.(sub)
  // the callback may pick the aggregate (`q.countDistinct('parent_id')`); a count otherwise
  if (defaultAggregate === 'count' && !sub.hasAggregates) sub.count('*')
  const single = knexInternals(sub.knexQuery)._single
  if (!single.as) {
    if (defaultAggregate !== 'count') {
      throw new E_INVALID_QUERY(
        `withAggregate("${name}") needs an alias: call .as('name') on the sub query, e.g. q.sum('views').as('totalViews')`
      )
    }
    sub.as(`${name}_count`)
  }
  ensureRowColumns(query)
  query.knexQuery.select(sub.toKnex())
  return single.as ?? `${name}_count`
}
