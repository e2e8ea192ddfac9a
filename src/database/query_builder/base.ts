/**
 * The state every chainable builder carries on top of `ThenableQuery` (knex
 * query, client, debug, then/catch/finally): the keys resolver, and the
 * conversions from Stratum values (raw, ref, sub query, callback) to knex
 * values. Query methods live in the classes that extend it, one concern
 * each: `BasicWhereChainable` -> `WhereChainable` -> `HavingChainable` ->
 * `AggregateChainable` -> `WrapExistingChainable` -> `JoinChainable` ->
 * `Chainable`, then `DatabaseQueryBuilder` (and the ORM's builders) run it.
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY } from '../../errors.js'
import { bindableDateTime } from '../bound_values.js'
import { ensureValueEncodable } from '../encodable.js'
import { ensureIdentifier } from './identifier.js'
import type { DialectName, QueryRunnerContract } from '../../types/query_client.js'
import { RawQueryBuilder } from './raw.js'
import { ThenableQuery } from './runnable.js'
import { RawBuilder } from './static/raw.js'
import { ReferenceBuilder } from './static/reference.js'
import type { ColumnKey, KeysResolver } from '../../types/query_values.js'

export type { Primitive, QueryValue, ColumnKey, KeysResolver } from '../../types/query_values.js'
export type { ValueOrCallback } from '../../types/query_clauses.js'

export type { ReporterData, TimeoutOptions } from './runnable.js'

type KnexMethod = (...args: unknown[]) => unknown

const identity: KeysResolver = (key) => key
const aliasPattern = /^(.+?)\s+as\s+(.+)$/i

export abstract class BaseChainable extends ThenableQuery<Knex.QueryBuilder> {
  /** Set by `usePrimary()`: a select runs on the write host, not a read replica. */
  protected readsFromPrimary = false

  constructor(
    knexQuery: Knex.QueryBuilder,
    client: QueryRunnerContract,
    /** Maps attribute names to column names (identity for plain queries). */
    public keysResolver: KeysResolver = identity
  ) {
    super(knexQuery, client)
  }

  /**
   * A builder of the same kind wrapping a knex sub query: callbacks given to
   * `where`, `whereIn`, `from`... receive it. The ORM's builder overrides it.
   */
  protected abstract newSubQuery(knexQuery: Knex.QueryBuilder): BaseChainable

  /** The knex instance used to turn `db.raw()`/`db.ref()` values into knex objects. */
  protected knexInstance(): Knex {
    return this.client.getWriteClient()
  }

  /** Name of the dialect the query runs on. */
  protected get dialectName(): DialectName {
    return this.client.dialect.name
  }

  /** Throws a clear error when `feature` does not exist on the current dialect. */
  protected ensureDialect(feature: string, dialects: DialectName[]): void {
    if (dialects.includes(this.dialectName)) return
    throw new E_INVALID_QUERY(
      `${feature} is not supported by ${this.dialectName} (connection "${this.client.connectionName}"). ` +
        `It is available on: ${dialects.join(', ')}`
    )
  }

  /** Calls a knex query method by name (the or/and/not variants share one code path). */
  protected callKnex(method: string, ...args: unknown[]): this {
    const fn: KnexMethod = Reflect.get(this.knexQuery, method)
    fn.apply(this.knexQuery, args)
    return this
  }

  /** Maps a key through the keys resolver; `table.key` maps the last segment only. */
  protected resolveKey(key: string): string {
    ensureIdentifier(key)
    if (this.keysResolver === identity || key === '*') return key
    const dot = key.lastIndexOf('.')
    if (dot === -1) return this.keysResolver(key)
    const column = key.slice(dot + 1)
    return column === '*' ? key : `${key.slice(0, dot)}.${this.keysResolver(column)}`
  }

  /**
   * The entries of a `{ column: value }` object (where, update, increment).
   * A `__proto__` key, which JSON.parse produces from user input, is refused:
   * assigned to a plain object it would swap that object's prototype and
   * hand its keys to knex as column names.
   */
  protected columnEntries<Value>(values: Record<string, Value>, method: string): [string, Value][] {
    const entries = Object.entries(values)
    for (const [key] of entries) {
      if (key === '__proto__') {
        throw new E_INVALID_QUERY(
          `${method}() got a "__proto__" key: it is not a column name. Build the object from known columns, not from user input`
        )
      }
    }
    return entries
  }

  /** Like `resolveKey`, keeping an `as alias` suffix as written. */
  protected resolveAliasedKey(key: string): string {
    const match = aliasPattern.exec(key)
    if (!match) return this.resolveKey(key.trim())
    return `${this.resolveKey(match[1].trim())} as ${match[2].trim()}`
  }

  /** A column argument as knex wants it. */
  protected transformColumn(
    column: ColumnKey
  ): string | Knex.Raw | Knex.Ref<string, Record<string, string>> {
    return typeof column === 'string'
      ? this.resolveKey(column)
      : (this.transformStatic(column) as Knex.Raw)
  }

  /** Turns `db.raw()`, `db.ref()` and raw query builders into knex objects. */
  protected transformStatic(value: unknown): unknown {
    if (typeof value === 'string' || typeof value === 'number') {
      ensureValueEncodable(value, this.dialectName)
      return value
    }
    if (value instanceof RawBuilder || value instanceof ReferenceBuilder) {
      return value.toKnex(this.knexInstance())
    }
    if (value instanceof RawQueryBuilder) return value.toKnex()
    ensureValueEncodable(value, this.dialectName)
    return bindableDateTime(value, this.client.dialect)
  }

  /** Turns any value (static, sub query builder, callback) into what knex takes. */
  protected transformValue(value: unknown): unknown {
    if (value instanceof BaseChainable) return value.toKnex()
    if (typeof value === 'function') return this.wrapCallback(value as (query: this) => void)
    return this.transformStatic(value)
  }

  /** Turns each item of a list (whereIn values, between bounds) into what knex takes. */
  protected transformList(values: readonly unknown[]): unknown[] {
    return values.map((value) => this.transformStatic(value))
  }

  /** A knex callback that hands the user a builder of this kind over the knex sub query. */
  protected wrapCallback(callback: (query: this) => void): (knexQuery: Knex.QueryBuilder) => void {
    return (knexQuery) => {
      callback(this.newSubQuery(knexQuery) as this)
    }
  }

  /**
   * Runs this select on the write host instead of a read replica (read your
   * own write without `replicas.sticky`). Without replicas it changes nothing.
   */
  usePrimary(primary = true): this {
    this.readsFromPrimary = primary
    return this
  }
}
