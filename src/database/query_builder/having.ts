/**
 * The having family of the chainable builders, with Lucid's `or*` and
 * `and*` variants.
 */
import type { ColumnKey, QueryValue, RawBuilderContract } from '../../types/query_values.js'
import { WhereChainable } from './where.js'
import type { ListOrSubQuery, RawBindings, SubQuery } from './where.js'
import type { HavingArgs } from '../../types/query_clauses.js'

export type { HavingArgs } from '../../types/query_clauses.js'

export abstract class HavingChainable extends WhereChainable {
  protected applyHaving(method: 'having' | 'orHaving', args: readonly unknown[]): this {
    if (args.length === 1) {
      const [clause] = args
      if (typeof clause === 'function')
        return this.callKnex(method, this.wrapCallback(clause as never))
      return this.callKnex(method, this.transformStatic(clause))
    }
    const column = this.transformColumn(args[0] as ColumnKey)
    // knex's having() has no two argument form
    const [operator, value] = args.length === 2 ? ['=', args[1]] : [args[1], args[2]]
    return this.callKnex(method, column, operator, this.transformValue(value))
  }

  /** Adds a having clause: `having('total', '>', 2)`, `having(db.raw('count(*) > ?', [2]))`. */
  having(...args: HavingArgs<this>): this {
    return this.applyHaving('having', args)
  }

  /** `or` variant of `having()`. */
  orHaving(...args: HavingArgs<this>): this {
    return this.applyHaving('orHaving', args)
  }

  /** Alias of `having()`. */
  andHaving(...args: HavingArgs<this>): this {
    return this.applyHaving('having', args)
  }

  protected applyHavingIn(method: string, key: ColumnKey, value: unknown): this {
    const values = Array.isArray(value) ? this.havingValues(value) : this.transformValue(value)
    return this.callKnex(method, this.transformColumn(key), values)
  }

  /** List items and between bounds as knex takes them: a sub query is inlined, not bound. */
  private havingValues(values: readonly unknown[]): unknown[] {
    return values.map((value) => this.transformValue(value))
  }

  /** `having key in (...)`. */
  havingIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.applyHavingIn('havingIn', key, values)
  }

  /** `or` variant of `havingIn()`. */
  orHavingIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.applyHavingIn('orHavingIn', key, values)
  }

  /** Alias of `havingIn()`. */
  andHavingIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.havingIn(key, values)
  }

  /** `having key not in (...)`. */
  havingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.applyHavingIn('havingNotIn', key, values)
  }

  /** `or` variant of `havingNotIn()`. */
  orHavingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.applyHavingIn('orHavingNotIn', key, values)
  }

  /** Alias of `havingNotIn()`. */
  andHavingNotIn(key: ColumnKey, values: ListOrSubQuery<this>): this {
    return this.havingNotIn(key, values)
  }

  /** `having key is null`. */
  havingNull(key: ColumnKey): this {
    return this.callKnex('havingNull', this.transformColumn(key))
  }

  /** `or` variant of `havingNull()`. */
  orHavingNull(key: ColumnKey): this {
    return this.callKnex('orHavingNull', this.transformColumn(key))
  }

  /** Alias of `havingNull()`. */
  andHavingNull(key: ColumnKey): this {
    return this.havingNull(key)
  }

  /** `having key is not null`. */
  havingNotNull(key: ColumnKey): this {
    return this.callKnex('havingNotNull', this.transformColumn(key))
  }

  /** `or` variant of `havingNotNull()`. */
  orHavingNotNull(key: ColumnKey): this {
    return this.callKnex('orHavingNotNull', this.transformColumn(key))
  }

  /** Alias of `havingNotNull()`. */
  andHavingNotNull(key: ColumnKey): this {
    return this.havingNotNull(key)
  }

  /** `having exists (sub query)`. */
  havingExists(subQuery: SubQuery<this>): this {
    return this.callKnex('havingExists', this.transformValue(subQuery))
  }

  /** `or` variant of `havingExists()`. */
  orHavingExists(subQuery: SubQuery<this>): this {
    return this.callKnex('orHavingExists', this.transformValue(subQuery))
  }

  /** Alias of `havingExists()`. */
  andHavingExists(subQuery: SubQuery<this>): this {
    return this.havingExists(subQuery)
  }

  /** `having not exists (sub query)`. */
  havingNotExists(subQuery: SubQuery<this>): this {
    return this.callKnex('havingNotExists', this.transformValue(subQuery))
  }

  /** `or` variant of `havingNotExists()`. */
  orHavingNotExists(subQuery: SubQuery<this>): this {
    return this.callKnex('orHavingNotExists', this.transformValue(subQuery))
  }

  /** Alias of `havingNotExists()`. */
  andHavingNotExists(subQuery: SubQuery<this>): this {
    return this.havingNotExists(subQuery)
  }

  /** `having key between min and max`. */
  havingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('havingBetween', this.transformColumn(key), this.havingValues(range))
  }

  /** `or` variant of `havingBetween()`. */
  orHavingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('orHavingBetween', this.transformColumn(key), this.havingValues(range))
  }

  /** Alias of `havingBetween()`. */
  andHavingBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.havingBetween(key, range)
  }

  /** `having key not between min and max`. */
  havingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('havingNotBetween', this.transformColumn(key), this.havingValues(range))
  }

  /** `or` variant of `havingNotBetween()`. */
  orHavingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('orHavingNotBetween', this.transformColumn(key), this.havingValues(range))
  }

  /** Alias of `havingNotBetween()`. */
  andHavingNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.havingNotBetween(key, range)
  }

  /** A raw having clause: `havingRaw('count(*) > ?', [2])`. */
  havingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('havingRaw', sql, bindings)
  }

  /** `or` variant of `havingRaw()`. */
  orHavingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('orHavingRaw', sql, bindings)
  }

  /** Alias of `havingRaw()`. */
  andHavingRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.havingRaw(sql, bindings)
  }
}
