/**
 * Relation decorators: they only register the relation with the model.
 *
 * @example
 * @hasMany(() => Post) declare posts: HasMany<typeof Post>
 * @belongsTo(() => User) declare author: BelongsTo<typeof User>
 */
import type { LucidModel } from '../../types/model.js'
import type {
  BelongsToOptions,
  HasManyOptions,
  HasManyThroughOptions,
  HasOneOptions,
  ManyToManyOptions,
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
export function hasOne(relatedModel: RelatedModelFn, options: HasOneOptions = {}) {
  return relation('hasOne', relatedModel, options)
}

/** Many related rows holding this model's key. */
export function hasMany(relatedModel: RelatedModelFn, options: HasManyOptions = {}) {
  return relation('hasMany', relatedModel, options)
}

/** The row this model's foreign key points to. */
export function belongsTo(relatedModel: RelatedModelFn, options: BelongsToOptions = {}) {
  return relation('belongsTo', relatedModel, options)
}

/** Many related rows through a pivot table. */
export function manyToMany(relatedModel: RelatedModelFn, options: ManyToManyOptions = {}) {
  return relation('manyToMany', relatedModel, options)
}

/** Many related rows through an intermediate model: `[() => Post, () => User]`. */
export function hasManyThrough(
  models: [RelatedModelFn, RelatedModelFn],
  options: HasManyThroughOptions = {}
) {
  return relation('hasManyThrough', models, options)
}
