import { E_INVALID_RELATION, E_MISSING_MODEL_ATTRIBUTE } from '../../../errors.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow } from '../../../types/model.js'
import type { HasManyThroughOptions, RelatedModelFn } from '../../../types/relations.js'
import type { HasManyThroughKeys } from '../../../types/relation_keys.js'
import { BaseRelation, isClass, type RelatedQuery } from '../base.js'
import { attributeOf, ensureColumn, groupByExtra, joinKey, unshareGroups } from '../keys.js'
import { HasManyThroughClient } from './query_client.js'
import { HasManyThroughQueryBuilder, throughAlias, throughTableIn } from './query_builder.js'

/** True for the arrow function `() => Model` relations want. */
function isModelFn(value: unknown): value is RelatedModelFn {
  return typeof value === 'function' && !isClass(value)
}

/**
 * `@hasManyThrough([() => Post, () => User])` on `Country`: the related rows
 * hold the key of a through row, which holds this model's key
 * (`posts.user_id = users.id`, `users.country_id = countries.id`).
 */
export class HasManyThrough
  extends BaseRelation<HasManyThroughOptions>
  implements HasManyThroughKeys<RelatedQuery>
{
  readonly type = 'hasManyThrough' as const
  readonly throughModelFn: RelatedModelFn
  /** Attribute on this model (default: primary key). */
  declare localKey: string
  declare localKeyColumnName: string
  /** Attribute on the through model holding this model's key (default: `countryId`). */
  declare foreignKey: string
  declare foreignKeyColumnName: string
  /** Attribute on the through model the related rows point to (default: its primary key). */
  declare throughLocalKey: string
  declare throughLocalKeyColumnName: string
  /** Attribute on the related model holding the through key (default: `userId`). */
  declare throughForeignKey: string
  declare throughForeignKeyColumnName: string

  constructor(
    relationName: string,
    models: RelatedModelFn | [RelatedModelFn, RelatedModelFn],
    options: HasManyThroughOptions,
    model: LucidModel
  ) {
    if (!Array.isArray(models) || !isModelFn(models[0]) || !isModelFn(models[1])) {
      throw new E_INVALID_RELATION(
        `"${model.name}.${relationName}" needs the related and the through model as functions: ` +
          'write @hasManyThrough([() => RelatedModel, () => ThroughModel])'
      )
    }
    super(relationName, models[0], options, model)
    this.throughModelFn = models[1]
  }

  protected override decoratorName(): string {
    return 'hasManyThrough'
  }

  /** A copy for `model`, a subclass inheriting the relation. */
  override clone(model: LucidModel): HasManyThrough {
    const copy = new HasManyThrough(
      this.relationName,
      [this.relatedModelFn, this.throughModelFn],
      { ...this.options },
      model
    )
    copy.declaringModel = this.declaringModel
    return copy
  }

  /** The intermediate model class. */
  throughModel(): LucidModel {
    return this.throughModelFn() as LucidModel
  }

  protected bootKeys(): void {
    const Related = this.relatedModel()
    const Through = this.throughModel()
    const naming = this.model.namingStrategy
    this.localKey = this.options.localKey ?? this.model.primaryKey
    this.foreignKey =
      this.options.foreignKey ??
      naming.relationForeignKey('hasMany', this.declaringModel, Through, this.relationName)
    this.throughLocalKey = this.options.throughLocalKey ?? Through.primaryKey
    this.throughForeignKey =
      this.options.throughForeignKey ??
      naming.relationForeignKey('hasMany', Through, Related, this.relationName)
    ensureColumn(this.model, this.localKey, this)
    ensureColumn(Through, this.foreignKey, this)
    ensureColumn(Through, this.throughLocalKey, this)
    ensureColumn(Related, this.throughForeignKey, this)
    const columnOf = (Model: LucidModel, key: string) =>
      Model.$keys.attributesToColumns.get(key, key)
    this.localKeyColumnName = columnOf(this.model, this.localKey)
    this.foreignKeyColumnName = columnOf(Through, this.foreignKey)
    this.throughLocalKeyColumnName = columnOf(Through, this.throughLocalKey)
    this.throughForeignKeyColumnName = columnOf(Related, this.throughForeignKey)
  }

  protected parentKey(): string {
    return this.localKey
  }

  eagerQuery(parentValues: unknown[], client: QueryClientContract): RelatedQuery {
    const query = HasManyThroughQueryBuilder.forParents(this, client, parentValues)
    return this.applyOnQuery(query)
  }

  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void {
    const alias = throughAlias(this.foreignKeyColumnName)
    const groups = groupByExtra(related, alias)
    let handed = 0
    for (const parent of parents) {
      const group = groups.get(joinKey(attributeOf(parent, this.localKey)))
      if (group !== undefined) handed++
      parent.$setRelated(this.relationName, group ?? [])
    }
    if (handed > groups.size) unshareGroups(parents, this.relationName)
  }

  /** `groupLimit()` keeps the top rows per through foreign key value. */
  override groupPartitionColumn(): string {
    this.boot()
    const through = throughTableIn(this.throughModel().table, this.relatedModel().table)
    return `${through}.${this.foreignKeyColumnName}`
  }

  subQuery(client: QueryClientContract): RelatedQuery {
    this.boot()
    const query = HasManyThroughQueryBuilder.forSubQuery(this, client)
    this.options.onQuery?.(query)
    // order/limit from onQuery would make the count or EXISTS invalid on some dialects
    return query.clearOrder().clearLimit().clearOffset()
  }

  client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new HasManyThroughClient(this, parent, client)
  }

  /** The parent's key value, or a clear error when the parent is not saved yet. */
  parentValue(parent: LucidRow): unknown {
    const value = attributeOf(parent, this.localKey)
    if (value === undefined || value === null) {
      throw new E_MISSING_MODEL_ATTRIBUTE(
        `Cannot query "${this.model.name}.${this.relationName}": "${this.model.name}.${this.localKey}" is ${String(value)}. ` +
          'Save the model first'
      )
    }
    return value
  }
}
