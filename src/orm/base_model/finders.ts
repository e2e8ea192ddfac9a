/**
 * The static finders and bulk writers of BaseModel (find, findBy,
 * firstOrCreate, updateOrCreateMany ...), written against the adapter.
 */
import {
  E_INVALID_QUERY,
  E_MISSING_ADAPTER,
  E_MISSING_MODEL_ATTRIBUTE,
  E_ROW_NOT_FOUND,
} from '../../errors.js'
import { managedTransaction } from '../../database/managed_transaction.js'
import type { QueryClientContract } from '../../types/database.js'
import type {
  AdapterContract,
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelAssignOptions,
  ModelAttributeName,
  ModelObject,
  ModelValues,
} from '../../types/model.js'
import { ModelQueryBuilder } from '../query_builder/model_query_builder.js'

/** An attribute name of a model class. */
export type AttributeKey<Model extends LucidModel> = ModelAttributeName<InstanceType<Model>>

type Instance<Model extends LucidModel> = InstanceType<Model>

/** The model's adapter, or a clear error when none was set. */
export function adapterOf(Model: LucidModel): AdapterContract {
  const adapter = Model.$adapter
  if (!adapter) {
    throw new E_MISSING_ADAPTER(
      `The "${Model.name}" model has no adapter. Call BaseModel.useAdapter(new Adapter(db)) once at startup`
    )
  }
  return adapter
}

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
function persistedKeyValue(instance: LucidRow): any {
  const Model = instance.constructor as LucidModel
  const original = instance.$original[Model.primaryKey]
  return instance.$isPersisted && original !== undefined && original !== null
    ? original
    : instance.$primaryKeyValue
}

/** Lucid refuses lookups without a value: `where(key, undefined)` matches nothing useful. */
function ensureLookupValue(Model: LucidModel, key: string, value: unknown) {
  if (value === undefined) {
    throw new E_INVALID_QUERY(
      `Cannot look up a "${Model.name}" by "${key}": the value is undefined. ` +
        'Pass a value to find/findBy/findManyBy (null matches NULL)'
    )
  }
}

/** A new unsaved instance filled with `values`, bound to the options' client/connection. */
export function newUp<Model extends LucidModel>(
  Model: Model,
  values: ModelObject,
  options?: ModelAssignOptions
): Instance<Model> {
  const instance = new Model() as Instance<Model>
  instance.$setOptionsAndTrx(options)
  instance.merge(values as ModelValues<Instance<Model>>, options?.allowExtraProperties ?? false)
  return instance
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
  return managedTransaction(client, async (trx) => {
    const models: Instance<Model>[] = []
    // one insert at a time: the transaction's connection runs one query at once
    for (const values of list)
      models.push(await create(Model, values, { ...options, client: trx }, quiet))
    return models
  })
}

/** Splits `findBy(key, value, options)` / `findBy({ ...clauses }, options)`. */
function clauseQuery<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions: unknown,
  options?: ModelAdapterOptions
) {
  if (keyOrClause !== null && typeof keyOrClause === 'object') {
    return Model.query(valueOrOptions as ModelAdapterOptions | undefined).where(
      keyOrClause as ModelObject
    )
  }
  ensureLookupValue(Model, String(keyOrClause), valueOrOptions)
  return Model.query(options).where(keyOrClause as string, valueOrOptions as never)
}

export async function findBy<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model> | null> {
  return clauseQuery(Model, keyOrClause, valueOrOptions, options).first()
}

export async function findByOrFail<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model>> {
  const model = await findBy(Model, keyOrClause, valueOrOptions, options)
  if (!model)
    throw new E_ROW_NOT_FOUND(`Row not found in "${Model.table}" for model "${Model.name}"`)
  return model
}

export async function findManyBy<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model>[]> {
  return clauseQuery(Model, keyOrClause, valueOrOptions, options).exec()
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
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
  const query = Model.query(options)
  const row = await query.where(search).first()
  if (row) return row
  return newUp(Model, { ...search, ...savePayload }, { ...options, client: query.client })
}

export async function firstOrCreate<Model extends LucidModel>(
  Model: Model,
  search: ModelObject,
  savePayload: ModelObject | undefined,
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
  const model = await firstOrNew(Model, search, savePayload, options)
  if (!model.$isPersisted) await model.save()
  return model
}

/** Row locks only exist on the server dialects; SQLite locks the whole file anyway. */
function lockRows<Query extends ModelQueryBuilder<any, any>>(query: Query): Query {
  if (query.client.dialect.name !== 'sqlite') query.forUpdate()
  return query
}

export async function updateOrCreate<Model extends LucidModel>(
  Model: Model,
  search: ModelObject,
  updatePayload: ModelObject,
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return managedTransaction(client, async (trx) => {
    const row = await lockRows(Model.query({ client: trx }))
      .where(search)
      .first()
    if (row) {
      row.merge(
        updatePayload as ModelValues<Instance<Model>>,
        options?.allowExtraProperties ?? false
      )
      await row.save()
      return row
    }
    return create(Model, { ...search, ...updatePayload }, { ...options, client: trx }, false)
  })
}

/** A Map key for the values of `keys` in a row (numbers and numeric strings match). */
function compositeKey(keys: string[], values: ModelObject): string {
  return keys
    .map((key) => {
      const value = values[key]
      if (value instanceof Date) return value.toISOString()
      if (value !== null && typeof value === 'object' && typeof value.toISO === 'function') {
        return value.toISO()
      }
      return String(value)
    })
    .join('\u0000')
}

/** Checks that every payload row carries the lookup keys. */
function ensureKeys(Model: LucidModel, method: string, keys: string[], payload: ModelObject[]) {
  for (const row of payload) {
    for (const key of keys) {
      if (row[key] === undefined || row[key] === null) {
        throw new E_MISSING_MODEL_ATTRIBUTE(
          `Value for "${key}" is missing in a "${Model.name}.${method}" payload row: every row needs the lookup keys (${keys.join(', ')})`
        )
      }
    }
  }
}

/** Selects the existing rows whose lookup keys appear in `payload`. */
function existingRowsQuery<Model extends LucidModel>(
  Model: Model,
  keys: string[],
  payload: ModelObject[],
  client: QueryClientContract
) {
  const query = Model.query({ client })
  if (keys.length === 1)
    return query.whereIn(
      keys[0],
      payload.map((row) => row[keys[0]])
    )
  return query.where((group) => {
    for (const row of payload) {
      group.orWhere((match) => {
        for (const key of keys) match.where(key, row[key])
      })
    }
  })
}

/**
 * Matches payload rows to existing models by their lookup keys; rows with
 * no match get a new unsaved instance (one per distinct key). Input order
 * is kept.
 */
async function matchOrNewUp<Model extends LucidModel>(
  Model: Model,
  method: string,
  key: string | string[],
  payload: ModelObject[],
  options: ModelAssignOptions | undefined,
  client: QueryClientContract,
  lock: boolean
): Promise<{ model: Instance<Model>; values: ModelObject; existed: boolean }[]> {
  const keys = Array.isArray(key) ? key : [key]
  ensureKeys(Model, method, keys, payload)
  if (payload.length === 0) return []
  const query = existingRowsQuery(Model, keys, payload, client)
  const existing = await (lock ? lockRows(query) : query).exec()
  const byKey = new Map<string, Instance<Model>>()
  for (const model of existing) byKey.set(compositeKey(keys, model.$attributes), model)
  const created = new Map<string, Instance<Model>>()
  return payload.map((values) => {
    const lookup = compositeKey(keys, values)
    const found = byKey.get(lookup)
    if (found) return { model: found, values, existed: true }
    let model = created.get(lookup)
    if (!model) {
      model = newUp(Model, values, { ...options, client })
      created.set(lookup, model)
    }
    return { model, values, existed: false }
  })
}

export async function fetchOrNewUpMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  const matches = await matchOrNewUp(
    Model,
    'fetchOrNewUpMany',
    key,
    payload,
    options,
    client,
    false
  )
  return matches.map((match) => match.model)
}

export async function fetchOrCreateMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return managedTransaction(client, async (trx) => {
    const matches = await matchOrNewUp(
      Model,
      'fetchOrCreateMany',
      key,
      payload,
      options,
      trx,
      false
    )
    for (const match of matches) {
      if (!match.model.$isPersisted) await match.model.save()
    }
    return matches.map((match) => match.model)
  })
}

export async function updateOrCreateMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return managedTransaction(client, async (trx) => {
    const matches = await matchOrNewUp(
      Model,
      'updateOrCreateMany',
      key,
      payload,
      options,
      trx,
      true
    )
    for (const match of matches) {
      if (match.existed) {
        match.model.merge(
          match.values as ModelValues<Instance<Model>>,
          options?.allowExtraProperties ?? false
        )
      }
      await match.model.save()
    }
    return matches.map((match) => match.model)
  })
}
