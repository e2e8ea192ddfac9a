/**
 * The clause methods of the select/update/delete builders, as contracts:
 * where (columns, lists, sub queries, ranges, patterns, JSON, raw), having,
 * aggregates and joins, with Lucid's `or*`, `and*` and `*Not*` variants.
 * `ChainableContract` (query_builder.ts) puts them together.
 */
import type { Knex } from 'knex'
import type {
  ColumnKey,
  QueryValue,
  RawBindings,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReferenceBuilderContract,
  SubQueryContract,
} from './query_values.js'

/** A value or a callback building a sub query on a builder like this one. */
export type ValueOrCallback<Self> = QueryValue | ((query: Self) => void)

/** Arguments of `where()`: a group callback, an object, a raw, `key, value` or `key, op, value`. */
export type WhereArgs<Self> =
  | [callback: (query: Self) => void]
  | [clause: Record<string, QueryValue>]
  | [raw: RawBuilderContract | Knex.Raw]
  | [key: ColumnKey, value: ValueOrCallback<Self>]
  | [key: ColumnKey, operator: string, value: ValueOrCallback<Self>]

/**
 * Arguments after the column and path of `whereJsonPath()`: `value` (compared with `=`) or
 * `operator, value`; the value may be a sub query or a callback.
 */
export type WhereJsonPathArgs<Self> =
  [value: ValueOrCallback<Self>] | [operator: string, value: ValueOrCallback<Self>]

/** Arguments of `whereColumn()`: `column, other` or `column, op, other`. */
export type WhereColumnArgs =
  [column: string, other: string] | [column: string, operator: string, other: string]

/** A list of values, a sub query builder, a raw or a callback building the sub query. */
export type ListOrSubQuery<Self> = readonly unknown[] | object | ((query: Self) => void)

/** A sub query given as builder, raw or callback. */
export type SubQuery<Self> = object | ((query: Self) => void)

/** Arguments of `having()`: like `where()`, without the object form. */
export type HavingArgs<Self> =
  | [callback: (query: Self) => void]
  | [raw: RawBuilderContract | Knex.Raw]
  | [key: ColumnKey, value: ValueOrCallback<Self>]
  | [key: ColumnKey, operator: string, value: ValueOrCallback<Self>]

/**
 * One aggregated expression: a column (`'points'`, `'points as total'`),
 * `db.raw()`, `db.ref()`, a raw query, a sub query builder or a callback
 * building the sub query.
 */
export type AggregateExpression<Self> =
  | string
  | RawBuilderContract
  | ReferenceBuilderContract
  | RawQueryBuilderContract
  | Knex.Raw
  | SubQueryContract
  | ((query: Self) => void)

/** One expression, or several aggregated together (`count(a, b)`). */
export type AggregateExpressions<Self> =
  AggregateExpression<Self> | readonly AggregateExpression<Self>[]

/** Several aggregates at once, by alias: `{ total: '*', verified: subQuery }`. */
export type AggregateAliases<Self> = { readonly [alias: string]: AggregateExpressions<Self> }

/** What an aggregate takes: expression(s), or an object of aliases to expression(s). */
export type AggregateColumns<Self> = AggregateExpressions<Self> | AggregateAliases<Self>

/** A table to join: a name, an alias map, a raw or a sub query builder. */
export type JoinTable =
  string | Record<string, string> | RawBuilderContract | Knex.Raw | SubQueryContract

/** A join condition: the first column, a raw, or a callback building the `on` clauses. */
export type JoinCondition =
  string | RawBuilderContract | Knex.Raw | ((join: Knex.JoinClause) => void)

/** The where clauses (`where.ts`, `where_basic.ts`). */
export interface WhereClauses {
  /** Adds a where clause: `where('id', 1)`, `where('age', '>', 18)`, `where({ id: 1 })`, `where((q) => ...)`. */
  where(...args: WhereArgs<this>): this
  /** `or` variant of `where()`. */
  orWhere(...args: WhereArgs<this>): this
  /** Alias of `where()`. */
  andWhere(...args: WhereArgs<this>): this
  /** Adds a negated where clause: `where not (...)`. */
  whereNot(...args: WhereArgs<this>): this
  /** `or` variant of `whereNot()`. */
  orWhereNot(...args: WhereArgs<this>): this
  /** Alias of `whereNot()`. */
  andWhereNot(...args: WhereArgs<this>): this
  /** Compares two columns: `whereColumn('updated_at', '>', 'created_at')`. */
  whereColumn(...args: WhereColumnArgs): this
  /** `or` variant of `whereColumn()`. */
  orWhereColumn(...args: WhereColumnArgs): this
  /** Alias of `whereColumn()`. */
  andWhereColumn(...args: WhereColumnArgs): this
  /** Negated `whereColumn()`. */
  whereNotColumn(...args: WhereColumnArgs): this
  /** `or` variant of `whereNotColumn()`. */
  orWhereNotColumn(...args: WhereColumnArgs): this
  /** Alias of `whereNotColumn()`. */
  andWhereNotColumn(...args: WhereColumnArgs): this
  /** `key in (...)` from a list, a sub query or a callback; `whereIn(['a', 'b'], [[1, 2]])` for tuples. */
  whereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** `or` variant of `whereIn()`. */
  orWhereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** Alias of `whereIn()`. */
  andWhereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** `key not in (...)`. */
  whereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** `or` variant of `whereNotIn()`. */
  orWhereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** Alias of `whereNotIn()`. */
  andWhereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this
  /** `key is null`. */
  whereNull(key: ColumnKey): this
  /** `or` variant of `whereNull()`. */
  orWhereNull(key: ColumnKey): this
  /** Alias of `whereNull()`. */
  andWhereNull(key: ColumnKey): this
  /** `key is not null`. */
  whereNotNull(key: ColumnKey): this
  /** `or` variant of `whereNotNull()`. */
  orWhereNotNull(key: ColumnKey): this
  /** Alias of `whereNotNull()`. */
  andWhereNotNull(key: ColumnKey): this
  /** `exists (sub query)`, from a callback, a builder or a raw. */
  whereExists(subQuery: SubQuery<this>): this
  /** `or` variant of `whereExists()`. */
  orWhereExists(subQuery: SubQuery<this>): this
  /** Alias of `whereExists()`. */
  andWhereExists(subQuery: SubQuery<this>): this
  /** `not exists (sub query)`. */
  whereNotExists(subQuery: SubQuery<this>): this
  /** `or` variant of `whereNotExists()`. */
  orWhereNotExists(subQuery: SubQuery<this>): this
  /** Alias of `whereNotExists()`. */
  andWhereNotExists(subQuery: SubQuery<this>): this
  /** `key between min and max`. */
  whereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `or` variant of `whereBetween()`. */
  orWhereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** Alias of `whereBetween()`. */
  andWhereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `key not between min and max`. */
  whereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `or` variant of `whereNotBetween()`. */
  orWhereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** Alias of `whereNotBetween()`. */
  andWhereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** A raw where clause: `whereRaw('age > ?', [18])`. */
  whereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** `or` variant of `whereRaw()`. */
  orWhereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** Alias of `whereRaw()`. */
  andWhereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /**
   * `like`, as Lucid compiles it: case sensitive on pg and MySQL, case
   * insensitive for ASCII letters on SQLite (its `like` ignores case).
   */
  whereLike(key: ColumnKey, value: QueryValue): this
  /** `or` variant of `whereLike()`. */
  orWhereLike(key: ColumnKey, value: QueryValue): this
  /** Alias of `whereLike()`. */
  andWhereLike(key: ColumnKey, value: QueryValue): this
  /** Case insensitive `like` (`ilike` on pg; `like` on sqlite and mysql, whose default collations ignore case). */
  whereILike(key: ColumnKey, value: QueryValue): this
  /** `or` variant of `whereILike()`. */
  orWhereILike(key: ColumnKey, value: QueryValue): this
  /** Alias of `whereILike()`. */
  andWhereILike(key: ColumnKey, value: QueryValue): this
  /**
   * The JSON column equals `value`: `column = ?` as Lucid compiles it (jsonb equality on pg,
   * text equality on SQLite); a callback or query builder value compares with a sub query.
   */
  whereJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereJson()`. */
  orWhereJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereJson()`. */
  andWhereJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** The JSON column does not equal `value`. */
  whereNotJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereNotJson()`. */
  orWhereNotJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereNotJson()`. */
  andWhereNotJson(key: string, value: QueryValue | ((query: this) => void)): this
  /** The JSON column contains `value` (pg `@>`, mysql `json_contains`; not on sqlite). */
  whereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereJsonSuperset()`. */
  orWhereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereJsonSuperset()`. */
  andWhereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Negated `whereJsonSuperset()`. */
  whereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereNotJsonSuperset()`. */
  orWhereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereNotJsonSuperset()`. */
  andWhereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this
  /** The JSON column is contained in `value` (pg `<@`, mysql `json_contains`; not on sqlite). */
  whereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereJsonSubset()`. */
  orWhereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereJsonSubset()`. */
  andWhereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Negated `whereJsonSubset()`. */
  whereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /** `or` variant of `whereNotJsonSubset()`. */
  orWhereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /** Alias of `whereNotJsonSubset()`. */
  andWhereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this
  /**
   * Compares the value at a JSON path of the column: `whereJsonPath('meta', '$.age', '>', 18)`
   * (`json_extract` on SQLite and MySQL, `jsonb_path_query_first` on pg).
   */
  whereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this
  /** `or` variant of `whereJsonPath()`. */
  orWhereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this
  /** Alias of `whereJsonPath()`. */
  andWhereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this
}

/** The having clauses (`having.ts`). */
export interface HavingClauses {
  /** Adds a having clause: `having('total', '>', 2)`, `having(db.raw('count(*) > ?', [2]))`. */
  having(...args: HavingArgs<this>): this
  /** `or` variant of `having()`. */
  orHaving(...args: HavingArgs<this>): this
  /** Alias of `having()`. */
  andHaving(...args: HavingArgs<this>): this
  /** `having key in (...)`. */
  havingIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** `or` variant of `havingIn()`. */
  orHavingIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** Alias of `havingIn()`. */
  andHavingIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** `having key not in (...)`. */
  havingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** `or` variant of `havingNotIn()`. */
  orHavingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** Alias of `havingNotIn()`. */
  andHavingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this
  /** `having key is null`. */
  havingNull(key: ColumnKey): this
  /** `or` variant of `havingNull()`. */
  orHavingNull(key: ColumnKey): this
  /** Alias of `havingNull()`. */
  andHavingNull(key: ColumnKey): this
  /** `having key is not null`. */
  havingNotNull(key: ColumnKey): this
  /** `or` variant of `havingNotNull()`. */
  orHavingNotNull(key: ColumnKey): this
  /** Alias of `havingNotNull()`. */
  andHavingNotNull(key: ColumnKey): this
  /** `having exists (sub query)`. */
  havingExists(subQuery: SubQuery<this>): this
  /** `or` variant of `havingExists()`. */
  orHavingExists(subQuery: SubQuery<this>): this
  /** Alias of `havingExists()`. */
  andHavingExists(subQuery: SubQuery<this>): this
  /** `having not exists (sub query)`. */
  havingNotExists(subQuery: SubQuery<this>): this
  /** `or` variant of `havingNotExists()`. */
  orHavingNotExists(subQuery: SubQuery<this>): this
  /** Alias of `havingNotExists()`. */
  andHavingNotExists(subQuery: SubQuery<this>): this
  /** `having key between min and max`. */
  havingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `or` variant of `havingBetween()`. */
  orHavingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** Alias of `havingBetween()`. */
  andHavingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `having key not between min and max`. */
  havingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** `or` variant of `havingNotBetween()`. */
  orHavingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** Alias of `havingNotBetween()`. */
  andHavingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this
  /** A raw having clause: `havingRaw('count(*) > ?', [2])`. */
  havingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** `or` variant of `havingRaw()`. */
  orHavingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
  /** Alias of `havingRaw()`. */
  andHavingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this
}

/** Aggregates (`aggregates.ts`): counts, sums and averages come back as numbers on every dialect. */
export interface AggregateClauses {
  /**
   * `count(columns)`: `count('* as total')`, `count('*', 'total')`,
   * `count({ total: '*' })`, a raw query, a sub query or a callback building one.
   */
  count(columns: AggregateExpressions<this>, alias?: string): this
  count(columns: AggregateAliases<this>): this
  /** `count(distinct columns)`; takes what `count()` takes. */
  countDistinct(columns: AggregateExpressions<this>, alias?: string): this
  countDistinct(columns: AggregateAliases<this>): this
  /** `min(column)`; the value keeps the column's type. Takes what `count()` takes. */
  min(columns: AggregateExpressions<this>, alias?: string): this
  min(columns: AggregateAliases<this>): this
  /** `max(column)`; the value keeps the column's type. Takes what `count()` takes. */
  max(columns: AggregateExpressions<this>, alias?: string): this
  max(columns: AggregateAliases<this>): this
  /** `sum(column)`; takes what `count()` takes. */
  sum(columns: AggregateExpressions<this>, alias?: string): this
  sum(columns: AggregateAliases<this>): this
  /** `sum(distinct column)`; takes what `count()` takes. */
  sumDistinct(columns: AggregateExpressions<this>, alias?: string): this
  sumDistinct(columns: AggregateAliases<this>): this
  /** `avg(column)`; takes what `count()` takes. */
  avg(columns: AggregateExpressions<this>, alias?: string): this
  avg(columns: AggregateAliases<this>): this
  /** `avg(distinct column)`; takes what `count()` takes. */
  avgDistinct(columns: AggregateExpressions<this>, alias?: string): this
  avgDistinct(columns: AggregateAliases<this>): this
}

/** Joins (`joins.ts`) and grouping the existing where clauses (`wrap_existing.ts`). */
export interface JoinClauses {
  /**
   * Wraps the where clauses written so far in one group; the clauses added
   * later form groups of their own. Without where clauses, or when nothing
   * was added since the last call, it does nothing.
   *
   * Example:
   * ```ts
   * db.from('users').where('role', 'admin').orWhere('role', 'owner').wrapExisting().where('is_active', true)
   * // where (role = ? or role = ?) and (is_active = ?)
   * ```
   */
  wrapExisting(): this
  /** `join posts on users.id = posts.user_id`; a callback receives knex's join clause. */
  join(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** Same as `join()`. */
  innerJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `left join`. */
  leftJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `left outer join`. */
  leftOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `right join`. */
  rightJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `right outer join`. */
  rightOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `full outer join` (pg and sqlite; MySQL has none, so it throws there). */
  fullOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
  /** `cross join`, with an optional `on` condition taken as `join()` takes it (MySQL and SQLite). */
  crossJoin(
    table: JoinTable,
    first?: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this
}
