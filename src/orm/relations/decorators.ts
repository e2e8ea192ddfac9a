/**
 * Relation decorators: they only register the relation with the model.
 *
 * @example
 * @hasMany(() => Post) declare posts: HasMany<typeof Post>
 * @belongsTo(() => User) declare author: BelongsTo<typeof User>
 */
import type { LucidModel, LucidModelBase } from '../../types/model.js'
import type { ModelQueryBuilderContract } from '../../types/model_query.js'
import type {
  BelongsToOptions,
  HasManyOptions,
  HasManyThroughOptions,
  HasOneOptions,
  ManyToManyOptions,
  MorphManyOptions,
  MorphOneOptions,
  MorphToManyOptions,
  MorphToOptions,
  RelatedModelFn,
  RelationType,
} from '../../types/relations.js'

type PropertyDecorator = (target: object, property: string) => void

function relation(type: RelationType, relatedModel: unknown, options: object): PropertyDecorator {
  return (target, property) => {
    const Model = target.constructor as LucidModel
    Model.boot()
    Model.$addRelation(property, type, relatedModel as RelatedModelFn, options)
  }
}

/** One related row holding this model's key. */
export function hasOne<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options: HasOneOptions<ModelQueryBuilderContract<Related>> = {}
) {
  return relation('hasOne', relatedModel, options)
}

/** Many related rows holding this model's key. */
export function hasMany<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options: HasManyOptions<ModelQueryBuilderContract<Related>> = {}
) {
  return relation('hasMany', relatedModel, options)
}

/** The row this model's foreign key points to. */
export function belongsTo<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options: BelongsToOptions<ModelQueryBuilderContract<Related>> = {}
) {
  return relation('belongsTo', relatedModel, options)
}

/** Many related rows through a pivot table. */
export function manyToMany<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  options: ManyToManyOptions<ModelQueryBuilderContract<Related>> = {}
) {
  return relation('manyToMany', relatedModel, options)
}

/** Many related rows through an intermediate model: `[() => Post, () => User]`. */
export function hasManyThrough<Related extends LucidModelBase>(
  models: [RelatedModelFn<Related>, RelatedModelFn],
  options: HasManyThroughOptions<ModelQueryBuilderContract<Related>> = {}
) {
  return relation('hasManyThrough', models, options)
}

/** No single related model: a morphTo reads each row's stored type. */
const typedPerRow: RelatedModelFn = () => {
  throw new Error('a morphTo has no single related model')
}

/** Options from a morph name or an options object. */
function morphOptions<Options extends { name?: string }>(
  nameOrOptions: string | Options | undefined
) {
  return typeof nameOrOptions === 'string' ? { name: nameOrOptions } : { ...nameOrOptions }
}

/** The parent of a polymorphic row: its `<name>Type` attribute names the model, `<name>Id` the row. */
export function morphTo(options: MorphToOptions<ModelQueryBuilderContract<LucidModel>> = {}) {
  return relation('morphTo', typedPerRow, options)
}

/** One related row holding this model's key and morph type: `@morphOne(() => Image, 'imageable')`. */
export function morphOne<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  nameOrOptions?: string | MorphOneOptions<ModelQueryBuilderContract<Related>>
) {
  return relation('morphOne', relatedModel, morphOptions(nameOrOptions))
}

/** Many related rows holding this model's key and morph type: `@morphMany(() => Comment, 'commentable')`. */
export function morphMany<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  nameOrOptions?: string | MorphManyOptions<ModelQueryBuilderContract<Related>>
) {
  return relation('morphMany', relatedModel, morphOptions(nameOrOptions))
}

/** Many related rows through a pivot storing this model's morph type: `@morphToMany(() => Tag, 'taggable')`. */
export function morphToMany<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  nameOrOptions: string | MorphToManyOptions<ModelQueryBuilderContract<Related>>
) {
  return relation('morphToMany', relatedModel, morphOptions(nameOrOptions))
}

/** The inverse of a morphToMany, for one morph type: `@morphedByMany(() => Post, 'taggable')`. */
export function morphedByMany<Related extends LucidModelBase>(
  relatedModel: RelatedModelFn<Related>,
  nameOrOptions: string | MorphToManyOptions<ModelQueryBuilderContract<Related>>
) {
  return relation('morphedByMany', relatedModel, morphOptions(nameOrOptions))
}
