/**
 * `country.related('posts')`: the related rows of one parent, reached
 * through the intermediate model. Has-many-through is read only (as in Lucid).
 */
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidRow } from '../../../types/model.js'
import { HasManyThroughQueryBuilder } from './query_builder.js'
import type { HasManyThroughKeys } from '../../../types/relation_keys.js'

export class HasManyThroughClient {
  constructor(
    readonly relation: HasManyThroughKeys<RelatedQuery>,
    readonly parent: LucidRow,
    readonly client: QueryClientContract
  ) {}

  /** The related rows of this parent; the through key lands in `$extras` as `through_<column>`. */
  query(): HasManyThroughQueryBuilder {
    const query = HasManyThroughQueryBuilder.forParent(this.relation, this.client, this.parent)
    this.relation.options.onQuery?.(query)
    return query
  }
}
