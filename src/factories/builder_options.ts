/**
 * What a factory builder records (its options, copied on every call, and
 * the relation entries), the builder contract compiling, execution and the
 * relation graph depend on (`FactoryBuilder` implements it), and what
 * compiling a row produces. One file: these types refer to each other.
 */
import type { QueryClientContract } from '../types/database.js'
import type {
  FactoryBuilderLike,
  FactoryContextContract,
  FactoryContextOverrides,
  FactoryModelContract,
  StoredStateCallback,
} from '../types/factory.js'
import type { LucidRow } from '../types/model.js'
import type { FactorySession } from './context.js'
import type { GraphPlace } from './graph_place.js'
import type { PersistencePlan, PlanRow } from './planner.js'
import type { Sequence } from './sequence.js'

export type Values = Record<string, unknown>

/**
 * Pivot attributes: one object, one per related row, or computed from the
 * parent row (a row of the factory `hasAttached()` was called on; declared
 * as a method so a callback taking that model's type is kept as is).
 */
export type PivotSource<Parent = object> =
  Values | Values[] | { call(parent: Parent): Values }['call']

/** A factory builder as compiling, execution and the relation graph see it. */
export interface GraphBuilder extends FactoryBuilderLike {
  readonly factory: FactoryModelContract
  /** The options recorded so far. */
  $options(): BuilderOptions
  /**
   * Compiles `count` rows into `plan`; `linked` foreign keys come from a
   * parent, `place` is the rows' place in the relation graph (sequences count on there).
   */
  $plan(
    plan: PersistencePlan,
    session: FactorySession,
    count: number,
    linked?: readonly string[],
    place?: GraphPlace
  ): Promise<PlanRow[]>
  /** Makes `count` rows in memory, with their relations (`linked`, `place`: as for `$plan`). */
  $make(
    session: FactorySession,
    count: number,
    linked?: readonly string[],
    place?: GraphPlace
  ): Promise<object[]>
  /** Stubs `count` rows (`linked`, `place`: as for `$plan`). */
  $stub(
    session: FactorySession,
    count: number,
    linked?: readonly string[],
    place?: GraphPlace
  ): Promise<object[]>
  /** Runs a configuring callback on a recording copy; the builder to use. */
  $configure(callback: (builder: this) => unknown, label: string): GraphBuilder
  /** This builder with `mergeRecursive()` values added. */
  $mergeRecursive(values: Values): GraphBuilder
  /** This builder running on a parent's client and connection. */
  $runOn(client: QueryClientContract | undefined, connection: string | undefined): GraphBuilder
}

/**
 * `with(relation, count, callback)` or `has(factory, relation)`: the related
 * factory and, for `with()`, a callback configuring it for each parent row.
 */
export interface WithEntry {
  relation: string
  builder: GraphBuilder
  /** Rows per parent: `with()`'s count, or the `count()` of the builder given to `has()`. */
  count: number
  /** Configures the related builder for one parent row (a row of this factory, hence a method). */
  configure?: { call(parent: object): GraphBuilder }['call']
}

/** `for(parent, relation)`: a parent factory (one parent for all rows) or an existing model. */
export interface ForEntry {
  relation: string
  parent: GraphBuilder | LucidRow
}

/** `hasAttached(related, pivot, relation)`. */
export interface AttachedEntry {
  relation: string
  related: GraphBuilder | LucidRow | LucidRow[]
  pivot?: PivotSource
}

/** A state applied to every row: a named state, a sequence, or `trashed()`. */
export type StateEntry =
  { kind: 'state'; name: string } | { kind: 'sequence'; sequence: Sequence } | { kind: 'trashed' }

/** Everything a builder call records; copied, never mutated. */
export interface BuilderOptions {
  count?: number
  merges: readonly { values: Values | Values[]; recursive: boolean }[]
  states: readonly StateEntry[]
  taps: readonly StoredStateCallback[]
  returning?: string
  ctx?: FactoryContextOverrides
  client?: QueryClientContract
  connection?: string
  quiet: boolean
  seed?: number
  withs: readonly WithEntry[]
  fors: readonly ForEntry[]
  attached: readonly AttachedEntry[]
  pivotAttributes?: Record<string, unknown> | Record<string, unknown>[]
  recycle: readonly LucidRow[]
}

/** The options of a builder nothing was called on yet. */
export const emptyOptions: BuilderOptions = {
  merges: [],
  states: [],
  taps: [],
  quiet: false,
  withs: [],
  fors: [],
  attached: [],
  recycle: [],
}

/** A compiled row and the nested factories `create()` still has to resolve. */
export interface CompiledRow {
  row: object
  ctx: FactoryContextContract
  /** The states applied to the row (undefined: none), for state-bound callbacks. */
  states?: Set<string>
  /** Attribute factories (`userId: UserFactory`) still to make (undefined: none). */
  pending?: Map<string, GraphBuilder>
}
