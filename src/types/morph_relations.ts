/**
 * Public contracts of polymorphic relations: the property types models
 * declare (`MorphTo<{ post: typeof Post }>`, `MorphMany<typeof Comment>`
 * ...), their options, their `related()` clients and the object a
 * `morphTo` preload callback receives.
 */
import type { ModelQueryBuilderContract } from './model_query.js'
import type { LucidModelBase } from './model_base.js'
import type { MorphTypes } from './morph_map.js'
import type {
  HasManyClientContract,
  HasOneClientContract,
  ManyToManyClientContract,
} from './relation_clients.js'
import type { BaseRelationOptions, ManyToManyOptions } from './relation_options.js'

export type * from './morph_map.js'

export type { MorphRelationType } from './relation_kinds.js'

/** Options of `@morphTo()`. */
export interface MorphToOptions<Query = unknown> extends BaseRelationOptions<Query> {
  /** Attribute holding the type (default: `<relationName>Type`, column `<name>_type`). */
  type?: string
  /** Attribute holding the related key (default: `<relationName>Id`, column `<name>_id`). */
  id?: string
  /** Attribute of the related models the id points to (default: each model's primary key). */
  ownerKey?: string
}

/** Options of `@morphOne` and `@morphMany`. */
export interface MorphOneOptions<Query = unknown> extends BaseRelationOptions<Query> {
  /**
   * Name of the `morphTo` on the related model (`commentable`): it names the
   * `<name>Type`/`<name>Id` attributes. Default: the related model's only `morphTo`.
   */
  name?: string
  /** Attribute on the related model holding the type (default: `<name>Type`). */
  type?: string
  /** Attribute on the related model holding this model's key (default: `<name>Id`). */
  id?: string
  /** Attribute on this model the id points to (default: primary key). */
  localKey?: string
}
export type MorphManyOptions<Query = unknown> = MorphOneOptions<Query>

/** Options of `@morphToMany` and `@morphedByMany`: a many-to-many with a type column on the pivot. */
export interface MorphToManyOptions<Query = unknown> extends ManyToManyOptions<Query> {
  /** Morph name (`taggable`): pivot `taggables`, columns `taggable_type`, `taggable_id`. */
  name: string
  /** Pivot column holding the type (default: `<name>_type`). */
  pivotMorphType?: string
}

/**
 * `@morphTo() declare commentable: MorphTo<{ post: typeof Post; video: typeof Video }>`
 * (the row's `commentableType` picks the model, `commentableId` the row).
 */
export type MorphTo<Types extends MorphTypes> = InstanceType<Types[keyof Types]> & {
  readonly __opaque_type: 'morphTo'
  readonly model: Types[keyof Types]
  readonly morphTypes: Types
}

/** `@morphOne(() => Image, { name: 'imageable' }) declare image: MorphOne<typeof Image>` */
export type MorphOne<Related extends LucidModelBase> = InstanceType<Related> & {
  readonly __opaque_type: 'morphOne'
  readonly model: Related
}

/** `@morphMany(() => Comment, { name: 'commentable' }) declare comments: MorphMany<typeof Comment>` */
export type MorphMany<Related extends LucidModelBase> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphMany'
  readonly model: Related
}

/** `@morphToMany(() => Tag, { name: 'taggable' }) declare tags: MorphToMany<typeof Tag>` */
export type MorphToMany<Related extends LucidModelBase> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphToMany'
  readonly model: Related
}

/** `@morphedByMany(() => Post, { name: 'taggable' }) declare posts: MorphedByMany<typeof Post>` */
export type MorphedByMany<Related extends LucidModelBase> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphedByMany'
  readonly model: Related
}

/** `comment.related('commentable')` */
export interface MorphToClientContract<Types extends MorphTypes> {
  /** The related row, on the model the stored type names. */
  query(): ModelQueryBuilderContract<Types[keyof Types]>
  /** Points this model at `related` (type and id), saving both. */
  associate(related: InstanceType<Types[keyof Types]>): Promise<void>
  /** Clears the type and the id, and saves this model. */
  dissociate(): Promise<void>
}

/** `post.related('comments')` of a morphMany. */
export type MorphManyClientContract<Related extends LucidModelBase> = HasManyClientContract<Related>
/** `post.related('image')` of a morphOne. */
export type MorphOneClientContract<Related extends LucidModelBase> = HasOneClientContract<Related>
/** `post.related('tags')` of a morphToMany or morphedByMany. */
export type MorphToManyClientContract<Related extends LucidModelBase> =
  ManyToManyClientContract<Related>

export type { MorphToPreloadContract, MorphTypeQueryOf } from './model_query.js'
export type {
  MorphModelOf,
  MorphTypeKey,
  MorphTypeListOf,
  MorphTypesOfRelation,
} from './relation_names.js'
