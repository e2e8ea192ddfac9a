/**
 * Result arrays fresh from the driver. Nothing else holds their row objects,
 * so a model may keep one as its `$attributes` instead of copying it.
 */
const driverResults = new WeakSet<object>()

/** Marks `rows` as the driver's own result (the model query builder does it). */
export function markDriverRows<Row extends object>(rows: Row[]): Row[] {
  driverResults.add(rows)
  return rows
}

/** True for an array marked by `markDriverRows`. */
export function isDriverRows(rows: object): boolean {
  return driverResults.has(rows)
}
