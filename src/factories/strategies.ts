/**
 * One strategy per relation kind: how `with`/`has`, `for` and
 * `hasAttached` write it, the same for `create()` (planned rows) and
 * `make()`/`makeStubbed()` (models in memory). The morph kinds are their
 * plain counterpart plus the morph type the rows store (pivot rows get
 * theirs from the relation itself, `insertPivots`).
 */
import { E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { ModelRelation } from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import { BelongsTo } from '../orm/relations/belongs_to/relation.js'
import { HasMany } from '../orm/relations/has_many/relation.js'
import { ManyToMany } from '../orm/relations/many_to_many/relation.js'
import { MorphMany } from '../orm/relations/morph_many/relation.js'
import { MorphTo } from '../orm/relations/morph_to/relation.js'
import type { GraphBuilder, PivotSource, Values } from './builder_options.js'
import type { GraphMode, GraphRelation, RelationStrategy } from './graph_types.js'
import { writeAttribute } from './values.js'

/**
 * hasOne and hasMany (and morphOne/morphMany, with the morph type the
 * children store): children written after the parent, linked to its key.
 */
function childStrategy<R extends HasMany>(
  kind: 'hasOne' | 'hasMany',
  morphType?: (relation: R) => [column: string, value: string]
): RelationStrategy<R> {
  const one = kind === 'hasOne'
  return {
    kind,
    linked: (relation) =>
      morphType ? [relation.foreignKey, morphType(relation)[0]] : [relation.foreignKey],
    async with(mode, relation, node, related, count, linked, place) {
      const row = mode.rowOf(node)
      // the children's foreign key comes from this row: their own factory for it is not used
      const rows = await mode.rows(related, one ? 1 : count, linked, place)
      const type = morphType?.(relation)
      const children: LucidRow[] = []
      for (const child of rows) {
        const childRow = mode.rowOf(child)
        if (type) writeAttribute(childRow, type[0], type[1])
        mode.link(child, relation.foreignKey, node, relation.localKey)
        mode.own?.(node, child)
        children.push(childRow)
      }
      // pushed at once: each push copies the list the row holds
      if (children.length === 0) return
      if (one) row.$setRelated(relation.relationName, children[children.length - 1])
      else row.$pushRelated(relation.relationName, children)
    },
  }
}

const hasOne = childStrategy<HasMany>('hasOne')
const hasMany = childStrategy<HasMany>('hasMany')
const childMorphType = (relation: MorphMany): [string, string] => [
  relation.typeKey,
  relation.morphType(),
]
const morphOne = childStrategy('hasOne', childMorphType)
const morphMany = childStrategy('hasMany', childMorphType)

/** The keys linking a row to a parent of class `Parent`. */
interface ParentKeys {
  foreignKey: string
  localKey: string
  /** The morph type column and value of a morphTo parent. */
  type?: [column: string, value: string]
}

/**
 * belongsTo and morphTo: a parent written before the row (or an existing
 * model), its key copied into the row.
 */
function parentStrategy<R extends BelongsTo | MorphTo>(
  keys: (relation: R, Parent: LucidModel) => ParentKeys,
  model: (relation: R, builder: GraphBuilder) => LucidModel | undefined,
  parentKeys: (relation: R) => readonly string[]
): RelationStrategy<R> {
  const adopt = <Node>(mode: GraphMode<Node>, relation: R, node: Node, parent: Node | LucidRow) => {
    const row = mode.rowOf(node)
    const parentRow = mode.rowOf(parent)
    const { foreignKey, localKey, type } = keys(relation, parentRow.constructor as LucidModel)
    if (type) writeAttribute(row, type[0], type[1])
    mode.link(node, foreignKey, parent, localKey)
    row.$setRelated(relation.relationName, parentRow)
  }
  return {
    kind: 'belongsTo',
    linked: () => [],
    async with(mode, relation, node, related, _count, _linked, place) {
      const Parent = model(relation, related)
      const reused = Parent && mode.recycled(Parent)
      adopt(mode, relation, node, reused ?? (await mode.rows(related, 1, undefined, place))[0])
    },
    adopt,
    parentModel: model,
    parentKeys,
  }
}

const belongsTo = parentStrategy<BelongsTo>(
  (relation) => ({ foreignKey: relation.foreignKey, localKey: relation.localKey }),
  (relation) => relation.relatedModel(),
  (relation) => [relation.foreignKey]
)

const morphTo = parentStrategy<MorphTo>(
  (relation, Parent) => ({
    foreignKey: relation.foreignKey,
    localKey: relation.ownerKeyOf(Parent),
    type: [relation.typeKey, relation.aliasOf(Parent)],
  }),
  // a morphTo parent is of whatever model its factory builds
  (_relation, builder) => builder.factory.Model,
  (relation) => [relation.foreignKey, relation.typeKey]
)

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

/** manyToMany (and morphToMany/morphedByMany): related rows joined by pivot rows. */
function attach<Node>(
  mode: GraphMode<Node>,
  relation: ManyToMany,
  node: Node,
  related: readonly (Node | LucidRow)[],
  pivot: PivotSource | undefined
) {
  const row = mode.rowOf(node)
  related.forEach((other, position) => {
    mode.pivot(relation, node, other, () => pivotAttributesFor(pivot, position, row))
    row.$pushRelated(relation.relationName, mode.rowOf(other))
  })
}

const manyToMany: RelationStrategy<ManyToMany> = {
  kind: 'manyToMany',
  linked: () => [],
  async with(mode, relation, node, related, count, _linked, place) {
    const rows = await mode.rows(related, count, undefined, place)
    attach(mode, relation, node, rows, related.$options().pivotAttributes)
  },
  attach,
}

/**
 * Each relation is bound once for the process: the walk calls the bound
 * closures in hot code, and closures made per call would be collected by
 * a full GC, which throws away the optimized code holding them.
 */
const bound = new WeakMap<ModelRelation, GraphRelation>()

/** Binds a relation (booted: its keys are read here) to its strategy. */
function bind<R extends ModelRelation>(strategy: RelationStrategy<R>, relation: R): GraphRelation {
  let graph = bound.get(relation)
  if (graph === undefined) bound.set(relation, (graph = bindOnce(strategy, relation)))
  return graph
}

function bindOnce<R extends ModelRelation>(
  strategy: RelationStrategy<R>,
  relation: R
): GraphRelation {
  const { adopt, parentModel, parentKeys, attach } = strategy
  const linked = strategy.linked(relation)
  return {
    name: relation.relationName,
    kind: strategy.kind,
    linked,
    with: (mode, node, related, count, place) =>
      strategy.with(mode, relation, node, related, count, linked, place),
    parent:
      adopt && parentModel && parentKeys
        ? {
            adopt: (mode, node, parentNode) => adopt(mode, relation, node, parentNode),
            model: (builder) => parentModel(relation, builder),
            keys: parentKeys(relation),
          }
        : undefined,
    attach:
      attach && ((mode, node, related, pivot) => attach(mode, relation, node, related, pivot)),
  }
}

/** The strategy of a relation (`hasManyThrough` has none: factories cannot write through it). */
export function graphRelation(relation: ModelRelation, owner: string): GraphRelation {
  if (relation instanceof MorphTo) return bind(morphTo, relation)
  if (relation instanceof BelongsTo) return bind(belongsTo, relation)
  if (relation instanceof ManyToMany) return bind(manyToMany, relation)
  if (relation instanceof MorphMany) {
    return bind(relation.type === 'morphOne' ? morphOne : morphMany, relation)
  }
  if (relation instanceof HasMany)
    return bind(relation.type === 'hasOne' ? hasOne : hasMany, relation)
  throw new E_UNSUPPORTED_FACTORY_RELATION(
    `"${owner}.${relation.relationName}" is a ${relation.type} relation: factories cannot write through it. ` +
      'Create the intermediate rows with their own relations'
  )
}
