import type { Knex } from 'knex'
import type { QueryClientContract, TransactionClientContract } from '../../types/database.js'
import { runQuery } from '../query_runner.js'
import type { ReporterData, TimeoutOptions } from './base.js'

/**
 * An executable raw query (`db.rawQuery('select * from users where id = ?', [1])`).
 * It may write, so it always runs on the write host. The result is what the
 * driver returns (pg: a result object with `rows`; mysql: `[rows, fields]`;
 * sqlite: rows for reads, `{ changes }` for writes).
 *
 * @example
 * const result = await db.rawQuery('select count(*) as total from users')
 */
export class RawQueryBuilder<Result = any> {
  #debug = false
  #reporterData?: ReporterData

  constructor(
    /** The knex raw this builder runs. */
    public knexQuery: Knex.Raw,
    /** The client the query runs on. */
    public client: QueryClientContract
  ) {}

  /** Wraps the SQL, e.g. `wrap('(', ')')` to use it as a sub query. */
  wrap(before: string, after: string): this {
    this.knexQuery.wrap(before, after)
    return this
  }

  /** Reports this query through `db:query` even when the connection does not debug. */
  debug(debug: boolean): this {
    this.#debug = debug
    return this
  }

  /** Extra fields (such as the model name) for the `db:query` event. */
  reporterData(data: ReporterData): this {
    this.#reporterData = data
    return this
  }

  /** Fails the query after `time` milliseconds; `cancel` also stops it on the server. */
  timeout(time: number, options?: TimeoutOptions): this {
    this.knexQuery.timeout(time, options ?? {})
    return this
  }

  /** Runs the query inside the given transaction. */
  useTransaction(trx: TransactionClientContract): this {
    this.client = trx
    this.knexQuery.transacting(trx.knexClient)
    return this
  }

  /** The knex raw this stands for (used when nesting it in another query). */
  toKnex(): Knex.Raw {
    return this.knexQuery
  }

  /** The SQL and bindings knex compiles this query to. */
  toSQL(): Knex.Sql {
    return this.knexQuery.toSQL()
  }

  /** The SQL with bindings interpolated, for logs only: never run it. */
  toQuery(): string {
    return this.knexQuery.toQuery()
  }

  /** Runs the query. */
  exec(): Promise<Result> {
    return runQuery<Result>(this.client, this.knexQuery, {
      write: true,
      debug: this.#debug,
      reporterData: this.#reporterData,
    })
  }

  /** Runs the query when awaited. */
  then<TResult1 = Result, TResult2 = never>(
    onfulfilled?: ((value: Result) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null
  ): Promise<TResult1 | TResult2> {
    return this.exec().then(onfulfilled, onrejected)
  }

  /** Runs the query and handles its failure. */
  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null
  ): Promise<Result | TResult> {
    return this.exec().catch(onrejected)
  }

  /** Runs the query and then `onfinally`, whatever the outcome. */
  finally(onfinally?: (() => void) | null): Promise<Result> {
    return this.exec().finally(onfinally)
  }

  get [Symbol.toStringTag]() {
    return this.constructor.name
  }
}
