/**
 * Relation writes set foreign keys on models before saving them. When the
 * write fails, or the caller's transaction it ran in rolls back, those keys
 * go back to what they were: a key copied from a parent whose INSERT was
 * rolled back points at no row, or, once the id is reused, at a row created
 * later, and a plain `save()` would store it.
 */
import type { TransactionClientContract } from '../../types/database.js'
import type { LucidRow, ModelObject } from '../../types/model.js'
import { rememberKeys, type KeptKey as Kept } from '../base_model/transaction_state.js'

function keep(model: LucidRow, attributes: string[]): Kept[] {
  const stored = model.$attributes
  return attributes.map((attribute) => [
    attribute,
    Object.hasOwn(stored, attribute),
    stored[attribute],
  ])
}

function putBack(model: LucidRow, kept: Kept[]) {
  if (model.$isDeleted) return
  for (const [attribute, present, value] of kept) {
    if (present) {
      Reflect.set(model, attribute, value)
    } else if (Object.hasOwn(model.$attributes, attribute)) {
      const attributes: ModelObject = { ...model.$attributes }
      delete attributes[attribute]
      model.$attributes = attributes
    }
  }
}

/** Runs `work`; when it throws, `attributes` of `models` get their values from before it. */
export async function restoreKeysOnFailure<T>(
  models: LucidRow[],
  attributes: string[],
  work: () => Promise<T>
): Promise<T> {
  const kept = models.map((model) => keep(model, attributes))
  try {
    return await work()
  } catch (error) {
    models.forEach((model, index) => putBack(model, kept[index]))
    throw error
  }
}

/** Call before a relation write sets `attributes` of `model` in `trx`: its rollback puts them back. */
export function keepKeysOnRollback(
  model: LucidRow,
  attributes: string[],
  trx: TransactionClientContract
) {
  rememberKeys(model, trx, keep(model, attributes))
}

/** After a relation write created `model` in `trx` from `values`: its rollback takes the keys back. */
export function keepCreatedKeysOnRollback(
  model: LucidRow,
  attributes: string[],
  values: ModelObject,
  trx: TransactionClientContract
) {
  const kept = attributes.map((attribute): Kept => {
    const present = Object.hasOwn(values, attribute)
    return [attribute, present, present ? values[attribute] : undefined]
  })
  rememberKeys(model, trx, kept)
}
