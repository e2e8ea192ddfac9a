/**
 * Attribute plumbing shared by every model: accessors defined once per
 * class, merging values in, dirty tracking and hydration from rows.
 */
import { isDeepStrictEqual } from 'node:util'
import { DateTime } from 'luxon'
import { E_MISSING_MODEL_ATTRIBUTE, E_MODEL_DELETED } from '../../errors.js'
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import { isPlainObject } from './json_values.js'
import {
  pendingColumn,
  readAttribute,
  storedAttributes,
  storedOriginal,
  storeLazy,
} from './lazy_values.js'
import type { HydrationColumn } from './row_shape.js'
import type { RowShape } from './row_shape.js'

/** Throws when a deleted model is written to. */
export function ensureNotDeleted(instance: LucidRow) {
  if (instance.$isDeleted) {
    const Model = instance.constructor as LucidModel
    throw new E_MODEL_DELETED(
      `Cannot mutate a deleted "${Model.name}" model instance: it was deleted from the database and is frozen`
    )
  }
}

/** Keys that must never be copied from user input (prototype pollution). */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype'])

/** Deep merges plain objects into a new object; other values replace. */
export function deepMerge(target: unknown, source: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(source)) return source
  const result: Record<string, unknown> = { ...target }
  for (const key of Object.keys(source)) {
    if (forbiddenKeys.has(key)) continue
    result[key] = deepMerge(target[key], source[key])
  }
  return result
}

/**
 * True for a property the user defined on the model: an own data property,
 * or a setter on the model's prototype chain (never BaseModel's members).
 */
function hasSettableProperty(instance: LucidRow, key: string): boolean {
  if (key.startsWith('$')) return false
  if (Object.hasOwn(instance, key)) return true
  let proto = Object.getPrototypeOf(instance)
  while (proto && proto !== Object.prototype) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key)
    if (descriptor) return descriptor.set !== undefined
    proto = Object.getPrototypeOf(proto)
  }
  return false
}

/**
 * Merges `values` into a model: column attributes (or their column names)
 * are set through their accessors, relations are ignored, other known
 * properties are assigned, anything else is an error unless extra
 * properties are allowed (then it goes to `$extras`).
 */
export function mergeValues(
  instance: LucidRow,
  values: ModelObject,
  allowExtraProperties: boolean
) {
  ensureNotDeleted(instance)
  const Model = instance.constructor as LucidModel
  // a Map: column names like "constructor" or "toString" find nothing inherited
  const columns = Model.$hydrationPlan()
  for (const key of Object.keys(values)) {
    const value = values[key]
    if (forbiddenKeys.has(key)) {
      // never assigned, not even to $extras: it could reach a prototype
      if (!allowExtraProperties) throw missingAttribute(Model, key)
      continue
    }
    if (Model.$hasColumn(key)) {
      Reflect.set(instance, key, deepMerge(instance.$attributes[key], value))
      continue
    }
    const attribute = columns.get(key)?.attribute
    if (attribute !== undefined) {
      Reflect.set(instance, attribute, deepMerge(instance.$attributes[attribute], value))
      continue
    }
    if (Model.$relationsDefinitions.has(key)) continue
    if (hasSettableProperty(instance, key)) {
      Reflect.set(instance, key, value)
      continue
    }
    if (!allowExtraProperties) throw missingAttribute(Model, key)
    instance.$extras[key] = value
  }
}

function missingAttribute(Model: LucidModel, key: string) {
  return new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot define "${key}" on "${Model.name}" model, since it is not defined as a model property. ` +
      `Declare it with @column(), or pass { allowExtraProperties: true } to keep it in $extras`
  )
}

/**
 * Lucid's comparison: DateTimes by `equals()` (same instant, zone and
 * locale), objects exposing `isDirty` by that flag, everything else deeply.
 */
function sameValue(value: unknown, original: unknown): boolean {
  // an object that tracks its own changes is asked first: it may be the very same instance
  if (value !== null && typeof value === 'object' && 'isDirty' in value) return !value.isDirty
  if (value === original) return true
  if (DateTime.isDateTime(value) || DateTime.isDateTime(original)) {
    return DateTime.isDateTime(value) && DateTime.isDateTime(original) && value.equals(original)
  }
  return isDeepStrictEqual(value, original)
}

/**
 * Attributes that differ from `$original`. A model that was never persisted
 * is dirty with all its attributes (Lucid). After `fill()`, attributes that
 * were removed count as dirty with a `null` value.
 */
export function computeDirty(instance: LucidRow, filled: boolean): ModelObject {
  if (!instance.$isPersisted) return { ...instance.$attributes }
  // date columns still pending hold the same raw value as the original: no conversion
  const attributes = storedAttributes(instance)
  const original = storedOriginal(instance)
  const dirty: ModelObject = {}
  for (const key in attributes) {
    const value = attributes[key]
    if (sameValue(value, original[key])) continue
    if (pendingColumn(instance, key) === undefined) dirty[key] = value
    else {
      // not expected (the original copied it raw), but never hand out a raw value
      const converted = readAttribute(instance, key)
      if (!sameValue(converted, instance.$original[key])) dirty[key] = converted
    }
  }
  if (filled) {
    for (const key in original) {
      if (!(key in attributes)) dirty[key] = null
    }
  }
  return dirty
}

/** One value of a database row into a model: its column's attribute (through `consume`), or `$extras`. */
function consumeValue(
  instance: LucidRow,
  column: HydrationColumn | undefined,
  key: string,
  value: unknown
) {
  if (column === undefined) consumeExtra(instance, key, value)
  else if (column.lazy) storeLazy(instance, column.lazy, value)
  else if (column.consume) {
    storedAttributes(instance)[column.attribute] = column.consume(value, column.attribute, instance)
  } else storedAttributes(instance)[column.attribute] = value
}

/**
 * A row value that is no column: a relation's name is skipped (relations are
 * set with `$setRelated`), a property the instance defines takes the value
 * (`postsCount: number = 0` for a `withCount` alias), the rest goes to `$extras`.
 */
function consumeExtra(instance: LucidRow, key: string, value: unknown) {
  const Model = instance.constructor as LucidModel
  if (Model.$relationsDefinitions.has(key)) return
  if (key[0] !== '$' && Object.hasOwn(instance, key) && !forbiddenKeys.has(key)) {
    Reflect.set(instance, key, value)
  } else instance.$extras[key] = value
}

/**
 * Copies a database row into a model: known columns become attributes
 * (through their `consume` function), other keys go to `$extras`.
 */
export function consumeRow(instance: LucidRow, row: ModelObject) {
  const hydration = (instance.constructor as LucidModel).$hydrationPlan()
  for (const key in row) consumeValue(instance, hydration.get(key), key, row[key])
}

/** A driver row the next model constructor takes as its `$attributes` (see `constructAdopting`). */
let adoptedRow: ModelObject | undefined

/**
 * The `$attributes` a new model starts with: the row being adopted by
 * hydration, or a new empty object. The base constructor runs first in a
 * subclass chain, so it is the instance being hydrated that takes the row.
 */
export function initialAttributes(): ModelObject {
  const row = adoptedRow
  if (row === undefined) return {}
  adoptedRow = undefined
  return row
}

/**
 * A new model whose `$attributes` is `row` itself: no copy, and no empty
 * object made only to be replaced, since hydration time is mostly allocation.
 */
export function constructAdopting<Row>(Model: new () => Row, row: ModelObject): Row {
  adoptedRow = row
  try {
    return new Model()
  } finally {
    adoptedRow = undefined
  }
}

/** Runs the hydration-time `consume` functions over adopted attributes, in place. */
export function consumeInPlace(instance: LucidRow, shape: RowShape) {
  const attributes = storedAttributes(instance)
  for (const column of shape.consumers) {
    attributes[column.attribute] = column.consume!(
      attributes[column.attribute],
      column.attribute,
      instance
    )
  }
}

/** `consumeRow` for a row of a known shape. */
export function consumeShapedRow(instance: LucidRow, row: ModelObject, shape: RowShape) {
  const { keys, columns } = shape
  for (let index = 0; index < keys.length; index++) {
    consumeValue(instance, columns[index], keys[index], row[keys[index]])
  }
}
