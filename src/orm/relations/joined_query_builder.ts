/**
 * What the many-to-many and has-many-through query builders share: their
 * query joins another table (pivot or through) and is scoped to parents
 * only when it runs, so the join, the parent constraint and the extra
 * selected keys are added once, after the user's own clauses.
 */
import type { Knex } from 'knex'
import type { SelectColumn } from '../../database/query_builder/chainable.js'
import type { LucidModel } from '../../types/model.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'

/**
 * What the query is scoped to: the related rows of some parents, a sub
 * query correlated to the outer parent table, or a nested where group.
 */
export type RelationScope = 'parents' | 'sub' | 'group'

/** The part of a knex statement these builders read. */
export interface KnexStatement {
  grouping: string
  type?: string
  value?: unknown
}

/** knex methods that only read. */
export const readMethods = new Set(['select', 'first', 'pluck'])

export abstract class JoinedRelationQueryBuilder<
  Related extends LucidModel,
  Relation,
> extends ModelQueryBuilder<Related> {
  declare relation: Relation
  protected scope: RelationScope = 'group'
  protected parentValues: unknown[] = []
  /** Name (or self-join alias) of the related table in this query. */
  protected relatedTable = ''
  protected relationApplied = true
  /** True once the user picked related columns with `select()`. */
  protected cherryPicking = false

  /** Adds the join and the parent constraint, once, when the query runs. */
  protected abstract applyRelation(): void

  override clone(): this {
    const clone = super.clone()
    clone.relation = this.relation
    clone.scope = this.scope
    clone.parentValues = this.parentValues
    clone.relatedTable = this.relatedTable
    clone.relationApplied = this.relationApplied
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
    return (this.knexQuery as unknown as { _statements: KnexStatement[] })._statements
  }

  /** True when the query selects an aggregate (no related columns are added then). */
  protected hasAggregates(): boolean {
    return this.statements.some(
      (statement) => statement.grouping === 'columns' && statement.type?.startsWith('aggregate')
    )
  }

  /** Selects `related.*` unless the user picked columns or selected it already. */
  protected selectRelatedColumns(): void {
    const all = `${this.relatedTable}.*`
    const selectsAll = this.statements.some(
      (statement) => statement.grouping === 'columns' && [statement.value].flat().includes(all)
    )
    if (!this.cherryPicking && !selectsAll) this.knexQuery.select(all)
  }

  /** `column = value` for one parent, `column in (...)` for several. */
  protected constrainParentsOn(knexQuery: Knex.QueryBuilder, column: string): void {
    if (this.parentValues.length === 1) knexQuery.where(column, this.parentValues[0] as Knex.Value)
    else knexQuery.whereIn(column, this.parentValues as Knex.Value[])
  }

  protected override applyModelScopes(): void {
    this.applyRelation()
    super.applyModelScopes()
  }
}
