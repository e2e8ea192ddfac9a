/**
 * Public contracts of polymorphic relations: the property types models
 * declare (`MorphTo<{ post: typeof Post }>`, `MorphMany<typeof Comment>`
 * ...), their options, their `related()` clients and the object a
 * `morphTo` preload callback receives.
 */
import type { ModelQueryBuilder } from '../orm/query_builder/model_query_builder.js'
import type { LucidModel, LucidRow } from './model.js'
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
export type MorphOne<Related extends LucidModel> = InstanceType<Related> & {
  readonly __opaque_type: 'morphOne'
  readonly model: Related
}

/** `@morphMany(() => Comment, { name: 'commentable' }) declare comments: MorphMany<typeof Comment>` */
export type MorphMany<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphMany'
  readonly model: Related
}

/** `@morphToMany(() => Tag, { name: 'taggable' }) declare tags: MorphToMany<typeof Tag>` */
export type MorphToMany<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphToMany'
  readonly model: Related
}

/** `@morphedByMany(() => Post, { name: 'taggable' }) declare posts: MorphedByMany<typeof Post>` */
export type MorphedByMany<Related extends LucidModel> = InstanceType<Related>[] & {
  readonly __opaque_type: 'morphedByMany'
  readonly model: Related
}

/** A model of `Types`, or its alias. */
export type MorphTypeKey<Types extends MorphTypes> = (keyof Types & string) | Types[keyof Types]

/** The model class a morph type key (alias or class) stands for. */
export type MorphModelOf<Types extends MorphTypes, Key> = Key extends keyof Types
  ? Types[Key]
  : Key extends LucidModel
    ? Key
    : never

/** `comment.related('commentable')` */
export interface MorphToClientContract<Types extends MorphTypes> {
  /** The related row, on the model the stored type names. */
  query(): ModelQueryBuilder<Types[keyof Types]>
  /** Points this model at `related` (type and id), saving both. */
  associate(related: InstanceType<Types[keyof Types]>): Promise<void>
  /** Clears the type and the id, and saves this model. */
  dissociate(): Promise<void>
}

/** `post.related('comments')` of a morphMany. */
export type MorphManyClientContract<Related extends LucidModel> = HasManyClientContract<Related>
/** `post.related('image')` of a morphOne. */
export type MorphOneClientContract<Related extends LucidModel> = HasOneClientContract<Related>
/** `post.related('tags')` of a morphToMany or morphedByMany. */
export type MorphToManyClientContract<Related extends LucidModel> =
  ManyToManyClientContract<Related>

/**
 * What a `morphTo` preload callback receives: constraints (and nested
 * preloads) per type, one query per type whatever the number of rows.
 *
 * @example
 * Comment.query().preload('commentable', (morph) =>
 *   morph.constrain('post', (posts) => posts.preload('author')).constrain((query) => query.withTrashed())
 * )
 */
export interface MorphToPreloadContract<Types extends MorphTypes> {
  /** Constrains the query of every type. */
  constrain(callback: (query: ModelQueryBuilder<Types[keyof Types]>) => void): this
  /** Constrains the query of one type (alias or model class). */
  constrain<Key extends MorphTypeKey<Types>>(
    type: Key,
    callback: (query: ModelQueryBuilder<MorphModelOf<Types, Key>>) => void
  ): this
  /** Constrains the queries of several types: `{ post: (q) => ..., video: (q) => ... }`. */
  constrain(callbacks: {
    [Alias in keyof Types]?: (query: ModelQueryBuilder<Types[Alias]>) => void
  }): this
  /** Values handed to every related model as `$sideloaded`. */
  sideload(values: Record<string, unknown>): this
  /** Turns query debugging on for the related queries. */
  debug(debug: boolean): this
}

/** The `MorphTypes` of a morphTo property (`MorphTypes` itself for any other property). */
export type MorphTypesOfRelation<Row extends LucidRow, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly morphTypes: infer Types extends MorphTypes }
    ? Types
    : MorphTypes

/** The types `whereHasMorph` takes for a relation: `'*'`, or aliases/model classes of the morphTo. */
export type MorphTypeListOf<Row extends LucidRow, Name extends keyof Row> =
  '*' | readonly MorphTypeKey<MorphTypesOfRelation<Row, Name>>[]

/** The query a `whereHasMorph` callback receives: one of the morphTo's models. */
export type MorphTypeQueryOf<Row extends LucidRow, Name extends keyof Row> = ModelQueryBuilder<
  MorphTypesOfRelation<Row, Name>[keyof MorphTypesOfRelation<Row, Name>]
>
