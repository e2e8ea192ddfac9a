/**
 * The bulk finders and writers of BaseModel keyed by lookup columns:
 * fetchOrNewUpMany, fetchOrCreateMany and updateOrCreateMany.
 *
 * Lookup values go to the query the way an insert writes them, through the
 * column's `prepare` (a DateTime becomes the dialect's date-time text), and
 * payload rows are matched to fetched models on those prepared values, so
 * a row is found exactly when the SQL lookup finds it.
 */
import { DateTime } from 'luxon'
import { E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import type { QueryClientContract } from '../../types/database.js'
import type {
  LucidModel,
  LucidRow,
  ModelAssignOptions,
  ModelObject,
  ModelValues,
} from '../../types/model.js'
import type { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import { maxTuples } from '../../database/query_builder/long_lists.js'
import { chunk } from '../relations/keys.js'
import { createOrFirst, transactionWithRetries } from './create_or_first.js'
import { lookupAttribute } from './lookup_keys.js'
import { adapterOf } from './adapter_of.js'
import { newUp } from './new_up.js'

type Instance<Model extends LucidModel> = InstanceType<Model>

/**
 * Row locks only exist on the server dialects; SQLite locks the whole file
 * anyway. PostgreSQL locks rows in the order its plan returns them, which
 * differs between callers once updates move rows: ordered by primary key,
 * every caller locks overlapping rows in the same order and none deadlocks.
 * (MySQL locks while scanning the lookup index, in key order already; an
 * ORDER BY there could switch it to a locking scan of the whole table.)
 */
export function lockRows<Query extends ModelQueryBuilder<any, any>>(query: Query): Query {
  const dialect = query.client.dialect.name
  if (dialect === 'sqlite') return query
  query.forUpdate()
  if (dialect === 'postgres') query.orderBy(query.model.primaryKey)
  return query
}

/**
 * The lookup keys of one call: as given (attribute or column names, used
 * for payload rows and the query) and the attributes they name (used for
 * fetched models).
 */
interface LookupKeys {
  given: string[]
  attributes: string[]
}

/**
 * Checks that every payload row carries a value for every key (Lucid's
 * message), then that every key names an attribute or column of the model.
 */
function lookupKeys(
  Model: LucidModel,
  method: string,
  key: string | string[],
  payload: ModelObject[]
): LookupKeys {
  const given = Array.isArray(key) ? key : [key]
  for (const row of payload) {
    for (const name of given) {
      if (row[name] === undefined || row[name] === null) {
        throw new E_MISSING_MODEL_ATTRIBUTE(
          `Value for the "${name}" is null or undefined inside "${method}" payload`
        )
      }
    }
  }
  return { given, attributes: given.map((name) => lookupAttribute(Model, method, name)) }
}

/** A lookup value as an insert writes it: through the column's `prepare`. */
function prepared(Model: LucidModel, attribute: string, value: unknown, instance: LucidRow) {
  const prepare = Model.$columnsDefinitions.get(attribute)?.prepare
  return prepare && value !== null && value !== undefined
    ? prepare(value, attribute, instance)
    : value
}

/** A Map key for prepared values (numbers and numeric strings match). */
function keyOf(values: unknown[]): string {
  const parts = values.map((value) => {
    if (value instanceof Date) return value.toISOString()
    if (DateTime.isDateTime(value)) return value.toISO() ?? String(value)
    return String(value)
  })
  // JSON keeps parts apart: with a separator, ('a\0b', 'c') and ('a', 'b\0c') would meet
  return parts.length === 1 ? parts[0] : JSON.stringify(parts)
}

/** A payload row with its prepared lookup values and their Map key. */
interface PayloadRow {
  values: ModelObject
  lookup: unknown[]
  key: string
}

function payloadRows(
  Model: LucidModel,
  keys: LookupKeys,
  payload: ModelObject[],
  client: QueryClientContract
): PayloadRow[] {
  // `prepare` gets an instance: a date-time column reads its client's dialect
  const probe = new Model()
  probe.$setOptionsAndTrx({ client })
  return payload.map((values) => {
    const lookup = keys.given.map((name, index) =>
      prepared(Model, keys.attributes[index], values[name], probe)
    )
    return { values, lookup, key: keyOf(lookup) }
  })
}

/** The Map key of a fetched model, from its attributes prepared as for an insert. */
function modelKey(Model: LucidModel, attributes: string[], model: LucidRow): string {
  const values = model.$attributes as ModelObject
  return keyOf(attributes.map((name) => prepared(Model, name, values[name], model)))
}

/** Bindings kept free for the model's scopes when splitting the lookup keys. */
const lookupHeadroom = 500

/**
 * The existing rows whose lookup keys appear in `rows`, one query per slice
 * of them: a composite key binds every key of every row, so a slice stays
 * under the dialect's bind limit and the tuples pg takes in one list.
 */
async function existingRows<Model extends LucidModel>(
  Model: Model,
  keys: string[],
  rows: PayloadRow[],
  client: QueryClientContract,
  lock: boolean
): Promise<Instance<Model>[]> {
  const byBindings = Math.floor((client.dialect.maxBindings - lookupHeadroom) / keys.length)
  const byTuples = keys.length > 1 ? maxTuples(client.dialect) : byBindings
  const size = Math.max(Math.min(byBindings, byTuples), 1)
  let found: Instance<Model>[] = []
  for (const part of chunk(rows, size)) {
    const values = part.map((row) => (keys.length === 1 ? row.lookup[0] : row.lookup))
    const query = Model.query({ client }).whereIn(keys.length === 1 ? keys[0] : keys, values)
    const models = await (lock ? lockRows(query) : query).exec()
    // concat, not push(...models): spreading 100k+ rows overflows the call stack
    found = found.length === 0 ? models : found.concat(models)
  }
  return found
}

interface Match<Model extends LucidModel> {
  model: Instance<Model>
  row: PayloadRow
  existed: boolean
  /** A new row whose key an earlier new row of the same call has too. */
  repeat: boolean
}

/**
 * Matches payload rows to existing models by their lookup keys (the first
 * fetched model of a key, as in Lucid); every row with no match gets a new
 * unsaved instance of its own, as in Lucid (payload rows that share a new
 * key are all created: with a unique index on the key, the later ones
 * meet the first one's row instead). Input order is kept.
 */
async function matchOrNewUp<Model extends LucidModel>(
  Model: Model,
  keys: LookupKeys,
  payload: ModelObject[],
  options: ModelAssignOptions | undefined,
  client: QueryClientContract,
  lock: boolean
): Promise<Match<Model>[]> {
  if (payload.length === 0) return []
  const rows = payloadRows(Model, keys, payload, client)
  const existing = await existingRows(Model, keys.given, rows, client, lock)
  const byKey = new Map<string, Instance<Model>>()
  for (const model of existing) {
    const key = modelKey(Model, keys.attributes, model)
    if (!byKey.has(key)) byKey.set(key, model)
  }
  const newKeys = new Set<string>()
  return rows.map((row) => {
    const found = byKey.get(row.key)
    if (found) return { model: found, row, existed: true, repeat: false }
    const repeat = newKeys.has(row.key)
    newKeys.add(row.key)
    return { model: newUp(Model, row.values, { ...options, client }), row, existed: false, repeat }
  })
}

/** The `search` that re-reads one payload row: its prepared lookup values. */
function searchOf(keys: LookupKeys, row: PayloadRow): ModelObject {
  const search: ModelObject = {}
  keys.given.forEach((name, index) => (search[name] = row.lookup[index]))
  return search
}

/**
 * The matches ordered by their lookup keys (stable: repeated keys keep
 * their order). Rows are written in this order, not the payload's: every
 * caller then locks the keys it inserts in the same order, so concurrent
 * calls with overlapping keys do not deadlock each other (each deadlock
 * costs PostgreSQL its deadlock_timeout, 1 s by default, to break).
 */
function inKeyOrder<Model extends LucidModel>(matches: Match<Model>[]) {
  return [...matches].sort((a, b) => (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0))
}

export async function fetchOrNewUpMany<Model extends LucidModel>(
  Model: Model,
  key: string | string[],
  payload: ModelObject[],
  options?: ModelAssignOptions
): Promise<Instance<Model>[]> {
  const keys = lookupKeys(Model, 'fetchOrNewUpMany', key, payload)
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  const matches = await matchOrNewUp(Model, keys, payload, options, client, false)
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
  const keys = lookupKeys(Model, 'fetchOrCreateMany', key, payload)
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return transactionWithRetries(client, async (trx) => {
    const matches = await matchOrNewUp(Model, keys, payload, options, trx, false)
    // new model -> the row inserted first under its key (by another caller, or by this call)
    const winners = new Map<Instance<Model>, Instance<Model>>()
    for (const match of inKeyOrder(matches)) {
      if (match.model.$isPersisted) continue
      const saved = await createOrFirst(match.model, searchOf(keys, match.row), trx, 'share')
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
  const keys = lookupKeys(Model, 'updateOrCreateMany', key, payload)
  const client = adapterOf(Model).modelConstructorClient(Model, options)
  return transactionWithRetries(
    client,
    async (trx, owned) => {
      const matches = await matchOrNewUp(Model, keys, payload, options, trx, true)
      const winners = new Map<Instance<Model>, Instance<Model>>()
      for (const match of inKeyOrder(matches)) {
        if (!match.existed && !match.model.$isPersisted) {
          // a repeated new key can only clash with the row this call just inserted and
          // locked: updating that row in place cannot deadlock with anyone
          const fallback = owned && !match.repeat ? 'restart' : 'update'
          const saved = await createOrFirst(match.model, searchOf(keys, match.row), trx, fallback)
          if (saved === match.model) continue
          winners.set(match.model, saved)
        }
        const model = winners.get(match.model) ?? match.model
        if (match.existed || winners.has(match.model)) {
          model.merge(
            match.row.values as ModelValues<Instance<Model>>,
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
