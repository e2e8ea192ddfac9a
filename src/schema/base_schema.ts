import type { Knex } from 'knex'
import type { QueryClientContract } from '../types/database.js'
import type { DeferCallback } from '../types/schema.js'
import './morphs.js'

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

  /** The schema builders `up()`/`down()` used and the deferred actions, in the order made. */
  #calls: (Knex.SchemaBuilder | DeferCallback)[] = []
  /** Builders the migration awaited itself (`await this.schema.hasTable(...)`): they ran already. */
  #ran = new WeakSet<Knex.SchemaBuilder>()

  constructor(
    /** The client the file runs on: a transaction unless transactions are disabled. */
    public db: QueryClientContract,
    /** Name of the migration file. */
    public file: string,
    /** True when the SQL is collected instead of executed. */
    public dryRun = false
  ) {}

  /**
   * A new knex schema builder on the migration's client, each time it is read
   * (as in Lucid): statements queued on it run after `up()`/`down()`, in the
   * order they were queued; one the migration awaits itself runs then, alone,
   * and not again.
   */
  get schema(): Knex.SchemaBuilder {
    const builder = this.db.getWriteClient().schema
    const ran = this.#ran
    const then = builder.then
    builder.then = function (this: Knex.SchemaBuilder, ...args: Parameters<typeof then>) {
      ran.add(builder)
      return then.apply(this, args)
    } as typeof then
    this.#calls.push(builder)
    return builder
  }

  /** `CURRENT_TIMESTAMP`, with fractional seconds when `precision` is given. */
  now(precision?: number): Knex.Raw {
    return this.db.knexRawQuery(precision ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP')
  }

  /** A raw SQL fragment, e.g. for `defaultTo(this.raw('...'))`; values go as bindings. */
  raw(sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict): Knex.Raw {
    return this.db.knexRawQuery(sql, bindings)
  }

  /** A knex query builder bound to the migration's client. */
  knex(): Knex.QueryBuilder {
    return this.db.knexQuery()
  }

  /** Runs `cb` after the schema statements queued before it (skipped in dry run). */
  defer(cb: DeferCallback): void {
    this.#calls.push(cb)
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

  /** The builders still to run (not awaited by the migration), with the deferred actions. */
  #pending(): (Knex.SchemaBuilder | DeferCallback)[] {
    return this.#calls.filter((call) => typeof call === 'function' || !this.#ran.has(call))
  }

  async #execute(): Promise<string[] | boolean> {
    if (this.dryRun) return this.#queries()
    for (const call of this.#pending()) {
      if (typeof call === 'function') await call(this.db)
      else await call
    }
    return true
  }

  /** The queued statements as SQL strings, bindings inlined. */
  #queries(): string[] {
    const client = this.db.getWriteClient()
    return this.#pending().flatMap((call) =>
      typeof call === 'function'
        ? []
        : call
            .toSQL()
            .map(({ sql, bindings }) =>
              bindings && bindings.length ? client.raw(sql, bindings).toQuery() : sql
            )
    )
  }
}
