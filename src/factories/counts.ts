/**
 * The row counts a factory is given (`count()`, `createMany()`, `with()`
 * ...): a whole number from 0 up, checked when given, so a fraction is
 * not rounded one way here and another there, and `Infinity` or `NaN`
 * never reach a loop.
 */
import { E_INVALID_FACTORY_COUNT } from '../errors.js'

/** `count`, or `E_INVALID_FACTORY_COUNT` naming `method` and what to pass. */
export function rowCount(count: number, method: string): number {
  if (Number.isSafeInteger(count) && count >= 0) return count
  const given = typeof count === 'number' ? String(count) : `${typeof count} ${String(count)}`
  throw new E_INVALID_FACTORY_COUNT(
    `${method} needs a whole number of rows from 0 up, got ${given}. ` +
      'Pass an integer such as 3 (Math.floor() a computed count)'
  )
}
