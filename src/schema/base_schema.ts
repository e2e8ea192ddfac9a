import type { Knex } from 'knex'
import type { QueryClientContract } from '../types/database.js'
import './morphs.js'

type DeferredAction = (db: QueryClientContract) => void | Promise<void>

/**
 * Base class of a migration file: `up()` and `down()` queue statements on
 * `this.schema`, the migrator runs them (or, in dry run, collects their SQL).
 *
 * @example
 * export default class extends BaseSchema {
 *   protected tableName = 'users'
 *   async up() { this.schema.createTable(this.tableName, (table) => table.increments('id')) }
 *   async down() { this.schema.dropTable(this.tableName) }
 * }
 */
export class BaseSchema {
  /** Run this file outside a transaction (e.g. `CREATE INDEX CONCURRENTLY`). */
  static disableTransactions = false

  /** Knex schema builder bound to the migration's client (a transaction unless disabled). */
  schema: Knex.SchemaBuilder
  #deferred: DeferredAction[] = []

  constructor(
    /** The client the file runs on: a transaction unless transactions are disabled. */
    public db: QueryClientContract,
    /** Name of the migration file. */
    public file: string,
    /** True when the SQL is collected instead of executed. */
    public dryRun = false
  ) {
    this.schema = db.getWriteClient().schema
  }

  /** `CURRENT_TIMESTAMP`, with fractional seconds when `precision` is given. */
  now(precision?: number): Knex.Raw {
    return this.db.knexRawQuery(precision ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP')
  }

  /** A raw SQL fragment, e.g. for `defaultTo(this.raw('...'))`. */
  raw(sql: string): Knex.Raw {
    return this.db.knexRawQuery(sql)
  }

  /** A knex query builder bound to the migration's client. */
  knex(): Knex.QueryBuilder {
    return this.db.knexQuery()
  }

  /** Runs `cb` once the queued schema statements ran (skipped in dry run). */
  defer(cb: DeferredAction): void {
    this.#deferred.push(cb)
  }

  /** Statements applying the migration. */
  up(): void | Promise<void> {}

  /** Statements reverting the migration. */
  down(): void | Promise<void> {}

  /** Runs `up()`: the SQL in dry run, true otherwise. */
  async execUp(): Promise<string[] | boolean> {
    await this.up()
    return this.#execute()
  }

  /** Runs `down()`: the SQL in dry run, true otherwise. */
  async execDown(): Promise<string[] | boolean> {
    await this.down()
    return this.#execute()
  }

  async #execute(): Promise<string[] | boolean> {
    if (this.dryRun) return this.#queries()
    await this.schema
    for (const action of this.#deferred) await action(this.db)
    return true
  }

  /** The queued statements as SQL strings, bindings inlined. */
  #queries(): string[] {
    const client = this.db.getWriteClient()
    return this.schema
      .toSQL()
      .map(({ sql, bindings }) =>
        bindings && bindings.length ? client.raw(sql, bindings).toQuery() : sql
      )
  }
}
