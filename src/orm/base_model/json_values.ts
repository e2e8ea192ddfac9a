/**
 * JSON values in attributes (plain objects and arrays, or objects tracking
 * their own changes): they can change in place, so `$original` keeps a deep
 * copy of them.
 */
import type { ModelObject } from '../../types/model.js'
import { isPlainObject } from '../../database/plain_object.js'

export { isPlainObject }

/** Plain objects and arrays copied deeply; other values (DateTime, Buffer ...) kept as they are. */
function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue)
  if (!isPlainObject(value)) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    if (key !== '__proto__') copy[key] = cloneValue(value[key])
    // defineProperty keeps a `__proto__` key as data instead of changing the prototype
    else {
      Object.defineProperty(copy, key, {
        value: cloneValue(value[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  return copy
}

/**
 * True for a value that can change in place: JSON (a plain object or array),
 * or an object that tracks its own changes with an `isDirty` flag.
 */
export function isNested(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value) || isPlainObject(value) || 'isDirty' in value)
  )
}

/** True when some attribute value is nested JSON. */
export function hasNestedValues(attributes: ModelObject): boolean {
  for (const key in attributes) {
    if (isNested(attributes[key])) return true
  }
  return false
}

/** `hasNestedValues` for a row whose keys are known (no per-row key enumeration). */
export function hasNestedValuesAt(row: ModelObject, keys: string[]): boolean {
  for (let index = 0; index < keys.length; index++) {
    if (isNested(row[keys[index]])) return true
  }
  return false
}

/** A copy of attribute values for `$original`: JSON-like values are cloned deeply. */
export function cloneAttributes(attributes: ModelObject): ModelObject {
  const copy: ModelObject = {}
  for (const key in attributes) copy[key] = cloneValue(attributes[key])
  return copy
}
