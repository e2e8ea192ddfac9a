/**
 * The static finders and writers of BaseModel (find, findBy, createMany,
 * firstOrCreate, updateOrCreate ...), written against the adapter. The
 * bulk lookups (fetchOrCreateMany ...) live in fetch_or_create_many.ts.
 */
import type { QueryValue } from '../../types/query_values.js'
import { E_INVALID_QUERY, E_ROW_NOT_FOUND } from '../../errors.js'
import { managedTransaction } from '../../database/managed_transaction.js'
import type { QueryClientContract } from '../../types/database.js'
import type {
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelAssignOptions,
  ModelAttributeName,
  ModelObject,
  ModelValues,
} from '../../types/model.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import { createOrFirst, transactionWithRetries } from './create_or_first.js'
import { ensureLookupColumn } from './lookup_keys.js'
import { newUp } from './new_up.js'
import { lockRows } from './fetch_or_create_many.js'
import { originalAttribute } from './lazy_values.js'
import { insertModels } from './persistence.js'
import { afterInsertHooks, beforeInsertHooks, hasAnyHook } from './hooks.js'
import { adapterOf } from './adapter_of.js'
import { builtInQueryFor, builtInRowWrites } from '../known_writes.js'

/** An attribute name of a model class. */
export type AttributeKey<Model extends LucidModel> = ModelAttributeName<InstanceType<Model>>

type Instance<Model extends LucidModel> = InstanceType<Model>

/** The query an instance's insert, update, delete or refresh runs. */
export function queryFor(
  instance: LucidRow,
  action: 'insert' | 'update' | 'delete' | 'refresh',
  client: QueryClientContract
) {
  const Model = instance.constructor as LucidModel
  if (action === 'insert') return client.insertQuery().table(Model.table)
  const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
  const value = persistedKeyValue(instance)
  if (action === 'refresh') {
    return ModelQueryBuilder.forModel(Model, client).withTrashed().where(primaryKey, value)
  }
  return client.query().from(Model.table).where(primaryKey, value)
}

/**
 * The primary key of the row as stored: the original value when the key
 * itself was changed (self-assigned keys can be renamed) or removed by fill.
 */
export function persistedKeyValue(instance: LucidRow): QueryValue {
  const Model = instance.constructor as LucidModel
  const original = originalAttribute(instance, Model.primaryKey)
  // a key column holds a value a where clause binds (the model's own key as stored)
  return instance.$isPersisted && original !== undefined && original !== null
    ? (original as QueryValue)
    : instance.$primaryKeyValue
}

/** Lucid refuses lookups without a value: `where(key, undefined)` matches nothing useful. */
function ensureLookupValue(
  Model: LucidModel,
  method: string,
  key: string,
  value: unknown,
  inSearchObject = false
) {
  if (value === undefined) {
    throw new E_INVALID_QUERY(
      `Cannot look up a "${Model.name}" by "${key}" in ${method}(): the value is undefined. ` +
        `Pass a value (null matches NULL)${inSearchObject ? ', or leave the key out' : ''}`
    )
  }
}

/** `ensureLookupValue` for each key of a search object (`findBy({ ... })`, `firstOrCreate` ...). */
function ensureLookupValues(Model: LucidModel, method: string, search: ModelObject) {
  for (const key of Object.keys(search)) ensureLookupValue(Model, method, key, search[key], true)
}

export async function create<Model extends LucidModel>(
  Model: Model,
  values: ModelObject,
  options: ModelAssignOptions | undefined,
  quiet: boolean
): Promise<Instance<Model>> {
  const instance = newUp(Model, values, options)
  await (quiet ? instance.saveQuietly() : instance.save())
  return instance
}

export async function createMany<Model extends LucidModel>(
  Model: Model,
  list: ModelObject[],
  options: ModelAssignOptions | undefined,
  quiet: boolean
): Promise<Instance<Model>[]> {
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  if (writesRowsAsBaseModel(Model, quiet)) {
    // nothing observes the rows one by one: multi-row INSERTs in one transaction
    const models = list.map((values) => newUp(Model, values, options))
    return insertModels(Model, models, { ...options, client, quiet: true })
  }
  return managedTransaction(client, async (trx) => {
    const models: Instance<Model>[] = []
    // with hooks, Lucid's semantics: each row is saved (and its hooks run) before the next
    for (const values of list)
      models.push(await create(Model, values, { ...options, client: trx }, quiet))
    return models
  })
}

/**
 * True when nothing would see the rows of a createMany one by one: no
 * insert hooks run (or `quiet`), and the model keeps BaseModel's `save`,
 * `$getQueryFor` and the Adapter's `insert` (an override of any of them
 * gets every row, as in Lucid).
 */
function writesRowsAsBaseModel(Model: LucidModel, quiet: boolean): boolean {
  if (!quiet && hasAnyHook(Model, [...beforeInsertHooks, ...afterInsertHooks])) return false
  const prototype = Model.prototype as LucidRow
  return (
    builtInRowWrites.has(quiet ? prototype.saveQuietly : prototype.save) &&
    builtInQueryFor.has(prototype.$getQueryFor) &&
    builtInRowWrites.has(adapterOf(Model).insert)
  )
}

/** Splits `findBy(key, value, options)` / `findBy({ ...clauses }, options)`. */
function clauseQuery<Model extends LucidModel>(
  Model: Model,
  method: string,
  keyOrClause: unknown,
  valueOrOptions: unknown,
  options?: ModelAdapterOptions
) {
  if (keyOrClause !== null && typeof keyOrClause === 'object') {
    for (const key of Object.keys(keyOrClause)) ensureLookupColumn(Model, method, key)
    ensureLookupValues(Model, method, keyOrClause as ModelObject)
    return Model.query(valueOrOptions as ModelAdapterOptions | undefined).where(
      keyOrClause as ModelObject
    )
  }
  ensureLookupColumn(Model, method, keyOrClause)
  ensureLookupValue(Model, method, String(keyOrClause), valueOrOptions)
  return Model.query(options).where(keyOrClause as string, valueOrOptions as never)
}

export async function findBy<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions,
  method = 'findBy'
): Promise<Instance<Model> | null> {
  return clauseQuery(Model, method, keyOrClause, valueOrOptions, options).first()
}

export async function findByOrFail<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions,
  method = 'findByOrFail'
): Promise<Instance<Model>> {
  const query = clauseQuery(Model, method, keyOrClause, valueOrOptions, options)
  const model = await query.first()
  if (!model) {
    throw new E_ROW_NOT_FOUND('Row not found', { model: Model.name, table: Model.table })
  }
  return model
}

export async function findManyBy<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model>[]> {
  return clauseQuery(Model, 'findManyBy', keyOrClause, valueOrOptions, options).exec()
}

export async function findMany<Model extends LucidModel>(
  Model: Model,
  values: unknown[],
  options?: ModelAdapterOptions
): Promise<Instance<Model>[]> {
  if (!Array.isArray(values)) {
    throw new E_INVALID_QUERY(
      `"${Model.name}.findMany" expects an array of "${Model.primaryKey}" values (got ${typeof values})`
    )
  }
  return Model.query(options)
    .whereIn(Model.primaryKey, values as never[])
    .orderBy(Model.primaryKey, 'desc')
    .exec()
}

export async function firstOrNew<Model extends LucidModel>(
  Model: Model,
  search: ModelObject,
  savePayload: ModelObject | undefined,
  options?: ModelAssignOptions,
  method = 'firstOrNew'
): Promise<Instance<Model>> {
  ensureLookupValues(Model, method, search)
  const query = Model.query(options)
  const row = await query.where(search).first()
  if (row) return row
  return newUp(Model, { ...search, ...savePayload }, { ...options, client: query.client })
}

/**
 * The row matching `search`, or a new one. Race-safe under a unique index
 * on the search keys: an insert that loses to a concurrent one returns the
 * winner's row (see create_or_first.ts).
 */
export async function firstOrCreate<Model extends LucidModel>(
  Model: Model,
  search: ModelObject,
  savePayload: ModelObject | undefined,
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
  const model = await firstOrNew(Model, search, savePayload, options, 'firstOrCreate')
  if (model.$isPersisted) return model
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return createOrFirst(model, search, client, 'share')
}

/**
 * Updates the row matching `search` (locked FOR UPDATE), or creates it. A
 * create that loses to a concurrent one updates the winner's row instead:
 * in the caller's transaction after locking it, in a transaction of our own
 * by running again, when the select finds it (see create_or_first.ts).
 */
export async function updateOrCreate<Model extends LucidModel>(
  Model: Model,
  search: ModelObject,
  updatePayload: ModelObject,
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
  ensureLookupValues(Model, 'updateOrCreate', search)
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return transactionWithRetries(
    client,
    async (trx, owned) => {
      let row = await lockRows(Model.query({ client: trx }))
        .where(search)
        .first()
      if (!row) {
        const model = newUp(Model, { ...search, ...updatePayload }, { ...options, client: trx })
        row = await createOrFirst(model, search, trx, owned ? 'restart' : 'update')
        if (row === model) return model
      }
      row.merge(
        updatePayload as ModelValues<Instance<Model>>,
        options?.allowExtraProperties ?? false
      )
      await row.save()
      return row
    },
    { locksMissingRows: true }
  )
}

export { newUp } from './new_up.js'
export { fetchOrNewUpMany, fetchOrCreateMany, updateOrCreateMany } from './fetch_or_create_many.js'
