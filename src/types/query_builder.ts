/**
 * The select/update/delete builder and the paginator, as contracts:
 * `db.from('users')` and `trx.query()` are typed by these, and the classes of
 * `database/query_builder` implement them (the compiler checks they match).
 */
import type { Knex } from 'knex'
import type { DialectMatch } from './query_client.js'
import type { UntypedRow } from './rows.js'
import type {
  AggregateClauses,
  HavingClauses,
  JoinClauses,
  SubQuery,
  WhereClauses,
} from './query_clauses.js'
import type {
  ChunkCallback,
  ColumnKey,
  QueryValue,
  RawBindings,
  RawBuilderContract,
  SubQueryContract,
} from './query_values.js'

/** A column to select: a name (`'id as userId'`), an alias map, a raw or a sub query (with `as()`). */
export type SelectColumn =
  string | RawBuilderContract | Knex.Raw | SubQueryContract | Record<string, string | object>

/** A table: a name, an alias map (`{ u: 'users' }`), a raw, a sub query builder or callback. */
export type FromSource<Self> = string | Record<string, string> | object | ((query: Self) => void)

/** Sort direction. */
export type OrderDirection = 'asc' | 'desc'

/** One `orderBy` entry in the array form. */
export type OrderByEntry =
  | string
  | { column: ColumnKey | SubQueryContract; order?: OrderDirection; nulls?: 'first' | 'last' }

/** A `match()` block: `[condition, callback]`, or a last, default callback. */
export type MatchBlock<Self> =
  [condition: unknown, callback: (query: Self) => void] | ((query: Self) => void)

/** Result of an update or delete: the affected row count, or the rows with `returning()`. */
export type WriteResult<Row> = number | Row[]

/**
 * Everything a select/update/delete query can chain, shared by the database
 * query builder and the ORM's model query builder.
 */
export interface ChainableContract
  extends SubQueryContract, WhereClauses, HavingClauses, AggregateClauses, JoinClauses {
  /** A copy of this builder that shares no mutable state with it. */
  clone(): this
  /** Columns to select: `select('id', 'username as name')`, `select(['id'])`, `select({ name: 'username' })`. */
  select(...columns: (SelectColumn | readonly SelectColumn[])[]): this
  /** The table to query: a name, an alias map, or a sub query (builder or callback, aliased with `as()`). */
  from(table: FromSource<this>): this
  /** A raw join: `joinRaw('natural join posts')`. */
  joinRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** `select distinct`, optionally on the given columns. */
  distinct(...columns: (ColumnKey | readonly string[])[]): this
  /** `select distinct on (...)` (PostgreSQL only; throws elsewhere). */
  distinctOn(...columns: (string | readonly string[])[]): this
  /** `group by columns`. */
  groupBy(...columns: (ColumnKey | readonly string[])[]): this
  /** A raw group by: `groupByRaw('date(created_at)')`. */
  groupByRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** `order by`: a column and direction, an array of columns/entries, or a sub query. */
  orderBy(
    column: ColumnKey | SubQueryContract | readonly OrderByEntry[],
    direction?: OrderDirection
  ): this
  /** A raw order by: `orderByRaw('points desc nulls last')`. */
  orderByRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** Returns at most `limit` rows. */
  limit(limit: number): this
  /** Skips the first `offset` rows. */
  offset(offset: number): this
  /**
   * Limit and offset for one page (pages start at 1; lower pages and
   * non-numbers count as page 1). `perPage` must be a positive integer.
   */
  forPage(page: number, perPage?: number): this
  /** `union` with other queries (builders, callbacks or raws); `wrap` puts each in parentheses. */
  union(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this
  /** `union all`. */
  unionAll(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this
  /** `intersect`. */
  intersect(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this
  /** A common table expression: `with('active', (q) => q.from('users').where(...))`. */
  with(alias: string, query: SubQuery<this>, columns?: readonly string[]): this
  /** A recursive common table expression. */
  withRecursive(alias: string, query: SubQuery<this>, columns?: readonly string[]): this
  /** `with ... as materialized` (pg and sqlite; throws on mysql). */
  withMaterialized(alias: string, query: SubQuery<this>, columns?: readonly string[]): this
  /** `with ... as not materialized` (pg and sqlite; throws on mysql). */
  withNotMaterialized(alias: string, query: SubQuery<this>, columns?: readonly string[]): this
  /** Schema the table belongs to. */
  withSchema(schema: string): this
  /** Alias of this query when used as a sub query. */
  as(alias: string): this
  /** Removes the selected columns (and aggregates). */
  clearSelect(): this
  /** Removes every where clause. */
  clearWhere(): this
  /** Removes every order by clause. */
  clearOrder(): this
  /** Removes every having clause. */
  clearHaving(): this
  /** Removes the limit. */
  clearLimit(): this
  /** Removes the offset. */
  clearOffset(): this
  /** `for update` row lock (SQLite has no row locks: ignored there). */
  forUpdate(...tables: string[]): this
  /** `for share` row lock (ignored on SQLite). */
  forShare(...tables: string[]): this
  /** Skips rows locked by others (with `forUpdate`/`forShare`; ignored on SQLite). */
  skipLocked(): this
  /** Fails instead of waiting for locked rows (ignored on SQLite). */
  noWait(): this
  /** Runs `matchCallback` when `condition` (or its result, for a function) is truthy, else `noMatchCallback`. */
  if(
    condition: unknown,
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this
  /** The opposite of `if()`. */
  unless(
    condition: unknown,
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this
  /** Runs the callback of the first block whose condition is truthy, else the default callback. */
  match(...blocks: MatchBlock<this>[]): this
  /** Runs `matchCallback` when the connection's dialect is one of `dialects`. */
  ifDialect(
    dialects: DialectMatch | readonly DialectMatch[],
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this
  /** Runs `matchCallback` when the connection's dialect is none of `dialects`. */
  unlessDialect(
    dialects: DialectMatch | readonly DialectMatch[],
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this
}

/**
 * Builds and runs select, update and delete queries (Lucid's
 * DatabaseQueryBuilder). Awaiting it runs the query.
 */
export interface DatabaseQueryBuilderContract<
  Row = UntypedRow,
  Result = Row[],
  /** What an update/delete resolves to (model queries: always an array). */
  Write = WriteResult<Row>,
> extends ChainableContract {
  /** True when the query has a `groupBy` (Lucid's flag; read from the clauses, so `clone()` keeps it). */
  readonly hasGroupBy: boolean
  /** True when the query selects an aggregate: count, sum, min, max, avg (Lucid's flag). */
  readonly hasAggregates: boolean
  /** True when the query has a union (Lucid's flag). */
  readonly hasUnion: boolean
  /** A copy of this builder that shares no mutable state with it. */
  clone(): this
  /** Updates the matched rows: `update({ points: 10 })` or `update('points', 10)`; resolves to the count. */
  update(values: Record<string, QueryValue>): DatabaseQueryBuilderContract<Row, Write, Write>
  update(column: string, value: QueryValue): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Adds to a column (`increment('points', 5)`) or to several (`increment({ points: 5, views: 1 })`). */
  increment(
    column: string | Record<string, number>,
    amount?: number
  ): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Subtracts from a column, or from several. */
  decrement(
    column: string | Record<string, number>,
    amount?: number
  ): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Deletes the matched rows; resolves to the count. */
  del(): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Alias of `del()`. */
  delete(): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Columns an update/delete returns (pg, sqlite); ignored on mysql, which resolves to the count. */
  returning(columns: string | readonly string[]): DatabaseQueryBuilderContract<Row, Write, Write>
  /** Runs the query with `limit 1` and returns the row, or null. */
  first(): Promise<Row | null>
  /** Like `first()`, but throws `E_ROW_NOT_FOUND` when there is no row. */
  firstOrFail(): Promise<Row>
  /**
   * Runs a count query and one page of this query (pages start at 1, lower
   * pages count as 1); the count skips the page query when there is no row.
   */
  paginate(page: number, perPage?: number): Promise<SimplePaginatorContract<Row>>
  /** Runs the callback on pages of `size` rows (the query needs an orderBy); `false` from it stops. */
  chunk(size: number, callback: ChunkCallback<Row>): Promise<boolean>
  /** Runs the callback on keyset pages ordered by `column` (default `id`); safe while updating rows. */
  chunkById(size: number, callback: ChunkCallback<Row>, column?: string): Promise<boolean>
  /** Streams the rows one at a time: `for await (const row of query.cursor())`. */
  cursor(): AsyncGenerator<Row, void, undefined>
  /** Runs the query: rows for a select, the affected count (or returned rows) for a write. */
  exec(): Promise<Result>
}

/** Keys of the `meta` object a paginator's `toJSON()` returns. */
export interface PaginationMetaKeys {
  total: string
  perPage: string
  currentPage: string
  lastPage: string
  firstPage: string
  firstPageUrl: string
  lastPageUrl: string
  nextPageUrl: string
  previousPageUrl: string
}

/** Decides how the pagination meta keys are spelled when serialized. */
export interface PaginatorNamingStrategy {
  paginationMetaKeys(): PaginationMetaKeys
}

/** Pagination meta data, keyed as the naming strategy says. */
export type PaginationMeta = Record<string, number | string | null>

/** One entry of `getUrlsForRange()`. */
export interface PageUrl {
  url: string
  page: number
  isActive: boolean
}

/**
 * Values accepted in `queryString()`: anything `request.qs()` gives, nested
 * objects and arrays included (written as `qs.stringify` writes them).
 */
export type QueryStringValues = Record<string, unknown>

/** One page of rows (an array of them) with the maths and URLs around it. */
export interface SimplePaginatorContract<Row> extends Array<Row> {
  /** Rows in the whole result. */
  readonly total: number
  /** Rows per page. */
  readonly perPage: number
  /** This page's number. */
  readonly currentPage: number
  /** Per instance naming strategy; falls back to `SimplePaginator.namingStrategy`. */
  namingStrategy?: PaginatorNamingStrategy
  /** Number of the first page (always 1). */
  readonly firstPage: number
  /** Number of the last page (1 for an empty result). */
  readonly lastPage: number
  /** True when there are no rows on this page. */
  readonly isEmpty: boolean
  /** True when the result spans more than one page. */
  readonly hasPages: boolean
  /** True when pages come after this one. */
  readonly hasMorePages: boolean
  /** True when the whole result has rows. */
  readonly hasTotal: boolean
  /** The page's rows as a plain array. */
  all(): Row[]
  /** Base URL of the page links (`/users`). */
  baseUrl(url: string): this
  /** Extra query string values added to every page link. */
  queryString(values: QueryStringValues): this
  /** The URL of `page` (at least page 1), with the query string. */
  getUrl(page: number): string
  /** URL of the next page, or null on the last page. */
  getNextPageUrl(): string | null
  /** URL of the previous page, or null on the first page. */
  getPreviousPageUrl(): string | null
  /** Links for the pages from `start` to `end` included. */
  getUrlsForRange(start: number, end: number): PageUrl[]
  /** Pagination meta data, keyed by the naming strategy. */
  getMeta(): PaginationMeta
  /** `{ meta, data }`, what `JSON.stringify` writes. */
  toJSON(): {
    meta: PaginationMeta
    data: Row[]
  }
}
