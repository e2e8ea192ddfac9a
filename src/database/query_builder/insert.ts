import type { Knex } from 'knex'
import type { QueryClientContract, TransactionClientContract } from '../../types/database.js'
import { runQuery } from '../query_runner.js'
import type { ReporterData, TimeoutOptions } from './base.js'
import { RawBuilder } from './static/raw.js'
import { ReferenceBuilder } from './static/reference.js'

/**
 * What an insert without `returning()` resolves to, as knex returns it:
 * `[insertId]` on mysql and sqlite, pg's result object (with `rowCount`) on pg.
 */
export type InsertResult = number[] | { rowCount: number | null }

/** What an insert with `returning()` resolves to: the rows (pg, sqlite) or `[insertId]` (mysql). */
export type InsertReturningResult<Row> = Row[] | number[]

/**
 * Builds and runs insert queries (Lucid's InsertQueryBuilder). Awaiting it
 * runs the query.
 *
 * @example
 * await db.table('users').insert({ username: 'virk', email: 'virk@adonisjs.com' })
 * const rows = await db.table('users').returning('id').multiInsert([{ username: 'a' }, { username: 'b' }])
 */
export class InsertQueryBuilder<Row = Record<string, any>, Result = InsertResult> {
  #debug = false
  #reporterData?: ReporterData

  constructor(
    /** The knex query this builder writes to. */
    public knexQuery: Knex.QueryBuilder,
    /** The client the query runs on. */
    public client: QueryClientContract
  ) {}

  /** Turns `db.raw()`/`db.ref()` values of a row into knex objects. */
  #transformRow(row: Record<string, unknown>): Record<string, unknown> {
    const knex = this.client.getWriteClient()
    const values: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(row)) {
      values[key] =
        value instanceof RawBuilder || value instanceof ReferenceBuilder
          ? value.toKnex(knex)
          : value
    }
    return values
  }

  /** The table to insert into. */
  table(table: string): this {
    this.knexQuery.table(table)
    return this
  }

  /** Schema the table belongs to. */
  withSchema(schema: string): this {
    this.knexQuery.withSchema(schema)
    return this
  }

  /** Inserts one row. */
  insert(row: Record<string, unknown>): this {
    this.knexQuery.insert(this.#transformRow(row))
    return this
  }

  /** Inserts several rows in one statement. */
  multiInsert(rows: readonly Record<string, unknown>[]): this {
    this.knexQuery.insert(rows.map((row) => this.#transformRow(row)))
    return this
  }

  /** Columns the insert returns (pg, sqlite); ignored on mysql, which returns `[insertId]`. */
  returning(
    columns: string | readonly string[]
  ): InsertQueryBuilder<Row, InsertReturningResult<Row>> {
    if (this.client.dialect.supportsReturning) {
      this.knexQuery.returning(typeof columns === 'string' ? [columns] : [...columns])
    }
    return this as unknown as InsertQueryBuilder<Row, InsertReturningResult<Row>>
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

  /** The knex query builder this stands for. */
  toKnex(): Knex.QueryBuilder {
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

  /** Runs the insert. */
  exec(): Promise<Result> {
    return runQuery<Result>(this.client, this.knexQuery, {
      write: true,
      debug: this.#debug,
      reporterData: this.#reporterData,
    })
  }

  /** Runs the insert when awaited. */
  then<TResult1 = Result, TResult2 = never>(
    onfulfilled?: ((value: Result) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null
  ): Promise<TResult1 | TResult2> {
    return this.exec().then(onfulfilled, onrejected)
  }

  /** Runs the insert and handles its failure. */
  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null
  ): Promise<Result | TResult> {
    return this.exec().catch(onrejected)
  }

  /** Runs the insert and then `onfinally`, whatever the outcome. */
  finally(onfinally?: (() => void) | null): Promise<Result> {
    return this.exec().finally(onfinally)
  }

  get [Symbol.toStringTag]() {
    return this.constructor.name
  }
}
