/**
 * Race-safe creates for firstOrCreate, updateOrCreate, fetchOrCreateMany and
 * updateOrCreateMany (Laravel's `createOrFirst`). Select-then-insert alone
 * loses a race: two callers both see no row and both insert. So after the
 * select found nothing we insert, and when that insert hits a unique index
 * (another caller committed the row first) we use that caller's row instead.
 * Only a unique index covering the lookup keys makes this safe; without one
 * both inserts succeed and the table gets duplicates.
 */
import { conflictError } from '../../database/dialects/conflict_errors.js'
import { QueryClient } from '../../database/query_client.js'
import { DatabaseBusy, LockTimeout, TransactionConflict, UniqueViolation } from '../../errors.js'
import type {
  QueryClientContract,
  TransactionClientContract,
  TransactionOptions,
} from '../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'

/**
 * What to do with the row another caller inserted first: `share` returns it
 * (read with a shared lock in a transaction), `update` returns it locked FOR
 * UPDATE to write to it next, `restart` reruns the whole operation (see
 * `transactionWithRetries`), whose select then finds and locks the row.
 */
export type Fallback = 'share' | 'update' | 'restart'

/**
 * Saves the new `model` (hooks included), or returns the row a concurrent
 * caller committed first under the same `search`. Any other error is
 * rethrown, and so is a UniqueViolation whose row `search` cannot find (a
 * different unique column clashed): there is nothing to fall back to.
 * `own` returns the caller's instance of a row it already holds in this
 * transaction (a bulk call whose earlier payload row created it): that
 * instance is returned, whatever the fallback, since no one else can have
 * written or locked that row.
 */
export async function createOrFirst<Row extends LucidRow>(
  model: Row,
  search: ModelObject,
  client: QueryClientContract,
  fallback: Fallback,
  own?: (row: LucidRow) => Row | undefined
): Promise<Row> {
  try {
    await saveInSavepoint(model, client)
    return model
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error
    const Model = model.constructor as LucidModel
    const winner = await reread(Model, search, client, fallback)
    if (!winner) throw error
    const mine = own?.(winner)
    if (mine) return mine
    if (fallback === 'restart') throw new RestartOperation(error)
    return winner as Row
  }
}

/**
 * In a transaction the insert runs in a savepoint: on PostgreSQL a failed
 * statement aborts the whole transaction, and rolling back to the savepoint
 * keeps it usable for the re-read (it also undoes what the hooks wrote).
 * The hooks see the savepoint as `$trx`; afterwards the model belongs to the
 * enclosing transaction again.
 */
async function saveInSavepoint(model: LucidRow, client: QueryClientContract) {
  if (!client.isTransaction) {
    await model.save()
    return
  }
  const trx = client as TransactionClientContract
  try {
    await trx.transaction(async (savepoint) => {
      model.useTransaction(savepoint)
      await model.save()
    })
  } finally {
    model.useTransaction(trx)
  }
}

/**
 * The row the other caller inserted. In a transaction it is a locking read:
 * under REPEATABLE READ (MySQL's default) a plain select reads the snapshot
 * taken before that row was committed, while a locking read sees the latest
 * committed version. Before a restart it is a plain read, which waits for
 * no lock (a shared lock would queue behind other callers' FOR UPDATE and
 * deadlock with them); the transactions we restart run at READ COMMITTED,
 * where it sees the committed row. Outside a transaction each statement
 * sees every committed row, but a read replica may lag: the re-read goes to
 * the write host.
 */
async function reread(
  Model: LucidModel,
  search: ModelObject,
  client: QueryClientContract,
  fallback: Fallback
): Promise<LucidRow | null> {
  const query = Model.query({ client: client.isTransaction ? client : writeHost(client) })
  query.where(search)
  if (client.isTransaction && fallback === 'update') query.forUpdate()
  if (client.isTransaction && fallback === 'share') query.forShare()
  return query.first()
}

/** A client of the same connection whose selects run on the write host too. */
function writeHost(client: QueryClientContract): QueryClientContract {
  if (!(client instanceof QueryClient) || client.mode !== 'dual') return client
  return new QueryClient('write', client.connection, client.emitter)
}

/**
 * Rolls back an operation that owns its transaction, to run it again. An
 * update variant that lost an insert would otherwise lock the winner's row
 * after the rows its select locked, out of the order other callers lock
 * them in, and deadlock with them: PostgreSQL takes deadlock_timeout (1 s by
 * default) to notice, and on MySQL the shared lock the failed insert keeps
 * on the row deadlocks every other loser that also wants to update it.
 */
class RestartOperation extends Error {
  constructor(readonly violation: UniqueViolation) {
    super('The row was inserted by another transaction: run the operation again')
  }
}

/**
 * Attempts of an operation that owns its transaction. Concurrent creators of
 * overlapping keys still deadlock now and then on MySQL (a duplicate insert
 * waits for a shared lock on a row another caller's select locked); the
 * database rolls the victim back and the next attempt finds the committed
 * rows. On MariaDB, 50 callers each upserting 4 of 8 keys: the worst of 3000
 * updateOrCreateMany calls took 5 attempts. Ten stays bounded, so a
 * pathological workload still fails loudly.
 */
export const transactionAttempts = 10

/** Options of `transactionWithRetries`. */
export interface RetryOptions {
  /**
   * The callback selects FOR UPDATE keys that may have no row yet. Under
   * MySQL's REPEATABLE READ such a select locks the gap where the row would
   * go, so concurrent creators block each other's inserts and deadlock
   * (MariaDB, 50 concurrent updateOrCreate on one new key: 782 deadlocks per
   * 1000 calls, none at READ COMMITTED). The transaction we open ourselves
   * runs at READ COMMITTED, which takes no gap locks: the unique index, not a
   * gap lock, is what stops the duplicate.
   */
  locksMissingRows?: boolean
}

/**
 * Runs `callback` in `client` when it is a transaction (the caller owns it:
 * after a deadlock it is rolled back and the caller's to retry), else in a
 * transaction of its own, run again when the database rolled it back as a
 * deadlock victim or when `createOrFirst` asked for a restart. `owned` tells
 * the callback which case it is in. A run that is repeated runs its hooks
 * again.
 */
export async function transactionWithRetries<T>(
  client: QueryClientContract,
  callback: (trx: TransactionClientContract, owned: boolean) => Promise<T>,
  options: RetryOptions = {}
): Promise<T> {
  if (client.isTransaction) return callback(client as TransactionClientContract, false)
  const settings: TransactionOptions | undefined =
    options.locksMissingRows && client.dialect.name === 'mysql'
      ? { isolationLevel: 'read committed' }
      : undefined
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.transaction((trx) => callback(trx, true), settings)
    } catch (error) {
      const retryable = error instanceof RestartOperation || isRetryableConflict(error)
      if (retryable && attempt < transactionAttempts) continue
      throw error instanceof RestartOperation ? error.violation : error
    }
  }
}

/**
 * A transaction the database rolled back for a conflict it found at once, safe
 * to run again: a TransactionConflict (deadlock, serialization failure), the
 * driver's error typed here when it is still raw. Conflicts met after a
 * whole lock wait (DatabaseBusy, LockTimeout) are not: each attempt would
 * wait that long again.
 */
function isRetryableConflict(error: unknown): boolean {
  const typed = error instanceof TransactionConflict ? error : conflictError(error)
  return (
    typed instanceof TransactionConflict &&
    !(typed instanceof DatabaseBusy) &&
    !(typed instanceof LockTimeout)
  )
}
