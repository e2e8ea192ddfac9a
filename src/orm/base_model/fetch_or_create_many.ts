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
import { maxTuples } from '../../database/query_builder/long_lists.js'
import { chunk } from '../relations/keys.js'
import { createOrFirst, transactionWithRetries, type Fallback } from './create_or_first.js'
import { matchBatch } from './lookup_join.js'
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
/** What `lockRows` needs of a model query. */
interface LockableQuery {
  readonly client: QueryClientContract
  readonly model: LucidModel
  forUpdate(): unknown
  orderBy(column: string): unknown
}

export function lockRows<Query extends LockableQuery>(query: Query): Query {
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

/** Bindings kept free for the model's scopes when splitting the lookup keys. */
const lookupHeadroom = 500

/** Payload rows per lookup query: the derived table is one union branch per row on MySQL. */
const maxBatchRows = 1000

/**
 * The existing row each payload row stands for, by the database's own
 * equality (see lookup_join.ts), in batches that stay under the dialect's
 * bind limit (each row binds its keys twice and its index once). Several
 * rows for one payload row (no unique index): the first by primary key,
 * as Lucid takes the first. A row matched by several payload rows is one
 * instance, returned for each of them.
 */
async function existingRows<Model extends LucidModel>(
  Model: Model,
  keys: LookupKeys,
  rows: PayloadRow[],
  client: QueryClientContract,
  lock: boolean
): Promise<Map<number, Instance<Model>>> {
  const byBindings = Math.floor(
    (client.dialect.maxBindings - lookupHeadroom) / (2 * keys.given.length + 1)
  )
  const size = Math.max(Math.min(byBindings, maxBatchRows, maxTuples(client.dialect)), 1)
  const found = new Map<number, Instance<Model>>()
  const byKey = new Map<string, Instance<Model>>()
  const indexes = rows.map((_, index) => index)
  for (const part of chunk(indexes, size)) {
    const batch = { indexes: part, values: part.map((index) => rows[index].lookup) }
    for (const [index, model] of await matchBatch(Model, keys, batch, client, lock)) {
      if (found.has(index)) continue
      const key = String(model.$primaryKeyValue)
      if (!byKey.has(key)) byKey.set(key, model as Instance<Model>)
      found.set(index, byKey.get(key)!)
    }
  }
  return found
}

interface Match<Model extends LucidModel> {
  model: Instance<Model>
  row: PayloadRow
  /** Position in the input. */
  index: number
  existed: boolean
}

/**
 * Matches payload rows to existing models (see `existingRows`); every row
 * with no match gets a new unsaved instance of its own, as in Lucid (payload
 * rows that share a new key are all created: with a unique index on the
 * key, the later ones meet the first one's row instead). Input order is kept.
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
  const existing = await existingRows(Model, keys, rows, client, lock)
  return rows.map((row, index) => {
    const found = existing.get(index)
    if (found) return { model: found, row, index, existed: true }
    return { model: newUp(Model, row.values, { ...options, client }), row, index, existed: false }
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

/**
 * Creates the new rows of `matches` in key order and resolves each match to
 * the instance that stands for its row. A create that hits the unique index
 * on a row this call already holds (fetched, or created for an earlier
 * payload row the database finds equal: 'news' and 'NEWS' on MySQL) takes
 * that instance; one that meets another caller's row takes the re-read row
 * (or, with `restart`, runs the operation again).
 */
async function createMissing<Model extends LucidModel>(
  keys: LookupKeys,
  matches: Match<Model>[],
  trx: QueryClientContract,
  fallback: (match: Match<Model>) => Fallback
): Promise<Map<Match<Model>, Instance<Model>>> {
  const held = new Map<string, Instance<Model>>()
  for (const match of matches) {
    if (match.existed) held.set(String(match.model.$primaryKeyValue), match.model)
  }
  const resolved = new Map<Match<Model>, Instance<Model>>()
  const own = (row: LucidRow) => held.get(String(row.$primaryKeyValue))
  for (const match of inKeyOrder(matches)) {
    if (match.existed) continue
    const search = searchOf(keys, match.row)
    const saved = await createOrFirst(match.model, search, trx, fallback(match), own)
    const key = String(saved.$primaryKeyValue)
    if (!held.has(key)) held.set(key, saved)
    resolved.set(match, held.get(key)!)
  }
  return resolved
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
 * returned in input order. Payload rows the database finds equal share one
 * instance: the row as the first of them found or created it. A create
 * that loses to a concurrent one returns the winner's row.
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
    const created = await createMissing(keys, matches, trx, () => 'share')
    return matches.map((match) => created.get(match) ?? match.model)
  })
}

/**
 * Updates the rows matched by `key` (locked FOR UPDATE) and creates the
 * rest (in key order), returning in input order. Payload rows the database
 * finds equal (the same key twice, or 'news' and 'NEWS' on a
 * case-insensitive collation) behave as successive `updateOrCreate` calls:
 * each is merged into the row in input order and saved, so the last one
 * wins, and all of them return the same instance. A create that loses to a
 * concurrent one updates the winner's row instead, as if the select had
 * found it (our own transaction runs again to find it).
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
      // another caller's row: rerun to lock it in key order, or (the caller's transaction) lock it now
      const created = await createMissing(keys, matches, trx, () => (owned ? 'restart' : 'update'))
      const models = matches.map((match) => created.get(match) ?? match.model)
      // every instance gets its payload rows in input order; the row it was created from is in it already
      const written = new Set<Instance<Model>>()
      for (const [position, match] of matches.entries()) {
        const model = models[position]
        const creator = !match.existed && model === match.model
        // a row just inserted from this payload row is written: a save would run its update hooks
        if (creator && !written.has(model)) {
          written.add(model)
          continue
        }
        model.merge(
          match.row.values as ModelValues<Instance<Model>>,
          options?.allowExtraProperties ?? false
        )
        written.add(model)
        await model.save()
      }
      return models
    },
    { locksMissingRows: true }
  )
}
