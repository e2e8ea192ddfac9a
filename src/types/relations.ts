/**
 * Public contracts of relations: the property types models declare
 * (`HasMany<typeof Post>` ...), relation options and the helpers that
 * check relation names at compile time.
 */
import type {
  BelongsToClientContract,
  HasManyClientContract,
  HasManyThroughClientContract,
  HasOneClientContract,
  ManyToManyClientContract,
} from './relation_clients.js'
import type { MorphRelationType } from './relation_kinds.js'
import type {
  MorphOneClientContract,
  MorphToClientContract,
  MorphToManyClientContract,
  MorphManyClientContract,
  MorphTypes,
} from './morph_relations.js'
import type { LucidModelBase, LucidRowBase } from './model_base.js'
import type { RelatedModelOf, RelationTypeOf } from './relation_names.js'

export type { RelationType } from './relation_kinds.js'
export type { ModelRelationTypes } from './model_base.js'
export type { PreloaderContract, PreloadQueryOf, RelationQueryOf } from './model_query.js'
export type { ExtractModelRelations, RelatedModelOf, RelationTypeOf } from './relation_names.js'

export type * from './morph_relations.js'
export type * from './relation_options.js'
export type * from './relation_clients.js'
export type * from './relation_contracts.js'
export type * from './relation_queries.js'

/** `@hasOne(() => Profile) declare profile: HasOne<typeof Profile>` */
export type HasOne<
  Related extends LucidModelBase,
  _Parent extends LucidModelBase = LucidModelBase,
> = InstanceType<Related> & {
  readonly __opaque_type: 'hasOne'
  readonly model: Related
}

/** `@hasMany(() => Post) declare posts: HasMany<typeof Post>` */
export type HasMany<
  Related extends LucidModelBase,
  _Parent extends LucidModelBase = LucidModelBase,
> = InstanceType<Related>[] & {
  readonly __opaque_type: 'hasMany'
  readonly model: Related
}

/** `@belongsTo(() => User) declare user: BelongsTo<typeof User>` */
export type BelongsTo<
  Related extends LucidModelBase,
  _Parent extends LucidModelBase = LucidModelBase,
> = InstanceType<Related> & {
  readonly __opaque_type: 'belongsTo'
  readonly model: Related
}

/** `@manyToMany(() => Role) declare roles: ManyToMany<typeof Role>` */
export type ManyToMany<
  Related extends LucidModelBase,
  _Parent extends LucidModelBase = LucidModelBase,
> = InstanceType<Related>[] & {
  readonly __opaque_type: 'manyToMany'
  readonly model: Related
}

/** `@hasManyThrough([() => Post, () => User]) declare posts: HasManyThrough<typeof Post>` */
export type HasManyThrough<
  Related extends LucidModelBase,
  _Parent extends LucidModelBase = LucidModelBase,
> = InstanceType<Related>[] & {
  readonly __opaque_type: 'hasManyThrough'
  readonly model: Related
}

/**
 * Any of the relation property types of a related model (Lucid's five kinds).
 * The second parameter of these types (the parent model, as in Lucid) is
 * accepted and not needed: Stratum reads the parent from the instance.
 */
export type ModelRelations<
  Related extends LucidModelBase,
  Parent extends LucidModelBase = LucidModelBase,
> =
  | HasOne<Related, Parent>
  | HasMany<Related, Parent>
  | BelongsTo<Related, Parent>
  | ManyToMany<Related, Parent>
  | HasManyThrough<Related, Parent>

/** The client `related(name)` returns for a relation property. */
export type RelationClientOf<Model extends LucidRowBase, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends MorphRelationType
    ? MorphClientOf<Model, Name>
    : BaseRelationClientOf<Model, Name>

/** The client of a polymorphic relation property. */
type MorphClientOf<Model extends LucidRowBase, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'morphTo'
    ? MorphToClientContract<
        NonNullable<Model[Name]> extends { morphTypes: infer T extends MorphTypes } ? T : never
      >
    : RelationTypeOf<Model, Name> extends 'morphOne'
      ? MorphOneClientContract<RelatedModelOf<Model, Name>>
      : RelationTypeOf<Model, Name> extends 'morphMany'
        ? MorphManyClientContract<RelatedModelOf<Model, Name>>
        : MorphToManyClientContract<RelatedModelOf<Model, Name>>

type BaseRelationClientOf<Model extends LucidRowBase, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'hasOne'
    ? HasOneClientContract<RelatedModelOf<Model, Name>>
    : RelationTypeOf<Model, Name> extends 'hasMany'
      ? HasManyClientContract<RelatedModelOf<Model, Name>>
      : RelationTypeOf<Model, Name> extends 'belongsTo'
        ? BelongsToClientContract<RelatedModelOf<Model, Name>>
        : RelationTypeOf<Model, Name> extends 'manyToMany'
          ? ManyToManyClientContract<RelatedModelOf<Model, Name>>
          : HasManyThroughClientContract<RelatedModelOf<Model, Name>>
