/**
 * What a factory builder records (its options, copied on every call) and
 * what compiling a row produces.
 */
import type { QueryClientContract } from '../types/database.js'
import type {
  FactoryBuilderLike,
  FactoryContextContract,
  FactoryContextOverrides,
  StateCallback,
} from '../types/factory.js'
import type { LucidRow } from '../types/model.js'
import type { AttachedEntry, ForEntry, WithEntry } from './relations.js'
import type { Sequence } from './sequence.js'

export type Values = Record<string, unknown>

/** A state applied to every row: a named state, a sequence, or `trashed()`. */
export type StateEntry =
  { kind: 'state'; name: string } | { kind: 'sequence'; sequence: Sequence } | { kind: 'trashed' }

/** Everything a builder call records; copied, never mutated. */
export interface BuilderOptions {
  count?: number
  merges: readonly { values: Values | Values[]; recursive: boolean }[]
  states: readonly StateEntry[]
  taps: readonly StateCallback<any, any>[]
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
  states: Set<string>
  pending: Map<string, FactoryBuilderLike>
}
