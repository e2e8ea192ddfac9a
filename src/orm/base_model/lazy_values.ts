/**
 * Values hydration leaves for later. Building a luxon DateTime costs more
 * than fetching its row (0.5 to 3 us each), so a date column keeps the
 * driver's value (SQLite text, a pg/mysql Date) until its attribute is first
 * read; and a row holding JSON gets its deep copy in `$original` only once a
 * JSON value can be reached, not at hydration.
 *
 * Nothing outside sees the difference: the accessors and `$getAttribute`
 * convert the one value they read, `$attributes`, `$original` and every
 * write convert everything first (`settle`), and `serialize()` turns the
 * driver's value into the very text luxon would give (date_text.ts), or
 * converts it when it cannot prove the two equal.
 */
import type { ColumnOptions, LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import {
  attributesKey,
  FILLED,
  flagsKey,
  LOCAL,
  originalKey,
  pendingKey,
  PERSISTED,
  PRISTINE,
  SNAPSHOT,
  state,
} from './instance_state.js'
import { cloneAttributes, isNested } from './json_values.js'
import type { LazyColumn } from '../../types/model_metadata.js'

export type { LazyColumn }

// method types (bivariant): a consume or serialize typed for its column's value fits
type Consume = NonNullable<ColumnOptions['consume']>
type Serialize = NonNullable<ColumnOptions['serialize']>

/** At most this many lazy columns per model (bits below `SNAPSHOT`). */
export const MAX_LAZY_COLUMNS = 29

/**
 * `consume` functions that may run later than hydration: they depend on the
 * value alone (Stratum's date columns register theirs). A user's `consume`
 * always runs at hydration, as in Lucid.
 */
export const lazyConsumers = new WeakSet<Consume>()

/**
 * `serialize` functions with a shortcut from the driver's value: the text
 * the function would give once the value is converted, or undefined when
 * that cannot be proven (then the value is converted and serialized).
 */
export const rawSerializers = new WeakMap<Serialize, (raw: unknown) => string | null | undefined>()

function lazyColumnsOf(instance: object): LazyColumn[] {
  const Model = instance.constructor as LucidModel
  // pending bits come from the plan of the instance's own class, built by then
  return (Model.$hydration ?? Model.$hydrationPlan()).lazy
}

/** The pending bits of the lazy values not converted yet. */
export function pendingBits(instance: object): number {
  return state(instance)[pendingKey] & ~SNAPSHOT
}

/** The lazy column of `key` when its value is still the driver's, else undefined. */
export function pendingColumn(instance: object, key: string): LazyColumn | undefined {
  const pending = state(instance)[pendingKey] & ~SNAPSHOT
  if (pending === 0) return undefined
  for (const column of lazyColumnsOf(instance)) {
    if (column.attribute === key) return pending & (1 << column.bit) ? column : undefined
  }
  return undefined
}

function convert(instance: object, column: LazyColumn) {
  const own = state(instance)
  const attributes = own[attributesKey]
  const { attribute } = column
  const driverValue = attributes[attribute]
  const value = column.consume(driverValue, attribute, instance as LucidRow)
  attributes[attribute] = value
  // an original copied while the value was pending shares the converted value, as when eager
  const original = own[originalKey]
  if (original !== undefined && original[attribute] === driverValue) original[attribute] = value
  own[pendingKey] &= ~(1 << column.bit)
}

/** Converts every lazy value still pending. */
function convertAll(instance: object) {
  if ((state(instance)[pendingKey] & ~SNAPSHOT) === 0) return
  for (const column of lazyColumnsOf(instance)) {
    if (state(instance)[pendingKey] & (1 << column.bit)) convert(instance, column)
  }
}

/** Takes the deep copy of `$original` hydration left pending (JSON values are about to be reachable). */
export function takeSnapshot(instance: object) {
  const own = state(instance)
  if ((own[pendingKey] & SNAPSHOT) === 0) return
  // lazy values stay pending: `convert` updates the copy too
  own[originalKey] = cloneAttributes(own[attributesKey])
  own[pendingKey] &= ~SNAPSHOT
}

/**
 * Before `key` is written: the JSON snapshot is taken (the original must
 * not see the write), and `key` converted if pending, so that the original
 * copied next holds the DateTime; the other date columns stay pending
 * (their raw values are shared with the original, which `convert` updates).
 */
export function beforeWrite(instance: object, key: string) {
  const own = state(instance)
  if ((own[pendingKey] & SNAPSHOT) !== 0) takeSnapshot(instance)
  if ((own[pendingKey] & ~SNAPSHOT) === 0) return
  const column = pendingColumn(instance, key)
  if (column !== undefined) convert(instance, column)
}

/**
 * Marks again as pending the lazy columns in `bits` whose value in
 * `attributes` is still `raw`'s (a snapshot taken while they were pending).
 */
export function restorePending(instance: object, bits: number, raw: ModelObject) {
  if (bits === 0) return
  const own = state(instance)
  const attributes = own[attributesKey]
  for (const column of lazyColumnsOf(instance)) {
    const bit = 1 << column.bit
    if ((bits & bit) !== 0 && attributes[column.attribute] === raw[column.attribute]) {
      own[pendingKey] |= bit
    }
  }
}

/** Does all pending work: the attributes and originals are then what eager hydration gives. */
export function settle(instance: object) {
  if (state(instance)[pendingKey] === 0) return
  takeSnapshot(instance)
  convertAll(instance)
}

function readPending(instance: object, key: string): unknown {
  const column = pendingColumn(instance, key)
  if (column !== undefined) convert(instance, column)
  const value = state(instance)[attributesKey][key]
  if ((state(instance)[pendingKey] & SNAPSHOT) !== 0 && isNested(value)) takeSnapshot(instance)
  return value
}

/** One attribute as users see it, converting only that one. */
export function readAttribute(instance: object, key: string): unknown {
  const own = state(instance)
  return own[pendingKey] === 0 ? own[attributesKey][key] : readPending(instance, key)
}

/**
 * Marks a freshly hydrated instance as persisted state, fetched (not local),
 * in one write of its flags. `nested` says the row holds JSON values: their
 * deep copy waits for the first read that can reach them (a row nobody
 * writes is never copied).
 */
export function markHydrated(instance: object, nested: boolean) {
  const own = state(instance)
  own[originalKey] = undefined
  const flags = (own[flagsKey] | PERSISTED) & ~(LOCAL | FILLED)
  if (nested) {
    own[pendingKey] |= SNAPSHOT
    own[flagsKey] = flags & ~PRISTINE
  } else {
    own[flagsKey] = flags | PRISTINE
  }
}

/** Stores a driver value under a lazy column: converted when first read. */
export function storeLazy(instance: object, column: LazyColumn, value: unknown) {
  const own = state(instance)
  own[attributesKey][column.attribute] = value
  own[pendingKey] |= 1 << column.bit
}

/** Nothing written and no JSON value reachable yet: the instance cannot be dirty. */
export function untouchedSinceHydration(instance: object): boolean {
  const own = state(instance)
  return (own[pendingKey] & SNAPSHOT) !== 0 && own[originalKey] === undefined
}

/** `readAttribute` for a column that is never lazy: only a pending JSON snapshot matters. */
function readPlainAttribute(instance: object, key: string): unknown {
  const own = state(instance)
  const value = own[attributesKey][key]
  if ((own[pendingKey] & SNAPSHOT) !== 0 && isNested(value)) takeSnapshot(instance)
  return value
}

/**
 * Defines the getter/setter of a column on the model prototype (no Proxy per
 * instance). `mayBeLazy`: its `consume` is one of `lazyConsumers`; the getter
 * of any other column skips looking for a pending conversion (a model with
 * dates always has some pending after hydration).
 */
export function defineColumnAccessor(Model: LucidModel, attribute: string, mayBeLazy: boolean) {
  // two getter literals: each call site sees one target
  Object.defineProperty(Model.prototype, attribute, {
    get: mayBeLazy
      ? function (this: LucidRow) {
          return readAttribute(this, attribute)
        }
      : function (this: LucidRow) {
          return readPlainAttribute(this, attribute)
        },
    set(this: LucidRow, value: unknown) {
      this.$setAttribute(attribute, value)
    },
    configurable: true,
    enumerable: true,
  })
}

/** What `$attributes` returns, without the accessor call. */
export function settledAttributes(instance: object): ModelObject {
  const own = state(instance)
  if (own[pendingKey] !== 0) settle(instance)
  return own[attributesKey]
}

/** One original value as users see it, converting nothing else (the key of an UPDATE). */
export function originalAttribute(instance: LucidRow, key: string): unknown {
  if (pendingColumn(instance, key) !== undefined) return instance.$original[key]
  return storedOriginal(instance)[key]
}

/**
 * The original values as stored (raw where a date column is still pending):
 * untouched since the last write (or hydration), they are the attributes.
 */
export function storedOriginal(instance: LucidRow): ModelObject {
  const own = state(instance)
  if (own[originalKey] !== undefined) return own[originalKey]
  return (own[pendingKey] & SNAPSHOT) !== 0 || (own[flagsKey] & PRISTINE) !== 0
    ? own[attributesKey]
    : instance.$original
}

/** Attributes as stored, for code that handles pending values itself. */
export function storedAttributes(instance: object): ModelObject {
  return state(instance)[attributesKey]
}
