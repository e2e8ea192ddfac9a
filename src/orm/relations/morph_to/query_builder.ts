/**
 * The model query builder of morphTo queries (`related('commentable').query()`,
 * the per-type queries of a preload): a query on the model one stored type
 * names, constrained on its owner key (`posts.id = ?`, or `in (...)` for a
 * preload) when the query runs.
 */
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel } from '../../../types/model.js'
import { E_INVALID_QUERY } from '../../../errors.js'
import type { ModelPaginator } from '../../query_builder/model_paginator.js'
import { RelationQueryBuilder } from '../relation_query_builder.js'
import type { MorphToKeys } from '../../../types/relation_keys.js'

export class MorphToQueryBuilder<
  Related extends LucidModel = LucidModel,
> extends RelationQueryBuilder<Related, MorphToKeys<RelatedQuery>> {
  /** Column of the related table the stored id points to. */
  protected ownerKeyColumn = ''

  /** The rows of `Related` with these ids: the query of one type in a preload. */
  static forParents(
    relation: MorphToKeys<RelatedQuery>,
    Related: LucidModel,
    client: QueryClientContract,
    ids: unknown[]
  ) {
    return MorphToQueryBuilder.build(relation, Related, client, ids, true)
  }

  /** The related row of one child model (`related(name).query()`). */
  static forParent(
    relation: MorphToKeys<RelatedQuery>,
    Related: LucidModel,
    client: QueryClientContract,
    child: unknown
  ) {
    return MorphToQueryBuilder.build(relation, Related, client, [child], false)
  }

  protected static build(
    relation: MorphToKeys<RelatedQuery>,
    Related: LucidModel,
    client: QueryClientContract,
    parents: unknown[],
    preload: boolean
  ) {
    Related.boot()
    const query = new MorphToQueryBuilder(client.knexQuery().from(Related.table), Related, client)
    query.ownerKeyColumn = relation.ownerKeyColumnOf(Related)
    return query.scopeTo(relation, 'parents', parents, preload)
  }

  override clone(): this {
    const clone = super.clone()
    clone.ownerKeyColumn = this.ownerKeyColumn
    return clone
  }

  protected parentKeyAttribute(): string {
    return this.relation.foreignKey
  }

  /** A child whose id is null has no related row: it selects nothing. */
  protected override allowsNullParentKey(): boolean {
    return true
  }

  protected override selectsOneRow(): boolean {
    return true
  }

  protected override relationKeyColumns(): string[] {
    return [`${this.model.table}.${this.ownerKeyColumn}`]
  }

  protected applyConstraints(): void {
    const values = this.parentKeyValues()
    this.selectRelationKeys()
    const column = `${this.model.table}.${this.ownerKeyColumn}`
    this.$constrain((knexQuery) => this.constrainParentsOn(knexQuery, column, values))
  }

  override paginate(): Promise<ModelPaginator<InstanceType<Related>>> {
    throw new E_INVALID_QUERY(
      `Cannot paginate a morphTo relationship "(${this.relation.relationName})"`
    )
  }
}
