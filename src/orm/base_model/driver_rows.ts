/**
 * What a model query hands hydration, marked on the result array: rows
 * fresh from the driver (nothing else holds them, so a model may keep one
 * as its `$attributes` instead of copying it), or rows the driver's values
 * were built into as attribute objects already (attribute_rows.ts).
 */
import type { RowShape } from './row_shape.js'

const driverResults = new WeakSet<object>()
const attributeResults = new WeakMap<object, RowShape>()

/** Marks `rows` as the driver's own result (the model query builder does it). */
export function markDriverRows<Row extends object>(rows: Row[]): Row[] {
  driverResults.add(rows)
  return rows
}

/** True for an array marked by `markDriverRows`. */
export function isDriverRows(rows: object): boolean {
  return driverResults.has(rows)
}

/** Marks `rows` as attribute objects of `shape` (keyed by attribute, not column). */
export function markAttributeRows<Row extends object>(rows: Row[], shape: RowShape): Row[] {
  attributeResults.set(rows, shape)
  return rows
}

/** The shape of rows built as attribute objects, undefined for any other array. */
export function attributeRowShape(rows: object): RowShape | undefined {
  return attributeResults.get(rows)
}

/**
 * The static hydration methods of BaseModel: a class that overrides one
 * expects rows by column names, so its rows are never built as attributes.
 */
export const defaultHydration = new WeakSet<object>()
