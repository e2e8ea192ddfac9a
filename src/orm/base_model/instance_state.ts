/**
 * Where a model instance keeps its state: under symbols set in the
 * constructor, so it stays out of the public type (and users' declaration
 * files), and unlike #private members it works behind the field guard's
 * Proxy (field_guard.ts).
 */
import type { ModelObject } from '../../types/model.js'

export const flagsKey = Symbol('stratum.flags')
export const originalKey = Symbol('stratum.original')
export const rareKey = Symbol('stratum.rare')
/** The attributes object; `$attributes` reads it once pending values are settled. */
export const attributesKey = Symbol('stratum.attributes')
/**
 * Work hydration left for later (0 when none): one bit per lazy column whose
 * driver value is not converted yet (see lazy_values.ts), and `SNAPSHOT`.
 */
export const pendingKey = Symbol('stratum.pending')

/** Bits of an instance's flags. */
export const PERSISTED = 1
export const LOCAL = 2
export const DELETED = 4
export const FILLED = 8
export const PRISTINE = 16
export const FORCE_UPDATE = 32

/**
 * Pending bit: the hydrated row holds JSON values and `$original` is still
 * to be deep copied from them, before anything can reach (and mutate) them.
 * Bit 29, so that the pending bits stay a small integer (V8 Smis are 31
 * bits): `1 << 30` made the field a heap number, which changed the hidden
 * class of every model hydrated with JSON values.
 */
export const SNAPSHOT = 1 << 29

export interface InstanceState<Rare extends object = object> {
  [flagsKey]: number
  [originalKey]: ModelObject | undefined
  [rareKey]: Rare | undefined
  [attributesKey]: ModelObject
  [pendingKey]: number
}

/** The state of `model`; `Rare` is the type model_state.ts keeps under `rareKey`. */
export function state<Rare extends object = object>(model: object): InstanceState<Rare> {
  return model as InstanceState<Rare>
}

export function hasFlag(model: object, bit: number): boolean {
  return (state(model)[flagsKey] & bit) !== 0
}

export function setFlag(model: object, bit: number, on: boolean): void {
  const own = state(model)
  own[flagsKey] = on ? own[flagsKey] | bit : own[flagsKey] & ~bit
}
