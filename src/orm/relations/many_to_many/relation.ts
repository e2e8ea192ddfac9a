import { E_MISSING_MODEL_ATTRIBUTE } from '../../../errors.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { ManyToManyOptions } from '../../../types/relations.js'
import type { ManyToManyKeys } from '../../../types/relation_keys.js'
import { BaseRelation, type RelatedQuery } from '../base.js'
import { attributeOf, ensureColumn, groupByExtra, joinKey, unshareGroups } from '../keys.js'
import { ManyToManyClient } from './query_client.js'
import { ManyToManyQueryBuilder } from './query_builder.js'
import { insertPivotRows, pivotAlias, pivotTimestamps } from './pivot.js'

/** The pivot timestamp column a `pivotTimestamps` option names, if any. */
function timestampColumn(
  option: ManyToManyOptions['pivotTimestamps'],
  which: 'createdAt' | 'updatedAt',
  fallback: string
): string | undefined {
  if (!option) return undefined
  if (option === true) return fallback
  const value = option[which]
  if (typeof value === 'string') return value
  return value === true ? fallback : undefined
}

/**
 * `@manyToMany(() => Skill)`: rows linked through a pivot table
 * (`skill_user.user_id = users.id`, `skill_user.skill_id = skills.id`).
 */
export class ManyToMany
  extends BaseRelation<ManyToManyOptions>
  implements ManyToManyKeys<RelatedQuery>
{
  readonly type: 'manyToMany' | 'morphToMany' | 'morphedByMany' = 'manyToMany'
  /** Attribute on this model the pivot points to (default: primary key). */
  declare localKey: string
  declare localKeyColumnName: string
  /** Attribute on the related model the pivot points to (default: its primary key). */
  declare relatedKey: string
  declare relatedKeyColumnName: string
  declare pivotTable: string
  /** Pivot column holding this model's key (`user_id`). */
  declare pivotForeignKey: string
  /** Pivot column holding the related model's key (`skill_id`). */
  declare pivotRelatedForeignKey: string
  /** Extra pivot columns selected as `pivot_<column>`. */
  declare pivotColumns: string[]
  declare pivotCreatedAt: string | undefined
  declare pivotUpdatedAt: string | undefined

  protected override decoratorName(): string {
    return 'manyToMany'
  }

  protected bootKeys(): void {
    const Related = this.relatedModel()
    const naming = this.model.namingStrategy
    this.localKey = this.options.localKey ?? this.model.primaryKey
    this.relatedKey = this.options.relatedKey ?? Related.primaryKey
    ensureColumn(this.model, this.localKey, this)
    ensureColumn(Related, this.relatedKey, this)
    this.localKeyColumnName = this.model.$keys.attributesToColumns.get(this.localKey, this.localKey)
    this.relatedKeyColumnName = Related.$keys.attributesToColumns.get(
      this.relatedKey,
      this.relatedKey
    )
    this.pivotTable =
      this.options.pivotTable ??
      naming.relationPivotTable('manyToMany', this.declaringModel, Related, this.relationName)
    this.pivotForeignKey =
      this.options.pivotForeignKey ??
      naming.relationPivotForeignKey('manyToMany', this.declaringModel, Related, this.relationName)
    this.pivotRelatedForeignKey =
      this.options.pivotRelatedForeignKey ??
      naming.relationPivotForeignKey('manyToMany', Related, this.declaringModel, this.relationName)
    this.pivotColumns = [...(this.options.pivotColumns ?? [])]
    this.pivotCreatedAt = timestampColumn(this.options.pivotTimestamps, 'createdAt', 'created_at')
    this.pivotUpdatedAt = timestampColumn(this.options.pivotTimestamps, 'updatedAt', 'updated_at')
  }

  /**
   * Pivot column values every pivot row of the relation holds, and every
   * query of it filters on: none here, the type column for a morphToMany.
   */
  pivotValues(): ModelObject {
    return {}
  }

  /** Pivot timestamp columns the relation maintains. */
  pivotTimestampColumns(): string[] {
    return [this.pivotCreatedAt, this.pivotUpdatedAt].filter((column) => column !== undefined)
  }

  /** Pivot columns every relation query selects: both keys, extra columns, timestamps. */
  selectedPivotColumns(): string[] {
    const columns = [
      this.pivotForeignKey,
      this.pivotRelatedForeignKey,
      ...this.pivotColumns,
      ...this.pivotTimestampColumns(),
    ]
    return [...new Set(columns)]
  }

  protected parentKey(): string {
    return this.localKey
  }

  eagerQuery(parentValues: unknown[], client: QueryClientContract): RelatedQuery {
    const query = ManyToManyQueryBuilder.forParents(this, client, parentValues)
    return this.applyOnQuery(query)
  }

  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void {
    const alias = pivotAlias(this.pivotForeignKey)
    const groups = groupByExtra(related, alias)
    let handed = 0
    for (const parent of parents) {
      const group = groups.get(joinKey(attributeOf(parent, this.localKey)))
      if (group !== undefined) handed++
      parent.$setRelated(this.relationName, group ?? [])
    }
    if (handed > groups.size) unshareGroups(parents, this.relationName)
  }

  /** `groupLimit()` keeps the top rows per pivot foreign key value. */
  override groupPartitionColumn(): string {
    this.boot()
    return `${this.pivotTable}.${this.pivotForeignKey}`
  }

  subQuery(client: QueryClientContract): RelatedQuery {
    this.boot()
    const query = ManyToManyQueryBuilder.forSubQuery(this, client)
    this.options.onQuery?.(query)
    // order/limit from onQuery would make the count or EXISTS invalid on some dialects
    return query.clearOrder().clearLimit().clearOffset()
  }

  client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new ManyToManyClient(this, parent, client)
  }

  /**
   * Writes many pivot rows at once (factories use it): one multi-row INSERT
   * per chunk, with pivot timestamps when the relation keeps them.
   */
  async insertPivots(
    client: QueryClientContract,
    rows: { parent: LucidRow; related: LucidRow; attributes: Record<string, unknown> }[]
  ): Promise<void> {
    this.boot()
    if (rows.length === 0) return
    const timestamps = pivotTimestamps(
      client,
      { createdAt: this.pivotCreatedAt, updatedAt: this.pivotUpdatedAt },
      false
    )
    await insertPivotRows(
      client,
      this.pivotTable,
      rows.map(({ parent, related, attributes }) => ({
        ...timestamps,
        ...attributes,
        ...this.pivotValues(),
        [this.pivotForeignKey]: this.parentValue(parent, 'attach'),
        [this.pivotRelatedForeignKey]: this.relatedValue(related, 'attach'),
      }))
    )
  }

  /** The key value of `model` read for `role`, or a clear error when it has none (not saved yet). */
  keyValue(model: LucidRow, Model: LucidModel, attribute: string, action: string): string | number {
    const value = attributeOf(model, attribute)
    if (value === undefined || value === null) {
      throw new E_MISSING_MODEL_ATTRIBUTE(
        `Cannot ${action} "${this.model.name}.${this.relationName}": "${Model.name}.${attribute}" is ${String(value)}. ` +
          'Save the model first (related().save() and related().create() save the parent for you)'
      )
    }
    return value as string | number
  }

  /** The parent's key value, which the pivot rows hold in `pivotForeignKey`. */
  parentValue(parent: LucidRow, action: string): string | number {
    return this.keyValue(parent, this.model, this.localKey, action)
  }

  /** The related model's key value, which the pivot rows hold in `pivotRelatedForeignKey`. */
  relatedValue(related: LucidRow, action: string): string | number {
    return this.keyValue(related, this.relatedModel(), this.relatedKey, action)
  }
}
