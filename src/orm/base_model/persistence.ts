/**
 * Writing one model: insert or update with Lucid's hook order, delete,
 * refresh and row locks.
 */
import { DateTime } from 'luxon'
import { currentDateTime } from '../decorators/now.js'
import { managedTransaction } from '../../database/managed_transaction.js'
import { E_INVALID_QUERY, E_MODEL_DELETED, E_ROW_NOT_FOUND } from '../../errors.js'
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import { ensureNotDeleted } from './attributes.js'
import { adapterOf } from './adapter_of.js'
import {
  afterDeleteHooks,
  afterInsertHooks,
  afterUpdateHooks,
  beforeInsertHooks,
  beforeUpdateHooks,
  hasAnyHook,
  runHookList,
  runHooks,
} from './hooks.js'
import { rememberState } from './transaction_state.js'
import type { InsertManyOptions } from '../../types/model_base.js'

export type { InsertManyOptions }

/** Date columns whose value Stratum sets itself (`autoCreate` / `autoUpdate`). */
function isDateColumn(
  meta: unknown
): meta is { type: 'date' | 'datetime'; autoCreate: boolean; autoUpdate: boolean } {
  const type = (meta as { type?: unknown } | null | undefined)?.type
  return type === 'date' || type === 'datetime'
}

/**
 * The date columns an insert fills when missing: `autoCreate` ones and, as
 * in Lucid, `autoUpdate` ones (a new row's "last updated" is its creation).
 */
function autoCreateAttributes(Model: LucidModel): string[] {
  const attributes: string[] = []
  for (const [attribute, column] of Model.$columnsDefinitions) {
    if (isDateColumn(column.meta) && (column.meta.autoCreate || column.meta.autoUpdate)) {
      attributes.push(attribute)
    }
  }
  return attributes
}

/**
 * Sets missing `autoCreate`/`autoUpdate` date columns to now, before an insert. A batch
 * passes its own "now": one DateTime for all its rows.
 */
function initiateAutoCreateColumns(
  instance: LucidRow,
  attributes = autoCreateAttributes(instance.constructor as LucidModel),
  now = saveStamp()
) {
  const target = instance as ModelObject
  for (const attribute of attributes) {
    if (!target[attribute]) target[attribute] = now()
  }
}

/** "Now" of one save: a new DateTime, shared by the save's date columns (built once). */
function saveStamp(): () => DateTime {
  let stamp: DateTime | undefined
  return () => (stamp ??= DateTime.now())
}

/** Sets `autoUpdate` date columns to now, before an update; returns their attributes. */
function initiateAutoUpdateColumns(instance: LucidRow): string[] {
  const Model = instance.constructor as LucidModel
  const target = instance as ModelObject
  const touched: string[] = []
  const now = saveStamp()
  for (const [attribute, column] of Model.$columnsDefinitions) {
    if (isDateColumn(column.meta) && column.meta.autoUpdate) {
      target[attribute] = now()
      touched.push(attribute)
    }
  }
  return touched
}

/**
 * Attribute values -> column values, through each column's `prepare`;
 * `keep` (given the column name and prepared value) can leave columns out.
 */
export function prepareForAdapter(
  instance: LucidRow,
  attributes: ModelObject,
  keep?: (columnName: string, value: unknown) => boolean
): ModelObject {
  const Model = instance.constructor as LucidModel
  const row: ModelObject = {}
  // built key by key (never pruned with `delete`, which turns the object into
  // a slow dictionary that knex then reads)
  for (const key in attributes) {
    const column = Model.$columnsDefinitions.get(key)
    if (!column) continue
    const value = attributes[key]
    const prepared = column.prepare ? column.prepare(value, key, instance) : value
    if (keep && !keep(column.columnName, prepared)) continue
    row[column.columnName] = prepared
  }
  return row
}

/** The error of an UPDATE that matched no row (MySQL counts matched rows: mysql2 sets FOUND_ROWS). */
export function rowNotFoundOnUpdate(instance: LucidRow): E_ROW_NOT_FOUND {
  const Model = instance.constructor as LucidModel
  const key = instance.$original[Model.primaryKey] ?? instance.$primaryKeyValue
  return new E_ROW_NOT_FOUND(
    `Cannot update the "${Model.name}" row where ${Model.primaryKey} = ${String(key)}: no row has this key. ` +
      'It was deleted, or it was never committed (the transaction that created it rolled back). ' +
      'Nothing was written: fetch the row again, or save a new model.',
    { model: Model.name, table: Model.table }
  )
}

/**
 * Inserts a new model or updates a persisted one (dirty columns only).
 * Insert: before:create, before:save, INSERT, after:create, after:save.
 * Update: before:update, before:save, UPDATE (skipped when clean), after:update, after:save.
 */
export async function saveModel<Row extends LucidRow>(instance: Row, quiet: boolean): Promise<Row> {
  ensureNotDeleted(instance)
  // a rollback of the transaction puts the model back as it is now
  rememberState(instance, instance.$trx)
  const Model = instance.constructor as LucidModel
  const adapter = adapterOf(Model)

  if (!instance.$isPersisted) {
    const before = quiet ? undefined : runHookList(Model, beforeInsertHooks, instance)
    if (before) await before
    initiateAutoCreateColumns(instance)
    await adapter.insert(instance, prepareForAdapter(instance, instance.$attributes))
    instance.$hydrateOriginals()
    instance.$isPersisted = true
    const after = quiet ? undefined : runHookList(Model, afterInsertHooks, instance)
    if (after) await after
    return instance
  }

  const before = quiet ? undefined : runHookList(Model, beforeUpdateHooks, instance)
  if (before) await before
  const forced = instance.$takeForceUpdate()
  if (!forced && !instance.$isDirty) return instance
  const touched = initiateAutoUpdateColumns(instance)
  const dirty = instance.$dirty
  // a forced update writes the timestamps even when "now" equals the stored value
  if (forced) for (const attribute of touched) dirty[attribute] = instance.$attributes[attribute]
  const changes = prepareForAdapter(instance, dirty)
  if (Object.keys(changes).length > 0) await adapter.update(instance, changes)
  instance.$hydrateOriginals()
  const after = quiet ? undefined : runHookList(Model, afterUpdateHooks, instance)
  if (after) await after
  return instance
}

/** Deletes the row (before:delete, DELETE, after:delete) and freezes the instance. */
export async function deleteModel(instance: LucidRow, quiet: boolean): Promise<void> {
  ensureNotDeleted(instance)
  rememberState(instance, instance.$trx)
  const Model = instance.constructor as LucidModel
  if (!quiet) await runHooks(Model, 'before:delete', instance)
  await adapterOf(Model).delete(instance)
  instance.$isDeleted = true
  const after = quiet ? undefined : runHookList(Model, afterDeleteHooks, instance)
  if (after) await after
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

/**
 * Rows per statement on SQLite. Stratum's SQLite client writes one VALUES
 * list (no 500-term cap), but preparing it grows with its length: 400-row
 * statements were faster than 2,000-row ones (11.6 ms vs 12.8 ms for 10,000).
 */
const sqliteRowsPerStatement = 400

/** Which column values a new row sends: no undefined values, and no empty generated key. */
function insertableColumns(primaryKeyColumn: string, selfAssign: boolean) {
  // a null key is left to the database, like a missing one
  return (column: string, value: unknown) =>
    value !== undefined && !(value === null && column === primaryKeyColumn && !selfAssign)
}

/** True when both rows have the same keys in the same order (the common case). */
function sameKeys(previous: string[], row: ModelObject): boolean {
  let index = 0
  for (const key in row) {
    if (previous[index++] !== key) return false
  }
  return index === previous.length
}

/**
 * Splits rows, in order, into statements: rows with the same columns (so
 * no row gets NULL for a column it left to its default), under the bind
 * limit of the dialect.
 */
function statements(rows: ModelObject[], client: QueryClientContract): number[][] {
  const groups: number[][] = []
  let keys: string[] = []
  let signature: string | undefined
  let current: number[] = []
  let limit = 1
  const flush = () => {
    if (current.length > 0) groups.push(current)
    current = []
  }
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]
    // same keys in the same order as the row before: same column set, no sort
    if (signature === undefined || !sameKeys(keys, row)) {
      keys = Object.keys(row)
      const next = [...keys].sort().join('\u0000')
      if (next !== signature) {
        flush()
        signature = next
        limit = Math.max(1, Math.floor(client.dialect.maxBindings / Math.max(keys.length, 1)))
        if (client.dialect.name === 'sqlite') limit = Math.min(limit, sqliteRowsPerStatement)
      }
    }
    if (current.length >= limit) flush()
    current.push(index)
  }
  flush()
  return groups
}

/**
 * Runs one multi-row INSERT and hands each instance its generated key.
 *
 * pg and SQLite: `RETURNING` the key column; rows come back in VALUES order
 * (what Django's bulk_create relies on for both).
 * MySQL/MariaDB: knex ignores `returning`, and the driver answers the
 * `insertId` of the first row. A single multi-row `INSERT ... VALUES` is a
 * "simple insert", for which InnoDB reserves all its ids at once and
 * consecutively under the default `innodb_autoinc_lock_mode` (1 and 2), so
 * row `i` got `insertId + i * auto_increment_increment` (the session's step:
 * 1 unless set, as Galera clusters do). Rows that carry their own key are sent in
 * statements of their own (their column set differs), so they never shift
 * the count. `insertId = 0` means the table has no auto increment key:
 * nothing is read back, as for a single insert.
 */
async function insertStatement(
  Model: LucidModel,
  instances: LucidRow[],
  rows: ModelObject[],
  client: QueryClientContract
) {
  const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
  const readBack = !Model.selfAssignPrimaryKey && !(primaryKey in rows[0])
  const query = client.insertQuery().table(Model.table).reporterData({ model: Model.name })
  if (!readBack) {
    await query.multiInsert(rows)
    return
  }
  const result = (await query.returning(primaryKey).multiInsert(rows)) as unknown[]
  if (client.dialect.supportsReturning) {
    result.forEach((returned, index) => {
      const value = (returned as ModelObject)[primaryKey]
      if (value !== undefined && value !== null)
        instances[index].$consumeAdapterResult({ [primaryKey]: value })
    })
    return
  }
  const firstId = Number(result[0])
  if (!Number.isFinite(firstId) || firstId === 0) return
  const step = instances.length > 1 ? await autoIncrementStep(client) : 1
  instances.forEach((instance, index) => {
    instance.$consumeAdapterResult({ [primaryKey]: firstId + index * step })
  })
}

/** The step between the ids of one multi-row INSERT, asked once per transaction. */
const autoIncrementSteps = new WeakMap<QueryClientContract, Promise<number>>()

/**
 * The session's `auto_increment_increment` (MySQL/MariaDB), read on the
 * connection that ran the INSERT (`client` is the insert's transaction).
 */
function autoIncrementStep(client: QueryClientContract): Promise<number> {
  let step = autoIncrementSteps.get(client)
  if (step === undefined) {
    step = client
      .rawQuery('select @@session.auto_increment_increment as step')
      .then((result: unknown) => {
        const [rows] = result as [{ step: unknown }[]]
        const value = Number(rows[0]?.step)
        return Number.isInteger(value) && value > 0 ? value : 1
      })
    autoIncrementSteps.set(client, step)
  }
  return step
}

/**
 * Inserts new models with multi-row INSERTs, in one transaction (the
 * given one, or a new one). Per row and in order: before:create and
 * before:save hooks, `autoCreate` dates; then the INSERTs (chunked under
 * the bind limit), keys read back in order; then per row after:create,
 * after:save and the after-commit hooks. `quiet` skips the hooks.
 */
export async function insertModels<Row extends LucidRow>(
  Model: LucidModel,
  instances: Row[],
  options: InsertManyOptions = {}
): Promise<Row[]> {
  if (instances.length === 0) return instances
  const quiet = options.quiet ?? false
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  // hooks are looked up once: a batch of thousands should not await per row for nothing
  const beforeHooks = !quiet && hasAnyHook(Model, beforeInsertHooks)
  const afterHooks = !quiet && hasAnyHook(Model, afterInsertHooks)
  const autoCreate = autoCreateAttributes(Model)
  let batchNow: DateTime | undefined
  const now = () => (batchNow ??= currentDateTime())
  return managedTransaction(client, async (trx) => {
    const instanceOptions = { client: trx, connection: options.connection }
    for (const instance of instances) {
      ensureNotDeleted(instance)
      if (instance.$isPersisted) {
        throw new E_INVALID_QUERY(
          `Cannot insert a "${Model.name}" that is already persisted: save() it instead`
        )
      }
      instance.$setOptionsAndTrx(instanceOptions)
      rememberState(instance, trx)
      if (beforeHooks) await runHookList(Model, beforeInsertHooks, instance)
      initiateAutoCreateColumns(instance, autoCreate, now)
    }
    const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
    const insertable = insertableColumns(primaryKey, Model.selfAssignPrimaryKey)
    const rows = instances.map((instance) =>
      prepareForAdapter(instance, instance.$attributes, insertable)
    )
    // one statement at a time: a transaction's connection runs one query at once
    for (const group of statements(rows, trx)) {
      await insertStatement(
        Model,
        group.map((index) => instances[index]),
        group.map((index) => rows[index]),
        trx
      )
    }
    for (const instance of instances) {
      instance.$hydrateOriginals()
      instance.$isPersisted = true
    }
    if (afterHooks) {
      for (const instance of instances) await runHookList(Model, afterInsertHooks, instance)
    }
    return instances
  })
}
