/**
 * Attribute values of factory rows: overrides merged (shallow or deep),
 * closures evaluated after plain values, nested factories set aside as
 * pending foreign keys.
 */
import { isPlainObject } from '../database/plain_object.js'
import { E_INVALID_FACTORY_CALLBACK, E_MISSING_MODEL_ATTRIBUTE } from '../errors.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { FactoryBuilderLike } from '../types/factory.js'
import type { GraphBuilder } from './builder_options.js'

type Values = Record<string, unknown>

/** True for a factory builder used as a value (`userId: UserFactory`): only `FactoryBuilder` carries the marker. */
export function isFactoryBuilder(value: unknown): value is GraphBuilder {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Partial<FactoryBuilderLike>).$isFactoryBuilder === true
  )
}

/** Reads an attribute of a row: a model's column getter, or a plain object's key. */
export function readAttribute(row: object, key: string): unknown {
  return (row as Values)[key]
}

/**
 * The key of an existing model (`for(model)`, `recycle(model)`) that rows
 * about to be written point at: an unsaved model has none, and a NULL
 * foreign key would be written without a word.
 */
export function existingKey(
  model: LucidRow,
  key: string,
  owner: string,
  attribute: string
): unknown {
  const value = (model as unknown as Values)[key]
  if (value !== undefined && value !== null) return value
  const Model = model.constructor as LucidModel
  // the label is built only here: this runs once per row linked to an existing model
  throw new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot point "${owner}.${attribute}" at the given "${Model.name}": its "${key}" is ${String(value)}. ` +
      'Save the model first, or pass its factory instead'
  )
}

/** Writes an attribute of a row: a model's column setter, or a plain object's key. */
export function writeAttribute(row: object, key: string, value: unknown): void {
  ;(row as Values)[key] = value
}

/**
 * Sets an own property. A plain `values[key] = value` with the key
 * `__proto__` (JSON.parse makes such keys) would swap the object's
 * prototype and lose the key; kept as data, the model's merge() refuses it.
 * Other keys are assigned: defining each one cost factories a tenth of
 * their time.
 */
export function setOwn(target: Values, key: string, value: unknown): void {
  if (key !== '__proto__') {
    target[key] = value
    return
  }
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** The own entries of `source` under `keys`. */
export function pick(source: Values, keys: string[]): Values {
  const picked: Values = {}
  for (const key of keys) if (Object.hasOwn(source, key)) setOwn(picked, key, source[key])
  return picked
}

/** `target` with `source` merged in: plain objects merge key by key, the rest is replaced. */
export function mergeDeep(target: Values, source: Values): Values {
  const result: Values = { ...target }
  for (const [key, value] of Object.entries(source)) {
    const current = Object.hasOwn(result, key) ? result[key] : undefined
    setOwn(
      result,
      key,
      isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value
    )
  }
  return result
}

/** Where `resolveValues` sets nested factories aside: a compiled row, its map made on first use. */
export interface PendingFactories {
  pending?: Map<string, GraphBuilder>
}

/**
 * Plain values as they are; nested factories into `into.pending` (and out
 * of the values); closures called last with the other values (and `base`),
 * each seeing the closures before it. A plain value removes a pending factory.
 */
export function resolveValues(
  attributes: Values,
  into: PendingFactories,
  base: Values = {}
): Values {
  const values: Values = {}
  let closures: [string, (attributes: Values) => unknown][] | undefined
  for (const key of Object.keys(attributes)) {
    const value = attributes[key]
    if (isFactoryBuilder(value)) {
      ;(into.pending ??= new Map()).set(key, value)
      continue
    }
    into.pending?.delete(key)
    if (typeof value === 'function') {
      ;(closures ??= []).push([key, value as (attributes: Values) => unknown])
    } else {
      setOwn(values, key, value)
    }
  }
  if (closures === undefined) return values
  for (const [key, closure] of closures) {
    const value = closure({ ...base, ...values })
    if (typeof (value as PromiseLike<unknown> | null)?.then === 'function') {
      throw new E_INVALID_FACTORY_CALLBACK(
        `The closure of the "${key}" attribute returned a promise: an attribute closure must ` +
          'return the value itself. Compute the value in the define() callback (it may be async) ' +
          'or in a state callback'
      )
    }
    setOwn(values, key, value)
  }
  return values
}
