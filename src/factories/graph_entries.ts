/**
 * The relation-graph entries `has()`, `for()` and `hasAttached()` record on
 * a factory builder: which relation of the model each means (given, or
 * inferred from the related model), checked to be of a kind the method can
 * build.
 */
import { E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { FactoryBuilderLike } from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import {
  inferRelation,
  isBuilder,
  relationOf,
  type AttachedEntry,
  type ForEntry,
  type GraphBuilder,
  type WithEntry,
} from './relations.js'
import type { PivotSource } from './pivot_rows.js'
import { graphKind } from './morph_graph.js'

/** The model a factory builds, or the class of an existing model. */
function modelOf(source: FactoryBuilderLike | LucidRow | undefined): LucidModel | undefined {
  if (isBuilder(source)) return source.factory.Model
  return (source as LucidRow | undefined)?.constructor as LucidModel | undefined
}

/** The relation `name` of the builder's model, refused unless it is of `kind`. */
function relationOfKind(builder: GraphBuilder, method: string, name: string, kind: string): string {
  const relation = relationOf(builder, name)
  const actual = relation.type
  if (graphKind(relation) !== kind) {
    throw new E_UNSUPPORTED_FACTORY_RELATION(
      `${method}('${name}') needs a ${kind} relation, ` +
        `but "${builder.factory.name}.${name}" is ${actual}`
    )
  }
  return name
}

/** `has(related, relation?)`: a hasOne, hasMany or manyToMany relation made by another factory. */
export function hasEntry(
  builder: GraphBuilder,
  related: FactoryBuilderLike,
  relation?: string
): WithEntry {
  const graph = related as unknown as GraphBuilder
  const name =
    relation ??
    inferRelation(
      builder,
      graph.factory.Model,
      ['hasOne', 'hasMany', 'manyToMany', 'morphOne', 'morphMany', 'morphToMany', 'morphedByMany'],
      'has'
    )
  relationOf(builder, name)
  return { relation: name, builder: graph }
}

/** `for(parent, relation?)`: a belongsTo parent, a factory or an existing model. */
export function forEntry(
  builder: GraphBuilder,
  parent: FactoryBuilderLike | LucidRow,
  relation?: string
): ForEntry {
  const name = relation ?? inferRelation(builder, modelOf(parent), ['belongsTo'], 'for')
  return { relation: relationOfKind(builder, 'for', name, 'belongsTo'), parent }
}

/** `hasAttached(related, pivot?, relation?)`: manyToMany rows, existing or made by a factory. */
export function attachedEntry(
  builder: GraphBuilder,
  related: FactoryBuilderLike | LucidRow | LucidRow[],
  pivot: PivotSource | undefined,
  relation?: string
): AttachedEntry {
  const first = Array.isArray(related) ? related[0] : related
  const name =
    relation ??
    inferRelation(
      builder,
      modelOf(first),
      ['manyToMany', 'morphToMany', 'morphedByMany'],
      'hasAttached'
    )
  return { relation: relationOfKind(builder, 'hasAttached', name, 'manyToMany'), related, pivot }
}
