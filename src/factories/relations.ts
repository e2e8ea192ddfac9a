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
import {
  childMorphValues,
  graphKind,
  linkedAttributes,
  parentKeys,
  parentModelOf,
} from './morph_graph.js'
import {
  isModel,
  pivotAttributesFor,
  queuePivot,
  type PendingPivot,
  type PivotSource,
} from './pivot_rows.js'


type Values = Record<string, unknown>

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
  readonly factory: {
    name: string
    Model?: LucidModel
    getRelation(name: string): { factory: () => unknown }
  }
  $plan(
    plan: PersistencePlan,
    session: GraphSession,
    count: number,
    linked?: readonly string[]
  ): Promise<PlanRow[]>
  $make(session: GraphSession, count: number): Promise<object[]>
  $stub(session: GraphSession, count: number, linked?: readonly string[]): Promise<object[]>
  $count(): number | undefined
  $pivotAttributes(): Values | Values[] | undefined
  $configure(callback: (builder: GraphBuilder) => unknown, label: string): FactoryBuilderLike
  mergeRecursive(values: Values): GraphBuilder
}

/** The part of a factory session relations use. */
export interface GraphSession {
  readonly options: { isStubbed: boolean; $trx?: any }
  recycled: Map<LucidModel, LucidRow[]>
  /** Pivot rows waiting for every level to be written, per relation. */
  pivots: Map<BaseRelation, PendingPivot[]>
}

export function isBuilder(value: unknown): value is GraphBuilder {
  return (value as FactoryBuilderLike | null)?.$isFactoryBuilder === true
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
  const related = builder.factory.getRelation(name).factory()
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

/**
 * Runs a `with()` callback on the related builder: it returns the builder
 * to use, or calls methods on the one it got and returns nothing (Lucid).
 */
export function applyCallback(
  entry: WithEntry,
  related: GraphBuilder,
  parent: object
): GraphBuilder {
  const callback = entry.callback
  if (!callback) return related
  return related.$configure(
    (draft) => callback(draft, parent),
    `with('${entry.relation}')`
  ) as GraphBuilder
}

/** What the graph functions need of a builder: itself and its relation entries. */
export interface GraphHost {
  builder: GraphBuilder
  withs: readonly WithEntry[]
  fors: readonly ForEntry[]
  attached: readonly AttachedEntry[]
  /** `mergeRecursive()` values: they reach every related factory too (Lucid). */
  recursive: readonly Values[]
}

/** Hands the `mergeRecursive()` values to a related factory (only its own columns). */
function inherit(related: GraphBuilder, recursive: readonly Values[]): GraphBuilder {
  const Model = related.factory.Model
  let builder = related
  for (const values of recursive) {
    const own = Model
      ? Object.fromEntries(Object.entries(values).filter(([key]) => Model.$hasColumn(key)))
      : values
    if (Object.keys(own).length) builder = builder.mergeRecursive(own)
  }
  return builder
}

/** A row's has-one/has-many relation keys. */
interface Keys {
  foreignKey: string
  localKey: string
  relationName: string
}

/** Picks a recycled model of that class at random (with the row's faker), if any. */
function recycledFor(
  session: GraphSession,
  Related: LucidModel,
  faker: { helpers: { arrayElement<T>(list: T[]): T } }
) {
  return recycledModel(session, Related, (list) => faker.helpers.arrayElement(list))
}

/** Points a planned row at its belongs-to parent (a planned row, or an existing model). */
function attachParent(
  plan: PersistencePlan,
  node: PlanRow,
  relation: BaseRelation,
  parent: PlanRow | LucidRow
) {
  const row = node.row as LucidRow
  const keys = parentKeys(
    relation,
    parentModelOf(relation, isModel(parent) ? parent : (parent.row as LucidRow))!
  )
  Object.assign(row, keys.values)
  if (isModel(parent)) {
    ;(row as unknown as Values)[keys.foreignKey] = (parent as unknown as Values)[keys.localKey]
    row.$setRelated(keys.relationName, parent)
    return
  }
  plan.link(node, keys.foreignKey, parent, keys.localKey)
  row.$setRelated(keys.relationName, parent.row as LucidRow)
}

/**
 * Plans the `for()`, `with()` and `hasAttached()` rows of one planned row:
 * parents below it, children above it (linked by foreign key), pivot rows
 * queued for after the last level.
 */
export async function planRelations(
  host: GraphHost,
  plan: PersistencePlan,
  session: GraphSession,
  node: PlanRow,
  faker: Parameters<typeof recycledFor>[2],
  forParents: Map<ForEntry, PlanRow | LucidRow>
) {
  const self = host.builder
  const row = node.row as LucidRow
  for (const forEntry of host.fors) {
    const relation = relationOf(self, forEntry.relation!)
    let parent = forParents.get(forEntry)
    if (parent === undefined) {
      parent = isModel(forEntry.parent)
        ? forEntry.parent
        : (recycledFor(session, parentModelOf(relation, forEntry.parent as GraphBuilder)!, faker) ??
          (
            await inherit(forEntry.parent as GraphBuilder, host.recursive).$plan(plan, session, 1)
          )[0])
      forParents.set(forEntry, parent)
    }
    attachParent(plan, node, relation, parent)
  }
  for (const withEntry of host.withs) {
    const relation = relationOf(self, withEntry.relation)
    const base =
      (withEntry.builder as GraphBuilder | undefined) ?? relatedFactory(self, withEntry.relation)
    const related = inherit(applyCallback(withEntry, base, row), host.recursive)
    const count = withEntry.builder ? (related.$count() ?? 1) : (withEntry.count ?? 1)
    if (count <= 0) continue
    const kind = graphKind(relation)
    if (kind === 'belongsTo') {
      const parent =
        recycledFor(session, parentModelOf(relation, related)!, faker) ??
        (await related.$plan(plan, session, 1))[0]
      attachParent(plan, node, relation, parent)
      continue
    }
    // the children's foreign key comes from this row: their own factory for it is not used
    const linked = linkedAttributes(relation)
    const children = await related.$plan(plan, session, kind === 'hasOne' ? 1 : count, linked)
    const pivots = related.$pivotAttributes()
    children.forEach((child, position) => {
      if (kind === 'manyToMany') {
        queuePivot(plan, session, relation, node, child, pivotAttributesFor(pivots, position, row))
      } else {
        const keys = relation as unknown as Keys
        Object.assign(child.row, childMorphValues(relation))
        plan.link(child, keys.foreignKey, node, keys.localKey)
      }
      if (kind === 'hasOne') row.$setRelated(relation.relationName, child.row as LucidRow)
      else row.$pushRelated(relation.relationName, child.row as LucidRow)
    })
  }
  for (const attached of host.attached) {
    const relation = relationOf(self, attached.relation!)
    const relatedRows: (PlanRow | LucidRow)[] = isBuilder(attached.related)
      ? await inherit(attached.related, host.recursive).$plan(
          plan,
          session,
          attached.related.$count() ?? 1
        )
      : ([attached.related].flat() as LucidRow[])
    relatedRows.forEach((related, position) => {
      queuePivot(
        plan,
        session,
        relation,
        node,
        related,
        pivotAttributesFor(attached.pivot, position, row)
      )
      row.$pushRelated(
        relation.relationName,
        isModel(related) ? related : (related.row as LucidRow)
      )
    })
  }
}

/** True for a row that has a key to hand to its relations (stubbed or saved). */
function hasKey(row: object): boolean {
  return isModel(row) && (row.$isPersisted || row.$primaryKeyValue !== undefined)
}

/**
 * Sets the relations of a made (or stubbed) row in memory: children and
 * parents are made (or stubbed) too; stubbed rows also get their foreign
 * keys from the stub ids.
 */
export async function buildRelations(
  host: GraphHost,
  session: GraphSession,
  row: LucidRow,
  shared: Map<ForEntry, LucidRow>,
  stubbed: boolean
) {
  const self = host.builder
  if (!self.factory.Model) return
  const build = async (builder: GraphBuilder, count: number, linked: readonly string[] = []) =>
    (await (stubbed
      ? builder.$stub(session, count, linked)
      : builder.$make(session, count))) as LucidRow[]
  const setKey = (target: object, attribute: string, source: object, key: string) => {
    if (stubbed || hasKey(source)) (target as Values)[attribute] = (source as Values)[key]
  }
  const adopt = (relation: BaseRelation, parent: LucidRow) => {
    const keys = parentKeys(relation, parent.constructor as LucidModel)
    Object.assign(row, keys.values)
    setKey(row, keys.foreignKey, parent, keys.localKey)
    row.$setRelated(keys.relationName, parent)
  }
  for (const forEntry of host.fors) {
    const relation = relationOf(self, forEntry.relation!)
    let parent = shared.get(forEntry)
    if (!parent) {
      parent = isModel(forEntry.parent)
        ? forEntry.parent
        : (await build(forEntry.parent as GraphBuilder, 1))[0]
      shared.set(forEntry, parent)
    }
    adopt(relation, parent)
  }
  for (const withEntry of host.withs) {
    const relation = relationOf(self, withEntry.relation)
    const base =
      (withEntry.builder as GraphBuilder | undefined) ?? relatedFactory(self, withEntry.relation)
    const related = inherit(applyCallback(withEntry, base, row), host.recursive)
    const count = withEntry.builder ? (related.$count() ?? 1) : (withEntry.count ?? 1)
    if (count <= 0) continue
    const kind = graphKind(relation)
    if (kind === 'belongsTo') {
      adopt(relation, (await build(related, 1))[0])
      continue
    }
    const linked = linkedAttributes(relation)
    for (const child of await build(related, kind === 'hasOne' ? 1 : count, linked)) {
      if (kind !== 'manyToMany') {
        const keys = relation as unknown as Keys
        Object.assign(child, childMorphValues(relation))
        setKey(child, keys.foreignKey, row, keys.localKey)
      }
      if (kind === 'hasOne') row.$setRelated(relation.relationName, child)
      else row.$pushRelated(relation.relationName, child)
    }
  }
  for (const attached of host.attached) {
    const relation = relationOf(self, attached.relation!)
    const relatedRows = isBuilder(attached.related)
      ? await build(inherit(attached.related, host.recursive), attached.related.$count() ?? 1)
      : ([attached.related].flat() as LucidRow[])
    row.$pushRelated(relation.relationName, relatedRows)
  }
}
