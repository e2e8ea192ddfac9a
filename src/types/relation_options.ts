/**
 * Options of the relation decorators (`@hasMany(() => Post, { ... })`)
 * and the pivot constraints many-to-many queries add. `Query` is the
 * query `onQuery` receives: the decorators pass the related model's query
 * builder, so these contracts name no builder class.
 */
import type { LucidModelBase } from './model_base.js'
import type { ListOrSubQuery } from './query_clauses.js'

/** A lazily resolved related model (`() => Post`), so models can reference each other. */
export type RelatedModelFn<Related extends LucidModelBase = LucidModelBase> = () => Related

/** Options shared by every relation. */
export interface BaseRelationOptions<Query = unknown> {
  /** Key in serialized output; `null` hides the relation. */
  serializeAs?: string | null
  /**
   * Constrains every query of the relation (preload, related(), counts...).
   * A method signature, so that a callback typed for the related model's query fits.
   */
  onQuery?(query: Query): void
  /** Anything the app wants to keep with the relation (Stratum never reads it). */
  meta?: unknown
}

/** Options of `@hasOne` and `@hasMany`. */
export interface HasOneOptions<Query = unknown> extends BaseRelationOptions<Query> {
  /** Attribute on this model the foreign key points to (default: its primary key). */
  localKey?: string
  /** Attribute on the related model holding this model's key (default: `userId`-style). */
  foreignKey?: string
}
export type HasManyOptions<Query = unknown> = HasOneOptions<Query>

/** Options of `@belongsTo`. */
export interface BelongsToOptions<Query = unknown> extends BaseRelationOptions<Query> {
  /** Attribute on the related model this model points to (default: its primary key). */
  localKey?: string
  /** Attribute on this model holding the related key (default: `userId`-style). */
  foreignKey?: string
}

/** Options of `@manyToMany`. */
export interface ManyToManyOptions<Query = unknown> extends BaseRelationOptions<
  Query & PivotQueryMethods
> {
  pivotTable?: string
  /** Attribute on this model the pivot points to (default: primary key). */
  localKey?: string
  /** Pivot column pointing to this model (default: `user_id`-style). */
  pivotForeignKey?: string
  /** Attribute on the related model the pivot points to (default: primary key). */
  relatedKey?: string
  /** Pivot column pointing to the related model (default: `skill_id`-style). */
  pivotRelatedForeignKey?: string
  /** Extra pivot columns selected into `$extras` as `pivot_<column>`. */
  pivotColumns?: string[]
  /** Maintain pivot timestamps: true for `created_at`/`updated_at`, or custom names. */
  pivotTimestamps?: boolean | { createdAt: string | boolean; updatedAt: string | boolean }
}

/** Options of `@hasManyThrough`. */
export interface HasManyThroughOptions<Query = unknown> extends BaseRelationOptions<Query> {
  /** Attribute on this model the through model points to. */
  localKey?: string
  /** Attribute on the through model holding this model's key. */
  foreignKey?: string
  /** Attribute on the through model the related model points to. */
  throughLocalKey?: string
  /** Attribute on the related model holding the through model's key. */
  throughForeignKey?: string
}

/** Pivot constraints of many-to-many queries (`related('roles').query()`, preload callbacks). */
export interface PivotQueryMethods {
  wherePivot(key: string, value: unknown): this
  wherePivot(key: string, operator: string, value: unknown): this
  orWherePivot(key: string, value: unknown): this
  orWherePivot(key: string, operator: string, value: unknown): this
  andWherePivot(key: string, value: unknown): this
  andWherePivot(key: string, operator: string, value: unknown): this
  whereNotPivot(key: string, value: unknown): this
  whereNotPivot(key: string, operator: string, value: unknown): this
  orWhereNotPivot(key: string, value: unknown): this
  orWhereNotPivot(key: string, operator: string, value: unknown): this
  andWhereNotPivot(key: string, value: unknown): this
  andWhereNotPivot(key: string, operator: string, value: unknown): this
  /** `pivot.key in (...)`: a list, a sub query, or several keys against a list of tuples. */
  whereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  orWhereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  andWhereInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  whereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  orWhereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  andWhereNotInPivot(key: string | readonly string[], values: ListOrSubQuery<this>): this
  whereNullPivot(key: string): this
  orWhereNullPivot(key: string): this
  andWhereNullPivot(key: string): this
  whereNotNullPivot(key: string): this
  orWhereNotNullPivot(key: string): this
  andWhereNotNullPivot(key: string): this
  pivotColumns(columns: string[]): this
}
