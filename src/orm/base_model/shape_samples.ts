/**
 * One sample object of each hidden class hydration works on, kept alive.
 *
 * V8 compiles hydration for the hidden classes (maps) of the objects it
 * meets: the driver's rows, the attribute objects the row mapper builds,
 * the model instances and their field types, the options object and the
 * query client it holds (a new one per query). A full garbage collection
 * drops what no live object holds and deoptimizes the code compiled for
 * it: the next query's objects run in the interpreter until the code is
 * optimized again. When every model of a query is garbage by the next full
 * GC (a request that loads, serializes and drops its models), each query
 * after one paid that: 1,000 users preloading 10,000 posts took 50 ms of
 * CPU after a full GC instead of 21.
 *
 * What is kept, per model and row shape (at most `MAX_SHAPES`), from the
 * first result of that shape: its first driver row, its options (with the
 * query client, a transaction's when it ran in one), and a model hydrated
 * from that row as the others were but never handed out (its constructor
 * runs once more; no user `consume`, hook or relation runs for it). So one
 * row's values per model and shape stay in memory.
 */
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel, ModelObject, ModelOptions } from '../../types/model.js'
import { classSlot, ownSlot } from './class_slots.js'

const MAX_SHAPES = 16

const samplesKey = classSlot('stratum.shapeSamples', () => new Map())

/** What hydration reads of a query's client. */
interface HydratingClient {
  readonly connectionName: string
  readonly isTransaction: boolean
}

/** What hydration gives each model of a query: its client, and what models read of it. */
export interface QueryHydrationOptions<Client extends HydratingClient = QueryClientContract> {
  client: Client
  connection: string
  /** The client when it is a transaction. */
  trx: Client | undefined
  /** The `$options` of its models: `sharedOptions(connection)`. */
  modelOptions: ModelOptions
}

/** One frozen `$options` object per connection name, shared by hydrated rows. */
const optionsByConnection = new Map<string, ModelOptions>()
export function sharedOptions(connection: string): ModelOptions {
  let options = optionsByConnection.get(connection)
  if (!options) {
    options = Object.freeze({ connection })
    optionsByConnection.set(connection, options)
  }
  return options
}

/**
 * The options object hydration passes each model (one literal site: one
 * map). The transaction and the models' `$options` are worked out here,
 * once per query: code that read them per row was compiled against the
 * client's hidden class, which dies with the query's client at a full GC,
 * and that deoptimized hydration for the next query.
 */
export function hydrationOptions<Client extends HydratingClient>(
  client: Client
): QueryHydrationOptions<Client> {
  return {
    client,
    connection: client.connectionName,
    trx: client.isTransaction ? client : undefined,
    modelOptions: sharedOptions(client.connectionName),
  }
}

/**
 * Two options objects whose fields hold objects of different classes, kept
 * alive: each field's type is "any object" from the start. Left to V8, a
 * field records the class of its first value, and a full GC that clears
 * that record deoptimizes the hydration code compiled against it. Kept, or
 * the GC drops their hidden class, and the next query starts a new one.
 */
export const generalizedOptions = [
  { connectionName: '', isTransaction: true },
  Object.assign([], { connectionName: '', isTransaction: true }),
  { connectionName: '', isTransaction: false },
].map((client) => hydrationOptions(client))

/** Keeps the samples of a row shape the first time a result of that shape is hydrated. */
export function keepShapeSamples(
  Model: LucidModel,
  shape: { signature: string },
  row: ModelObject,
  options: unknown,
  sampleModel: () => unknown
) {
  const samples = ownSlot<Map<string, unknown[]>>(Model, samplesKey)
  if (samples.size >= MAX_SHAPES) return
  if (!samples.has(shape.signature)) samples.set(shape.signature, [row, options, sampleModel()])
}
