import { type PaginationMeta, SimplePaginator } from '../../database/query_builder/paginator.js'
import type { CherryPick, LucidRow } from '../../types/model.js'
import type { ModelPaginatorContract } from '../../types/model_query.js'

function isModel(row: unknown): row is LucidRow {
  return typeof (row as LucidRow | null)?.serialize === 'function'
}

/**
 * A page of models. `serialize()` (and `toJSON()`) gives `{ meta, data }`
 * with every model serialized.
 */
export class ModelPaginator<Row>
  extends SimplePaginator<Row>
  implements ModelPaginatorContract<Row>
{
  /** `{ meta, data }` with each model serialized (optionally cherry picked). */
  serialize(cherryPick?: CherryPick) {
    return {
      meta: this.getMeta(),
      // rows of a `pojo()` query are plain objects already
      data: this.all().map((row) => (isModel(row) ? row.serialize(cherryPick) : row)),
    }
  }

  // typed as the base paginator's: JSON output is plain data either way
  override toJSON(): { meta: PaginationMeta; data: Row[] } {
    return this.serialize() as { meta: PaginationMeta; data: Row[] }
  }
}
