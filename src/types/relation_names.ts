/**
 * Relation names and kinds read from a model's property types (`HasMany<typeof Post>` ...):
 * which properties are relations, what model and kind each is, and a morphTo's types.
 * They name no query builder, so the query contracts can use them.
 */
import type { LucidModelBase, LucidRowBase, ModelRelationTypes } from './model_base.js'
import type { MorphTypes } from './morph_map.js'

/** Names of the relation properties of a model instance. */
export type ExtractModelRelations<Row extends LucidRowBase> = {
  // an `any` property (`$primaryKeyValue`) would match the brand: it is not a relation
  [Key in keyof Row]-?: 0 extends 1 & Row[Key]
    ? never
    : NonNullable<Row[Key]> extends ModelRelationTypes
      ? Key & string
      : never
}[keyof Row]

/** The related model class of a relation property. */
export type RelatedModelOf<Row extends LucidRowBase, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly model: infer Related extends LucidModelBase }
    ? Related
    : never

/** The relation kind of a relation property. */
export type RelationTypeOf<Row extends LucidRowBase, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly __opaque_type: infer Kind } ? Kind : never

/** A model of `Types`, or its alias. */
export type MorphTypeKey<Types extends MorphTypes> = (keyof Types & string) | Types[keyof Types]

/** The model class a morph type key (alias or class) stands for. */
export type MorphModelOf<Types extends MorphTypes, Key> = Key extends keyof Types
  ? Types[Key]
  : Key extends LucidModelBase
    ? Key
    : never

/** The `MorphTypes` of a morphTo property (`MorphTypes` itself for any other property). */
export type MorphTypesOfRelation<Row extends LucidRowBase, Name extends keyof Row> =
  NonNullable<Row[Name]> extends { readonly morphTypes: infer Types extends MorphTypes }
    ? Types
    : MorphTypes

/** The types `whereHasMorph` takes for a relation: `'*'`, or aliases/model classes of the morphTo. */
export type MorphTypeListOf<Row extends LucidRowBase, Name extends keyof Row> =
  '*' | readonly MorphTypeKey<MorphTypesOfRelation<Row, Name>>[]
