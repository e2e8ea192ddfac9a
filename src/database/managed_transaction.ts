import { ConnectionError } from '../errors.js'
import type { QueryClientContract, TransactionClientContract } from '../types/database.js'

/** A ROLLBACK on a dead connection fails too; the callback's error says more. */
function keepCallbackError(rollbackError: unknown) {
  if (!(rollbackError instanceof ConnectionError)) throw rollbackError
}

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
    if (!trx.isCompleted) await trx.rollback().catch(keepCallbackError)
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
