/**
 * The model query builder of hasMany and hasOne queries
 * (`related('posts').query()`, preload callbacks): the parent constraint
 * (`posts.user_id = ?`, or `in (...)` for a preload) is added when the
 * query runs, after the user's own clauses.
 */
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel } from '../../../types/model.js'
import { E_INVALID_QUERY } from '../../../errors.js'
import type { ModelPaginator } from '../../query_builder/model_paginator.js'
import { RelationQueryBuilder } from '../relation_query_builder.js'
import type { HasManyKeys } from '../../../types/relation_keys.js'

export class HasManyQueryBuilder<
  Related extends LucidModel = LucidModel,
> extends RelationQueryBuilder<Related, HasManyKeys<RelatedQuery>> {
  /** The related rows of these parents (models or key values): the query of a preload. */
  static forParents(
    relation: HasManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[]
  ) {
    return HasManyQueryBuilder.build(relation, client, parents, true)
  }

  /** The related rows of one parent model (`related(name).query()`). */
  static forParent(
    relation: HasManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parent: unknown
  ) {
    return HasManyQueryBuilder.build(relation, client, [parent], false)
  }

  protected static build(
    relation: HasManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[],
    preload: boolean
  ) {
    const Related = relation.relatedModel()
    Related.boot()
    const Builder = relation.many ? HasManyQueryBuilder : HasOneQueryBuilder
    const query = new Builder(client.knexQuery().from(Related.table), Related, client)
    return query.scopeTo(relation, 'parents', parents, preload)
  }

  protected parentKeyAttribute(): string {
    return this.relation.localKey
  }

  protected override relationKeyColumns(): string[] {
    return [`${this.model.table}.${this.relation.foreignKeyColumnName}`]
  }

  protected applyConstraints(): void {
    const values = this.parentKeyValues()
    this.selectRelationKeys()
    const column = `${this.model.table}.${this.relation.foreignKeyColumnName}`
    // applied with the model scopes, after the user's where clauses are grouped
    this.$constrain((knexQuery) => {
      this.constrainParentsOn(knexQuery, column, values)
      this.relation.constrainRelated(knexQuery, this.model.table)
    })
  }
}

/** hasOne: a hasMany query that is never paginated (there is one row at most). */
export class HasOneQueryBuilder<
  Related extends LucidModel = LucidModel,
> extends HasManyQueryBuilder<Related> {
  protected override selectsOneRow(): boolean {
    return true
  }

  override paginate(): Promise<ModelPaginator<InstanceType<Related>>> {
    throw new E_INVALID_QUERY(
      `Cannot paginate a hasOne relationship "(${this.relation.relationName})"`
    )
  }
}
