import type { Knex } from 'knex'
import type { QueryRunnerContract, TransactionRunnerContract } from '../../types/query_client.js'
import { runQuery } from '../query_runner.js'
import { refuseCancelBehindPooler } from '../connection/pooler.js'
import type { TimeoutOptions, ReporterData, QueryResult } from '../../types/query_values.js'

export type { TimeoutOptions, ReporterData, QueryResult } from '../../types/query_values.js'

/**
 * What every query builder shares (chainable, insert and raw): a knex query
 * bound to a client, debugging, timeouts, transactions, SQL output, and
 * running it when awaited (`then`/`catch`/`finally` call `exec()`).
 */
export abstract class ThenableQuery<KnexQuery extends Knex.QueryBuilder | Knex.Raw> {
  /** When true, the query is reported through `db:query` (starts as the connection's `debug`). */
  protected debugQueries: boolean
  /** Extra fields for the `db:query` event. */
  protected customReporterData?: ReporterData

  constructor(
    /** The knex query this builder runs. */
    public knexQuery: KnexQuery,
    /** The client (pool or transaction) the query runs on. */
    public client: QueryRunnerContract
  ) {
    this.debugQueries = client.debug === true
  }

  /** Runs the query. */
  abstract exec(): Promise<unknown>

  /** Reports this query through `db:query` (`true`), or not (`false`), whatever the connection's `debug`. */
  debug(debug: boolean): this {
    this.debugQueries = debug
    return this
  }

  /** Extra fields (such as the model name) for the `db:query` event. */
  reporterData(data: ReporterData): this {
    this.customReporterData = data
    return this
  }

  /** Fails the query after `time` milliseconds; `cancel` also stops it on the server. */
  timeout(time: number, options?: TimeoutOptions): this {
    if (options?.cancel) refuseCancelBehindPooler(this.client)
    this.knexQuery.timeout(time, options ?? {})
    return this
  }

  /** Runs the query inside the given transaction. */
  useTransaction(trx: TransactionRunnerContract): this {
    this.client = trx
    this.knexQuery.transacting(trx.knexClient)
    return this
  }

  /** The knex object this stands for (used when nesting it in another query). */
  toKnex(): KnexQuery {
    return this.knexQuery
  }

  /** The SQL and bindings knex compiles this query to. */
  toSQL(): Knex.Sql {
    return this.knexQuery.toSQL() as Knex.Sql
  }

  /** The SQL with bindings interpolated, for logs only: never run it. */
  toQuery(): string {
    return this.knexQuery.toQuery()
  }

  /** Runs the query when awaited. */
  then<TResult1 = QueryResult<this>, TResult2 = never>(
    onfulfilled?: ((value: QueryResult<this>) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null
  ): Promise<TResult1 | TResult2> {
    return (this.exec() as Promise<QueryResult<this>>).then(onfulfilled, onrejected)
  }

  /** Runs the query and handles its failure. */
  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null
  ): Promise<QueryResult<this> | TResult> {
    return (this.exec() as Promise<QueryResult<this>>).catch(onrejected)
  }

  /** Runs the query and then `onfinally`, whatever the outcome. */
  finally(onfinally?: (() => void) | null): Promise<QueryResult<this>> {
    return (this.exec() as Promise<QueryResult<this>>).finally(onfinally)
  }

  get [Symbol.toStringTag]() {
    return this.constructor.name
  }
}

/**
 * The insert and raw query builders: run on the write host unless a
 * subclass says otherwise, resolving to what the driver returns.
 */
export abstract class RunnableQuery<
  KnexQuery extends Knex.QueryBuilder | Knex.Raw,
  Result,
> extends ThenableQuery<KnexQuery> {
  /** True when the query goes to the write host: always, unless a subclass says otherwise. */
  protected runsOnWriteHost(): boolean {
    return true
  }

  /** Runs the query on the write host (see `runsOnWriteHost`). */
  exec(): Promise<Result> {
    return runQuery<Result>(this.client, this.knexQuery, {
      write: this.runsOnWriteHost(),
      debug: this.debugQueries,
      reporterData: this.customReporterData,
    })
  }
}
