import type { Knex } from 'knex'
import { isPlainObject } from '../plain_object.js'
import { E_INVALID_QUERY, E_INVALID_VALUE, E_ROW_NOT_FOUND } from '../../errors.js'
import type { QueryRunnerContract } from '../../types/query_client.js'
import type { UntypedRow } from '../../types/rows.js'
import { runQuery } from '../query_runner.js'
import type { KeysResolver, QueryValue } from './base.js'
import { Chainable } from './chainable.js'
import { isReadQuery, knexInternals, queryTable, type KnexStatement } from './knex_internals.js'
import { pageNumber, perPageNumber } from './pagination.js'
import { SimplePaginator } from './paginator.js'
import { chunk, chunkById, cursor, type ChunkCallback } from './streaming.js'
import type { DatabaseQueryBuilderContract, WriteResult } from '../../types/query_builder.js'

export type { WriteResult } from '../../types/query_builder.js'

/** JavaScript's prototype names: knex drops a `constructor` key from an update silently. */
const prototypeNames = new Set(['__proto__', 'constructor', 'prototype'])

/** Refuses an update column named like a prototype property (user input, never a column). */
function ensureUpdateColumn(column: string): void {
  if (!prototypeNames.has(column)) return
  throw new E_INVALID_QUERY(
    `update() got a "${column}" key: it is not a column name (a JavaScript prototype name, which knex would drop ` +
      'without a word). Build the object from known columns, not from user input'
  )
}

/**
 * The amount of an increment/decrement: a finite number. knex writes it into
 * the SQL text rather than binding it, so `NaN` reached MySQL as SQL and
 * SQLite stored NULL.
 */
function counterAmount(method: string, column: string, amount: unknown): number {
  if (typeof amount === 'number' && Number.isFinite(amount)) return amount
  throw new E_INVALID_VALUE(
    `Cannot ${method} "${column}" by ${typeof amount === 'string' ? `"${amount}"` : String(amount)}: ` +
      'the amount must be a finite number'
  )
}

/**
 * knex's SQLite compiler drops `returning()` from a DELETE, which then
 * resolved to the count where `update().returning()` gives rows. SQLite has
 * RETURNING (3.35+): the clause is written back onto knex's SQL.
 */
function sqliteDeleteReturning(query: Knex.QueryBuilder): Knex.QueryBuilder | Knex.Raw {
  const internals = knexInternals(query) as { _method?: string; _single: { returning?: unknown } }
  const returning = internals._single.returning
  if (internals._method !== 'del' || returning === undefined) return query
  const columns = [returning].flat() as string[]
  const { sql, bindings } = query.toSQL()
  const list = columns.map((column) => (column === '*' ? '*' : '??')).join(', ')
  const names = columns.filter((column) => column !== '*')
  return query.client.raw(`${sql} returning ${list}`, [...bindings, ...names])
}

/** A plain object set by an UPDATE, as JSON text: knex does so for INSERT values only. */
function jsonOfObject(value: unknown): unknown {
  return isPlainObject(value) ? JSON.stringify(value) : value
}

/**
 * Builds and runs select, update and delete queries (Lucid's
 * DatabaseQueryBuilder). Awaiting it runs the query.
 *
 * @example
 * const users = await db.from('users').where('is_active', true).orderBy('id', 'desc').limit(10)
 * const [{ total }] = await db.from('users').count('* as total')
 */
export class DatabaseQueryBuilder<
  Row = UntypedRow,
  Result = Row[],
  /** What an update/delete resolves to (model queries: always an array). */
  Write = WriteResult<Row>,
>
  extends Chainable
  implements DatabaseQueryBuilderContract<Row, Result, Write>
{
  constructor(
    knexQuery: Knex.QueryBuilder,
    client: QueryRunnerContract,
    keysResolver?: KeysResolver
  ) {
    super(knexQuery, client, keysResolver)
  }

  /** Sub queries built in callbacks are database query builders too. */
  protected newSubQuery(knexQuery: Knex.QueryBuilder): DatabaseQueryBuilder {
    const Builder = this.constructor as typeof DatabaseQueryBuilder
    return new Builder(knexQuery, this.client, this.keysResolver)
  }

  /** knex's clauses of this query, read by the flags below. */
  protected get knexStatements(): KnexStatement[] {
    return knexInternals(this.knexQuery)._statements
  }

  /** True when the query has a `groupBy` (Lucid's flag; read from the clauses, so `clone()` keeps it). */
  get hasGroupBy(): boolean {
    return this.knexStatements.some((statement) => statement.grouping === 'group')
  }

  /** True when the query selects an aggregate: count, sum, min, max, avg (Lucid's flag). */
  get hasAggregates(): boolean {
    return this.knexStatements.some(
      (statement) => statement.grouping === 'columns' && statement.type?.startsWith('aggregate')
    )
  }

  /** True when the query has a union (Lucid's flag). */
  get hasUnion(): boolean {
    return this.knexStatements.some((statement) => statement.grouping === 'union')
  }

  /** A copy of this builder that shares no mutable state with it. */
  clone(): this {
    const Builder = this.constructor as new (
      knexQuery: Knex.QueryBuilder,
      client: QueryRunnerContract,
      keysResolver?: KeysResolver
    ) => this
    const clone = new Builder(this.knexQuery.clone(), this.client, this.keysResolver)
    clone.debugQueries = this.debugQueries
    clone.readsFromPrimary = this.readsFromPrimary
    clone.customReporterData = this.customReporterData && { ...this.customReporterData }
    clone.aggregateKeys = {
      aliases: new Set(this.aggregateKeys.aliases),
      functions: new Set(this.aggregateKeys.functions),
    }
    return clone
  }

  /** The same builder, typed for a write query's result. */
  protected asWrite(): DatabaseQueryBuilderContract<Row, Write, Write> {
    return this as unknown as DatabaseQueryBuilder<Row, Write, Write>
  }

  /** Updates the matched rows: `update({ points: 10 })` or `update('points', 10)`; resolves to the count. */
  update(values: Record<string, QueryValue>): DatabaseQueryBuilderContract<Row, Write, Write>
  update(column: string, value: QueryValue): DatabaseQueryBuilderContract<Row, Write, Write>
  update(
    columnOrValues: string | Record<string, QueryValue>,
    value?: QueryValue
  ): DatabaseQueryBuilderContract<Row, Write, Write> {
    if (typeof columnOrValues === 'string') {
      ensureUpdateColumn(columnOrValues)
      this.knexQuery.update(
        this.resolveKey(columnOrValues),
        jsonOfObject(this.transformValue(value)) as Knex.Value
      )
      return this.asWrite()
    }
    const values: Record<string, unknown> = {}
    for (const [key, one] of this.columnEntries(columnOrValues, 'update')) {
      ensureUpdateColumn(key)
      values[this.resolveKey(key)] = jsonOfObject(this.transformValue(one))
    }
    this.knexQuery.update(values)
    return this.asWrite()
  }

  /** Adds to a column (`increment('points', 5)`) or to several (`increment({ points: 5, views: 1 })`). */
  increment(
    column: string | Record<string, number>,
    amount = 1
  ): DatabaseQueryBuilderContract<Row, Write, Write> {
    return this.applyCounter('increment', column, amount)
  }

  /** Subtracts from a column, or from several. */
  decrement(
    column: string | Record<string, number>,
    amount = 1
  ): DatabaseQueryBuilderContract<Row, Write, Write> {
    return this.applyCounter('decrement', column, amount)
  }

  protected applyCounter(
    method: 'increment' | 'decrement',
    column: string | Record<string, number>,
    amount: number
  ): DatabaseQueryBuilderContract<Row, Write, Write> {
    if (typeof column === 'string') {
      this.callKnex(method, this.resolveKey(column), counterAmount(method, column, amount))
      return this.asWrite()
    }
    const counters: Record<string, number> = {}
    for (const [key, one] of this.columnEntries(column, method)) {
      counters[this.resolveKey(key)] = counterAmount(method, key, one)
    }
    this.callKnex(method, counters)
    return this.asWrite()
  }

  /** Deletes the matched rows; resolves to the count. */
  del(): DatabaseQueryBuilderContract<Row, Write, Write> {
    this.knexQuery.del()
    return this.asWrite()
  }

  /** Alias of `del()`. */
  delete(): DatabaseQueryBuilderContract<Row, Write, Write> {
    return this.del()
  }

  /** Columns an update/delete returns (pg, sqlite); ignored on mysql, which resolves to the count. */
  returning(columns: string | readonly string[]): DatabaseQueryBuilderContract<Row, Write, Write> {
    if (this.client.dialect.supportsReturning) {
      const list = typeof columns === 'string' ? [columns] : columns
      this.knexQuery.returning(list.map((column) => this.resolveKey(column)))
    }
    return this.asWrite()
  }

  /** Runs the query with `limit 1` and returns the row, or null. */
  async first(): Promise<Row | null> {
    const rows = (await this.limit(1).exec()) as Row[]
    return rows[0] ?? null
  }

  /** Like `first()`, but throws `E_ROW_NOT_FOUND` when there is no row. */
  async firstOrFail(): Promise<Row> {
    const row = await this.first()
    if (row === null) {
      throw new E_ROW_NOT_FOUND('Row not found', { table: queryTable(this.knexQuery) })
    }
    return row
  }

  /** True when the query groups or deduplicates rows: counting must wrap it. */
  protected countsRowsOfSubQuery(): boolean {
    return this.knexStatements.some(
      (statement) =>
        statement.grouping === 'group' ||
        statement.grouping === 'union' ||
        (statement.grouping === 'columns' && (statement.distinct || statement.distinctOn))
    )
  }

  /** The query counting every row of this one, for `paginate()`. */
  protected countQuery(): DatabaseQueryBuilder<{ total: number }> {
    const base = this.clone().clearOrder().clearLimit().clearOffset()
    if (!this.countsRowsOfSubQuery()) {
      const query = base.clearSelect().count('* as total')
      return query as DatabaseQueryBuilder<{ total: number }>
    }
    const outer = new DatabaseQueryBuilder<{ total: number }>(base.client.knexQuery(), base.client)
    outer.debugQueries = this.debugQueries
    outer.customReporterData = this.customReporterData
    return outer.from(base.as('stratum_paginate')).count('* as total')
  }

  /**
   * Runs a count query and one page of this query (pages start at 1, lower
   * pages count as 1); the count skips the page query when there is no row.
   */
  async paginate(page: number, perPage = 20): Promise<SimplePaginator<Row>> {
    const size = perPageNumber(perPage)
    const currentPage = pageNumber(page, size)
    const counted = await this.countQuery().exec()
    const total = Number(counted[0]?.total ?? 0)
    const rows = total > 0 ? ((await this.forPage(currentPage, size).exec()) as Row[]) : []
    return new SimplePaginator<Row>(total, size, currentPage, ...rows)
  }

  /** Runs the callback on pages of `size` rows (the query needs an orderBy); `false` from it stops. */
  chunk(size: number, callback: ChunkCallback<Row>): Promise<boolean> {
    return chunk(this, size, callback)
  }

  /** Runs the callback on keyset pages ordered by `column` (default `id`); safe while updating rows. */
  chunkById(size: number, callback: ChunkCallback<Row>, column = 'id'): Promise<boolean> {
    return chunkById(this, size, callback, column)
  }

  /** Streams the rows one at a time: `for await (const row of query.cursor())`. */
  cursor(): AsyncGenerator<Row, void, undefined> {
    const options = { debug: this.debugQueries, reporterData: this.customReporterData }
    return cursor(
      this.client,
      this.knexQuery,
      (rows) => this.coerceAggregates(rows) as Row[],
      options
    )
  }

  /** Runs the query: rows for a select, the affected count (or returned rows) for a write. */
  async exec(): Promise<Result> {
    const query =
      this.client.dialect.name === 'sqlite' ? sqliteDeleteReturning(this.knexQuery) : this.knexQuery
    const result = await runQuery<Result>(this.client, query, {
      write: !isReadQuery(this.knexQuery),
      primary: this.readsFromPrimary,
      debug: this.debugQueries,
      reporterData: this.customReporterData,
    })
    return Array.isArray(result) ? (this.coerceAggregates(result) as Result) : result
  }
}
