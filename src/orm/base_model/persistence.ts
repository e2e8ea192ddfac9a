/**
 * Writing one model: insert or update with Lucid's hook order, delete,
 * refresh and row locks.
 */
import { DateTime } from 'luxon'
import { managedTransaction } from '../../database/managed_transaction.js'
import { E_MODEL_DELETED } from '../../errors.js'
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import { ensureColumnsDeclared, ensureNotDeleted } from './attributes.js'
import { adapterOf } from './finders.js'
import { runAfterCommitHooks, runHooks } from './hooks.js'

/** Date columns whose value Stratum sets itself (`autoCreate` / `autoUpdate`). */
function isDateColumn(meta: any): boolean {
  return meta?.type === 'date' || meta?.type === 'datetime'
}

/** Sets missing `autoCreate` date columns to now, before an insert. */
function initiateAutoCreateColumns(instance: LucidRow) {
  const Model = instance.constructor as LucidModel
  const target = instance as unknown as ModelObject
  for (const [attribute, column] of Model.$columnsDefinitions) {
    if (isDateColumn(column.meta) && column.meta.autoCreate && !target[attribute]) {
      target[attribute] = DateTime.local()
    }
  }
}

/** Sets `autoUpdate` date columns to now, before an update; returns their attributes. */
function initiateAutoUpdateColumns(instance: LucidRow): string[] {
  const Model = instance.constructor as LucidModel
  const target = instance as unknown as ModelObject
  const touched: string[] = []
  for (const [attribute, column] of Model.$columnsDefinitions) {
    if (isDateColumn(column.meta) && column.meta.autoUpdate) {
      target[attribute] = DateTime.local()
      touched.push(attribute)
    }
  }
  return touched
}

/** Attribute values -> column values, through each column's `prepare`. */
export function prepareForAdapter(instance: LucidRow, attributes: ModelObject): ModelObject {
  const Model = instance.constructor as LucidModel
  const row: ModelObject = {}
  for (const key in attributes) {
    const column = Model.$columnsDefinitions.get(key)
    if (!column) continue
    const value = attributes[key]
    row[column.columnName] = column.prepare ? column.prepare(value, key, instance) : value
  }
  return row
}

/**
 * Inserts a new model or updates a persisted one (dirty columns only).
 * Insert: before:create, before:save, INSERT, after:create, after:save.
 * Update: before:update, before:save, UPDATE (skipped when clean), after:update, after:save.
 */
export async function saveModel<Row extends LucidRow>(instance: Row, quiet: boolean): Promise<Row> {
  ensureNotDeleted(instance)
  ensureColumnsDeclared(instance)
  const Model = instance.constructor as LucidModel
  const adapter = adapterOf(Model)

  if (!instance.$isPersisted) {
    if (!quiet) {
      await runHooks(Model, 'before:create', instance)
      await runHooks(Model, 'before:save', instance)
    }
    initiateAutoCreateColumns(instance)
    await adapter.insert(instance, prepareForAdapter(instance, instance.$attributes))
    instance.$hydrateOriginals()
    instance.$isPersisted = true
    if (!quiet) {
      await runHooks(Model, 'after:create', instance)
      await runHooks(Model, 'after:save', instance)
      await runAfterCommitHooks(instance, 'create')
      await runAfterCommitHooks(instance, 'save')
    }
    return instance
  }

  if (!quiet) {
    await runHooks(Model, 'before:update', instance)
    await runHooks(Model, 'before:save', instance)
  }
  const forced = instance.$takeForceUpdate()
  if (!forced && !instance.$isDirty) return instance
  const touched = initiateAutoUpdateColumns(instance)
  const dirty = instance.$dirty
  // a forced update writes the timestamps even when "now" equals the stored value
  if (forced) for (const attribute of touched) dirty[attribute] = instance.$attributes[attribute]
  const changes = prepareForAdapter(instance, dirty)
  if (Object.keys(changes).length > 0) await adapter.update(instance, changes)
  instance.$hydrateOriginals()
  if (!quiet) {
    await runHooks(Model, 'after:update', instance)
    await runHooks(Model, 'after:save', instance)
    await runAfterCommitHooks(instance, 'update')
    await runAfterCommitHooks(instance, 'save')
  }
  return instance
}

/** Deletes the row (before:delete, DELETE, after:delete) and freezes the instance. */
export async function deleteModel(instance: LucidRow, quiet: boolean): Promise<void> {
  ensureNotDeleted(instance)
  const Model = instance.constructor as LucidModel
  if (!quiet) await runHooks(Model, 'before:delete', instance)
  await adapterOf(Model).delete(instance)
  instance.$isDeleted = true
  if (!quiet) {
    await runHooks(Model, 'after:delete', instance)
    await runAfterCommitHooks(instance, 'delete')
  }
}

/** Reloads the attributes of a persisted model from its row. */
export async function refreshModel<Row extends LucidRow>(instance: Row): Promise<Row> {
  ensureNotDeleted(instance)
  if (!instance.$isPersisted) return instance
  await adapterOf(instance.constructor as LucidModel).refresh(instance)
  return instance
}

/** Locks the row in a transaction and hands a fresh copy of the model to `callback`. */
export async function lockForUpdate<Row extends LucidRow, T>(
  instance: Row,
  callback: (model: Row) => Promise<T> | T
): Promise<T> {
  const Model = instance.constructor as LucidModel
  const client = instance.$trx ?? adapterOf(Model).modelClient(instance)
  return managedTransaction(client, async (trx) => {
    const fresh = await Model.query({ client: trx })
      .forUpdate()
      .where(Model.primaryKey, instance.$primaryKeyValue)
      .first()
    if (!fresh) {
      // Lucid: the row is gone, so the instance stands for a deleted model
      throw new E_MODEL_DELETED(
        `Cannot lock the "${Model.name}" row where ${Model.primaryKey} = ${String(instance.$primaryKeyValue)}: ` +
          'it was deleted from the database'
      )
    }
    return callback(fresh as Row)
  })
}
