/**
 * The model query builder of many-to-many queries (`related('skills').query()`,
 * preload callbacks, whereHas callbacks): the pivot join and the parent
 * constraint are added when the query runs, and the `wherePivot` family
 * and `pivotColumns()` address the pivot table.
 */
import type { RelatedQuery } from '../base.js'
import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import type { DatabaseQueryBuilder } from '../../../database/query_builder/database.js'
import type { ListOrSubQuery } from '../../../database/query_builder/where.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { PivotQueryMethods } from '../../../types/relations.js'
import { readMethods, queryMethod } from '../../../database/query_builder/knex_internals.js'
import { JoinedRelationQueryBuilder } from '../joined_query_builder.js'
import { addAfterUserWheres, hasWhereClauses, selfJoinAlias } from '../sub_query.js'
import { pivotAlias } from './pivot.js'
import type { ManyToManyKeys } from '../../../types/relation_keys.js'

type WhereMethod = 'where' | 'orWhere' | 'whereNot' | 'orWhereNot'
type WhereInMethod = 'whereIn' | 'orWhereIn' | 'whereNotIn' | 'orWhereNotIn'
type PivotValue = unknown

/** Arguments of `wherePivot()`: `key, value` or `key, operator, value`. */
export type WherePivotArgs =
  [key: string, value: PivotValue] | [key: string, operator: string, value: PivotValue]

const identity = (key: string) => key

export class ManyToManyQueryBuilder<Related extends LucidModel = LucidModel>
  extends JoinedRelationQueryBuilder<Related, ManyToManyKeys<RelatedQuery>>
  implements PivotQueryMethods
{
  /** Lucid's flag: a query of the pivot table alone (`related(name).pivotQuery()`). */
  isPivotOnlyQuery = false

  /** The related rows of these parents (models or key values): the query of a preload. */
  static forParents(
    relation: ManyToManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[]
  ) {
    return ManyToManyQueryBuilder.build(relation, client, parents, true)
  }

  /** The related rows of one parent model (`related(name).query()`). */
  static forParent(
    relation: ManyToManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parent: LucidRow
  ) {
    return ManyToManyQueryBuilder.build(relation, client, [parent], false)
  }

  protected static build(
    relation: ManyToManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[],
    preload: boolean
  ) {
    const Related = relation.relatedModel()
    const query = new ManyToManyQueryBuilder(
      client.knexQuery().from(Related.table),
      Related,
      client
    )
    query.relatedTable = Related.table
    return query.scopeTo(relation, 'parents', parents, preload)
  }

  /** The pivot rows of one parent model, as plain objects (`related(name).pivotQuery()`). */
  static forPivot(
    relation: ManyToManyKeys<RelatedQuery>,
    client: QueryClientContract,
    parent: LucidRow
  ) {
    const Related = relation.relatedModel()
    const query = new ManyToManyQueryBuilder(
      client.knexQuery().from(relation.pivotTable),
      Related,
      client
    )
    query.relatedTable = relation.pivotTable
    query.isPivotOnlyQuery = true
    // pivot columns are not attributes of the related model: no key mapping, no soft deletes
    query.keysResolver = identity
    query.scopesApplied = true
    query.returnPojo = true
    return query.scopeTo(relation, 'parents', [parent], false)
  }

  /** Related rows correlated to the outer parent table (has, whereHas, withCount). */
  static forSubQuery(relation: ManyToManyKeys<RelatedQuery>, client: QueryClientContract) {
    const Related = relation.relatedModel()
    // a self relation (users <-> users) aliases the inner table so both sides stay apart
    const inner = Related.table === relation.model.table ? selfJoinAlias() : Related.table
    const source = inner === Related.table ? Related.table : { [inner]: Related.table }
    const knexQuery = client.knexQuery().from(source)
    const query = new ManyToManyQueryBuilder(knexQuery, Related, client, true)
    query.relatedTable = inner
    return query.scopeTo(relation, 'sub', [], false)
  }

  override clone(): this {
    const clone = super.clone()
    clone.isPivotOnlyQuery = this.isPivotOnlyQuery
    return clone
  }

  protected parentKeyAttribute(): string {
    return this.relation.localKey
  }

  protected override relationKeyColumns(): string[] {
    return [`${this.relatedTable}.${this.relation.relatedKeyColumnName}`]
  }

  /** Where groups built in callbacks keep the pivot helpers. */
  protected override newSubQuery(knexQuery: Knex.QueryBuilder): DatabaseQueryBuilder {
    const query = new ManyToManyQueryBuilder(knexQuery, this.model, this.client, true)
    query.relation = this.relation
    query.relatedTable = this.relatedTable
    return query as DatabaseQueryBuilder
  }

  /** Selects pivot columns, as `pivot_<column>` (they land in `$extras`). */
  pivotColumns(columns: string[]): this {
    // a sub query selects them as they are (Lucid): no row of it becomes a model
    this.knexQuery.select(
      columns.map((column) =>
        this.scope === 'sub'
          ? this.qualifyPivot(column)
          : `${this.qualifyPivot(column)} as ${pivotAlias(column)}`
      )
    )
    return this
  }

  /** `where` on a pivot column: `wherePivot('proficiency', '>=', 3)`. */
  wherePivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('where', args)
  }

  /** `or` variant of `wherePivot()`. */
  orWherePivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('orWhere', args)
  }

  /** Alias of `wherePivot()`. */
  andWherePivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('where', args)
  }

  /** `where not` on a pivot column. */
  whereNotPivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('whereNot', args)
  }

  /** `or` variant of `whereNotPivot()`. */
  orWhereNotPivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('orWhereNot', args)
  }

  /** Alias of `whereNotPivot()`. */
  andWhereNotPivot(...args: WherePivotArgs): this {
    return this.applyWherePivot('whereNot', args)
  }

  /** `in` on a pivot column (or columns), from a list or a sub query. */
  whereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('whereIn', key, values)
  }

  /** `or` variant of `whereInPivot()`. */
  orWhereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('orWhereIn', key, values)
  }

  /** Alias of `whereInPivot()`. */
  andWhereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('whereIn', key, values)
  }

  /** `not in` on a pivot column. */
  whereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('whereNotIn', key, values)
  }

  /** `or` variant of `whereNotInPivot()`. */
  orWhereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('orWhereNotIn', key, values)
  }

  /** Alias of `whereNotInPivot()`. */
  andWhereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereInPivot('whereNotIn', key, values)
  }

  /** `is null` on a pivot column. */
  whereNullPivot(key: string): this {
    return this.callKnex('whereNull', this.qualifyPivot(key))
  }

  /** `or` variant of `whereNullPivot()`. */
  orWhereNullPivot(key: string): this {
    return this.callKnex('orWhereNull', this.qualifyPivot(key))
  }

  /** Alias of `whereNullPivot()`. */
  andWhereNullPivot(key: string): this {
    return this.whereNullPivot(key)
  }

  /** `is not null` on a pivot column. */
  whereNotNullPivot(key: string): this {
    return this.callKnex('whereNotNull', this.qualifyPivot(key))
  }

  /** `or` variant of `whereNotNullPivot()`. */
  orWhereNotNullPivot(key: string): this {
    return this.callKnex('orWhereNotNull', this.qualifyPivot(key))
  }

  /** Alias of `whereNotNullPivot()`. */
  andWhereNotNullPivot(key: string): this {
    return this.whereNotNullPivot(key)
  }

  /**
   * Deletes the pivot rows of the parent (Lucid: writes through a relation
   * query address the pivot table), never the related rows.
   */
  override del() {
    return this.forceDelete()
  }

  protected applyWherePivot(method: WhereMethod, args: WherePivotArgs): this {
    const [key, ...rest] = args
    // pivot columns are not attributes of the related model: no key mapping
    return this.withoutKeyMapping(() => this.applyWhere(method, [this.qualifyPivot(key), ...rest]))
  }

  protected applyWhereInPivot(
    method: WhereInMethod,
    key: string | readonly string[],
    values: unknown
  ) {
    const columns =
      typeof key === 'string' ? this.qualifyPivot(key) : key.map((one) => this.qualifyPivot(one))
    return this.withoutKeyMapping(() => this.applyWhereIn(method, columns, values))
  }

  protected withoutKeyMapping(work: () => this): this {
    const resolver = this.keysResolver
    this.keysResolver = identity
    try {
      return work()
    } finally {
      this.keysResolver = resolver
    }
  }

  protected qualifyPivot(column: string): string {
    return column.includes('.') ? column : `${this.relation.pivotTable}.${column}`
  }

  /** Adds the pivot join and the parent constraint, once, when the query runs. */
  protected applyConstraints(): void {
    const { pivotTable, pivotForeignKey, pivotRelatedForeignKey } = this.relation
    const method = queryMethod(this.knexQuery)

    if (this.isPivotOnlyQuery) {
      this.constrainParents()
      return
    }

    if (this.scope === 'parents' && !readMethods.has(method)) {
      this.knexQuery.from(pivotTable)
      // the related model's soft delete column is not on the pivot table
      this.scopesApplied = true
      this.constrainParents()
      return
    }

    if (this.scope === 'parents' && !this.hasAggregates) {
      this.selectRelationKeys()
      this.selectRelatedColumns()
      this.pivotColumns(this.relation.selectedPivotColumns())
    }
    this.knexQuery.innerJoin(
      pivotTable,
      `${this.relatedTable}.${this.relation.relatedKeyColumnName}`,
      `${pivotTable}.${pivotRelatedForeignKey}`
    )
    if (this.scope === 'parents') {
      this.constrainParents()
      return
    }
    // Lucid's text: where (user clauses) and (users.id = skill_user.user_id)
    const hasUserWheres = hasWhereClauses(this.knexQuery)
    this.wrapExistingWheres()
    addAfterUserWheres(this.knexQuery, hasUserWheres, (query) => {
      query.whereRaw('?? = ??', [
        `${this.relation.model.table}.${this.relation.localKeyColumnName}`,
        `${pivotTable}.${pivotForeignKey}`,
      ])
      this.constrainPivotValues(query)
      const softDelete = this.model.$softDeleteColumn
      if (softDelete) {
        const column = this.model.$keys.attributesToColumns.get(softDelete, softDelete)
        query.whereNull(`${this.relatedTable}.${column}`)
      }
    })
  }

  protected constrainParents(): void {
    const values = this.parentKeyValues()
    this.wrapExistingWheres()
    this.constrainParentsOn(
      this.knexQuery,
      `${this.relation.pivotTable}.${this.relation.pivotForeignKey}`,
      values
    )
    this.constrainPivotValues(this.knexQuery)
  }

  /** The relation's fixed pivot values (a morph type) as where clauses. */
  protected constrainPivotValues(query: Knex.QueryBuilder): void {
    for (const [column, value] of Object.entries(this.relation.pivotValues())) {
      query.where(this.qualifyPivot(column), value as Knex.Value)
    }
  }

  /** Pivot timestamps in `$extras` become luxon DateTimes (as Lucid does). */
  protected override async hydrate(rows: ModelObject[]) {
    const models = await super.hydrate(rows)
    if (this.returnPojo || this.scope !== 'parents') return models
    const aliases = this.relation.pivotTimestampColumns().map(pivotAlias)
    if (aliases.length === 0) return models
    for (const model of models as LucidRow[]) {
      for (const alias of aliases) {
        const value = model.$extras[alias]
        if (value instanceof Date) model.$extras[alias] = DateTime.fromJSDate(value)
        else if (typeof value === 'string') {
          const parsed = DateTime.fromSQL(value)
          model.$extras[alias] = parsed.isValid ? parsed : DateTime.fromISO(value)
        }
      }
    }
    return models
  }
}
