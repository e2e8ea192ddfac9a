/**
 * How factory graphs read polymorphic relations: each morph kind builds
 * like its plain counterpart (morphOne as hasOne, morphMany as hasMany,
 * morphToMany/morphedByMany as manyToMany, morphTo as belongsTo), plus the
 * morph type the written rows store. Pivot rows get their type from the
 * relation itself (`insertPivots`).
 */
import type { LucidModel, LucidRow } from '../types/model.js'
import type { BaseRelation } from '../orm/relations/base.js'

/** The plain relation kind a factory graph builds a relation as. */
export type GraphKind = 'hasOne' | 'hasMany' | 'belongsTo' | 'manyToMany' | 'hasManyThrough'

const kinds: Record<string, GraphKind> = {
  morphOne: 'hasOne',
  morphMany: 'hasMany',
  morphToMany: 'manyToMany',
  morphedByMany: 'manyToMany',
  morphTo: 'belongsTo',
}

/** The plain kind of a relation (itself for the non-morph kinds). */
export function graphKind(relation: BaseRelation): GraphKind {
  return kinds[relation.type] ?? (relation.type as GraphKind)
}

/** The morph parts of morphOne/morphMany and morphTo relations, as factories read them. */
interface MorphChild {
  typeKey: string
  foreignKey: string
  morphType(): string
}
interface MorphOwner {
  typeKey: string
  foreignKey: string
  ownerKeyOf(Related: LucidModel): string
  relationName: string
}

/**
 * Attributes a child row of a morphOne/morphMany takes besides the
 * parent's key: its morph type (nothing for other relations).
 */
export function childMorphValues(relation: BaseRelation): Record<string, unknown> {
  if (relation.type !== 'morphOne' && relation.type !== 'morphMany') return {}
  const morph = relation as unknown as MorphChild
  return { [morph.typeKey]: morph.morphType() }
}

/** Attributes of a child the relation sets from its parent (not built by nested factories). */
export function linkedAttributes(relation: BaseRelation): string[] {
  if (graphKind(relation) === 'manyToMany') return []
  const keys = relation as unknown as { foreignKey: string; typeKey?: string }
  return keys.typeKey === undefined ? [keys.foreignKey] : [keys.foreignKey, keys.typeKey]
}

/** A belongs-to (or morphTo) link of a row to its parent model class. */
export interface ParentKeys {
  foreignKey: string
  localKey: string
  relationName: string
  /** Fixed attributes (the morph type of the parent). */
  values: Record<string, unknown>
}

/** The keys linking a row to a parent of class `Parent` through `relation`. */
export function parentKeys(relation: BaseRelation, Parent: LucidModel): ParentKeys {
  if (relation.type !== 'morphTo') {
    const keys = relation as unknown as Omit<ParentKeys, 'values'>
    return {
      foreignKey: keys.foreignKey,
      localKey: keys.localKey,
      relationName: relation.relationName,
      values: {},
    }
  }
  const morph = relation as unknown as MorphOwner
  // the relation's morphAliasOf, through its client-free helper
  const type = (relation as unknown as { aliasOf(Model: LucidModel): string }).aliasOf(Parent)
  return {
    foreignKey: morph.foreignKey,
    localKey: morph.ownerKeyOf(Parent),
    relationName: relation.relationName,
    values: { [morph.typeKey]: type },
  }
}

/** The model class of a parent: an existing model, or the one a factory builds. */
export function parentModelOf(
  relation: BaseRelation,
  parent: LucidRow | { factory: { Model?: LucidModel } }
): LucidModel | undefined {
  if ('factory' in parent) {
    return relation.type === 'morphTo' ? parent.factory.Model : relation.relatedModel()
  }
  return parent.constructor as LucidModel
}
