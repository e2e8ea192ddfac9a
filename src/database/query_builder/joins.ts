/**
 * Joins and the sources they (and `from`/`select`) take: tables, alias maps,
 * raws and sub queries. Chainable extends it.
 */
import { BaseChainable } from './base.js'
import { ensureIdentifier } from './identifier.js'
import { WrapExistingChainable } from './wrap_existing.js'
import type { JoinTable, JoinCondition } from '../../types/query_clauses.js'
import type { RawBuilderContract } from '../../types/query_values.js'

export type { JoinTable, JoinCondition } from '../../types/query_clauses.js'

type JoinMethod =
  | 'join'
  | 'crossJoin'
  | 'innerJoin'
  | 'leftJoin'
  | 'leftOuterJoin'
  | 'rightJoin'
  | 'rightOuterJoin'
  | 'fullOuterJoin'

export abstract class JoinChainable extends WrapExistingChainable {
  /** Turns a select/from/join source into what knex takes. */
  protected transformSource(value: unknown): unknown {
    if (typeof value === 'string') {
      ensureIdentifier(value)
      return value
    }
    if (value instanceof BaseChainable || typeof value === 'function')
      return this.transformValue(value)
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const resolved: Record<string, unknown> = {}
      for (const [alias, source] of Object.entries(value))
        resolved[alias] = this.transformSource(source)
      return resolved
    }
    return this.transformStatic(value)
  }

  protected applyJoin(
    method: JoinMethod,
    table: JoinTable,
    ...args: [first: JoinCondition, operator?: string, second?: string | RawBuilderContract]
  ): this {
    if (method === 'fullOuterJoin') this.ensureDialect('fullOuterJoin', ['postgres', 'sqlite'])
    const target = this.transformSource(table)
    // join columns are other tables' columns: they are not mapped by the keys resolver
    const rest = args
      .filter((arg) => arg !== undefined)
      .map((arg) => (typeof arg === 'function' ? arg : this.transformStatic(arg)))
    return this.callKnex(method, target, ...rest)
  }

  /** `join posts on users.id = posts.user_id`; a callback receives knex's join clause. */
  join(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('join', table, first, operator, second)
  }

  /** Same as `join()`. */
  innerJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('innerJoin', table, first, operator, second)
  }

  /** `left join`. */
  leftJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('leftJoin', table, first, operator, second)
  }

  /** `left outer join`. */
  leftOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('leftOuterJoin', table, first, operator, second)
  }

  /** `right join`. */
  rightJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('rightJoin', table, first, operator, second)
  }

  /** `right outer join`. */
  rightOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('rightOuterJoin', table, first, operator, second)
  }

  /** `full outer join` (pg and sqlite; MySQL has none, so it throws there). */
  fullOuterJoin(
    table: JoinTable,
    first: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    return this.applyJoin('fullOuterJoin', table, first, operator, second)
  }

  /** `cross join`, with an optional `on` condition taken as `join()` takes it (MySQL and SQLite). */
  crossJoin(
    table: JoinTable,
    first?: JoinCondition,
    operator?: string,
    second?: string | RawBuilderContract
  ): this {
    if (first === undefined) return this.callKnex('crossJoin', this.transformSource(table))
    return this.applyJoin('crossJoin', table, first, operator, second)
  }
}
