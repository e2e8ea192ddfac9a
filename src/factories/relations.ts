/**
 * Relation graphs of factories: `with`/`has` (has-one, has-many,
 * many-to-many children and belongs-to parents), `for` (a parent for every
 * row), `hasAttached` (many-to-many rows with pivot attributes) and
 * `recycle` (reuse existing parents). Everything goes through the model's
 * relation metadata; `create()` plans it all in the persistence plan, so
 * rows of one model share INSERTs whatever parent they belong to.
 */
import { E_UNDEFINED_FACTORY_RELATION, E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { BaseRelation } from '../orm/relations/base.js'
import type { FactoryBuilderLike } from '../types/factory.js'
import type { PersistencePlan, PlanRow } from './planner.js'

type Values = Record<string, unknown>

/** Pivot attributes: one object, one per related row, or computed from the parent row. */
export type PivotSource = Values | Values[] | ((parent: any) => Values)

/** `with(relation, count, callback)` or `has(factory, relation)`. */
export interface WithEntry {
  relation: string
  count?: number
  callback?: (related: any, parent: any) => unknown
  builder?: FactoryBuilderLike
}

/** `for(parent, relation)`: a parent factory (one parent for all rows) or an existing model. */
export interface ForEntry {
  relation?: string
  parent: FactoryBuilderLike | LucidRow
}

/** `hasAttached(related, pivot, relation)`. */
export interface AttachedEntry {
  relation?: string
  related: FactoryBuilderLike | LucidRow | LucidRow[]
  pivot?: PivotSource
}

/** What a relation planner needs from a builder. */
export interface GraphBuilder extends FactoryBuilderLike {
  readonly factory: { name: string; Model?: LucidModel; relations: Map<string, () => unknown> }
  $plan(plan: PersistencePlan, session: GraphSession, count: number): Promise<PlanRow[]>
  $count(): number | undefined
  $pivotAttributes(): Values | Values[] | undefined
}

/** The part of a factory session relations use. */
export interface GraphSession {
  readonly options: { isStubbed: boolean; $trx?: any }
  recycled: Map<LucidModel, LucidRow[]>
  /** Pivot rows waiting for every level to be written, per relation. */
  pivots: Map<BaseRelation, { parent: PlanRow; related: PlanRow | LucidRow; attributes: Values }[]>
}

export function isBuilder(value: unknown): value is GraphBuilder {
  return (value as FactoryBuilderLike | null)?.$isFactoryBuilder === true
}

function isModel(value: unknown): value is LucidRow {
  return value !== null && typeof value === 'object' && '$attributes' in (value as object)
}

/** The relation of a factory's model, booted, or a coded error naming the relations. */
export function relationOf(builder: GraphBuilder, name: string): BaseRelation {
  const Model = builder.factory.Model
  const relation = Model?.$getRelation(name)
  if (!Model || !relation) {
    const known = Model ? [...Model.$relationsDefinitions.keys()].join(', ') || 'none' : 'none'
    throw new E_UNDEFINED_FACTORY_RELATION(
      `"${name}" is not a relation of the "${builder.factory.name}" factory's model. Its relations: ${known}`
    )
  }
  if (relation.type === 'hasManyThrough') {
    throw new E_UNSUPPORTED_FACTORY_RELATION(
      `"${Model.name}.${name}" is a hasManyThrough relation: factories cannot write through it. ` +
        'Create the intermediate rows with their own relations'
    )
  }
  relation.boot()
  return relation
}

/** The factory registered with `.relation(name, () => Factory)`. */
export function relatedFactory(builder: GraphBuilder, name: string): GraphBuilder {
  const registered = builder.factory.relations.get(name)
  if (!registered) {
    const known = [...builder.factory.relations.keys()].join(', ') || 'none'
    throw new E_UNDEFINED_FACTORY_RELATION(
      `The "${builder.factory.name}" factory has no factory for relation "${name}". ` +
        `Declare it with .relation('${name}', () => RelatedFactory) (declared: ${known})`
    )
  }
  const related = registered()
  if (!isBuilder(related)) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `.relation('${name}', ...) of the "${builder.factory.name}" factory must return a built factory (call .build())`
    )
  }
  return related
}

/** Finds the relation of `Model` pointing to `Related` among the given kinds. */
export function inferRelation(
  builder: GraphBuilder,
  Related: LucidModel | undefined,
  kinds: string[],
  method: string
): string {
  const Model = builder.factory.Model
  const matches = Model
    ? [...Model.$relationsDefinitions.values()].filter(
        (relation) => kinds.includes(relation.type) && relation.relatedModel() === Related
      )
    : []
  if (matches.length !== 1) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `Cannot tell which relation of "${builder.factory.name}" ${method}() means for "${Related?.name}": ` +
        `${matches.length === 0 ? 'none matches' : 'several match'}. Pass its name: ${method}(..., 'relationName')`
    )
  }
  return matches[0].relationName
}

/** A recycled model of that class, picked at random, if any were given. */
export function recycledModel(
  session: GraphSession,
  Related: LucidModel,
  pick: (list: LucidRow[]) => LucidRow
) {
  const list = session.recycled.get(Related)
  return list && list.length ? pick(list) : undefined
}

/** Runs a `with()` callback on the related builder: it must hand back a builder. */
export function applyCallback(
  entry: WithEntry,
  related: GraphBuilder,
  parent: object
): GraphBuilder {
  if (!entry.callback) return related
  const result = entry.callback(related, parent)
  if (!isBuilder(result)) {
    throw new E_UNDEFINED_FACTORY_RELATION(
      `The callback of with('${entry.relation}') must return the builder it was given, ` +
        `e.g. (post) => post.apply('published'): builders are immutable`
    )
  }
  return result
}

/** Pivot attributes of the related row at `index` for `parent`. */
export function pivotAttributesFor(
  source: PivotSource | undefined,
  index: number,
  parent: object
): Values {
  if (!source) return {}
  if (typeof source === 'function') return source(parent) ?? {}
  if (Array.isArray(source)) return source[index] ?? {}
  return source
}

/** Queues a pivot row (written after every level, with the other pivot rows of the relation). */
export function queuePivot(
  plan: PersistencePlan,
  session: GraphSession,
  relation: BaseRelation,
  parent: PlanRow,
  related: PlanRow | LucidRow,
  attributes: Values
) {
  let batch = session.pivots.get(relation)
  if (!batch) {
    batch = []
    session.pivots.set(relation, batch)
    const queued = batch
    plan.steps.push(async () => {
      const rows = queued.map((entry) => ({
        parent: entry.parent.row as LucidRow,
        related: (isModel(entry.related) ? entry.related : entry.related.row) as LucidRow,
        attributes: entry.attributes,
      }))
      await (relation as unknown as PivotWriter).insertPivots(session.options.$trx, rows)
    })
  }
  batch.push({ parent, related, attributes })
}

/** What a many-to-many relation offers factories: one batched write of pivot rows. */
export interface PivotWriter {
  insertPivots(
    client: unknown,
    rows: { parent: LucidRow; related: LucidRow; attributes: Values }[]
  ): Promise<void>
}

export { isModel }
