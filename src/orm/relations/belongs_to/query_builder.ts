/**
 * The model query builder of belongsTo queries (`related('user').query()`,
 * preload callbacks): the constraint on the related key (`users.id = ?`,
 * or `in (...)` for a preload) is added when the query runs.
 */
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel } from '../../../types/model.js'
import { E_INVALID_QUERY } from '../../../errors.js'
import type { ModelPaginator } from '../../query_builder/model_paginator.js'
import { RelationQueryBuilder } from '../relation_query_builder.js'
import type { BelongsToKeys } from '../../../types/relation_keys.js'

export class BelongsToQueryBuilder<
  Related extends LucidModel = LucidModel,
> extends RelationQueryBuilder<Related, BelongsToKeys<RelatedQuery>> {
  /** The related rows of these children (models or key values): the query of a preload. */
  static forParents(
    relation: BelongsToKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[]
  ) {
    return BelongsToQueryBuilder.build(relation, client, parents, true)
  }

  /** The related row of one child model (`related(name).query()`). */
  static forParent(
    relation: BelongsToKeys<RelatedQuery>,
    client: QueryClientContract,
    parent: unknown
  ) {
    return BelongsToQueryBuilder.build(relation, client, [parent], false)
  }

  protected static build(
    relation: BelongsToKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[],
    preload: boolean
  ) {
    const Related = relation.relatedModel()
    Related.boot()
    const query = new BelongsToQueryBuilder(client.knexQuery().from(Related.table), Related, client)
    return query.scopeTo(relation, 'parents', parents, preload)
  }

  protected parentKeyAttribute(): string {
    return this.relation.foreignKey
  }

  /** A child whose foreign key is null has no related row: it selects nothing. */
  protected override allowsNullParentKey(): boolean {
    return true
  }

  protected override selectsOneRow(): boolean {
    return true
  }

  protected override relationKeyColumns(): string[] {
    return [`${this.model.table}.${this.relation.localKeyColumnName}`]
  }

  protected applyConstraints(): void {
    const values = this.parentKeyValues()
    this.selectRelationKeys()
    const column = `${this.model.table}.${this.relation.localKeyColumnName}`
    this.$constrain((knexQuery) => this.constrainParentsOn(knexQuery, column, values))
  }

  override paginate(): Promise<ModelPaginator<InstanceType<Related>>> {
    throw new E_INVALID_QUERY(
      `Cannot paginate a belongsTo relationship "(${this.relation.relationName})"`
    )
  }
}
