/**
 * The state of a `Model.query()` builder and what shapes its SQL: attribute
 * names translated to column names, sideloaded values, scopes, soft delete
 * filtering and the constraints applied once when the query is built.
 * Running the query lives in `model_query_runner.ts`, relation-based
 * methods (preload, withCount, has) in `model_query_builder.ts`.
 */
import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import { E_INVALID_QUERY } from '../../errors.js'
import type { QueryValue } from '../../database/query_builder/base.js'
import { DatabaseQueryBuilder } from '../../database/query_builder/database.js'
import { groupWheres } from '../../database/query_builder/knex_internals.js'
import type { QueryClientContract, TransactionClientContract } from '../../types/database.js'
import type { LucidModel, ModelObject } from '../../types/model.js'
import type { Preloader } from '../preloader/preloader.js'
import type { GroupConstraints } from '../relations/group_limit.js'
import type {
  TrashedMode,
  ModelWriteResult,
  ModelWriteQuery,
  ScopesOf,
} from '../../types/model_query.js'

export type {
  TrashedMode,
  ModelWriteResult,
  ModelWriteQuery,
  ScopesOf,
  ScopeFunction,
} from '../../types/model_query.js'

/** A static member of a model read by `withScopes()`: maybe a scope. */
type MaybeScope = ((query: unknown, ...args: unknown[]) => void) & { readonly $isScope?: true }

export class ModelQueryCore<
  Model extends LucidModel,
  Result = InstanceType<Model>,
> extends DatabaseQueryBuilder<Result, Result[], ModelWriteResult<Result>> {
  /** Values handed to every fetched model as `$sideloaded`. */
  protected sideloaded: ModelObject = {}
  /** Soft deletes: which trashed rows to include. */
  protected trashedMode: TrashedMode = 'without'
  protected scopesApplied = false
  /** Rows are returned as plain objects (`pojo()`). */
  protected returnPojo = false
  /** Called with each fetched model after its preloads (`rowTransformer()`). */
  protected rowTransformerCallback?: (row: InstanceType<Model>) => void
  /** Constraints added when the query runs (see `$constrain`). */
  protected deferredWheres: ((query: Knex.QueryBuilder) => void)[] = []
  /** Relations to eager load, set by `preload()`. */
  protected preloader?: Preloader
  /** Top N per parent, recorded by `groupLimit()`/`groupOrderBy()`, applied by the relation. */
  groupConstraints?: GroupConstraints
  /** Lucid's flag: the query of `related(name).query()` or of a preload. */
  isRelatedQuery = false
  /** Lucid's flag: a relation's correlated sub query (has, whereHas, withCount); it never runs alone. */
  isRelatedSubQuery = false
  /** Lucid's flag: the query loading a relation for `preload()`. */
  isRelatedPreloadQuery = false
  /** A model query runs on a whole query client (its relations and finders make builders on it). */
  declare client: QueryClientContract

  constructor(
    knexQuery: Knex.QueryBuilder,
    readonly model: Model,
    client: QueryClientContract,
    /** A sub query inside a where callback: no hooks, no scopes of its own. */
    readonly isSubQuery = false
  ) {
    super(knexQuery, client, (key) => model.$keys.attributesToColumns.get(key, key))
  }

  /** Runs the query inside the given transaction (a whole transaction client: see `client`). */
  override useTransaction(trx: TransactionClientContract): this {
    return super.useTransaction(trx)
  }

  /** A copy sharing no mutable state: clauses, sideloaded values, preloads and flags. */
  override clone(): this {
    const Builder = this.constructor as new (
      knexQuery: Knex.QueryBuilder,
      model: Model,
      client: QueryClientContract,
      isSubQuery: boolean
    ) => this
    const clone = new Builder(this.knexQuery.clone(), this.model, this.client, this.isSubQuery)
    clone.debugQueries = this.debugQueries
    clone.readsFromPrimary = this.readsFromPrimary
    clone.customReporterData = this.customReporterData && { ...this.customReporterData }
    clone.aggregateKeys = {
      aliases: new Set(this.aggregateKeys.aliases),
      functions: new Set(this.aggregateKeys.functions),
    }
    clone.sideloaded = { ...this.sideloaded }
    clone.trashedMode = this.trashedMode
    clone.scopesApplied = this.scopesApplied
    clone.returnPojo = this.returnPojo
    clone.rowTransformerCallback = this.rowTransformerCallback
    clone.deferredWheres = [...this.deferredWheres]
    clone.preloader = this.preloader?.clone()
    clone.groupConstraints = this.groupConstraints && {
      limit: this.groupConstraints.limit,
      orderBy: [...this.groupConstraints.orderBy],
    }
    clone.isRelatedQuery = this.isRelatedQuery
    clone.isRelatedSubQuery = this.isRelatedSubQuery
    clone.isRelatedPreloadQuery = this.isRelatedPreloadQuery
    return clone
  }

  /** Hands these values to every fetched model as `$sideloaded`. */
  sideload(values: ModelObject): this {
    this.sideloaded = values
    return this
  }

  /** Calls `callback` with each fetched model once its preloads have loaded; it changes the model in place. */
  rowTransformer(callback: (row: InstanceType<Model>) => void): this {
    this.rowTransformerCallback = callback
    return this
  }

  /** Applies scopes defined with `scope()`: `query.withScopes((scopes) => scopes.active())`. */
  withScopes(callback: (scopes: ScopesOf<Model>) => void): this {
    const scopes: Record<string, (...args: unknown[]) => unknown> = {}
    let Model: object | null = this.model
    while (Model && Model !== Function.prototype) {
      for (const key of Object.getOwnPropertyNames(Model)) {
        const value = (this.model as Record<string, unknown>)[key] as MaybeScope
        if (typeof value === 'function' && value.$isScope === true && !(key in scopes)) {
          scopes[key] = (...args: unknown[]) => {
            value(this, ...args)
            return scopes
          }
        }
      }
      Model = Object.getPrototypeOf(Model)
    }
    callback(scopes as ScopesOf<Model>)
    return this
  }

  /** Alias of `withScopes`. */
  apply(callback: (scopes: ScopesOf<Model>) => void): this {
    return this.withScopes(callback)
  }

  /** Includes soft-deleted rows. */
  withTrashed(): this {
    this.trashedMode = 'with'
    return this
  }

  /** Returns only soft-deleted rows. */
  onlyTrashed(): this {
    this.trashedMode = 'only'
    return this
  }

  /** Column name of the model's soft delete attribute, for models using SoftDeletes. */
  protected softDeleteColumn(): string | undefined {
    const softDelete = this.model.$softDeleteColumn
    return softDelete && this.model.$keys.attributesToColumns.get(softDelete, softDelete)
  }

  /**
   * Adds a constraint applied when the query runs, after the where clauses
   * written so far are grouped: relations scope their queries to the parent
   * this way, so a user's `orWhere` cannot reach other parents' rows.
   */
  $constrain(constraint: (query: Knex.QueryBuilder) => void): this {
    this.deferredWheres.push(constraint)
    return this
  }

  /** Moves the where clauses written so far into one group (`a or b` becomes `(a or b)`). */
  protected wrapExistingWheres(): void {
    groupWheres(this.knexQuery)
  }

  /**
   * Adds the deferred constraints and the soft delete constraint once, after
   * grouping the user's where clauses; the soft delete column is
   * table-qualified so joins stay unambiguous.
   */
  protected applyModelScopes(): void {
    if (this.scopesApplied || this.isSubQuery) return
    this.scopesApplied = true
    const softDelete = this.softDeleteColumn()
    const filterTrashed = softDelete !== undefined && this.trashedMode !== 'with'
    if (!filterTrashed && this.deferredWheres.length === 0) return
    this.wrapExistingWheres()
    for (const constraint of this.deferredWheres) constraint(this.knexQuery)
    if (!filterTrashed) return
    const column = `${this.model.table}.${softDelete}`
    if (this.trashedMode === 'only') this.knexQuery.whereNotNull(column)
    else this.knexQuery.whereNull(column)
  }

  /** Throws for a relation sub query: it only runs inside the query it constrains. */
  protected ensureCanExecute(): void {
    if (this.isRelatedSubQuery) {
      throw new E_INVALID_QUERY(
        'Cannot execute relationship subqueries: they are part of has(), whereHas() and withCount() queries'
      )
    }
  }

  /** Updates the matched rows: `update({ points: 10 })`; resolves to `[count]` (or the returned rows). */
  override update(values: Record<string, QueryValue>): ModelWriteQuery<Result>
  override update(column: string, value: QueryValue): ModelWriteQuery<Result>
  override update(
    columnOrValues: string | Record<string, QueryValue>,
    value?: QueryValue
  ): ModelWriteQuery<Result> {
    this.ensureCanExecute()
    return typeof columnOrValues === 'string'
      ? super.update(columnOrValues, value as QueryValue)
      : super.update(columnOrValues)
  }

  /**
   * Deletes the matched rows; resolves to `[count]`. On a model using
   * SoftDeletes it soft deletes them (sets `deleted_at`), as Laravel does:
   * use `forceDelete()` to remove them.
   */
  override del(): ModelWriteQuery<Result> {
    this.ensureCanExecute()
    const softDelete = this.softDeleteColumn()
    if (!softDelete) return super.del()
    const now = DateTime.local().toFormat(this.client.dialect.dateTimeFormat)
    return this.update({ [softDelete]: now })
  }

  /** Removes the matched rows for good, soft deletes or not; resolves to `[count]`. */
  forceDelete(): ModelWriteQuery<Result> {
    this.ensureCanExecute()
    return super.del()
  }

  /** Clears `deleted_at` of the matched rows (use with `onlyTrashed()`); resolves to `[count]`. */
  restore(): ModelWriteQuery<Result> {
    const softDelete = this.softDeleteColumn()
    if (!softDelete) {
      throw new E_INVALID_QUERY(
        `Cannot restore "${this.model.name}" rows: the model does not use soft deletes. ` +
          'Extend compose(BaseModel, SoftDeletes) to enable them'
      )
    }
    // trashed rows must match: `onlyTrashed()` is kept, the default exclusion is lifted
    if (this.trashedMode === 'without') this.withTrashed()
    return this.update({ [softDelete]: null })
  }

  /** The knex query, with the soft delete constraint (used when nesting this query). */
  override toKnex(): Knex.QueryBuilder {
    this.applyModelScopes()
    return this.knexQuery
  }

  /** The SQL and bindings this query runs, soft delete constraint included. */
  override toSQL(): Knex.Sql {
    return this.clone().toKnex().toSQL()
  }

  /** The SQL with bindings interpolated (for logs only), soft delete constraint included. */
  override toQuery(): string {
    return this.clone().toKnex().toQuery()
  }
}
