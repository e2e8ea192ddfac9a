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
 * Which classes need the guard is learnt from their first instance, which is
 * always guarded. With `[[Set]]` fields (`useDefineForClassFields: false`) the
 * initializer runs through the prototype setter and needs no guard, but it
 * still writes attributes while the model is constructed, so hydration must
 * not adopt a driver row as `$attributes` for that class either.
 */
import type { LucidModel, LucidRow } from '../../types/model.js'

const fieldStateKey = Symbol('stratum.fieldState')

interface FieldState {
  /** The class this state describes (a subclass inherits the static property). */
  owner: object
  /** Instances must be guarded; undefined until the first instance was built. */
  guard: boolean | undefined
  /** The first instance was built (guarded, to learn whether the class needs it). */
  probed: boolean
  /** Building an instance writes attributes (field initializers); undefined until known. */
  writesAttributes: boolean | undefined
}

type WithState = { [fieldStateKey]?: FieldState }

function stateOf(Model: object): FieldState {
  const state = (Model as WithState)[fieldStateKey]
  if (state !== undefined && state.owner === Model) return state
  const own: FieldState = {
    owner: Model,
    guard: undefined,
    probed: false,
    writesAttributes: undefined,
  }
  Object.defineProperty(Model, fieldStateKey, { value: own, configurable: true, writable: true })
  return own
}

/**
 * What a model constructor returns: the instance itself, or the instance
 * behind the field guard when its class defines column or relation fields.
 */
export function guardFields<Row extends object>(instance: Row, Model: object): Row {
  const state = stateOf(Model)
  if (state.guard === false) return instance
  if (state.guard === undefined) {
    if (state.probed) {
      // the first instance defined no column or relation field
      state.guard = false
      return instance
    }
    state.probed = true
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
    const column = Model.$columnsDefinitions.get(key)
    if (column !== undefined) {
      stateOf(Model).guard = true
      if (descriptor.value === undefined) return true
      if (column.hasSetter) (instance as unknown as Record<string, unknown>)[key] = descriptor.value
      else instance.$attributes[key] = descriptor.value
      return true
    }
    if (Model.$relationsDefinitions.has(key)) {
      stateOf(Model).guard = true
      if (descriptor.value !== undefined) instance.$setRelated(key, descriptor.value)
      return true
    }
    return Reflect.defineProperty(target, key, descriptor)
  },
}

/**
 * True when a driver row can become the `$attributes` of a new instance of
 * `Model` as it is: known once an instance was built (`learnConstruction`)
 * and found to write no attribute while it was constructed.
 */
export function canAdoptRows(Model: LucidModel): boolean {
  return stateOf(Model).writesAttributes === false
}

/** Records, from an instance just built with empty attributes, whether construction writes any. */
export function learnConstruction(Model: LucidModel, instance: LucidRow): void {
  const state = stateOf(Model)
  if (state.writesAttributes !== undefined) return
  state.writesAttributes = Object.keys(instance.$attributes).length > 0
}
