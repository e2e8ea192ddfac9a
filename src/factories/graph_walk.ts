/**
 * The walk over a builder's relation entries, written once: `for()`
 * parents (one per call, shared by its rows), `with()`/`has()` rows and
 * `hasAttached()` rows of each row, each handed to the strategy of its
 * relation's kind. The mode decides what a row is: a planned row of
 * `create()` (planMode) or a model made or stubbed in memory (buildMode).
 */
import type { Faker } from '@faker-js/faker'
import type { ManyToMany } from '../orm/relations/many_to_many/relation.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { FactorySession } from './context.js'
import type { AttachedEntry, ForEntry, GraphBuilder, Values, WithEntry } from './builder_options.js'
import { GraphPlace } from './graph_place.js'
import type { GraphMode, GraphRelation } from './graph_types.js'
import { isModel, queuePivot } from './pivot_rows.js'
import type { PersistencePlan, PlanRow } from './planner.js'
import { inherit, isBuilder, relationOf, type Inherited } from './relations.js'
import { existingKey, readAttribute, writeAttribute } from './values.js'

/*
 * The modes are classes, not objects of closures made per call: hot code
 * calling a closure made per call holds it, and V8 throws that optimized
 * code away once a full GC collects the closure (every factory call then
 * ran unoptimized again after one).
 */

/** Rows of `create()`: planned rows, linked by foreign key, pivots queued for the end. */
class PlanMode implements GraphMode<PlanRow> {
  constructor(
    private readonly plan: PersistencePlan,
    private readonly session: FactorySession,
    private readonly faker: Faker
  ) {}

  recycled(Related: LucidModel) {
    return this.session.recycledFor(Related, this.faker)
  }

  rowOf(node: PlanRow | LucidRow): LucidRow {
    return isModel(node) ? node : (node.row as LucidRow)
  }

  rows(builder: GraphBuilder, count: number, linked?: readonly string[], place?: GraphPlace) {
    return builder.$plan(this.plan, this.session, count, linked, place)
  }

  isSet(node: PlanRow, attribute: string) {
    if (hasValue(node.row, attribute)) return true
    if (node.links === undefined) return false
    for (const link of node.links) if (link.attribute === attribute) return true
    return false
  }

  link(target: PlanRow, attribute: string, source: PlanRow | LucidRow, key: string) {
    if (!isModel(source)) return this.plan.link(target, attribute, source, key)
    writeAttribute(target.row, attribute, existingKey(source, key, target.writer.name, attribute))
  }

  own(parent: PlanRow, child: PlanRow) {
    this.plan.own(parent, child)
  }

  pivot(
    relation: ManyToMany,
    parent: PlanRow,
    related: PlanRow | LucidRow,
    attributes: () => Values
  ) {
    queuePivot(this.plan, this.session, relation, parent, related, attributes)
  }
}

export function planMode(
  plan: PersistencePlan,
  session: FactorySession,
  faker: Faker
): GraphMode<PlanRow> {
  return new PlanMode(plan, session, faker)
}

/** True when a row's attribute holds a value (not undefined or null). */
function hasValue(row: object, attribute: string): boolean {
  const value = readAttribute(row, attribute)
  return value !== undefined && value !== null
}

/** True for a row that has a key to hand to its relations (stubbed or saved). */
function hasKey(row: LucidRow): boolean {
  return row.$isPersisted || row.$primaryKeyValue !== undefined
}

/**
 * Rows of `make()` and `makeStubbed()`: models in memory. Stubbed rows get
 * their foreign keys from the stub ids; made rows only from saved models.
 */
class BuildMode implements GraphMode<LucidRow> {
  constructor(
    private readonly session: FactorySession,
    private readonly faker: Faker,
    private readonly stubbed: boolean
  ) {}

  recycled(Related: LucidModel) {
    return this.session.recycledFor(Related, this.faker)
  }

  rowOf(node: LucidRow): LucidRow {
    return node
  }

  async rows(builder: GraphBuilder, count: number, linked?: readonly string[], place?: GraphPlace) {
    return (await (this.stubbed
      ? builder.$stub(this.session, count, linked, place)
      : builder.$make(this.session, count, linked, place))) as LucidRow[]
  }

  isSet(node: LucidRow, attribute: string) {
    return hasValue(node, attribute)
  }

  link(target: LucidRow, attribute: string, source: LucidRow, key: string) {
    if (this.stubbed || hasKey(source))
      writeAttribute(target, attribute, readAttribute(source, key))
  }

  pivot() {}
}

export function buildMode(
  session: FactorySession,
  faker: Faker,
  stubbed: boolean
): GraphMode<LucidRow> {
  return new BuildMode(session, faker, stubbed)
}

/** True when a builder recorded relation entries (a walk has something to do). */
export function hasRelations(builder: GraphBuilder): boolean {
  const { withs, fors, attached } = builder.$options()
  return withs.length + fors.length + attached.length > 0
}

/**
 * The entries of one builder call, each with its relation resolved once
 * and its place in the graph (given by the caller's graph, or a new one).
 */
export class RelationGraph<Node> {
  readonly #fors: { entry: ForEntry; relation: GraphRelation; parent?: Node | LucidRow }[]
  readonly #withs: { entry: WithEntry; relation: GraphRelation; place: GraphPlace }[]
  readonly #attached: { entry: AttachedEntry; relation: GraphRelation; place: GraphPlace }[]
  /** `mergeRecursive()` values, client and connection: they reach every related factory too (Lucid). */
  readonly #inherited: Inherited

  constructor(
    builder: GraphBuilder,
    readonly mode: GraphMode<Node>,
    place = new GraphPlace()
  ) {
    const { withs, fors, attached, merges, client, connection } = builder.$options()
    const { factory } = builder
    this.#fors = fors.map((entry) => ({ entry, relation: relationOf(factory, entry.relation) }))
    this.#withs = withs.map((entry, index) => ({
      entry,
      relation: relationOf(factory, entry.relation),
      place: place.with(index),
    }))
    this.#attached = attached.map((entry, index) => ({
      entry,
      relation: relationOf(factory, entry.relation),
      place: place.attached(index),
    }))
    const recursive: Values[] = []
    for (const merge of merges) {
      if (merge.recursive && !Array.isArray(merge.values)) recursive.push(merge.values)
    }
    this.#inherited = { recursive, client, connection }
  }

  /** The parent of a `for()` entry: the model given, a recycled one, or a new row. */
  async #forParent(
    given: GraphBuilder | LucidRow,
    modelOf: (builder: GraphBuilder) => LucidModel | undefined
  ): Promise<Node | LucidRow> {
    if (isModel(given)) return given
    const Parent = modelOf(given)
    const reused = Parent && this.mode.recycled(Parent)
    return reused ?? (await this.mode.rows(inherit(given, this.#inherited), 1))[0]
  }

  /**
   * Writes the relations of one row: `for()` parents (made once per call,
   * when a row without its own foreign key needs one), `with()`/`has()`
   * rows, `hasAttached()` rows.
   */
  async walk(node: Node): Promise<void> {
    const { mode } = this
    for (const step of this.#fors) {
      const { entry, relation } = step
      // for() and hasAttached() entries were checked to be of a kind that sets these
      const parent = relation.parent!
      // a foreign key given with merge(), a state or a tap wins over for(), as in Laravel
      if (mode.isSet(node, parent.keys[0])) continue
      if (step.parent === undefined) step.parent = await this.#forParent(entry.parent, parent.model)
      parent.adopt(mode, node, step.parent)
    }
    for (const { entry, relation, place } of this.#withs) {
      if (entry.count <= 0) continue
      const configured = entry.configure ? entry.configure(mode.rowOf(node)) : entry.builder
      await relation.with(mode, node, inherit(configured, this.#inherited), entry.count, place)
    }
    for (const { entry, relation, place } of this.#attached) {
      const given = entry.related
      const related = isBuilder(given)
        ? await mode.rows(inherit(given, this.#inherited), given.$options().count ?? 1, [], place)
        : [given].flat()
      relation.attach!(mode, node, related, entry.pivot)
    }
  }
}
