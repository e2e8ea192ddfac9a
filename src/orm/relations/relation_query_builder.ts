/**
 * What every relation query builder shares (`related(name).query()`, the
 * query of a preload, the correlated sub query of has/whereHas/withCount):
 * the relation constraint is added once, when the query is built or run,
 * after the user's own clauses. Parent models are read for their key only
 * then, so an unsaved parent fails at that point with a clear error, and
 * setting `appliedConstraints = true` (Lucid's flag) leaves the constraint out.
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY, E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import { queryMethod } from '../../database/query_builder/knex_internals.js'
import type { LucidModel, LucidRow } from '../../types/model.js'
import type { RelationType } from '../../types/relations.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import type { ModelPaginator } from '../query_builder/model_paginator.js'
import { attributeOf, joinKey } from './keys.js'
import { addAfterUserWheres, hasWhereClauses } from './sub_query.js'

/**
 * What the query is scoped to: the related rows of some parents, a sub
 * query correlated to the outer parent table, or a nested where group.
 */
export type RelationScope = 'parents' | 'sub' | 'group'

/** The part of a relation these builders read. */
export interface QueriedRelation {
  readonly type: RelationType
  readonly relationName: string
  readonly model: LucidModel
}

/** True for a model instance (as opposed to a key value). */
function isModelRow(value: unknown): value is LucidRow {
  return typeof value === 'object' && value !== null && '$attributes' in value
}

export abstract class RelationQueryBuilder<
  Related extends LucidModel,
  Relation extends QueriedRelation,
> extends ModelQueryBuilder<Related> {
  declare relation: Relation
  protected scope: RelationScope = 'group'
  /** The parent models, or their key values, whose related rows the query selects. */
  protected parents: unknown[] = []
  /**
   * Lucid's flag: true once the relation constraint is on the query. Set it
   * to true before the query is built to leave the constraint out.
   */
  appliedConstraints = true

  /** Adds the relation constraint (join, parent keys); runs once. */
  protected abstract applyConstraints(): void

  /** Attribute of a parent model holding the value the related rows point to. */
  protected abstract parentKeyAttribute(): string

  /** Columns a preload needs among cherry-picked ones, to hand each row to its parent. */
  protected relationKeyColumns(): string[] {
    return []
  }

  /** Scopes a new builder to `parents` (`related()` query or preload) or to the outer query. */
  protected scopeTo(
    relation: Relation,
    scope: RelationScope,
    parents: unknown[],
    preload: boolean
  ) {
    this.relation = relation
    this.scope = scope
    this.parents = parents
    this.appliedConstraints = false
    this.isRelatedQuery = scope === 'parents'
    this.isRelatedSubQuery = scope === 'sub'
    this.isRelatedPreloadQuery = preload
    return this
  }

  override clone(): this {
    const clone = super.clone()
    clone.relation = this.relation
    clone.scope = this.scope
    clone.parents = this.parents
    clone.appliedConstraints = this.appliedConstraints
    return clone
  }

  protected override applyModelScopes(): void {
    if (!this.appliedConstraints) {
      this.appliedConstraints = true
      this.applyConstraints()
    }
    if (this.groupConstraints && this.scope === 'parents' && !this.isRelatedPreloadQuery) {
      this.applyGroupConstraintsAsLimit()
    }
    super.applyModelScopes()
  }

  /** Outside a preload there is one parent: `groupLimit()` is a limit, `groupOrderBy()` an order (Lucid). */
  protected applyGroupConstraintsAsLimit(): void {
    const { limit, orderBy } = this.groupConstraints!
    this.groupConstraints = undefined
    if (limit !== undefined) this.limit(limit)
    for (const { column, direction } of orderBy) this.orderBy(column, direction)
  }

  /** What the query does, for error messages: preload, query, update, delete. */
  protected queryAction(): string {
    if (this.isRelatedPreloadQuery) return 'preload'
    const method = queryMethod(this.knexQuery)
    if (method === 'del') return 'delete'
    return method === 'update' ? 'update' : 'query'
  }

  /** True when a parent whose key is null selects nothing instead of failing (belongsTo). */
  protected allowsNullParentKey(): boolean {
    return false
  }

  /**
   * The distinct key values of the parents. Key values given directly pass
   * through; a model without its key fails with a message saying why.
   */
  protected parentKeyValues(): unknown[] {
    const parents = this.parents
    if (parents.length === 0 || !isModelRow(parents[0])) return parents
    const attribute = this.parentKeyAttribute()
    const values = new Map<unknown, unknown>()
    for (const parent of parents as LucidRow[]) {
      const value = attributeOf(parent, attribute)
      if (value === undefined || (value === null && !this.allowsNullParentKey())) {
        throw this.missingParentKey(parent, attribute, value)
      }
      // one parent keeps its null (it selects nothing); many skip it
      if (value === null && parents.length > 1) continue
      const key = joinKey(value)
      if (!values.has(key)) values.set(key, value)
    }
    return [...values.values()]
  }

  protected missingParentKey(parent: LucidRow, attribute: string, value: unknown) {
    const Parent = parent.constructor as LucidModel
    const hint = this.allowsNullParentKey()
      ? 'Set it, or make null its default value'
      : 'Save the model first (related().save() and related().create() save the parent for you)'
    return new E_MISSING_MODEL_ATTRIBUTE(
      `Cannot ${this.queryAction()} "${this.relation.model.name}.${this.relation.relationName}": ` +
        `"${Parent.name}.${attribute}" is ${String(value)}. ${hint}`
    )
  }

  /** `column = value` for one parent of `related()`, `column in (...)` otherwise. */
  protected constrainParentsOn(knexQuery: Knex.QueryBuilder, column: string, values: unknown[]) {
    const single = values.length === 1 && !this.isRelatedPreloadQuery
    // Lucid's text: where (user clauses) and (posts.user_id = ?)
    const afterUserWheres = knexQuery === this.knexQuery && hasWhereClauses(knexQuery)
    addAfterUserWheres(knexQuery, afterUserWheres, (query) => {
      if (single) query.where(column, values[0] as Knex.Value)
      else query.whereIn(column, values as Knex.Value[])
    })
    // one parent has one related row at most (hasOne, belongsTo): Lucid selects it with limit 1
    if (single && this.selectsOneRow() && this.queryAction() === 'query') knexQuery.limit(1)
  }

  /** True when a parent has one related row at most (hasOne, belongsTo). */
  protected selectsOneRow(): boolean {
    return false
  }

  /**
   * In a preload that cherry picks columns (`select('title')`), adds the
   * relation's key columns so each row still finds its parent.
   */
  protected selectRelationKeys(): void {
    if (!this.isRelatedPreloadQuery) return
    const selected = this.knexStatements.filter(
      (statement) => statement.grouping === 'columns' && !statement.type?.startsWith('aggregate')
    ) as { grouping: string; value?: unknown }[]
    if (selected.length === 0) return
    const values = new Set(selected.flatMap((statement) => [statement.value].flat()))
    const table = this.model.table
    if (values.has('*') || values.has(`${table}.*`)) return
    for (const column of this.relationKeyColumns()) {
      const bare = column.slice(column.lastIndexOf('.') + 1)
      if (!values.has(column) && !values.has(bare)) this.knexQuery.select(column)
    }
  }

  /** Refused inside a preload: one page across every parent means nothing. */
  override paginate(page: number, perPage = 20): Promise<ModelPaginator<InstanceType<Related>>> {
    if (this.isRelatedPreloadQuery) {
      throw new E_INVALID_QUERY(
        `Cannot paginate relationship "${this.relation.relationName}" during preload`
      )
    }
    return super.paginate(page, perPage)
  }
}
