import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel } from '../../types/model.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import type { BaseRelation, RelatedQuery } from './base.js'

/**
 * A sub query on the related table, correlated to the outer (parent)
 * table: `related.fk = parent.key`. A self relation (users -> users)
 * aliases the inner table so the two sides stay apart. Trashed related
 * rows are left out, and order/limit from `onQuery` are dropped: they
 * would make the count or EXISTS invalid on some dialects.
 */
export function correlatedQuery(
  relation: BaseRelation,
  Related: LucidModel,
  client: QueryClientContract,
  relatedColumn: string,
  parentColumn: string
): RelatedQuery {
  const inner = Related.table === relation.model.table ? 'stratum_self' : Related.table
  const source = inner === Related.table ? Related.table : { [inner]: Related.table }
  const query = new ModelQueryBuilder(
    client.knexQuery().from(source),
    Related,
    client,
    true
  ) as RelatedQuery
  query.isRelatedSubQuery = true
  query.whereColumn(`${inner}.${relatedColumn}`, `${relation.model.table}.${parentColumn}`)
  const softDelete = Related.$softDeleteColumn
  if (softDelete) {
    query.whereNull(`${inner}.${Related.$keys.attributesToColumns.get(softDelete, softDelete)}`)
  }
  relation.options.onQuery?.(query)
  return query.clearOrder().clearLimit().clearOffset()
}
