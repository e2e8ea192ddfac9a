/**
 * Public contracts of relations: the property types models declare
 * (`HasMany<typeof Post>` ...), relation options and the helpers that
 * check relation names at compile time.
 */
import type { DatabaseQueryBuilder } from '../database/query_builder/database.js'
import type { ModelQueryBuilder } from '../orm/query_builder/model_query_builder.js'
import type { TransactionClientContract } from './database.js'
import type {
  MorphOneClientContract,
  MorphRelationType,
  MorphToClientContract,
  MorphToManyClientContract,
  MorphToPreloadContract,
  MorphManyClientContract,
  MorphTypes,
} from './morph_relations.js'
import type {
  LucidModel,
  LucidRow,
  ModelAttributeName,
  ModelRelationTypes,
  ModelValues,
} from './model.js'

/** The relation kinds. */
export type RelationType =
  'hasOne' | 'hasMany' | 'belongsTo' | 'manyToMany' | 'hasManyThrough' | MorphRelationType

export type * from './morph_relations.js'

/** A lazily resolved related model (`() => Post`), so models can reference each other. */
export type RelatedModelFn<Related extends LucidModel = LucidModel> = () => Related

/** Options shared by every relation. */
export interface BaseRelationOptions {
  /** Key in serialized output; `null` hides the relation. */
  serializeAs?: string | null
  /**
   * Constrains every query of the relation (preload, related(), counts...).
   * A method signature, so that a callback typed for the related model's query fits.
   */
  onQuery?(query: ModelQueryBuilder<LucidModel>): void
  /** Anything the app wants to keep with the relation (Stratum never reads it). */
  meta?: unknown
}

/** Options of `@hasOne` and `@hasMany`. */
export interface HasOneOptions extends BaseRelationOptions {
  /** Attribute on this model the foreign key points to (default: its primary key). */
  localKey?: string
  /** Attribute on the related model holding this model's key (default: `userId`-style). */
  foreignKey?: string
}
export type HasManyOptions = HasOneOptions

/** Options of `@belongsTo`. */
export interface BelongsToOptions extends BaseRelationOptions {
  /** Attribute on the related model this model points to (default: its primary key). */
  localKey?: string
  /** Attribute on this model holding the related key (default: `userId`-style). */
  foreignKey?: string
}

/** Options of `@manyToMany`. */
export interface ManyToManyOptions extends BaseRelationOptions {
  /** Constrains every query of the relation; it has the pivot constraints (`wherePivot` ...). */
  onQuery?(query: ModelQueryBuilder<LucidModel> & PivotQueryMethods): void
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
export interface HasManyThroughOptions extends BaseRelationOptions {
  /** Attribute on this model the through model points to. */
  localKey?: string
  /** Attribute on the through model holding this model's key. */
  foreignKey?: string
  /** Attribute on the through model the related model points to. */
  throughLocalKey?: string
  /** Attribute on the related model holding the through model's key. */
  throughForeignKey?: string
}

/** `@hasOne(() => Profile) declare profile: HasOne<typeof Profile>` */
export type HasOne<Related extends LucidModel> = InstanceType<Related> & {
  readonly __opaque_type: 'hasOne'
  readonly model: Related
}

/** `@hasMany(() => Post) declare posts: HasMany<typeof Post>` */
export type HasMany<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'hasMany'
  readonly model: Related
}

/** `@belongsTo(() => User) declare user: BelongsTo<typeof User>` */
export type BelongsTo<Related extends LucidModel> = InstanceType<Related> & {
  readonly __opaque_type: 'belongsTo'
  readonly model: Related
}

/** `@manyToMany(() => Role) declare roles: ManyToMany<typeof Role>` */
export type ManyToMany<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'manyToMany'
  readonly model: Related
}

/** `@hasManyThrough([() => Post, () => User]) declare posts: HasManyThrough<typeof Post>` */
export type HasManyThrough<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'hasManyThrough'
  readonly model: Related
}

/** Names of the relation properties of a model instance. */
export type ExtractModelRelations<Row extends LucidRow> = {
  [Key in keyof Row]-?: NonNullable<Row[Key]> extends ModelRelationTypes ? Key & string : never
}[keyof Row]

/** The related model class of a relation property. */
export type RelatedModelOf<Row extends LucidRow, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly model: infer Related extends LucidModel }
    ? Related
    : never

/** The relation kind of a relation property. */
export type RelationTypeOf<Row extends LucidRow, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly __opaque_type: infer Kind } ? Kind : never

type Row<Related extends LucidModel> = InstanceType<Related>
type Values<Related extends LucidModel> = ModelValues<InstanceType<Related>>
type Key<Related extends LucidModel> = ModelAttributeName<InstanceType<Related>>

/** `user.related('profile')` */
export interface HasOneClientContract<Related extends LucidModel> {
  query(): ModelQueryBuilder<Related>
  save(related: Row<Related>): Promise<void>
  create(values: Values<Related>): Promise<Row<Related>>
  firstOrCreate(search: Values<Related>, savePayload?: Values<Related>): Promise<Row<Related>>
  updateOrCreate(search: Values<Related>, updatePayload: Values<Related>): Promise<Row<Related>>
}

/** `user.related('posts')` */
export interface HasManyClientContract<
  Related extends LucidModel,
> extends HasOneClientContract<Related> {
  saveMany(related: Row<Related>[]): Promise<void>
  createMany(values: Values<Related>[]): Promise<Row<Related>[]>
  fetchOrCreateMany(
    payload: Values<Related>[],
    predicate?: Key<Related> | Key<Related>[]
  ): Promise<Row<Related>[]>
  updateOrCreateMany(
    payload: Values<Related>[],
    predicate?: Key<Related> | Key<Related>[]
  ): Promise<Row<Related>[]>
}

/** `post.related('author')` */
export interface BelongsToClientContract<Related extends LucidModel> {
  query(): ModelQueryBuilder<Related>
  associate(related: Row<Related>): Promise<void>
  dissociate(): Promise<void>
}

/** Ids to attach, or ids mapped to their pivot attributes. */
export type PivotIds = (string | number)[] | Record<string | number, Record<string, unknown>>

/** `user.related('roles')` */
export interface ManyToManyClientContract<Related extends LucidModel> {
  query(): ModelQueryBuilder<Related> & PivotQueryMethods
  pivotQuery(): DatabaseQueryBuilder
  attach(ids: PivotIds, trx?: TransactionClientContract): Promise<void>
  detach(ids?: (string | number)[], trx?: TransactionClientContract): Promise<void>
  sync(ids: PivotIds, detach?: boolean, trx?: TransactionClientContract): Promise<void>
  save(
    related: Row<Related>,
    performSync?: boolean,
    pivotAttributes?: Record<string, unknown>
  ): Promise<void>
  saveMany(
    related: Row<Related>[],
    performSync?: boolean,
    pivotAttributes?: Record<string, unknown>[]
  ): Promise<void>
  create(values: Values<Related>, pivotAttributes?: Record<string, unknown>): Promise<Row<Related>>
  createMany(
    values: Values<Related>[],
    pivotAttributes?: Record<string, unknown>[]
  ): Promise<Row<Related>[]>
}

/** `country.related('posts')` */
export interface HasManyThroughClientContract<Related extends LucidModel> {
  query(): ModelQueryBuilder<Related>
}

/** The client `related(name)` returns for a relation property. */
export type RelationClientOf<Model extends LucidRow, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends MorphRelationType
    ? MorphClientOf<Model, Name>
    : BaseRelationClientOf<Model, Name>

/** The client of a polymorphic relation property. */
type MorphClientOf<Model extends LucidRow, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'morphTo'
    ? MorphToClientContract<
        NonNullable<Model[Name]> extends { morphTypes: infer T extends MorphTypes } ? T : never
      >
    : RelationTypeOf<Model, Name> extends 'morphOne'
      ? MorphOneClientContract<RelatedModelOf<Model, Name>>
      : RelationTypeOf<Model, Name> extends 'morphMany'
        ? MorphManyClientContract<RelatedModelOf<Model, Name>>
        : MorphToManyClientContract<RelatedModelOf<Model, Name>>

type BaseRelationClientOf<Model extends LucidRow, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'hasOne'
    ? HasOneClientContract<RelatedModelOf<Model, Name>>
    : RelationTypeOf<Model, Name> extends 'hasMany'
      ? HasManyClientContract<RelatedModelOf<Model, Name>>
      : RelationTypeOf<Model, Name> extends 'belongsTo'
        ? BelongsToClientContract<RelatedModelOf<Model, Name>>
        : RelationTypeOf<Model, Name> extends 'manyToMany'
          ? ManyToManyClientContract<RelatedModelOf<Model, Name>>
          : HasManyThroughClientContract<RelatedModelOf<Model, Name>>

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
  whereInPivot(key: string, values: unknown[]): this
  orWhereInPivot(key: string, values: unknown[]): this
  whereNotInPivot(key: string, values: unknown[]): this
  orWhereNotInPivot(key: string, values: unknown[]): this
  whereNullPivot(key: string): this
  orWhereNullPivot(key: string): this
  whereNotNullPivot(key: string): this
  orWhereNotNullPivot(key: string): this
  pivotColumns(columns: string[]): this
}

/** The query builder a relation's constraint callbacks receive. */
export type RelationQueryOf<Model extends LucidRow, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'manyToMany' | 'morphToMany' | 'morphedByMany'
    ? ModelQueryBuilder<RelatedModelOf<Model, Name>> & PivotQueryMethods
    : ModelQueryBuilder<RelatedModelOf<Model, Name>>

/** What a preload callback receives: the relation query, or per-type constraints for a morphTo. */
export type PreloadQueryOf<Model extends LucidRow, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'morphTo'
    ? MorphToPreloadContract<
        NonNullable<Model[Name]> extends { morphTypes: infer T extends MorphTypes } ? T : never
      >
    : RelationQueryOf<Model, Name>
