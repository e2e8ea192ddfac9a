import type { Knex } from 'knex'
import type { RawBuilderContract } from '../../../types/query_values.js'

/**
 * A raw SQL fragment with bindings, for use inside other queries
 * (`db.raw('count(*) > ?', [2])`). It is not run on its own; use
 * `db.rawQuery()` for that.
 */
export class RawBuilder implements RawBuilderContract {
  #wrap?: { before: string; after: string }

  constructor(
    readonly sql: string,
    readonly bindings?: Knex.RawBinding[] | Record<string, Knex.RawBinding>
  ) {}

  /** Wraps the SQL, e.g. in parentheses to use it as a sub query. */
  wrap(before: string, after: string): this {
    this.#wrap = { before, after }
    return this
  }

  /** The knex raw this stands for, on the given knex instance. */
  toKnex(client: Knex): Knex.Raw {
    const raw = this.bindings
      ? client.raw(this.sql, this.bindings as Knex.RawBinding[])
      : client.raw(this.sql)
    if (this.#wrap) raw.wrap(this.#wrap.before, this.#wrap.after)
    return raw
  }
}
