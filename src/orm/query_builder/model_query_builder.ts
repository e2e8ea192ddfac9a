/**
 * `Model.query()`: the database query builder, returning model instances.
 * Attribute names are translated to column names, model hooks run around
 * fetches, and soft-deleted rows are left out unless asked for.
 */
import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import { E_INVALID_QUERY, E_ROW_NOT_FOUND } from '../../errors.js'
import { pageNumber, perPageNumber } from '../../database/query_builder/pagination.js'
import { DatabaseQueryBuilder, type WriteResult } from '../../database/query_builder/database.js'
import { runQuery } from '../../database/query_runner.js'
import { chunk, cursor, type ChunkCallback } from '../../database/query_builder/streaming.js'
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel, ModelObject } from '../../types/model.js'
import { runHooks } from '../base_model/hooks.js'
import type { ExtractModelRelations, RelationQueryOf } from '../../types/relations.js'
import { Preloader, type PreloadCallback } from '../preloader/preloader.js'
import type { RelatedQuery } from '../relations/base.js'
import { groupLimitUnsupported, type GroupConstraints } from '../relations/group_limit.js'
import { markDriverRows } from '../base_model/driver_rows.js'
import { ModelPaginator } from './model_paginator.js'
import { applyHas, applyWithAggregate } from './relation_constraints.js'

/** A relation query constraint callback, untyped. */
type RelatedCallback = (query: RelatedQuery) => void

const readMethods = new Set(['select', 'first', 'pluck'])

/** Which soft-deleted rows a query sees. */
export type TrashedMode = 'without' | 'with' | 'only'

/** Scope functions of a model, callable by name inside `withScopes()`. */
export type ScopesOf<Model extends LucidModel> = {
  [Key in keyof Model as Model[Key] extends ScopeFunction ? Key : never]: Model[Key] extends (
    query: any,
    ...args: infer Args
  ) => any
    ? (...args: Args) => ScopesOf<Model>
    : never
}

/** A function defined with `scope()`. */
// a named brand (not a unique symbol) keeps models' declaration files emittable
export type ScopeFunction = ((query: any, ...args: any[]) => void) & { readonly $isScope: true }

export class ModelQueryBuilder<
  Model extends LucidModel,
  Result = InstanceType<Model>,
> extends DatabaseQueryBuilder<Result, Result[]> {
  /** Values handed to every fetched model as `$sideloaded`. */
  protected sideloaded: ModelObject = {}
  /** Soft deletes: which trashed rows to include. */
  protected trashedMode: TrashedMode = 'without'
  protected scopesApplied = false
  /** Rows are returned as plain objects (`pojo()`). */
  protected returnPojo = false
  /** Constraints added when the query runs (see `$constrain`). */
  protected deferredWheres: ((query: Knex.QueryBuilder) => void)[] = []
  /** Relations to eager load, set by `preload()`. */
  protected preloader?: Preloader
  /** Top N per parent, recorded by `groupLimit()`/`groupOrderBy()`, applied by the relation. */
  groupConstraints?: GroupConstraints

  constructor(
    knexQuery: Knex.QueryBuilder,
    readonly model: Model,
    client: QueryClientContract,
    /** A sub query inside a where callback: no hooks, no scopes of its own. */
    readonly isSubQuery = false
  ) {
    super(knexQuery, client, (key) => model.$keys.attributesToColumns.get(key, key))
  }

  /** A query over the model's table on `client`. */
  static forModel<Model extends LucidModel>(model: Model, client: QueryClientContract) {
    return new ModelQueryBuilder<Model>(client.knexQuery().from(model.table), model, client)
  }

  protected override newSubQuery(knexQuery: Knex.QueryBuilder): DatabaseQueryBuilder {
    return new ModelQueryBuilder(
      knexQuery,
      this.model,
      this.client,
      true
    ) as unknown as DatabaseQueryBuilder
  }

  override clone(): this {
    const Builder = this.constructor as new (
      knexQuery: Knex.QueryBuilder,
      model: Model,
      client: QueryClientContract,
      isSubQuery: boolean
    ) => this
    const clone = new Builder(this.knexQuery.clone(), this.model, this.client, this.isSubQuery)
    clone.debugQueries = this.debugQueries
    clone.customReporterData = this.customReporterData && { ...this.customReporterData }
    clone.aggregateKeys = {
      aliases: new Set(this.aggregateKeys.aliases),
      functions: new Set(this.aggregateKeys.functions),
    }
    clone.sideloaded = { ...this.sideloaded }
    clone.trashedMode = this.trashedMode
    clone.scopesApplied = this.scopesApplied
    clone.returnPojo = this.returnPojo
    clone.deferredWheres = [...this.deferredWheres]
    clone.preloader = this.preloader?.clone()
    clone.groupConstraints = this.groupConstraints && {
      limit: this.groupConstraints.limit,
      orderBy: [...this.groupConstraints.orderBy],
    }
    return clone
  }

  /** Hands these values to every fetched model as `$sideloaded`. */
  sideload(values: ModelObject): this {
    this.sideloaded = values
    return this
  }

  /** Returns plain rows instead of model instances. */
  pojo<Row = ModelObject>(): ModelQueryBuilder<Model, Row> {
    this.returnPojo = true
    return this as unknown as ModelQueryBuilder<Model, Row>
  }

  /** Applies scopes defined with `scope()`: `query.withScopes((scopes) => scopes.active())`. */
  withScopes(callback: (scopes: ScopesOf<Model>) => void): this {
    const scopes: Record<string, (...args: unknown[]) => unknown> = {}
    let Model: object | null = this.model
    while (Model && Model !== Function.prototype) {
      for (const key of Object.getOwnPropertyNames(Model)) {
        const value = (this.model as unknown as Record<string, unknown>)[key] as ScopeFunction
        if (typeof value === 'function' && value.$isScope === true && !(key in scopes)) {
          scopes[key] = (...args: unknown[]) => {
            value(this, ...args)
            return scopes
          }
        }
      }
      Model = Object.getPrototypeOf(Model)
    }
    callback(scopes as unknown as ScopesOf<Model>)
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
    type Statement = { grouping: string }
    const knexQuery = this.knexQuery as unknown as { _statements: Statement[] }
    const wheres = knexQuery._statements.filter((statement) => statement.grouping === 'where')
    if (wheres.length === 0) return
    knexQuery._statements = knexQuery._statements.filter(
      (statement) => statement.grouping !== 'where'
    )
    this.knexQuery.where(function (this: Knex.QueryBuilder) {
      ;(this as unknown as { _statements: Statement[] })._statements.push(...wheres)
    })
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

  /**
   * Deletes the matched rows; resolves to the count. On a model using
   * SoftDeletes it soft deletes them (sets `deleted_at`), as Laravel does:
   * use `forceDelete()` to remove them.
   */
  override del(): DatabaseQueryBuilder<Result, WriteResult<Result>> {
    const softDelete = this.softDeleteColumn()
    if (!softDelete) return super.del()
    const now = DateTime.local().toFormat(this.client.dialect.dateTimeFormat)
    return this.update({ [softDelete]: now })
  }

  /** Removes the matched rows for good, soft deletes or not; resolves to the count. */
  forceDelete(): DatabaseQueryBuilder<Result, WriteResult<Result>> {
    return super.del()
  }

  /** Clears `deleted_at` of the matched rows (use with `onlyTrashed()`); resolves to the count. */
  restore(): DatabaseQueryBuilder<Result, WriteResult<Result>> {
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

  /** Runs the query and returns rows as the database sent them. */
  protected async execRows(): Promise<ModelObject[] | number> {
    if (this.groupConstraints) throw groupLimitUnsupported(this.model.name, 'outside a preload')
    const method = (this.knexQuery as unknown as { _method?: string })._method ?? 'select'
    const write = !readMethods.has(method)
    const result = await runQuery<ModelObject[] | number>(this.client, this.knexQuery, {
      write,
      debug: this.debugQueries,
      reporterData: { model: this.model.name, ...this.customReporterData },
    })
    return Array.isArray(result) ? this.coerceAggregates(result) : result
  }

  /** Turns rows into model instances bound to this query's client, then loads the asked relations. */
  protected async hydrate(rows: ModelObject[]): Promise<Result[]> {
    if (this.returnPojo) return rows as Result[]
    const models = this.model.$createMultipleFromAdapterResult(
      markDriverRows(rows),
      this.sideloaded,
      {
        client: this.client,
      }
    )
    if (this.preloader) await this.preloader.processAllForMany(models, this.client)
    return models as Result[]
  }

  /** Runs the query: models for a select (through fetch hooks), the count for a write. */
  override async exec(): Promise<Result[]> {
    this.applyModelScopes()
    const method = (this.knexQuery as unknown as { _method?: string })._method ?? 'select'
    if (!readMethods.has(method)) return (await this.execRows()) as unknown as Result[]
    const quiet = this.isSubQuery || this.returnPojo
    if (!quiet) await runHooks(this.model, 'before:fetch', this)
    const models = await this.hydrate((await this.execRows()) as ModelObject[])
    if (!quiet) await runHooks(this.model, 'after:fetch', models)
    return models
  }

  /** The first model (find hooks run around it), or null. */
  override async first(): Promise<Result | null> {
    this.applyModelScopes()
    const quiet = this.returnPojo
    if (!quiet) await runHooks(this.model, 'before:find', this)
    this.limit(1)
    const [model] = await this.hydrate((await this.execRows()) as ModelObject[])
    if (model === undefined) return null
    if (!quiet) await runHooks(this.model, 'after:find', model)
    return model
  }

  /** Like `first()`, but throws `E_ROW_NOT_FOUND` when there is no row. */
  override async firstOrFail(): Promise<Result> {
    const model = await this.first()
    if (model === null) {
      throw new E_ROW_NOT_FOUND(
        `Row not found in "${this.model.table}" for model "${this.model.name}"`
      )
    }
    return model
  }

  /** Pages through the models, ordered by the primary key when the query has no order. */
  override chunk(size: number, callback: ChunkCallback<Result>): Promise<boolean> {
    return chunk(this, size, callback, this.model.primaryKey)
  }

  /** Keyset pages ordered by `attribute` (default the primary key); safe while updating rows. */
  override chunkById(size: number, callback: ChunkCallback<Result>, attribute?: string) {
    return super.chunkById(size, callback, attribute ?? this.model.primaryKey)
  }

  /** Streams models one at a time (soft delete scope applied; no preloads, no fetch hooks). */
  override cursor(): AsyncGenerator<Result, void, undefined> {
    if (this.preloader) {
      throw new E_INVALID_QUERY(
        `cursor() on "${this.model.name}" cannot preload relations: use chunk() or chunkById()`
      )
    }
    this.applyModelScopes()
    const options = { debug: this.debugQueries, reporterData: { model: this.model.name } }
    const toModels = (rows: ModelObject[]) => this.hydrate(this.coerceAggregates(rows))
    const primaryKey = this.model.$keys.attributesToColumns.get(
      this.model.primaryKey,
      this.model.primaryKey
    )
    // pages by the primary key where the driver cannot stream (SQLite)
    return cursor(this.client, this.knexQuery, toModels, options, {
      column: primaryKey,
      rowKey: primaryKey,
    })
  }

  /** One page of models; `serialize()` gives `{ meta, data }`. */
  override async paginate(page: number, perPage = 20): Promise<ModelPaginator<Result>> {
    this.applyModelScopes()
    const size = perPageNumber(perPage)
    const currentPage = pageNumber(page, size)
    const countQuery = this.countQuery()
    // like fetch hooks, paginate hooks only run for queries returning models
    const quiet = this.returnPojo
    if (!quiet) await runHooks(this.model, 'before:paginate', [countQuery, this])
    const counted = (await countQuery.pojo().exec()) as unknown as { total: number }[]
    const total = Number(counted[0]?.total ?? 0)
    const rows =
      total > 0 ? ((await this.forPage(currentPage, size).execRows()) as ModelObject[]) : []
    const models = await this.hydrate(rows)
    const paginator = new ModelPaginator<Result>(total, size, currentPage, ...models)
    paginator.namingStrategy = this.model.namingStrategy
    if (!quiet) await runHooks(this.model, 'after:paginate', paginator)
    return paginator
  }

  /** The count query of `paginate()`, run as plain rows. */
  protected override countQuery(): ModelQueryBuilder<Model, { total: number }> {
    const base = this.clone().clearOrder().clearLimit().clearOffset()
    if (!this.countsRowsOfSubQuery()) {
      return base.clearSelect().count('* as total').pojo<{ total: number }>()
    }
    const outer = new ModelQueryBuilder<Model>(
      this.client.knexQuery(),
      this.model,
      this.client,
      true
    )
    outer.knexQuery.from(base.as('stratum_paginate').toKnex())
    return outer.count('* as total').pojo<{ total: number }>()
  }

  /**
   * Eager loads a relation of the fetched models, in one query per level:
   * `preload('posts', (posts) => posts.where('published', true).preload('comments'))`.
   */
  preload<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback?: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this {
    this.preloader ??= new Preloader(this.model)
    this.preloader.load(name, callback as PreloadCallback | undefined)
    return this
  }

  /** In a preload, keeps at most `limit` related rows per parent (one query, a window function). */
  groupLimit(limit: number): this {
    this.groupConstraints ??= { orderBy: [] }
    this.groupConstraints.limit = limit
    return this
  }

  /** In a preload, orders the rows of each parent that `groupLimit()` keeps. */
  groupOrderBy(column: string, direction: 'asc' | 'desc' = 'asc'): this {
    this.groupConstraints ??= { orderBy: [] }
    this.groupConstraints.orderBy.push({ column, direction })
    return this
  }

  /** Eager loads a relation unless this query already preloads it. */
  preloadOnce(name: ExtractModelRelations<InstanceType<Model>>): this {
    this.preloader ??= new Preloader(this.model)
    this.preloader.loadOnce(name)
    return this
  }

  /** Counts related rows into `$extras.<name>_count` (rename with `q.as('alias')`). */
  withCount<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback?: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this {
    this.withCountAlias(name, callback as RelatedCallback)
    return this
  }

  /** Aggregates related rows into `$extras`: `withAggregate('posts', (q) => q.sum('views').as('views'))`. */
  withAggregate<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this {
    this.withAggregateAlias(name, callback as RelatedCallback)
    return this
  }

  /** `withCount`, returning the alias the value lands under. */
  withCountAlias(name: string, callback?: RelatedCallback): string {
    const alias = applyWithAggregate(this, name, callback, 'count')
    this.aggregateKeys.aliases.add(alias)
    return alias
  }

  /** `withAggregate`, returning the alias the value lands under. */
  withAggregateAlias(name: string, callback?: RelatedCallback): string {
    const alias = applyWithAggregate(this, name, callback, undefined)
    this.aggregateKeys.aliases.add(alias)
    return alias
  }

  /** Rows having related rows (optionally compared by count: `has('posts', '>=', 2)`). */
  has(name: ExtractModelRelations<InstanceType<Model>>, operator?: string, value?: number): this {
    applyHas(this, name, { or: false, not: false, operator, value })
    return this
  }

  /** `or` form of `has`. */
  orHas(name: ExtractModelRelations<InstanceType<Model>>, operator?: string, value?: number): this {
    applyHas(this, name, { or: true, not: false, operator, value })
    return this
  }

  /** Alias of `has`. */
  andHas(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this {
    return this.has(name, operator, value)
  }

  /** Rows without related rows. */
  doesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, { or: false, not: true, operator, value })
    return this
  }

  /** `or` form of `doesntHave`. */
  orDoesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, { or: true, not: true, operator, value })
    return this
  }

  /** Alias of `doesntHave`. */
  andDoesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this {
    return this.doesntHave(name, operator, value)
  }

  /** Rows having related rows matching the callback's constraints. */
  whereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, {
      or: false,
      not: false,
      callback: callback as RelatedCallback,
      operator,
      value,
    })
    return this
  }

  /** `or` form of `whereHas`. */
  orWhereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, {
      or: true,
      not: false,
      callback: callback as RelatedCallback,
      operator,
      value,
    })
    return this
  }

  /** Alias of `whereHas`. */
  andWhereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    return this.whereHas(name, callback, operator, value)
  }

  /** Rows without related rows matching the callback's constraints. */
  whereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, {
      or: false,
      not: true,
      callback: callback as RelatedCallback,
      operator,
      value,
    })
    return this
  }

  /** `or` form of `whereDoesntHave`. */
  orWhereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    applyHas(this, name, {
      or: true,
      not: true,
      callback: callback as RelatedCallback,
      operator,
      value,
    })
    return this
  }

  /** Alias of `whereDoesntHave`. */
  andWhereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this {
    return this.whereDoesntHave(name, callback, operator, value)
  }

  override then<TResult1 = Result[], TResult2 = never>(
    onfulfilled?: ((value: Result[]) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null
  ): Promise<TResult1 | TResult2> {
    return this.exec().then(onfulfilled, onrejected)
  }
}
