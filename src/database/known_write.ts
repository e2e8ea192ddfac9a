/**
 * Writes whose SQL text is known in advance: a model's insert, update or
 * delete by key has the same SQL every time for the same table and
 * columns. knex would build a query builder, compile it and hand it to its
 * runner for each one (about 5 us, what SQLite needs to run the statement
 * itself twice); a known write is compiled once by the same builders, then
 * each run gives knex's client the SQL and the bindings, as knex's runner
 * does: its `query` (binding preparation, the `query` event, the driver
 * call, error messages with the SQL), `processResponse` and
 * `postProcessResponse`, on a connection of the pool or the transaction's.
 */
import type { Knex } from 'knex'

/** One compiled write: its SQL with `?` placeholders, and how values map to bindings. */
export interface KnownWrite {
  sql: string
  /** knex's method name (`insert`, `update`, `del`): it shapes the response. */
  method: string
  returning?: unknown
  /** For each binding, the index of its value in the values the write was compiled for. */
  order: number[]
}

/** What the caller compiles a write with: a builder given one value per index. */
export type WriteCompiler = (values: number[]) => { toSQL(): Knex.Sql }

/** The query object knex's client runs (what its compiler would have produced). */
interface QueryObject {
  method: string
  sql: string
  bindings: unknown[]
  options: Record<string, unknown>
  returning?: unknown
  __knexQueryUid: string
}

/** The part of knex's client a known write uses (a transaction's copy has the same methods). */
interface KnexClientInternals {
  config: object
  acquireConnection(): Promise<{ __knexUid?: string; __knexTxId?: string }>
  releaseConnection(connection: object): Promise<unknown>
  query(connection: object, query: QueryObject): Promise<QueryObject>
  processResponse(query: QueryObject, runner: undefined): unknown
  postProcessResponse(response: unknown, context: undefined): unknown
  emit(event: string, ...args: unknown[]): boolean
}

/**
 * Compiled writes per knex configuration: a connection's client and its
 * transactions' copies share the configuration object (identifiers are
 * wrapped by its settings), so they share the cache.
 */
const MAX_WRITES = 500
const writesByConfig = new WeakMap<object, Map<string, KnownWrite>>()

function clientOf(knex: Knex | Knex.Transaction): KnexClientInternals {
  return knex.client
}

/**
 * The write cached under `key` for this knex client, compiled on first use:
 * `compile` gets the value indexes as values, so the bindings of the SQL it
 * produces say which value goes to which placeholder.
 */
export function knownWrite(
  knex: Knex | Knex.Transaction,
  key: string,
  size: number,
  compile: WriteCompiler
): KnownWrite {
  const config = clientOf(knex).config
  let writes = writesByConfig.get(config)
  if (writes === undefined) writesByConfig.set(config, (writes = new Map()))
  let write = writes.get(key)
  if (write === undefined) {
    // knex's compiled query also carries the `returning` it read (not in its types)
    const compiled: Knex.Sql & { returning?: unknown } = compile(
      Array.from({ length: size }, (_, index) => index)
    ).toSQL()
    const { sql, method, returning, bindings } = compiled
    write = { sql, method, returning, order: bindings as number[] }
    // the oldest write goes first (a Map keeps insertion order)
    if (writes.size >= MAX_WRITES) writes.delete(writes.keys().next().value!)
    writes.set(key, write)
  }
  return write
}

/** The bindings of `write` for these values (in the order it was compiled for). */
export function writeBindings(write: KnownWrite, values: unknown[]): unknown[] {
  const { order } = write
  const bindings = new Array<unknown>(order.length)
  for (let index = 0; index < order.length; index++) bindings[index] = values[order[index]]
  return bindings
}

let queryUid = 0

/** Runs a known write through knex's client, as knex's runner runs a compiled query. */
export async function runOnKnexClient<Result>(
  knex: Knex | Knex.Transaction,
  write: KnownWrite,
  bindings: unknown[]
): Promise<Result> {
  const client = clientOf(knex)
  const connection = await client.acquireConnection()
  try {
    const query: QueryObject = {
      method: write.method,
      sql: write.sql,
      bindings,
      options: {},
      returning: write.returning,
      __knexQueryUid: `stratum-${++queryUid}`,
    }
    const response = await client.query(connection, query)
    const result = client.postProcessResponse(
      client.processResponse(response, undefined),
      undefined
    )
    const { __knexUid, __knexTxId } = connection
    client.emit('query-response', result, { __knexUid, __knexTxId, ...query }, undefined)
    return result as Result
  } finally {
    await client.releaseConnection(connection)
  }
}
