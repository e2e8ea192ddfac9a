/**
 * Lucid's names for the value types of clauses (`StrictValues`, `RawQuery`
 * ...) and for the signatures of the query builder methods (`Where<Builder>`
 * is the type of `builder.where` ...). They name Stratum's own types:
 * nothing here adds a method.
 */
import type { Knex } from 'knex'
import type { TransactionRunnerContract } from './query_client.js'
import type { ChainableContract, DatabaseQueryBuilderContract } from './query_builder.js'
import type { AggregateClauses, HavingClauses, JoinClauses, WhereClauses } from './query_clauses.js'
import type {
  InsertQueryBuilderContract,
  Primitive,
  QueryValue,
  RawBindings,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReporterData,
  TimeoutOptions,
} from './query_values.js'

/** A raw SQL fragment: `db.raw()`, `db.rawQuery()` or knex's own. */
export type RawQuery =
  RawBuilderContract | RawQueryBuilderContract | Knex.Raw | Knex.RawQueryBuilder

/** A value a clause binds (scalars, dates, buffers, arrays, JSON, raw SQL, `db.ref()`). */
export type StrictValues = QueryValue

/** A value a clause binds, raw SQL left out. */
export type StrictValuesWithoutRaw = Primitive | Date | Uint8Array | readonly (Primitive | Date)[]

/** Bindings of a raw query: positional or named. */
export type RawQueryBindings = RawBindings

/** A value, or a sub query or raw SQL giving it. */
export type ValueWithSubQueries<T> = T | ChainableContract | RawQuery

/** A callback receiving a (wrapped or sub) query: `where((query) => ...)`. */
export type QueryCallback<Builder extends ChainableContract> = (builder: Builder) => void

/** A query that runs when awaited, resolving to `Result`. */
export interface ExcutableQueryBuilderContract<Result> extends PromiseLike<Result> {
  debug(debug: boolean): this
  timeout(time: number, options?: TimeoutOptions): this
  useTransaction(trx: TransactionRunnerContract): this
  reporterData(data: ReporterData): this
  toQuery(): string
  toSQL(): Knex.Sql
  exec(): Promise<Result>
}

// the signature of one method of `Builder`, under Lucid's name for it
export type DatabaseQueryBuilderSelect<Builder extends ChainableContract> = Builder['select']
export type FromTable<Builder extends ChainableContract> = Builder['from']
export type Distinct<Builder extends ChainableContract> = Builder['distinct']
export type GroupBy<Builder extends ChainableContract> = Builder['groupBy']
export type OrderBy<Builder extends ChainableContract> = Builder['orderBy']
export type Union<Builder extends ChainableContract> = Builder['union']
export type Intersect<Builder extends ChainableContract> = Builder['intersect']
export type With<Builder extends ChainableContract> = Builder['with']
export type Where<Builder extends WhereClauses> = Builder['where']
export type WhereIn<Builder extends WhereClauses> = Builder['whereIn']
export type WhereNull<Builder extends WhereClauses> = Builder['whereNull']
export type WhereExists<Builder extends WhereClauses> = Builder['whereExists']
export type WhereBetween<Builder extends WhereClauses> = Builder['whereBetween']
export type WhereColumn<Builder extends WhereClauses> = Builder['whereColumn']
export type WhereLike<Builder extends WhereClauses> = Builder['whereLike']
export type WhereJson<Builder extends WhereClauses> = Builder['whereJson']
export type WhereJsonPath<Builder extends WhereClauses> = Builder['whereJsonPath']
export type RawQueryFn<Builder extends WhereClauses> = Builder['whereRaw']
export type Having<Builder extends HavingClauses> = Builder['having']
export type HavingIn<Builder extends HavingClauses> = Builder['havingIn']
export type HavingNull<Builder extends HavingClauses> = Builder['havingNull']
export type HavingExists<Builder extends HavingClauses> = Builder['havingExists']
export type HavingBetween<Builder extends HavingClauses> = Builder['havingBetween']
export type Aggregate<Builder extends AggregateClauses> = Builder['count']
export type Join<Builder extends JoinClauses> = Builder['join']
export type Counter<Builder extends DatabaseQueryBuilderContract> = Builder['increment']
export type Update<Builder extends DatabaseQueryBuilderContract> = Builder['update']
export type Returning<Builder extends DatabaseQueryBuilderContract | InsertQueryBuilderContract> =
  Builder['returning']
export type Insert<Builder extends InsertQueryBuilderContract> = Builder['insert']
export type MultiInsert<Builder extends InsertQueryBuilderContract> = Builder['multiInsert']
