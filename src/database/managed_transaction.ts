import type { QueryClientContract, TransactionClientContract } from '../types/database.js'

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

/**
 * Runs `callback` in a transaction of `client`: the client itself when it is
 * already a transaction, else a new managed one.
 */
export async function managedTransaction<T>(
  client: QueryClientContract,
  callback: (trx: TransactionClientContract) => Promise<T>
): Promise<T> {
  if (client.isTransaction) return callback(client as TransactionClientContract)
  return client.transaction(callback)
}
