/**
 * What the many-to-many and has-many-through query builders share: their
 * query joins another table (pivot or through), so the join, the parent
 * constraint and the extra selected keys are added once, when the query
 * runs, after the user's own clauses.
 */
import type { SelectColumn } from '../../database/query_builder/chainable.js'
import { knexInternals, type KnexStatement } from '../../database/query_builder/knex_internals.js'
import type { LucidModel } from '../../types/model.js'
import { RelationQueryBuilder, type QueriedRelation } from './relation_query_builder.js'

export type { RelationScope } from './relation_query_builder.js'

export type { KnexStatement } from '../../database/query_builder/knex_internals.js'

export abstract class JoinedRelationQueryBuilder<
  Related extends LucidModel,
  Relation extends QueriedRelation,
> extends RelationQueryBuilder<Related, Relation> {
  /** Name (or self-join alias) of the related table in this query. */
  protected relatedTable = ''
  /** True once the user picked related columns with `select()`. */
  protected cherryPicking = false

  override clone(): this {
    const clone = super.clone()
    clone.relatedTable = this.relatedTable
    clone.cherryPicking = this.cherryPicking
    return clone
  }

  /** Selects related columns; unqualified names are qualified with the related table. */
  override select(...columns: (SelectColumn | readonly SelectColumn[])[]): this {
    this.cherryPicking = true
    const flat = columns.flat() as SelectColumn[]
    return super.select(
      flat.map((column) =>
        typeof column === 'string' ? this.qualify(this.relatedTable, column) : column
      )
    )
  }

  /** `table.column`, unless the column is qualified already. */
  protected qualify(table: string, column: string): string {
    const [name] = column.split(/\s+as\s+/i)
    return name.includes('.') ? column : `${table}.${column}`
  }

  protected get statements(): KnexStatement[] {
    return knexInternals(this.knexQuery)._statements
  }

  /** Selects `related.*` unless the user picked columns or selected it already. */
  protected selectRelatedColumns(): void {
    const all = `${this.relatedTable}.*`
    const selectsAll = this.statements.some(
      (statement) => statement.grouping === 'columns' && [statement.value].flat().includes(all)
    )
    if (!this.cherryPicking && !selectsAll) this.knexQuery.select(all)
  }
}
