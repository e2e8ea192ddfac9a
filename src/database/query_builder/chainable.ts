/**
 * Everything a select/update/delete query can chain, shared by the
 * database query builder and the ORM's model query builder: select, from,
 * where/having (see `where.ts`, `having.ts`), joins (`joins.ts`), grouping, ordering,
 * pagination clauses, unions, CTEs, locks and conditional building.
 */
import type { DialectMatch } from '../../types/query_client.js'
import { BaseChainable } from './base.js'
import type { ColumnKey, RawBuilderContract, SubQueryContract } from '../../types/query_values.js'
export type { JoinCondition, JoinTable } from './joins.js'
import type { RawBindings, SubQuery } from './where.js'
import { pageNumber, perPageNumber } from './pagination.js'
import { JoinChainable } from './joins.js'
import type {
  SelectColumn,
  FromSource,
  OrderDirection,
  OrderByEntry,
  MatchBlock,
} from '../../types/query_builder.js'

export type {
  SelectColumn,
  FromSource,
  OrderDirection,
  OrderByEntry,
  MatchBlock,
} from '../../types/query_builder.js'

/** Lucid's names of its SQLite dialects, which `ifDialect()` reads as `sqlite`. */
const SQLITE_NAMES: ReadonlySet<string> = new Set(['sqlite3', 'better-sqlite3', 'libsql'])

/** A condition given as a value or as a function computing it. */
function evaluate(condition: unknown): unknown {
  return typeof condition === 'function' ? (condition as () => unknown)() : condition
}

export abstract class Chainable extends JoinChainable {
  /** A copy of this builder that shares no mutable state with it. */
  abstract clone(): this

  /** Columns to select: `select('id', 'username as name')`, `select(['id'])`, `select({ name: 'username' })`. */
  select(...columns: (SelectColumn | readonly SelectColumn[])[]): this {
    const flat = columns.flat() as SelectColumn[]
    const resolved = flat.map((column) => {
      if (typeof column === 'string') return this.resolveAliasedKey(column)
      if (
        column &&
        typeof column === 'object' &&
        Object.getPrototypeOf(column) === Object.prototype
      ) {
        const aliases: Record<string, unknown> = {}
        for (const [alias, source] of Object.entries(column)) {
          aliases[alias] =
            typeof source === 'string' ? this.resolveKey(source) : this.transformSource(source)
        }
        return aliases
      }
      return this.transformSource(column)
    })
    this.knexQuery.select(resolved as string[])
    return this
  }

  /** The table to query: a name, an alias map, or a sub query (builder or callback, aliased with `as()`). */
  from(table: FromSource<this>): this {
    this.knexQuery.from(this.transformSource(table) as string)
    return this
  }

  /** A raw join: `joinRaw('natural join posts')`. */
  joinRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('joinRaw', sql, bindings)
  }

  /** `select distinct`, optionally on the given columns. */
  distinct(...columns: (ColumnKey | readonly string[])[]): this {
    const flat = columns.flat() as ColumnKey[]
    return this.callKnex('distinct', ...flat.map((column) => this.transformColumn(column)))
  }

  /** `select distinct on (...)` (PostgreSQL only; throws elsewhere). */
  distinctOn(...columns: (string | readonly string[])[]): this {
    this.ensureDialect('distinctOn', ['postgres'])
    const flat = columns.flat() as string[]
    return this.callKnex(
      'distinctOn',
      flat.map((column) => this.resolveKey(column))
    )
  }

  /** `group by columns`. */
  groupBy(...columns: (ColumnKey | readonly string[])[]): this {
    const flat = columns.flat() as ColumnKey[]
    return this.callKnex('groupBy', ...flat.map((column) => this.transformColumn(column)))
  }

  /** A raw group by: `groupByRaw('date(created_at)')`. */
  groupByRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('groupByRaw', sql, bindings)
  }

  /** `order by`: a column and direction, an array of columns/entries, or a sub query. */
  orderBy(
    column: ColumnKey | SubQueryContract | readonly OrderByEntry[],
    direction?: OrderDirection
  ): this {
    if (Array.isArray(column)) {
      const entries = (column as readonly OrderByEntry[]).map((entry) =>
        typeof entry === 'string'
          ? this.resolveKey(entry)
          : { ...entry, column: this.transformOrderColumn(entry.column) }
      )
      return this.callKnex('orderBy', entries)
    }
    const target = this.transformOrderColumn(column as ColumnKey | SubQueryContract)
    return direction
      ? this.callKnex('orderBy', target, direction)
      : this.callKnex('orderBy', target)
  }

  protected transformOrderColumn(column: ColumnKey | SubQueryContract): unknown {
    return column instanceof BaseChainable
      ? column.toKnex()
      : this.transformColumn(column as ColumnKey)
  }

  /** A raw order by: `orderByRaw('points desc nulls last')`. */
  orderByRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('orderByRaw', sql, bindings)
  }

  /** Returns at most `limit` rows. */
  limit(limit: number): this {
    this.knexQuery.limit(limit)
    return this
  }

  /** Skips the first `offset` rows. */
  offset(offset: number): this {
    this.knexQuery.offset(offset)
    return this
  }

  /**
   * Limit and offset for one page (pages start at 1; lower pages and
   * non-numbers count as page 1). `perPage` must be a positive integer.
   */
  forPage(page: number, perPage = 20): this {
    const size = perPageNumber(perPage)
    return this.limit(size).offset((pageNumber(page, size) - 1) * size)
  }

  protected applySet(
    method: 'union' | 'unionAll' | 'intersect',
    queries: unknown,
    wrap?: boolean
  ): this {
    const list = (Array.isArray(queries) ? queries : [queries]).map((query) =>
      this.transformValue(query)
    )
    return wrap === undefined ? this.callKnex(method, list) : this.callKnex(method, list, wrap)
  }

  /** `union` with other queries (builders, callbacks or raws); `wrap` puts each in parentheses. */
  union(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this {
    return this.applySet('union', queries, wrap)
  }

  /** `union all`. */
  unionAll(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this {
    return this.applySet('unionAll', queries, wrap)
  }

  /** `intersect`. */
  intersect(queries: SubQuery<this> | readonly SubQuery<this>[], wrap?: boolean): this {
    return this.applySet('intersect', queries, wrap)
  }

  protected applyWith(
    method: string,
    alias: string,
    query: unknown,
    columns?: readonly string[]
  ): this {
    const statement = this.transformValue(query)
    return columns
      ? this.callKnex(method, alias, columns, statement)
      : this.callKnex(method, alias, statement)
  }

  /** A common table expression: `with('active', (q) => q.from('users').where(...))`. */
  with(alias: string, query: SubQuery<this>, columns?: readonly string[]): this {
    return this.applyWith('with', alias, query, columns)
  }

  /** A recursive common table expression. */
  withRecursive(alias: string, query: SubQuery<this>, columns?: readonly string[]): this {
    return this.applyWith('withRecursive', alias, query, columns)
  }

  /** `with ... as materialized` (pg and sqlite; throws on mysql). */
  withMaterialized(alias: string, query: SubQuery<this>, columns?: readonly string[]): this {
    this.ensureDialect('withMaterialized', ['postgres', 'sqlite'])
    return this.applyWith('withMaterialized', alias, query, columns)
  }

  /** `with ... as not materialized` (pg and sqlite; throws on mysql). */
  withNotMaterialized(alias: string, query: SubQuery<this>, columns?: readonly string[]): this {
    this.ensureDialect('withNotMaterialized', ['postgres', 'sqlite'])
    return this.applyWith('withNotMaterialized', alias, query, columns)
  }

  /** Schema the table belongs to. */
  withSchema(schema: string): this {
    this.knexQuery.withSchema(schema)
    return this
  }

  /** Alias of this query when used as a sub query. */
  as(alias: string): this {
    this.knexQuery.as(alias)
    return this
  }

  /** Removes the selected columns (and aggregates). */
  clearSelect(): this {
    this.knexQuery.clearSelect()
    return this
  }

  /** Removes every where clause. */
  clearWhere(): this {
    this.knexQuery.clearWhere()
    return this
  }

  /** Removes every order by clause. */
  clearOrder(): this {
    this.knexQuery.clearOrder()
    return this
  }

  /** Removes every having clause. */
  clearHaving(): this {
    this.knexQuery.clearHaving()
    return this
  }

  /** Removes the limit. */
  clearLimit(): this {
    this.knexQuery.clear('limit')
    return this
  }

  /** Removes the offset. */
  clearOffset(): this {
    this.knexQuery.clear('offset')
    return this
  }

  /** `for update` row lock (SQLite has no row locks: ignored there). */
  forUpdate(...tables: string[]): this {
    if (this.dialectName !== 'sqlite') this.knexQuery.forUpdate(...tables)
    return this
  }

  /** `for share` row lock (ignored on SQLite). */
  forShare(...tables: string[]): this {
    if (this.dialectName !== 'sqlite') this.knexQuery.forShare(...tables)
    return this
  }

  /** Skips rows locked by others (with `forUpdate`/`forShare`; ignored on SQLite). */
  skipLocked(): this {
    if (this.dialectName !== 'sqlite') this.knexQuery.skipLocked()
    return this
  }

  /** Fails instead of waiting for locked rows (ignored on SQLite). */
  noWait(): this {
    if (this.dialectName !== 'sqlite') this.knexQuery.noWait()
    return this
  }

  /** Runs `matchCallback` when `condition` (or its result, for a function) is truthy, else `noMatchCallback`. */
  if(
    condition: unknown,
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this {
    if (evaluate(condition)) matchCallback(this)
    else if (noMatchCallback) noMatchCallback(this)
    return this
  }

  /** The opposite of `if()`. */
  unless(
    condition: unknown,
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this {
    if (!evaluate(condition)) matchCallback(this)
    else if (noMatchCallback) noMatchCallback(this)
    return this
  }

  /** Runs the callback of the first block whose condition is truthy, else the default callback. */
  match(...blocks: MatchBlock<this>[]): this {
    for (const block of blocks) {
      if (typeof block === 'function') {
        block(this)
        return this
      }
      if (evaluate(block[0])) {
        block[1](this)
        return this
      }
    }
    return this
  }

  /** Runs `matchCallback` when the connection's dialect is one of `dialects`. */
  ifDialect(
    dialects: DialectMatch | readonly DialectMatch[],
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this {
    return this.if(this.isDialect(dialects), matchCallback, noMatchCallback)
  }

  /** Runs `matchCallback` when the connection's dialect is none of `dialects`. */
  unlessDialect(
    dialects: DialectMatch | readonly DialectMatch[],
    matchCallback: (query: this) => void,
    noMatchCallback?: (query: this) => void
  ): this {
    return this.unless(this.isDialect(dialects), matchCallback, noMatchCallback)
  }

  /** Whether the connection's dialect is one of `dialects` (Lucid's SQLite names are SQLite). */
  private isDialect(dialects: DialectMatch | readonly DialectMatch[]): boolean {
    const list: readonly DialectMatch[] = typeof dialects === 'string' ? [dialects] : dialects
    return list.some((name) => (SQLITE_NAMES.has(name) ? 'sqlite' : name) === this.dialectName)
  }
}
