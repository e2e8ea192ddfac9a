/**
 * Creates the relation object of a decorated property, by kind.
 */
import { E_INVALID_RELATION } from '../../errors.js'
import type { LucidModel } from '../../types/model.js'
import type { RelatedModelFn, RelationType } from '../../types/relations.js'
import type { BaseRelation } from './base.js'
import { BelongsTo } from './belongs_to/relation.js'
import { HasMany } from './has_many/relation.js'
import { HasManyThrough } from './has_many_through/relation.js'
import { HasOne } from './has_one/relation.js'
import { ManyToMany } from './many_to_many/relation.js'
import { MorphMany } from './morph_many/relation.js'
import { MorphOne } from './morph_one/relation.js'
import { MorphTo } from './morph_to/relation.js'
import { MorphedByMany, MorphToMany } from './morph_to_many/relation.js'

type RelationClass = new (
  relationName: string,
  relatedModelFn: RelatedModelFn,
  // each class takes its own options type; createRelation() hands over the decorator's options
  options: never,
  model: LucidModel
) => BaseRelation

const relationClasses: Partial<Record<RelationType, RelationClass>> = {
  hasOne: HasOne,
  hasMany: HasMany,
  belongsTo: BelongsTo,
  manyToMany: ManyToMany,
  hasManyThrough: HasManyThrough,
  morphTo: MorphTo,
  morphOne: MorphOne,
  morphMany: MorphMany,
  morphToMany: MorphToMany,
  morphedByMany: MorphedByMany,
}

export function createRelation(
  type: RelationType,
  relationName: string,
  relatedModelFn: RelatedModelFn,
  options: object,
  model: LucidModel
): BaseRelation {
  const RelationClass = relationClasses[type]
  if (!RelationClass) {
    throw new E_INVALID_RELATION(
      `Unknown relation type "${type}" on "${model.name}.${relationName}"`
    )
  }
  return new RelationClass(relationName, relatedModelFn, options as never, model)
}
