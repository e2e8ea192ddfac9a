/**
 * The relation-graph entries `with()`, `has()`, `for()` and `hasAttached()`
 * record on a factory builder: which relation of the model each means
 * (given, or inferred from the related model), checked to be of a kind the
 * method can build.
 */
import { E_UNDEFINED_FACTORY_RELATION, E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { FactoryModelContract } from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type {
  AttachedEntry,
  ForEntry,
  GraphBuilder,
  PivotSource,
  WithEntry,
} from './builder_options.js'
import type { GraphKind } from './graph_types.js'
import {
  assertRelatedModel,
  inferRelation,
  isBuilder,
  relatedFactory,
  relationOf,
} from './relations.js'

/** The model a factory builds, or the class of an existing model. */
function modelOf(source: GraphBuilder | LucidRow | undefined): LucidModel | undefined {
  if (isBuilder(source)) return source.factory.Model
  return source?.constructor as LucidModel | undefined
}

/** The relation `name` of the factory's model, refused unless it is of `kind`. */
function relationOfKind(
  factory: FactoryModelContract,
  method: string,
  name: string,
  kind: GraphKind
): string {
  const relation = relationOf(factory, name)
  if (relation.kind !== kind) {
    const actual = factory.Model?.$getRelation(name)?.type
    throw new E_UNSUPPORTED_FACTORY_RELATION(
      `${method}('${name}') needs a ${kind} relation, but "${factory.name}.${name}" is ${actual}`
    )
  }
  return name
}

/**
 * `with(relation, count, callback)`: the factory registered for the
 * relation; `configure` runs the callback on it for each parent row.
 */
export function withEntry(
  factory: FactoryModelContract,
  relation: string,
  count: number
): WithEntry {
  relationOf(factory, relation)
  return { relation, builder: relatedFactory(factory, relation), count }
}

/** `has(related, relation?)`: a hasOne, hasMany or manyToMany relation made by another factory. */
export function hasEntry(
  factory: FactoryModelContract,
  related: GraphBuilder,
  relation?: string
): WithEntry {
  const name =
    relation ??
    inferRelation(
      factory,
      related.factory.Model,
      ['hasOne', 'hasMany', 'manyToMany', 'morphOne', 'morphMany', 'morphToMany', 'morphedByMany'],
      'has'
    )
  relationOf(factory, name)
  assertRelatedModel(factory, name, related.factory.Model, `has(..., '${name}')`)
  return { relation: name, builder: related, count: related.$options().count ?? 1 }
}

/** `for(parent, relation?)`: a belongsTo parent, a factory or an existing model. */
export function forEntry(
  factory: FactoryModelContract,
  parent: GraphBuilder | LucidRow,
  relation?: string
): ForEntry {
  const name = relation ?? inferRelation(factory, modelOf(parent), ['belongsTo'], 'for')
  relationOfKind(factory, 'for', name, 'belongsTo')
  assertRelatedModel(factory, name, modelOf(parent), `for(..., '${name}')`)
  return { relation: name, parent }
}

/** `hasAttached(related, pivot?, relation?)`: manyToMany rows, existing or made by a factory. */
export function attachedEntry(
  factory: FactoryModelContract,
  related: GraphBuilder | LucidRow | LucidRow[],
  pivot: PivotSource | undefined,
  relation?: string
): AttachedEntry {
  const first = Array.isArray(related) ? related[0] : related
  if (first === undefined && relation === undefined) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `hasAttached() got no models to tell which relation of "${factory.name}" it means. ` +
        "Pass the relation's name: hasAttached([], pivot, 'relationName'), or models or a factory"
    )
  }
  const name =
    relation ??
    inferRelation(
      factory,
      modelOf(first),
      ['manyToMany', 'morphToMany', 'morphedByMany'],
      'hasAttached'
    )
  relationOfKind(factory, 'hasAttached', name, 'manyToMany')
  const models = isBuilder(related) ? [related.factory.Model] : [related].flat().map(modelOf)
  for (const Model of new Set(models)) {
    assertRelatedModel(factory, name, Model, `hasAttached(..., '${name}')`)
  }
  return { relation: name, related, pivot }
}
