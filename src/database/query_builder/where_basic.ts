/**
 * The where clauses of the chainable builders on columns, lists, sub
 * queries, ranges and raw SQL, with Lucid's `or*`, `and*` and `*Not*`
 * variants. Every variant goes through one helper per family, so the value
 * conversions (raw, ref, sub query, callback) are the same. The pattern
 * and JSON families are in `where.ts`.
 */
import { isPlainObject } from '../plain_object.js'
import { BaseChainable } from './base.js'
import { ensureIdentifier } from './identifier.js'
import { longListClause } from './long_lists.js'
import type {
  WhereArgs,
  WhereColumnArgs,
  ListOrSubQuery,
  SubQuery,
} from '../../types/query_clauses.js'
import type {
  ColumnKey,
  QueryValue,
  RawBindings,
  RawBuilderContract,
} from '../../types/query_values.js'

export type {
  WhereArgs,
  WhereColumnArgs,
  ListOrSubQuery,
  SubQuery,
} from '../../types/query_clauses.js'
export type { RawBindings } from '../../types/query_values.js'

/** The where methods of knex the families below share. */
export type Where = 'where' | 'orWhere' | 'whereNot' | 'orWhereNot'

export abstract class BasicWhereChainable extends BaseChainable {
  protected applyWhere(method: Where, args: readonly unknown[]): this {
    if (args.length === 1) {
      const [clause] = args
      if (typeof clause === 'function')
        return this.callKnex(method, this.wrapCallback(clause as never))
      if (isPlainObject(clause)) {
        const resolved: Record<string, unknown> = {}
        for (const [key, value] of this.columnEntries(clause, method)) {
          resolved[this.resolveKey(key)] = this.transformWhereValue(key, value)
        }
        return this.callKnex(method, resolved)
      }
      return this.callKnex(method, this.transformStatic(clause))
    }
    // `where(key, 'in', list)` takes the whereIn path, long lists included
    const operator = args.length === 3 && typeof args[1] === 'string' ? args[1].toLowerCase() : ''
    if (
      (operator === 'in' || operator === 'not in') &&
      (method === 'where' || method === 'orWhere')
    ) {
      const not = operator === 'not in' ? 'Not' : ''
      const inMethod = method === 'where' ? `where${not}In` : `orWhere${not}In`
      return this.applyWhereIn(inMethod, args[0] as ColumnKey, args[2])
    }
    const column = this.transformColumn(args[0] as ColumnKey)
    if (args.length === 2) {
      return this.callKnex(method, column, this.transformWhereValue(args[0], args[1]))
    }
    return this.callKnex(method, column, args[1], this.transformWhereValue(args[0], args[2]))
  }

  /** A where value compared with `key` (the model builder writes a date column's DateTime as a date). */
  protected transformWhereValue(_key: unknown, value: unknown): unknown {
    return this.transformValue(value)
  }

  /** Adds a where clause: `where('id', 1)`, `where('age', '>', 18)`, `where({ id: 1 })`, `where((q) => ...)`. */
  where(...args: WhereArgs<this>): this {
    return this.applyWhere('where', args)
  }

  /** `or` variant of `where()`. */
  orWhere(...args: WhereArgs<this>): this {
    return this.applyWhere('orWhere', args)
  }

  /** Alias of `where()`. */
  andWhere(...args: WhereArgs<this>): this {
    return this.applyWhere('where', args)
  }

  /** Adds a negated where clause: `where not (...)`. */
  whereNot(...args: WhereArgs<this>): this {
    return this.applyWhere('whereNot', args)
  }

  /** `or` variant of `whereNot()`. */
  orWhereNot(...args: WhereArgs<this>): this {
    return this.applyWhere('orWhereNot', args)
  }

  /** Alias of `whereNot()`. */
  andWhereNot(...args: WhereArgs<this>): this {
    return this.applyWhere('whereNot', args)
  }

  protected applyWhereColumn(method: Where, args: readonly string[]): this {
    // the other column is often another table's (`users.id`): as in Lucid, the keys resolver
    // maps the left-hand key only, the right-hand one is used as written
    const other = args[args.length - 1]
    ensureIdentifier(other)
    const ref = this.knexInstance().ref(other)
    const rest = args.length === 3 ? [args[0], args[1], ref] : [args[0], ref]
    return this.applyWhere(method, rest)
  }

  /** Compares two columns: `whereColumn('updated_at', '>', 'created_at')`. */
  whereColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('where', args)
  }

  /** `or` variant of `whereColumn()`. */
  orWhereColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('orWhere', args)
  }

  /** Alias of `whereColumn()`. */
  andWhereColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('where', args)
  }

  /** Negated `whereColumn()`. */
  whereNotColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('whereNot', args)
  }

  /** `or` variant of `whereNotColumn()`. */
  orWhereNotColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('orWhereNot', args)
  }

  /** Alias of `whereNotColumn()`. */
  andWhereNotColumn(...args: WhereColumnArgs): this {
    return this.applyWhereColumn('whereNot', args)
  }

  protected applyWhereIn(method: string, key: ColumnKey | readonly string[], value: unknown): this {
    const column = Array.isArray(key)
      ? key.map((one: string) => this.resolveKey(one))
      : this.transformColumn(key as ColumnKey)
    if (!Array.isArray(value)) return this.callKnex(method, column, this.transformValue(value))
    const values = value.map((one) =>
      Array.isArray(one) ? this.transformList(one) : this.transformStatic(one)
    )
    // long lists go as one binding where the dialect caps bindings per statement
    const not = method.includes('Not')
    const clause = longListClause(this.knexInstance(), this.client.dialect, column, values, not)
    if (clause) return this.callKnex(method.startsWith('or') ? 'orWhere' : 'where', clause)
    return this.callKnex(method, column, values)
  }

  /** `key in (...)` from a list, a sub query or a callback; `whereIn(['a', 'b'], [[1, 2]])` for tuples. */
  whereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('whereIn', key, values)
  }

  /** `or` variant of `whereIn()`. */
  orWhereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('orWhereIn', key, values)
  }

  /** Alias of `whereIn()`. */
  andWhereIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('whereIn', key, values)
  }

  /** `key not in (...)`. */
  whereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('whereNotIn', key, values)
  }

  /** `or` variant of `whereNotIn()`. */
  orWhereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('orWhereNotIn', key, values)
  }

  /** Alias of `whereNotIn()`. */
  andWhereNotIn(key: ColumnKey | readonly string[], values: ListOrSubQuery<this>): this {
    return this.applyWhereIn('whereNotIn', key, values)
  }

  /** `key is null`. */
  whereNull(key: ColumnKey): this {
    return this.callKnex('whereNull', this.transformColumn(key))
  }

  /** `or` variant of `whereNull()`. */
  orWhereNull(key: ColumnKey): this {
    return this.callKnex('orWhereNull', this.transformColumn(key))
  }

  /** Alias of `whereNull()`. */
  andWhereNull(key: ColumnKey): this {
    return this.whereNull(key)
  }

  /** `key is not null`. */
  whereNotNull(key: ColumnKey): this {
    return this.callKnex('whereNotNull', this.transformColumn(key))
  }

  /** `or` variant of `whereNotNull()`. */
  orWhereNotNull(key: ColumnKey): this {
    return this.callKnex('orWhereNotNull', this.transformColumn(key))
  }

  /** Alias of `whereNotNull()`. */
  andWhereNotNull(key: ColumnKey): this {
    return this.whereNotNull(key)
  }

  /** `exists (sub query)`, from a callback, a builder or a raw. */
  whereExists(subQuery: SubQuery<this>): this {
    return this.callKnex('whereExists', this.transformValue(subQuery))
  }

  /** `or` variant of `whereExists()`. */
  orWhereExists(subQuery: SubQuery<this>): this {
    return this.callKnex('orWhereExists', this.transformValue(subQuery))
  }

  /** Alias of `whereExists()`. */
  andWhereExists(subQuery: SubQuery<this>): this {
    return this.whereExists(subQuery)
  }

  /** `not exists (sub query)`. */
  whereNotExists(subQuery: SubQuery<this>): this {
    return this.callKnex('whereNotExists', this.transformValue(subQuery))
  }

  /** `or` variant of `whereNotExists()`. */
  orWhereNotExists(subQuery: SubQuery<this>): this {
    return this.callKnex('orWhereNotExists', this.transformValue(subQuery))
  }

  /** Alias of `whereNotExists()`. */
  andWhereNotExists(subQuery: SubQuery<this>): this {
    return this.whereNotExists(subQuery)
  }

  /** Between bounds as knex takes them: values are bound, a sub query (builder, raw) is inlined. */
  private betweenBounds(range: readonly [QueryValue, QueryValue]): unknown[] {
    return range.map((value) => this.transformValue(value))
  }

  /** `key between min and max`. */
  whereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('whereBetween', this.transformColumn(key), this.betweenBounds(range))
  }

  /** `or` variant of `whereBetween()`. */
  orWhereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('orWhereBetween', this.transformColumn(key), this.betweenBounds(range))
  }

  /** Alias of `whereBetween()`. */
  andWhereBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.whereBetween(key, range)
  }

  /** `key not between min and max`. */
  whereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('whereNotBetween', this.transformColumn(key), this.betweenBounds(range))
  }

  /** `or` variant of `whereNotBetween()`. */
  orWhereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.callKnex('orWhereNotBetween', this.transformColumn(key), this.betweenBounds(range))
  }

  /** Alias of `whereNotBetween()`. */
  andWhereNotBetween(key: ColumnKey, range: readonly [QueryValue, QueryValue]): this {
    return this.whereNotBetween(key, range)
  }

  protected applyRaw(
    method: string,
    sql: string | RawBuilderContract,
    bindings?: RawBindings
  ): this {
    if (typeof sql !== 'string') return this.callKnex(method, this.transformStatic(sql))
    if (bindings === undefined) return this.callKnex(method, sql)
    const values = Array.isArray(bindings) ? this.transformList(bindings) : bindings
    return this.callKnex(method, sql, values)
  }

  /** A raw where clause: `whereRaw('age > ?', [18])`. */
  whereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('whereRaw', sql, bindings)
  }

  /** `or` variant of `whereRaw()`. */
  orWhereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.applyRaw('orWhereRaw', sql, bindings)
  }

  /** Alias of `whereRaw()`. */
  andWhereRaw(sql: string | RawBuilderContract, bindings?: RawBindings): this {
    return this.whereRaw(sql, bindings)
  }
}
