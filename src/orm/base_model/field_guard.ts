/**
 * Column and relation fields written as class fields (`@column() points = 0`,
 * or `location: any` without `declare`).
 *
 * Columns are accessors on the model prototype. Under `useDefineForClassFields`
 * (TypeScript's default for ES2022 targets, and how Lucid's users compile), a
 * class field is defined on the instance itself and would hide that accessor,
 * so its value would never reach `$attributes`. Instances of a class that has
 * such fields are wrapped in a Proxy whose only trap, `defineProperty`, turns
 * the field into an attribute write (Lucid does the same with a Proxy around
 * every instance). Classes without such fields — the usual `declare` style —
 * get plain instances: a Proxy slows every property access.
 *
 * Which classes need the guard is learnt from a probe instance (see
 * `guardFields`). With `[[Set]]` fields (`useDefineForClassFields: false`) the
 * initializer runs through the prototype setter and needs no guard, but it
 * still writes attributes while the model is constructed, so hydration must
 * not adopt a driver row as `$attributes` for that class either.
 */
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import { classSlot, ownSlot } from './class_slots.js'

const fieldStateKey = classSlot('stratum.fieldState', (Model): FieldState => ({
  owner: Model,
  guard: undefined,
  writesAttributes: undefined,
}))

interface FieldState {
  /** The class this state describes (a subclass inherits the static property). */
  owner: object
  /** Instances must be guarded; undefined until a probe instance was built. */
  guard: boolean | undefined
  /** Building an instance writes attributes (field initializers); undefined until known. */
  writesAttributes: boolean | undefined
  /**
   * The probe instance, kept: V8 holds the hidden class an instance reaches
   * only while some object has it, so once a full GC collected every
   * instance of the class, the next ones got new hidden classes and the
   * optimized code of every model accessor was thrown away and rebuilt.
   */
  probe?: object
}

type WithState = { [fieldStateKey]?: FieldState }

function stateOf(Model: object): FieldState {
  const state = (Model as WithState)[fieldStateKey]
  return state !== undefined && state.owner === Model
    ? state
    : ownSlot<FieldState>(Model, fieldStateKey)
}

/** A probe instance is being built (see `guardFields`). */
let probing = false

/**
 * What a model constructor returns: the instance itself, or the instance
 * behind the field guard when its class defines column or relation fields.
 *
 * Whether a class does is learnt before its first instance is handed out,
 * from a probe instance built and thrown away (so the class's constructor
 * runs twice that once). The instances handed out are never probes: a
 * Proxy reaching hydration's code once would make V8 treat every later
 * row there as polymorphic (50,000 rows: 11 ms instead of 5).
 */
export function guardFields<Row extends object>(instance: Row, Model: object): Row {
  const state = stateOf(Model)
  if (state.guard === false) return instance
  if (state.guard === undefined) {
    if (probing) return new Proxy(instance, fieldGuard as ProxyHandler<Row>)
    probing = true
    try {
      state.probe = new (Model as new () => object)()
    } finally {
      probing = false
    }
    // the probe's fields set `guard` through the trap when one was a column or relation
    state.guard ??= false
    if (!state.guard) return instance
  }
  return new Proxy(instance, fieldGuard as ProxyHandler<Row>)
}

/** Turns a column field into an attribute, and keeps relation fields from hiding their accessor. */
const fieldGuard: ProxyHandler<object> = {
  defineProperty(target, key, descriptor) {
    if (typeof key !== 'string' || !('value' in descriptor)) {
      return Reflect.defineProperty(target, key, descriptor)
    }
    const instance = target as LucidRow
    const Model = instance.constructor as LucidModel
    // a class no decorator booted yet has no definitions of its own to look in
    const column = Model.$columnsDefinitions?.get(key)
    if (column !== undefined) {
      stateOf(Model).guard = true
      if (descriptor.value === undefined) return true
      if (column.hasSetter) (instance as ModelObject)[key] = descriptor.value
      else instance.$attributes[key] = descriptor.value
      return true
    }
    if (Model.$relationsDefinitions?.has(key)) {
      stateOf(Model).guard = true
      if (descriptor.value !== undefined) instance.$setRelated(key, descriptor.value)
      return true
    }
    return Reflect.defineProperty(target, key, descriptor)
  },
}

/**
 * True when a driver row can become the `$attributes` of a new instance of
 * `Model` as it is: when building an instance writes no attribute (no field
 * initializer), learnt once per class from a throwaway instance.
 */
export function canAdoptRows(Model: LucidModel): boolean {
  const state = stateOf(Model)
  state.writesAttributes ??= Object.keys(new Model().$attributes).length > 0
  return !state.writesAttributes
}
