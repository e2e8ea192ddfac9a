/**
 * Streaming over big results, with Laravel's names: `chunk()` (limit/offset
 * pages), `chunkById()` (keyset pages) and `cursor()` (rows one at a time).
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import type { QueryRunnerContract } from '../../types/query_client.js'
import { runQuery, type RunOptions } from '../query_runner.js'
import { groupWheres, hasStatement, knexInternals } from './knex_internals.js'
import type { ChunkCallback } from '../../types/query_values.js'

export type { ChunkCallback } from '../../types/query_values.js'

/** Rows fetched per round trip where the driver cannot stream (pg, sqlite). */
export const CURSOR_BATCH_SIZE = 1000

let cursorCount = 0

/** What paging needs of a query builder (a database or a model query builder). */
export interface PageableQuery {
  readonly knexQuery: Knex.QueryBuilder
  clone(): this
  clearOrder(): this
  clearOffset(): this
  orderBy(column: string, direction: 'asc' | 'desc'): this
  forPage(page: number, perPage: number): this
  limit(size: number): this
  where(column: string, operator: string, value: string): this
  exec(): Promise<unknown>
}

function assertSize(method: string, size: number) {
  if (!Number.isInteger(size) || size < 1) {
    throw new E_INVALID_QUERY(`${method}() needs a positive integer size (got ${size})`)
  }
}

/**
 * Runs the query page by page (`limit size offset n`) in its own order, or by
 * `defaultOrder` when it has none; a plain query without an order throws.
 */
export async function chunk<Row>(
  query: PageableQuery,
  size: number,
  callback: ChunkCallback<Row>,
  defaultOrder?: string
): Promise<boolean> {
  assertSize('chunk', size)
  const base = query.clone()
  if (!hasStatement(base.knexQuery, 'order')) {
    if (defaultOrder === undefined) {
      throw new E_INVALID_QUERY(
        'chunk() needs an orderBy so pages are stable: add .orderBy(...) or use chunkById()'
      )
    }
    base.orderBy(defaultOrder, 'asc')
  }
  for (let page = 1; ; page++) {
    const rows = (await base.clone().forPage(page, size).exec()) as Row[]
    if (rows.length === 0) return true
    if ((await callback(rows, page)) === false) return false
    if (rows.length < size) return true
  }
}

/**
 * Runs the query in keyset pages (`where column > last order by column limit
 * size`), so the callback may update or delete the rows it receives.
 */
export async function chunkById<Row>(
  query: PageableQuery,
  size: number,
  callback: ChunkCallback<Row>,
  column: string,
  rowKey = column.slice(column.lastIndexOf('.') + 1)
): Promise<boolean> {
  assertSize('chunkById', size)
  let last: unknown
  for (let page = 1; ; page++) {
    const pageQuery = query.clone().clearOrder().clearOffset()
    if (page > 1) {
      groupWheres(pageQuery.knexQuery)
      pageQuery.where(column, '>', last as string)
    }
    const rows = (await pageQuery.orderBy(column, 'asc').limit(size).exec()) as Row[]
    if (rows.length === 0) return true
    last = (rows[rows.length - 1] as Record<string, unknown>)[rowKey]
    if (last === undefined || last === null) {
      throw new E_INVALID_QUERY(
        `chunkById() could not read "${rowKey}" from the fetched rows: select that column`
      )
    }
    if ((await callback(rows, page)) === false) return false
    if (rows.length < size) return true
  }
}

/** A unique column a cursor may page by (a model's primary key), and its key in the rows. */
export interface CursorKey {
  column: string
  rowKey: string
}

/**
 * Yields the rows of a select one at a time, mapped by `map`. mysql streams
 * from the driver; pg reads a server-side cursor (`declare`/`fetch`, so
 * pg-query-stream is not needed); sqlite reads batches: keyset pages on
 * `key` when the query is a plain select that paging by it cannot change,
 * `limit/offset` pages otherwise.
 */
export async function* cursor<Row>(
  client: QueryRunnerContract,
  knexQuery: Knex.QueryBuilder,
  map: (rows: Record<string, unknown>[]) => Row[] | Promise<Row[]>,
  options: Omit<RunOptions, 'write'> = {},
  key?: CursorKey
): AsyncGenerator<Row, void, undefined> {
  // batches are mapped whole (a model query hydrates 1000 rows at once), then yielded one by one
  const batches =
    client.dialect.name === 'mysql'
      ? driverRows(client, knexQuery)
      : client.dialect.name === 'postgres'
        ? pgCursorRows(client, knexQuery)
        : key !== undefined && keysetSafe(knexQuery)
          ? keysetRows(client, knexQuery, key, options)
          : batchedRows(client, knexQuery, options)
  for await (const batch of batches) {
    for (const item of await map(batch)) yield item
  }
}

/** Parts of a select that paging by a key could change or that hide the key from the rows. */
const keysetBlockers = new Set(['columns', 'order', 'group', 'having', 'union', 'join'])

/** True for a `select *` without order, grouping, joins, limit or offset. */
function keysetSafe(knexQuery: Knex.QueryBuilder): boolean {
  const { _statements, _single } = knexInternals(knexQuery)
  return (
    _single.limit === undefined &&
    _single.offset === undefined &&
    !_statements.some((statement) => keysetBlockers.has(statement.grouping))
  )
}

/**
 * Rows in keyset pages (`where key > last order by key limit n`): each page
 * costs the same, where an `offset` makes SQLite step over every row before
 * it (a million rows took 20 s by offset, 2 s by key).
 */
async function* keysetRows(
  client: QueryRunnerContract,
  knexQuery: Knex.QueryBuilder,
  key: CursorKey,
  options: Omit<RunOptions, 'write'>
) {
  let last: unknown
  while (true) {
    const page = knexQuery.clone()
    if (last !== undefined) {
      groupWheres(page)
      page.where(key.column, '>', last as string)
    }
    page.orderBy(key.column, 'asc').limit(CURSOR_BATCH_SIZE)
    const rows = await runQuery<Record<string, unknown>[]>(client, page, {
      ...options,
      write: false,
    })
    // read before yielding: the consumer owns the rows (a model adopts its row)
    last = rows.length > 0 ? rows[rows.length - 1][key.rowKey] : undefined
    if (rows.length > 0) yield rows
    if (rows.length < CURSOR_BATCH_SIZE) return
    if (last === undefined || last === null) {
      throw new E_INVALID_QUERY(`cursor() could not read "${key.rowKey}" from the fetched rows`)
    }
  }
}

/** Rows from knex's `.stream()`; leaving early destroys the stream, releasing the connection. */
async function* driverRows(client: QueryRunnerContract, knexQuery: Knex.QueryBuilder) {
  if (!client.isTransaction) {
    knexInternals(knexQuery).client = client.getReadClient().client
  }
  const stream = knexQuery.stream()
  try {
    for await (const row of stream) yield [row as Record<string, unknown>]
  } catch (error) {
    throw client.dialect.mapError(error)
  } finally {
    stream.destroy()
  }
}

/** Rows of a pg server-side cursor, fetched in batches inside a (read) transaction. */
async function* pgCursorRows(client: QueryRunnerContract, knexQuery: Knex.QueryBuilder) {
  const { sql, bindings } = knexQuery.toSQL()
  const name = `stratum_cursor_${++cursorCount}`
  const owned = client.isTransaction ? undefined : await client.getReadClient().transaction()
  const trx = owned ?? client.getWriteClient()
  let open = false
  try {
    await trx.raw(`declare ${name} no scroll cursor for ${sql}`, bindings)
    open = true
    while (true) {
      const result = await trx.raw(`fetch forward ${CURSOR_BATCH_SIZE} from ${name}`)
      const rows = result.rows as Record<string, unknown>[]
      if (rows.length > 0) yield rows
      if (rows.length < CURSOR_BATCH_SIZE) break
    }
  } catch (error) {
    throw client.dialect.mapError(error)
  } finally {
    if (owned) await owned.commit()
    else if (open) await trx.raw(`close ${name}`).catch(() => {})
  }
}

/** Rows fetched `CURSOR_BATCH_SIZE` at a time, keeping the query's own limit and offset. */
async function* batchedRows(
  client: QueryRunnerContract,
  knexQuery: Knex.QueryBuilder,
  options: Omit<RunOptions, 'write'>
) {
  const single = knexInternals(knexQuery)._single
  let remaining = single.limit ?? Number.POSITIVE_INFINITY
  let offset = single.offset ?? 0
  while (remaining > 0) {
    const take = Math.min(CURSOR_BATCH_SIZE, remaining)
    const page = knexQuery.clone().limit(take).offset(offset)
    const rows = await runQuery<Record<string, unknown>[]>(client, page, {
      ...options,
      write: false,
    })
    if (rows.length > 0) yield rows
    if (rows.length < take) return
    remaining -= take
    offset += take
  }
}
