/**
 * Relations under Lucid's names: the relation objects a model keeps
 * (`BaseRelationContract` ..., which `RelationContract` in model.ts extends),
 * the options of `Model.$addRelation` for each kind (`RelationOptions` ...)
 * and the relation decorators as types (`HasManyDecorator` ...).
 */
import type { DecoratorFn } from './model_decorators.js'
import type { LucidModelBase, ModelRelationTypes } from './model_base.js'
import type { ModelQueryBuilderContract } from './model_query.js'
import type { RelationType } from './relation_kinds.js'
import type {
  BelongsToOptions,
  HasManyOptions,
  HasManyThroughOptions,
  HasOneOptions,
  ManyToManyOptions,
  RelatedModelFn,
} from './relation_options.js'

/** What every relation a model keeps has (`Model.$getRelation(name)`). */
export interface BaseRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> {
  readonly type: RelationType
  readonly relationName: string
  /** Key in serialized output; `null` hides the relation. */
  readonly serializeAs: string | null
  readonly booted: boolean
  /** The model declaring the relation. */
  readonly model: Parent
  /** The related model class. */
  relatedModel(): Related
  /** Resolves the keys once the related model can be read. */
  boot(): void
}

/** A hasOne relation. */
export interface HasOneRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> extends BaseRelationContract<Parent, Related> {
  readonly type: 'hasOne'
}

/** A hasMany relation. */
export interface HasManyRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> extends BaseRelationContract<Parent, Related> {
  readonly type: 'hasMany'
}

/** A belongsTo relation. */
export interface BelongsToRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> extends BaseRelationContract<Parent, Related> {
  readonly type: 'belongsTo'
}

/** A manyToMany relation. */
export interface ManyToManyRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> extends BaseRelationContract<Parent, Related> {
  readonly type: 'manyToMany'
}

/** A hasManyThrough relation. */
export interface HasManyThroughRelationContract<
  Parent extends LucidModelBase,
  Related extends LucidModelBase,
> extends BaseRelationContract<Parent, Related> {
  readonly type: 'hasManyThrough'
}

/** Any relation a model keeps. */
export type RelationshipsContract = BaseRelationContract<LucidModelBase, LucidModelBase>

/** The related model of a relation property type (`HasMany<typeof Post>` -> `typeof Post`). */
type RelatedOf<Relation extends ModelRelationTypes> = Relation extends {
  readonly model: infer Related extends LucidModelBase
}
  ? Related
  : never

/** What a relation property holds: one row (hasOne, belongsTo ...) or an array of rows. */
export type GetRelationModelInstance<Relation extends ModelRelationTypes> =
  Relation['__opaque_type'] extends 'hasOne' | 'belongsTo' | 'morphOne' | 'morphTo'
    ? InstanceType<RelatedOf<Relation>>
    : InstanceType<RelatedOf<Relation>>[]

/** Options of a hasOne, hasMany or belongsTo relation (Lucid's generic form). */
export type RelationOptions<
  RelatedModel extends LucidModelBase,
  _ParentModel extends LucidModelBase = LucidModelBase,
  _Relation extends ModelRelationTypes = ModelRelationTypes,
> = HasOneOptions<ModelQueryBuilderContract<RelatedModel>>

/** Options of a manyToMany relation, for a relation property type (`ManyToMany<typeof Role>`). */
export type ManyToManyRelationOptions<Relation extends ModelRelationTypes> = ManyToManyOptions<
  ModelQueryBuilderContract<RelatedOf<Relation>>
>

/** Options of a hasManyThrough relation (the through model is the decorator's second model). */
export type ThroughRelationOptions<
  RelatedModel extends LucidModelBase,
  _ParentModel extends LucidModelBase = LucidModelBase,
  _Relation extends ModelRelationTypes = ModelRelationTypes,
> = HasManyThroughOptions<ModelQueryBuilderContract<RelatedModel>>

/** `@hasOne(() => Profile, options)` */
export type HasOneDecorator = <Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options?: HasOneOptions<ModelQueryBuilderContract<Related>>
) => DecoratorFn

/** `@hasMany(() => Post, options)` */
export type HasManyDecorator = <Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options?: HasManyOptions<ModelQueryBuilderContract<Related>>
) => DecoratorFn

/** `@belongsTo(() => User, options)` */
export type BelongsToDecorator = <Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options?: BelongsToOptions<ModelQueryBuilderContract<Related>>
) => DecoratorFn

/** `@manyToMany(() => Role, options)`: `onQuery` gets the pivot constraints too. */
export type ManyToManyDecorator = <Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options?: ManyToManyOptions<ModelQueryBuilderContract<Related>>
) => DecoratorFn

/** `@hasManyThrough([() => Post, () => User], options)`: the related model, then the through model. */
export type HasManyThroughDecorator = <Related extends LucidModelBase>(
  relatedModels: [RelatedModelFn<Related>, RelatedModelFn],
  options?: HasManyThroughOptions<ModelQueryBuilderContract<Related>>
) => DecoratorFn
