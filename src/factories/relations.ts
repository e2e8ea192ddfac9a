/**
 * Looking up the relations factory graphs write: the model's relation
 * bound to the strategy of its kind, the factory registered for it, the
 * relation a related model means, and `mergeRecursive()` values handed to
 * related factories.
 */
import { E_UNDEFINED_FACTORY_RELATION, E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { QueryClientContract } from '../types/database.js'
import type { FactoryModelContract } from '../types/factory.js'
import type { LucidModel } from '../types/model.js'
import type { RelationType } from '../types/relations.js'
import type { GraphBuilder, Values } from './builder_options.js'
import type { GraphRelation } from './graph_types.js'
import { graphRelation } from './strategies.js'
import { isFactoryBuilder } from './values.js'

export { isFactoryBuilder as isBuilder } from './values.js'

/** The relation of a factory's model, booted and bound to its strategy, or a coded error naming the relations. */
export function relationOf(factory: FactoryModelContract, name: string): GraphRelation {
  const Model = factory.Model
  const relation = Model?.$getRelation(name)
  if (!Model || !relation) {
    const known = Model ? [...Model.$relationsDefinitions.keys()].join(', ') || 'none' : 'none'
    throw new E_UNDEFINED_FACTORY_RELATION(
      `"${name}" is not a relation of the "${factory.name}" factory's model. Its relations: ${known}`
    )
  }
  // booted first: the binding reads the relation's keys
  relation.boot()
  return graphRelation(relation, Model.name)
}

/** The factory registered with `.relation(name, () => Factory)`. */
export function relatedFactory(factory: FactoryModelContract, name: string): GraphBuilder {
  const related = factory.getRelation(name).factory()
  if (!isFactoryBuilder(related)) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `.relation('${name}', ...) of the "${factory.name}" factory must return a built factory (call .build())`
    )
  }
  assertRelatedModel(factory, name, related.factory.Model, `.relation('${name}')`)
  return related
}

/**
 * Refuses rows of another model than the relation's (a morphTo takes any):
 * they would be written with foreign keys pointing at the wrong table.
 */
export function assertRelatedModel(
  factory: FactoryModelContract,
  name: string,
  Related: LucidModel | undefined,
  method: string
): void {
  const relation = factory.Model?.$getRelation(name)
  if (!relation || relation.type === 'morphTo') return
  const Expected = relation.relatedModel()
  if (Related === Expected || (Related && Related.prototype instanceof Expected)) return
  throw new E_UNSUPPORTED_FACTORY_RELATION(
    `${method} got ${Related ? `"${Related.name}" rows` : 'plain objects'}, but ` +
      `"${factory.name}.${name}" relates "${Expected.name}" models. Pass a factory or models of "${Expected.name}"`
  )
}

/** Finds the relation of the factory's model pointing to `Related` among the given types. */
export function inferRelation(
  factory: FactoryModelContract,
  Related: LucidModel | undefined,
  types: readonly RelationType[],
  method: string
): string {
  const Model = factory.Model
  const matches = Model
    ? [...Model.$relationsDefinitions.values()].filter(
        (relation) => types.includes(relation.type) && relation.relatedModel() === Related
      )
    : []
  if (matches.length !== 1) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `Cannot tell which relation of "${factory.name}" ${method}() means for "${Related?.name}": ` +
        `${matches.length === 0 ? 'none matches' : 'several match'}. Pass its name: ${method}(..., 'relationName')`
    )
  }
  return matches[0].relationName
}

/** What a builder hands its related factories. */
export interface Inherited {
  /** `mergeRecursive()` values (each related factory takes its own columns). */
  recursive: readonly Values[]
  /** `client()` / `connection()`: the related rows run there too, unless given their own. */
  client?: QueryClientContract
  connection?: string
}

/**
 * Hands the `mergeRecursive()` values (only its own columns) and the
 * client or connection to a related factory, as Lucid's relation
 * factories take their parent's.
 */
export function inherit(related: GraphBuilder, inherited: Inherited): GraphBuilder {
  const Model = related.factory.Model
  let builder = related
  const { client, connection } = inherited
  if (client !== undefined || connection !== undefined) {
    const own = related.$options()
    if (own.client === undefined && own.connection === undefined) {
      builder = builder.$runOn(client, connection)
    }
  }
  for (const values of inherited.recursive) {
    const own = Model
      ? Object.fromEntries(Object.entries(values).filter(([key]) => Model.$hasColumn(key)))
      : values
    if (Object.keys(own).length) builder = builder.$mergeRecursive(own)
  }
  return builder
}
