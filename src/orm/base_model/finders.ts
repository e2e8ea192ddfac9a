/**
 * The static finders and bulk writers of BaseModel (find, findBy,
 * firstOrCreate, updateOrCreateMany ...), written against the adapter.
 */
import { E_INVALID_QUERY, E_MISSING_MODEL_ATTRIBUTE, E_ROW_NOT_FOUND } from '../../errors.js'
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
import { chunk } from '../relations/keys.js'
import { maxTuples } from '../../database/query_builder/long_lists.js'
import { lookupAttribute } from './lookup_keys.js'
import { insertModels } from './persistence.js'
import { afterInsertHooks, beforeInsertHooks, hasAnyHook } from './hooks.js'
import { adapterOf } from './adapter_of.js'

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
  if (quiet || !hasAnyHook(Model, [...beforeInsertHooks, ...afterInsertHooks])) {
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

/** Splits `findBy(key, value, options)` / `findBy({ ...clauses }, options)`. */
function clauseQuery<Model extends LucidModel>(
  Model: Model,
  method: string,
  keyOrClause: unknown,
  valueOrOptions: unknown,
  options?: ModelAdapterOptions
) {
  if (keyOrClause !== null && typeof keyOrClause === 'object') {
    for (const key of Object.keys(keyOrClause)) lookupAttribute(Model, method, key, true)
    return Model.query(valueOrOptions as ModelAdapterOptions | undefined).where(
      keyOrClause as ModelObject
    )
  }
  lookupAttribute(Model, method, keyOrClause, true)
  ensureLookupValue(Model, String(keyOrClause), valueOrOptions)
  return Model.query(options).where(keyOrClause as string, valueOrOptions as never)
}

export async function findBy<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model> | null> {
  return clauseQuery(Model, 'findBy', keyOrClause, valueOrOptions, options).first()
}

export async function findByOrFail<Model extends LucidModel>(
  Model: Model,
  keyOrClause: unknown,
  valueOrOptions?: unknown,
  options?: ModelAdapterOptions
): Promise<Instance<Model>> {
  const query = clauseQuery(Model, 'findByOrFail', keyOrClause, valueOrOptions, options)
  const model = await query.first()
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
  options?: ModelAssignOptions
): Promise<Instance<Model>> {
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
  const model = await firstOrNew(Model, search, savePayload, options)
  if (model.$isPersisted) return model
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return createOrFirst(model, search, client, 'share')
}

/**
 * Row locks only exist on the server dialects; SQLite locks the whole file
 * anyway. PostgreSQL locks rows in the order its plan returns them, which
 * differs between callers once updates move rows: ordered by primary key,
 * every caller locks overlapping rows in the same order and none deadlocks.
 * (MySQL locks while scanning the lookup index, in key order already; an
 * ORDER BY there could switch it to a locking scan of the whole table.)
 */
function lockRows<Query extends ModelQueryBuilder<any, any>>(query: Query): Query {
  const dialect = query.client.dialect.name
  if (dialect === 'sqlite') return query
  query.forUpdate()
  if (dialect === 'postgres') query.orderBy(query.model.primaryKey)
  return query
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

/** A Map key for the values of `keys` in a row (numbers and numeric strings match). */
function compositeKey(keys: string[], values: ModelObject): string {
  const parts = keys.map((key) => {
    const value = values[key]
    if (value instanceof Date) return value.toISOString()
    if (value !== null && typeof value === 'object' && typeof value.toISO === 'function') {
      return value.toISO()
    }
    return String(value)
  })
  // JSON keeps parts apart: with a separator, ('a\0b', 'c') and ('a', 'b\0c') would meet
  return parts.length === 1 ? parts[0] : JSON.stringify(parts)
}

/**
 * Checks the lookup keys (attributes or column names of the model) and that
 * every payload row carries them; returns the keys as attribute names.
 */
function ensureKeys(
  Model: LucidModel,
  method: string,
  keys: string[],
  payload: ModelObject[]
): string[] {
  const attributes = keys.map((key) => lookupAttribute(Model, method, key))
  for (const row of payload) {
    for (const key of keys) {
      if (row[key] === undefined || row[key] === null) {
        throw new E_MISSING_MODEL_ATTRIBUTE(
          `Value for "${key}" is missing in a "${Model.name}.${method}" payload row: every row needs the lookup keys (${keys.join(', ')})`
        )
      }
    }
  }
  return attributes
}

/** Bindings kept free for the model's scopes when splitting the lookup keys. */
const lookupHeadroom = 500

/**
 * The existing rows whose lookup keys appear in `payload`, one query per
 * slice of it: a composite key binds every key of every row, so a slice
 * stays under the dialect's bind limit and the tuples pg takes in one list.
 */
async function existingRows<Model extends LucidModel>(
  Model: Model,
  keys: string[],
  payload: ModelObject[],
  client: QueryClientContract,
  lock: boolean
): Promise<Instance<Model>[]> {
  const byBindings = Math.floor((client.dialect.maxBindings - lookupHeadroom) / keys.length)
  const byTuples = keys.length > 1 ? maxTuples(client.dialect) : byBindings
  const size = Math.max(Math.min(byBindings, byTuples), 1)
  let rows: Instance<Model>[] = []
  for (const part of chunk(payload, size)) {
    const values = part.map((row) => (keys.length === 1 ? row[keys[0]] : keys.map((k) => row[k])))
    const query = Model.query({ client }).whereIn(keys.length === 1 ? keys[0] : keys, values)
    const found = await (lock ? lockRows(query) : query).exec()
    // concat, not push(...found): spreading 100k+ rows overflows the call stack
    rows = rows.length === 0 ? found : rows.concat(found)
  }
  return rows
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
  // existing models are matched on their attributes, payload rows on the keys as given
  const attributes = ensureKeys(Model, method, keys, payload)
  if (payload.length === 0) return []
  const existing = await existingRows(Model, keys, payload, client, lock)
  const byKey = new Map<string, Instance<Model>>()
  for (const model of existing) byKey.set(compositeKey(attributes, model.$attributes), model)
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

/** The `search` of one payload row: its lookup key values. */
function lookupOf(keys: string[], values: ModelObject): ModelObject {
  const search: ModelObject = {}
  for (const key of keys) search[key] = values[key]
  return search
}

/**
 * The payload rows ordered by their lookup keys (stable: repeated keys keep
 * their order). Rows are written in this order, not the payload's: every
 * caller then locks the keys it inserts in the same order, so concurrent
 * calls with overlapping keys do not deadlock each other (each deadlock
 * costs PostgreSQL its deadlock_timeout, 1 s by default, to break).
 */
function inKeyOrder<Match extends { values: ModelObject }>(keys: string[], matches: Match[]) {
  const sortKeys = new Map(matches.map((match) => [match, compositeKey(keys, match.values)]))
  return [...matches].sort((a, b) => {
    const left = sortKeys.get(a)!
    const right = sortKeys.get(b)!
    return left < right ? -1 : left > right ? 1 : 0
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

/**
 * Existing rows matched by `key`, and the rest created (in key order), all
 * returned in input order. A create that loses to a concurrent one returns
 * the winner's row.
 */
export async function fetchOrCreateMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const keys = Array.isArray(key) ? key : [key]
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return transactionWithRetries(client, async (trx) => {
    const matches = await matchOrNewUp(
      Model,
      'fetchOrCreateMany',
      key,
      payload,
      options,
      trx,
      false
    )
    // new model -> the row another caller inserted first; payload rows sharing a key share it
    const winners = new Map<Instance<Model>, Instance<Model>>()
    for (const match of inKeyOrder(keys, matches)) {
      if (match.model.$isPersisted || winners.has(match.model)) continue
      const saved = await createOrFirst(match.model, lookupOf(keys, match.values), trx, 'share')
      if (saved !== match.model) winners.set(match.model, saved)
    }
    return matches.map((match) => winners.get(match.model) ?? match.model)
  })
}

/**
 * Updates the rows matched by `key` (locked FOR UPDATE) and creates the
 * rest, writing in key order and returning in input order. A create that
 * loses to a concurrent one updates the winner's row instead, as if the
 * select had found it (our own transaction runs again to find it).
 */
export async function updateOrCreateMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const keys = Array.isArray(key) ? key : [key]
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return transactionWithRetries(
    client,
    async (trx, owned) => {
      const matches = await matchOrNewUp(
        Model,
        'updateOrCreateMany',
        key,
        payload,
        options,
        trx,
        true
      )
      const winners = new Map<Instance<Model>, Instance<Model>>()
      for (const match of inKeyOrder(keys, matches)) {
        if (!match.existed && !match.model.$isPersisted && !winners.has(match.model)) {
          const saved = await createOrFirst(
            match.model,
            lookupOf(keys, match.values),
            trx,
            owned ? 'restart' : 'update'
          )
          if (saved === match.model) continue
          winners.set(match.model, saved)
        }
        const model = winners.get(match.model) ?? match.model
        // a repeated new key keeps its first row's values, as in Lucid (the save is a no-op)
        if (match.existed || winners.has(match.model)) {
          model.merge(
            match.values as ModelValues<Instance<Model>>,
            options?.allowExtraProperties ?? false
          )
        }
        await model.save()
      }
      return matches.map((match) => winners.get(match.model) ?? match.model)
    },
    { locksMissingRows: true }
  )
}
