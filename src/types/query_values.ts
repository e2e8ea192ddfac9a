/**
 * What every query builder shares, as contracts: the values clauses take,
 * `db.raw()` and `db.ref()`, and the runnable base (a knex query bound to a
 * client, awaited to run). The builders in `database/query_builder`
 * implement these; the clause methods are in `query_clauses.ts`.
 */
import type { Knex } from 'knex'
import type { QueryRunnerContract, TransactionRunnerContract } from './query_client.js'
import type { UntypedRow } from './rows.js'

/** Scalar values a query can bind. */
export type Primitive = string | number | boolean | bigint | null

/**
 * A value for a where/having clause: anything knex binds (scalars, dates,
 * buffers, arrays, JSON objects), `db.raw()`, `db.ref()` or a sub query.
 */
export type QueryValue = Primitive | object

/** Bindings of a raw SQL fragment: positional or named. */
export type RawBindings = readonly unknown[] | Record<string, unknown>

/** `db.raw(sql, bindings)`: a raw SQL fragment for use inside queries. */
export interface RawBuilderContract {
  readonly sql: string
  readonly bindings?: Knex.RawBinding[] | Record<string, Knex.RawBinding>
  /** Wraps the SQL between `before` and `after` (`wrap('(', ')')`). */
  wrap(before: string, after: string): this
  /** The knex raw this stands for on `client`. */
  toKnex(client: Knex): Knex.Raw
}

/** `db.ref(column)`: a column reference for use inside queries. */
export interface ReferenceBuilderContract {
  readonly ref: string
  /** Schema the referenced table belongs to. */
  withSchema(schema: string): this
  /** Alias of the reference. */
  as(alias: string): this
  /** The knex ref this stands for on `client`. */
  toKnex(client: Knex): Knex.Ref<string, Record<string, string>>
}

/** A column given by name, `db.raw()` or `db.ref()`. */
export type ColumnKey = string | RawBuilderContract | ReferenceBuilderContract | Knex.Raw

/** Maps a key (a model attribute name, for the ORM) to a column name. */
export type KeysResolver = (key: string) => string

/** Options for `timeout()`: `cancel` kills the query on the server too (pg, mysql). */
export interface TimeoutOptions {
  cancel?: boolean
}

/** Extra fields merged into the `db:query` event. */
export interface ReporterData {
  model?: string
  ddl?: boolean
}

/** What awaiting a query resolves to: what its `exec()` resolves to. */
export type QueryResult<Query extends { exec(): Promise<unknown> }> = Awaited<
  ReturnType<Query['exec']>
>

/**
 * Every query builder (chainable, insert and raw): a knex query bound to a
 * client, debugging, timeouts, transactions, SQL output, run when awaited.
 */
export interface ThenableQueryContract<KnexQuery extends Knex.QueryBuilder | Knex.Raw> {
  /** The knex query this builder runs. */
  knexQuery: KnexQuery
  /** The client (pool or transaction) the query runs on. */
  client: QueryRunnerContract
  /** Runs the query. */
  exec(): Promise<unknown>
  /** Reports this query through `db:query` even when the connection does not debug. */
  debug(debug: boolean): this
  /** Extra fields (such as the model name) for the `db:query` event. */
  reporterData(data: ReporterData): this
  /** Fails the query after `time` milliseconds; `cancel` also stops it on the server. */
  timeout(time: number, options?: TimeoutOptions): this
  /** Runs the query inside the given transaction. */
  useTransaction(trx: TransactionRunnerContract): this
  /** The knex object this stands for (used when nesting it in another query). */
  toKnex(): KnexQuery
  /** The SQL and bindings knex compiles this query to. */
  toSQL(): Knex.Sql
  /** The SQL with bindings interpolated, for logs only: never run it. */
  toQuery(): string
  /** Runs the query when awaited. */
  then<TResult1 = QueryResult<this>, TResult2 = never>(
    onfulfilled?: ((value: QueryResult<this>) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null
  ): Promise<TResult1 | TResult2>
  /** Runs the query and handles its failure. */
  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null
  ): Promise<QueryResult<this> | TResult>
  /** Runs the query and then `onfinally`, whatever the outcome. */
  finally(onfinally?: (() => void) | null): Promise<QueryResult<this>>
  /** The class name, as promises have one (`[object DatabaseQueryBuilder]`). */
  readonly [Symbol.toStringTag]: string
}

/** A select/update/delete builder as a value: a sub query, a join table, an order column. */
export interface SubQueryContract extends ThenableQueryContract<Knex.QueryBuilder> {
  /** Maps attribute names to column names (identity for plain queries). */
  keysResolver: KeysResolver
  /** Runs this select on the write host instead of a read replica. */
  usePrimary(primary?: boolean): this
}

/** `db.rawQuery(sql, bindings)`: an executable raw query. */
export interface RawQueryBuilderContract<Result = unknown> extends ThenableQueryContract<Knex.Raw> {
  exec(): Promise<Result>
  /** Wraps the SQL between `before` and `after`. */
  wrap(before: string, after: string): this
}

/** What an insert resolves to without `returning()`: ids (sqlite, mysql) or a row count (pg). */
export type InsertResult = number[] | { rowCount: number | null }

/** What an insert resolves to with `returning()`: rows (pg, sqlite) or ids (mysql). */
export type InsertReturningResult<Row> = Row[] | number[]

/** `db.insertQuery()` / `db.table(name)`: builds and runs inserts. */
export interface InsertQueryBuilderContract<
  Row = UntypedRow,
  Result = InsertResult,
> extends ThenableQueryContract<Knex.QueryBuilder> {
  exec(): Promise<Result>
  /** The table to insert into. */
  table(table: string): this
  /** Schema the table belongs to. */
  withSchema(schema: string): this
  /** Inserts one row. */
  insert(row: Record<string, unknown>): this
  /** Inserts several rows in one statement. */
  multiInsert(rows: readonly Record<string, unknown>[]): this
  /** Columns the insert returns (pg, sqlite); mysql resolves to the ids. */
  returning(
    columns: string | readonly string[]
  ): InsertQueryBuilderContract<Row, InsertReturningResult<Row>>
  /**
   * What a row clashing with a unique key does: `.onConflict('email').ignore()`
   * or `.merge()` (an upsert). MySQL takes no columns: it uses every unique key.
   */
  onConflict(columns?: string | readonly string[]): OnConflictContract<this>
}

/** `onConflict()`: how the insert resolves a unique key clash; each returns the insert builder. */
export interface OnConflictContract<Builder> {
  /** Skips the clashing rows (`on conflict do nothing`, MySQL's `insert ignore`). */
  ignore(): Builder
  /**
   * Updates the clashing row: with every inserted column, only the listed
   * columns, or the given values (`on conflict do update`, MySQL's
   * `on duplicate key update`).
   */
  merge(updates?: readonly string[] | Record<string, unknown>): Builder
}

/** What `chunk()` calls per page; returning `false` stops. */
export type ChunkCallback<Row> = (
  rows: Row[],
  page: number
) => void | boolean | Promise<void | boolean>
