/**
 * The relation graph's side of the factory builder -> relation graph seam:
 * how the walk reaches rows (its mode) and the one interface every
 * relation kind's strategy implements. The builder's side (`GraphBuilder`,
 * the entries) is in builder_options.ts.
 */
import type { LucidModel, LucidRow } from '../types/model.js'
import type { ManyToMany } from '../orm/relations/many_to_many/relation.js'
import type { GraphBuilder, PivotSource, Values } from './builder_options.js'
import type { GraphPlace } from './graph_place.js'

/**
 * How the walk reaches rows: planned rows (`PlanRow`) for `create()`, or
 * models made or stubbed in memory. `Node` is that row type.
 */
export interface GraphMode<Node> {
  /** A `recycle()`d model of that class (picked with the row's faker), if any were given. */
  recycled(Related: LucidModel): LucidRow | undefined
  /** The model of a node, or the existing model itself. */
  rowOf(node: Node | LucidRow): LucidRow
  /** `count` rows of a related builder; `linked` attributes come from the parent; `place`: their place in the graph. */
  rows(
    builder: GraphBuilder,
    count: number,
    linked?: readonly string[],
    place?: GraphPlace
  ): Promise<Node[]>
  /** True when the row has a value for `attribute`, or a link to a row that gives it one. */
  isSet(node: Node, attribute: string): boolean
  /** `target[attribute] = source[key]`: now, or once `source` is written. */
  link(target: Node, attribute: string, source: Node | LucidRow, key: string): void
  /** `child` is written for `parent` (with/has): the parent's `after('create')` waits for it. */
  own?(parent: Node, child: Node): void
  /** A pivot row of `relation` (its attributes computed only when written). */
  pivot(
    relation: ManyToMany,
    parent: Node,
    related: Node | LucidRow,
    attributes: () => Values
  ): void
}

/** The plain kind a relation is written as (the morph kinds write like their plain counterpart). */
export type GraphKind = 'hasOne' | 'hasMany' | 'belongsTo' | 'manyToMany'

/**
 * How one relation kind is written, the same for `create()` (planned rows)
 * and `make()`/`makeStubbed()` (models in memory): one object per kind.
 * `R` is the relation class of that kind.
 */
export interface RelationStrategy<R> {
  readonly kind: GraphKind
  /** Attributes of the related rows that come from the parent (their nested factories are skipped). */
  linked(relation: R): readonly string[]
  /** `with()`/`has()`: writes `count` related rows of `node` made by `related`. */
  with<Node>(
    mode: GraphMode<Node>,
    relation: R,
    node: Node,
    related: GraphBuilder,
    count: number,
    /** `linked(relation)`, worked out once per relation. */
    linked: readonly string[],
    /** The entry's place in the graph, the same for every parent row. */
    place: GraphPlace
  ): Promise<void>
  /** belongsTo kinds: points `node` at its parent (a new row or an existing model). */
  adopt?<Node>(mode: GraphMode<Node>, relation: R, node: Node, parent: Node | LucidRow): void
  /** belongsTo kinds: the model class of a parent made by `builder` (recycled models are picked by it). */
  parentModel?(relation: R, builder: GraphBuilder): LucidModel | undefined
  /** belongsTo kinds: the attributes a parent sets on the row, its foreign key first. */
  parentKeys?(relation: R): readonly string[]
  /** manyToMany kinds (`hasAttached`): attaches related rows with pivot attributes. */
  attach?<Node>(
    mode: GraphMode<Node>,
    relation: R,
    node: Node,
    related: readonly (Node | LucidRow)[],
    pivot: PivotSource | undefined
  ): void
}

/**
 * A relation of a factory's model bound to its strategy: what the walk
 * calls, the relation class no longer visible.
 */
export interface GraphRelation {
  readonly name: string
  readonly kind: GraphKind
  readonly linked: readonly string[]
  with<Node>(
    mode: GraphMode<Node>,
    node: Node,
    related: GraphBuilder,
    count: number,
    place: GraphPlace
  ): Promise<void>
  /** Set for belongsTo kinds. */
  readonly parent?: {
    adopt<Node>(mode: GraphMode<Node>, node: Node, parent: Node | LucidRow): void
    model(builder: GraphBuilder): LucidModel | undefined
    /** The attributes the parent sets on the row: its foreign key first (and a morphTo's type column). */
    readonly keys: readonly string[]
  }
  /** Set for manyToMany kinds. */
  attach?<Node>(
    mode: GraphMode<Node>,
    node: Node,
    related: readonly (Node | LucidRow)[],
    pivot: PivotSource | undefined
  ): void
}
