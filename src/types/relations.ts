/**
 * Public contracts of relations: the property types models declare
 * (`HasMany<typeof Post>` ...), relation options and the helpers that
 * check relation names at compile time.
 */
import type { ModelQueryBuilder } from '../orm/query_builder/model_query_builder.js'
import type {
  BelongsToClientContract,
  HasManyClientContract,
  HasManyThroughClientContract,
  HasOneClientContract,
  ManyToManyClientContract,
} from './relation_clients.js'
import type { PivotQueryMethods } from './relation_options.js'
import type { MorphRelationType } from './relation_kinds.js'
import type {
  MorphOneClientContract,
  MorphToClientContract,
  MorphToManyClientContract,
  MorphToPreloadContract,
  MorphManyClientContract,
  MorphTypes,
} from './morph_relations.js'
import type { LucidModel, LucidRow, ModelRelationTypes } from './model.js'

export type { RelationType } from './relation_kinds.js'

export type * from './morph_relations.js'
export type * from './relation_options.js'
export type * from './relation_clients.js'

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
  // an `any` property (`$primaryKeyValue`) would match the brand: it is not a relation
  [Key in keyof Row]-?: 0 extends 1 & Row[Key]
    ? never
    : NonNullable<Row[Key]> extends ModelRelationTypes
      ? Key & string
      : never
}[keyof Row]

/** The related model class of a relation property. */
export type RelatedModelOf<Row extends LucidRow, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly model: infer Related extends LucidModel }
    ? Related
    : never

/** The relation kind of a relation property. */
export type RelationTypeOf<Row extends LucidRow, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly __opaque_type: infer Kind } ? Kind : never

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
