/**
 * The relation -> key linking seam: what each relation kind tells its query
 * builder and its `related()` client (models, resolved keys and columns,
 * the values a related or pivot row takes). The relation classes implement
 * these; the builders and clients depend on them only, not on the classes.
 */
import type { Knex } from 'knex'
import type { LucidModel, LucidRow, ModelObject } from './model.js'
import type { RelationType } from './relation_kinds.js'
import type { PivotQueryMethods } from './relation_options.js'

/**
 * What every relation kind shares. `Query` is the related model query its
 * `onQuery` option receives (the ORM's RelatedQuery), a parameter so that
 * these contracts need no query builder class.
 */
export interface RelationKeysContract<Query> {
  readonly type: RelationType
  readonly relationName: string
  /** The parent model (the one declaring, or inheriting, the relation). */
  readonly model: LucidModel
  readonly options: { onQuery?(query: Query): void }
  /** True for relations holding a list of models. */
  readonly many: boolean
  /** The related model class. */
  relatedModel(): LucidModel
}

/** belongsTo: this model holds the related key (`posts.user_id -> users.id`). */
export interface BelongsToKeys<Query> extends RelationKeysContract<Query> {
  /** Attribute on the related model the foreign key points to. */
  readonly localKey: string
  readonly localKeyColumnName: string
  /** Attribute on this model holding the related key. */
  readonly foreignKey: string
  readonly foreignKeyColumnName: string
}

/** hasOne, hasMany, morphOne, morphMany: the related rows hold this model's key. */
export interface HasManyKeys<Query> extends RelationKeysContract<Query> {
  readonly localKey: string
  readonly localKeyColumnName: string
  readonly foreignKey: string
  readonly foreignKeyColumnName: string
  /** Extra where clauses every query of the relation carries (a morph type column). */
  constrainRelated(query: Knex.QueryBuilder, table: string): void
  /** The attributes a related row takes from `parent` (the foreign key, and a morph type). */
  foreignValues(parent: LucidRow): ModelObject
}

/** hasManyThrough: the related rows point to a through model, which points to this one. */
export interface HasManyThroughKeys<Query> extends RelationKeysContract<Query> {
  readonly localKey: string
  readonly localKeyColumnName: string
  readonly foreignKey: string
  readonly foreignKeyColumnName: string
  readonly throughLocalKey: string
  readonly throughLocalKeyColumnName: string
  readonly throughForeignKey: string
  readonly throughForeignKeyColumnName: string
  throughModel(): LucidModel
}

/** manyToMany, morphToMany, morphedByMany: rows linked through a pivot table. */
export interface ManyToManyKeys<Query> extends RelationKeysContract<Query & PivotQueryMethods> {
  readonly localKey: string
  readonly localKeyColumnName: string
  readonly relatedKey: string
  readonly relatedKeyColumnName: string
  readonly pivotTable: string
  readonly pivotForeignKey: string
  readonly pivotRelatedForeignKey: string
  readonly pivotColumns: string[]
  readonly pivotCreatedAt: string | undefined
  readonly pivotUpdatedAt: string | undefined
  /** Pivot values every pivot row of the relation holds (a morph type column). */
  pivotValues(): ModelObject
  /** Pivot timestamp columns the relation maintains. */
  pivotTimestampColumns(): string[]
  /** Pivot columns every relation query selects. */
  selectedPivotColumns(): string[]
  /** The parent's key value the pivot rows hold, or a clear error for `action`. */
  parentValue(parent: LucidRow, action: string): string | number
  /** The related model's key value the pivot rows hold, or a clear error for `action`. */
  relatedValue(related: LucidRow, action: string): string | number
}

/** morphTo: this model holds the related type and key. */
export interface MorphToKeys<Query> extends RelationKeysContract<Query> {
  readonly typeKey: string
  readonly typeColumnName: string
  readonly foreignKey: string
  readonly foreignKeyColumnName: string
  /** The model a stored type (alias or class name) stands for. */
  modelOfType(type: string): LucidModel
  /** The type stored for `Related`. */
  aliasOf(Related: LucidModel): string
  /** Attribute of `Related` the stored id points to. */
  ownerKeyOf(Related: LucidModel): string
  ownerKeyColumnOf(Related: LucidModel): string
}
