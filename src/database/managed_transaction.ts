import type { TransactionClientContract } from '../types/database.js'

/**
 * Runs `callback` inside `trx`: commits when it resolves (unless it already
 * committed or rolled back itself), rolls back and rethrows when it throws.
 */
export async function runManaged<Trx extends TransactionClientContract, T>(
  trx: Trx,
  callback: (trx: Trx) => Promise<T>
): Promise<T> {
  let result: T
  try {
    result = await callback(trx)
  } catch (error) {
    if (!trx.isCompleted) await trx.rollback()
    throw error
  }
  if (!trx.isCompleted) await trx.commit()
  return result
}
