import type { Knex } from 'knex'
import { hasStatement } from '../../database/query_builder/knex_internals.js'
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel } from '../../types/model.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import type { BaseRelation, RelatedQuery } from './base.js'

/**
 * Alias of the inner table of a self relation's sub query (users -> users),
 * Lucid's: `adonis_temp_<n>`, n counting the aggregates the outer query
 * selected before it, so raw SQL written for Lucid keeps working.
 */
export function selfJoinAlias(counter = 0): string {
  return `adonis_temp_${counter}`
}

/** True when the knex query has where clauses already (the user's, before a relation constraint). */
export function hasWhereClauses(knexQuery: Knex.QueryBuilder): boolean {
  return hasStatement(knexQuery, 'where')
}

/**
 * Where clauses of `knexQuery` as Lucid writes a relation constraint: after
 * the user's clauses, each side in its own group when there are any
 * (`where (title = ?) and (users.id = posts.user_id)`), bare otherwise.
 */
export function addAfterUserWheres(
  knexQuery: Knex.QueryBuilder,
  hasUserWheres: boolean,
  constraint: (query: Knex.QueryBuilder) => void
) {
  if (hasUserWheres) knexQuery.where((group) => constraint(group))
  else constraint(knexQuery)
}

/**
 * The correlated sub query of hasOne, hasMany and belongsTo (has, whereHas,
 * withCount): related rows whose key matches the outer (parent) row's,
 * written as Lucid writes it, owner key first:
 * `users.id = posts.user_id`. The correlation is added when the query is
 * built, after the constraints of `onQuery` and the caller's callback. A
 * self relation aliases the inner table (`users as adonis_temp_0`). Trashed
 * related rows are left out, and order/limit from `onQuery` are dropped:
 * they would make the count or EXISTS invalid on some dialects.
 */
/** Extra where clauses of a sub query (a morph type), given the inner and the outer table names. */
export type ExtraConstraint = (query: Knex.QueryBuilder, inner: string, outer: string) => void

class CorrelatedQuery extends ModelQueryBuilder<LucidModel> {
  /** Set by has/whereHas/withCount from the outer query (see `selfJoinAlias`). */
  selfJoinCounter = 0
  #correlated = false
  #relation?: BaseRelation
  #relatedColumn = ''
  #parentColumn = ''
  #extra?: ExtraConstraint

  static create(
    relation: BaseRelation,
    Related: LucidModel,
    client: QueryClientContract,
    relatedColumn: string,
    parentColumn: string,
    extra?: ExtraConstraint
  ) {
    const query = new CorrelatedQuery(client.knexQuery().from(Related.table), Related, client, true)
    query.#relation = relation
    query.#relatedColumn = relatedColumn
    query.#parentColumn = parentColumn
    query.#extra = extra
    query.isRelatedSubQuery = true
    return query
  }

  override clone(): this {
    const clone = super.clone()
    clone.selfJoinCounter = this.selfJoinCounter
    clone.#correlated = this.#correlated
    clone.#relation = this.#relation
    clone.#relatedColumn = this.#relatedColumn
    clone.#parentColumn = this.#parentColumn
    clone.#extra = this.#extra
    return clone
  }

  override toKnex(): Knex.QueryBuilder {
    if (!this.#correlated) {
      this.#correlated = true
      this.#correlate()
    }
    return super.toKnex()
  }

  #correlate() {
    const relation = this.#relation!
    const Related = this.model
    const parentTable = relation.model.table
    let inner = Related.table
    if (inner === parentTable) {
      inner = selfJoinAlias(this.selfJoinCounter)
      this.knexQuery.from({ [inner]: Related.table })
    }
    const related = `${inner}.${this.#relatedColumn}`
    const parent = `${parentTable}.${this.#parentColumn}`
    // the owner's key first, as Lucid writes it: users.id = posts.user_id (hasMany), users.id = profiles.user_id (belongsTo)
    const ownerFirst = relation.type === 'belongsTo' || relation.type === 'morphTo'
    const [left, right] = ownerFirst ? [related, parent] : [parent, related]
    const softDelete = Related.$softDeleteColumn
    const hasUserWheres = hasWhereClauses(this.knexQuery)
    this.wrapExistingWheres()
    addAfterUserWheres(this.knexQuery, hasUserWheres, (query) => {
      query.whereRaw('?? = ??', [left, right])
      this.#extra?.(query, inner, parentTable)
      if (softDelete) {
        query.whereNull(`${inner}.${Related.$keys.attributesToColumns.get(softDelete, softDelete)}`)
      }
    })
  }
}

/** The correlated sub query of a hasOne, hasMany or belongsTo relation (see `CorrelatedQuery`). */
export function correlatedQuery(
  relation: BaseRelation,
  Related: LucidModel,
  client: QueryClientContract,
  relatedColumn: string,
  parentColumn: string,
  extra?: ExtraConstraint
): RelatedQuery {
  const query = CorrelatedQuery.create(
    relation,
    Related,
    client,
    relatedColumn,
    parentColumn,
    extra
  )
  relation.options.onQuery?.(query as RelatedQuery)
  return query.clearOrder().clearLimit().clearOffset() as RelatedQuery
}
