/**
 * Running a `Model.query()`: rows become model instances bound to the
 * query's client, fetch/find/paginate hooks run around them, preloads load
 * after them, and writes resolve to an array as in Lucid (`[count]`, or
 * the returned rows).
 */
import { E_INVALID_QUERY, E_ROW_NOT_FOUND } from '../../errors.js'
import { pageNumber, perPageNumber } from '../../database/query_builder/pagination.js'
import { runQuery } from '../../database/query_runner.js'
import { isReadQuery, knexInternals } from '../../database/query_builder/knex_internals.js'
import type { DatabaseQueryBuilder } from '../../database/query_builder/database.js'
import { chunk, cursor, type ChunkCallback } from '../../database/query_builder/streaming.js'
import type { LucidModel, LucidRow, ModelObject } from '../../types/model.js'
import { runHooks } from '../base_model/hooks.js'
import { markDriverRows } from '../base_model/driver_rows.js'
import { AttributeRows } from '../base_model/attribute_rows.js'
import { withRowBuilder } from '../../database/row_builder.js'
import { hydrationOptions } from '../base_model/shape_samples.js'
import { groupLimitUnsupported } from '../relations/group_limit.js'
import { ModelPaginator } from './model_paginator.js'
import { ModelQueryCore } from './model_query_core.js'

/** Below this `limit`, SQLite rows are read as objects (see `buildsAttributeRows`). */
const FEW_ROWS = 100

export class ModelQueryRunner<
  Model extends LucidModel,
  Result = InstanceType<Model>,
> extends ModelQueryCore<Model, Result> {
  /** Runs the query and returns what the driver sent: rows, or a write's count. */
  protected async execRows(): Promise<ModelObject[] | number> {
    if (this.groupConstraints) throw groupLimitUnsupported(this.model.name, 'outside a preload')
    const write = !isReadQuery(this.knexQuery)
    const run = () =>
      runQuery<ModelObject[] | number>(this.client, this.knexQuery, {
        write,
        primary: this.readsFromPrimary,
        debug: this.debugQueries,
        reporterData: { model: this.model.name, ...this.customReporterData },
      })
    if (!write && this.buildsAttributeRows()) {
      const builder = new AttributeRows(this.model)
      const rows = await withRowBuilder(this.knexQuery, builder, run)
      return Array.isArray(rows) ? builder.result(rows) : rows
    }
    const result = await run()
    return Array.isArray(result) ? this.coerceAggregates(result) : result
  }

  /**
   * SQLite reads a select's values as arrays when its columns are all the
   * model's, and they are built into attribute objects (attribute_rows.ts).
   * Not for plain rows, nor rows with aggregate values to coerce, nor a
   * query of a few rows (`find`, `first`): reading the statement's column
   * names costs what building about a hundred row objects does.
   */
  private buildsAttributeRows(): boolean {
    const limit = knexInternals(this.knexQuery)._single.limit
    return (
      !this.returnPojo &&
      this.client.dialect.name === 'sqlite' &&
      (limit === undefined || limit >= FEW_ROWS) &&
      this.aggregateKeys.aliases.size === 0 &&
      this.aggregateKeys.functions.size === 0
    )
  }

  /** Turns rows into model instances bound to this query's client, then loads the asked relations. */
  protected async hydrate(rows: ModelObject[]): Promise<Result[]> {
    if (this.returnPojo) return rows as Result[]
    const models = this.model.$createMultipleFromAdapterResult(
      markDriverRows(rows),
      this.sideloaded,
      hydrationOptions(this.client)
    )
    if (this.aggregateKeys.aliases.size > 0) this.aggregatesToProperties(models)
    if (this.preloader) {
      await this.preloader
        .sideload(this.sideloaded)
        .debug(this.debugQueries)
        .processAllForMany(models, this.client)
    }
    const transform = this.rowTransformerCallback
    if (transform) for (const model of models) transform(model as InstanceType<Model>)
    return models as Result[]
  }

  /**
   * An aggregate alias (`withCount('posts', (q) => q.as('postsCount'))`)
   * naming a property the model defines lands on that property, not in
   * `$extras` (as in Lucid). Checked once per query on the first model.
   */
  protected aggregatesToProperties(models: LucidRow[]): void {
    const first = models[0] as ModelObject | undefined
    if (!first) return
    for (const alias of this.aggregateKeys.aliases) {
      if (!Object.prototype.hasOwnProperty.call(first, alias) || !(alias in models[0].$extras)) {
        continue
      }
      for (const model of models) {
        ;(model as ModelObject)[alias] = model.$extras[alias]
        delete model.$extras[alias]
      }
    }
  }

  /** Runs the query: models for a select (through fetch hooks), `[count]` for a write. */
  override exec(): Promise<Result[]> {
    this.ensureCanExecute()
    return this.execQuery()
  }

  protected async execQuery(): Promise<Result[]> {
    this.applyModelScopes()
    if (!isReadQuery(this.knexQuery)) {
      const result = await this.execRows()
      // a write resolves to Lucid's `[count]` or the returned rows, not to models
      return (Array.isArray(result) ? result : [result]) as Result[]
    }
    const quiet = this.isSubQuery || this.returnPojo
    if (!quiet) await runHooks(this.model, 'before:fetch', this)
    const models = await this.hydrate((await this.execRows()) as ModelObject[])
    if (!quiet) await runHooks(this.model, 'after:fetch', models)
    return models
  }

  /** The first model (find hooks run around it), or null. */
  override first(): Promise<Result | null> {
    this.ensureCanExecute()
    return this.firstModel()
  }

  protected async firstModel(): Promise<Result | null> {
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
  override firstOrFail(): Promise<Result> {
    this.ensureCanExecute()
    return this.firstModel().then((model) => {
      if (model !== null) return model
      throw new E_ROW_NOT_FOUND(
        `Row not found in "${this.model.table}" for model "${this.model.name}"`,
        { model: this.model.name, table: this.model.table }
      )
    })
  }

  /** Pages through the models, ordered by the primary key when the query has no order. */
  override chunk(size: number, callback: ChunkCallback<Result>): Promise<boolean> {
    return chunk(this as DatabaseQueryBuilder<Result>, size, callback, this.model.primaryKey)
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
  override paginate(page: number, perPage = 20): Promise<ModelPaginator<Result>> {
    this.ensureCanExecute()
    return this.paginateModels(page, perPage)
  }

  /**
   * The count query, then the page; paginate hooks and fetch hooks run
   * around them (as in Lucid), only for queries returning models.
   */
  protected async paginateModels(page: number, perPage: number): Promise<ModelPaginator<Result>> {
    this.applyModelScopes()
    const size = perPageNumber(perPage)
    const currentPage = pageNumber(page, size)
    const countQuery = this.countQuery()
    const quiet = this.returnPojo
    if (!quiet) {
      await runHooks(this.model, 'before:paginate', [countQuery, this])
      await runHooks(this.model, 'before:fetch', this)
    }
    const counted = (await countQuery.exec()) as { total: number }[]
    const total = Number(counted[0]?.total ?? 0)
    const rows =
      total > 0 ? ((await this.forPage(currentPage, size).execRows()) as ModelObject[]) : []
    const models = await this.hydrate(rows)
    const paginator = new ModelPaginator<Result>(total, size, currentPage, ...models)
    paginator.namingStrategy = this.model.namingStrategy
    if (!quiet) {
      await runHooks(this.model, 'after:paginate', paginator)
      await runHooks(this.model, 'after:fetch', models)
    }
    return paginator
  }

  /** The count query of `paginate()`, run as plain rows. */
  protected override countQuery(): DatabaseQueryBuilder<{ total: number }> {
    const base = this.clone().clearOrder().clearLimit().clearOffset()
    base.returnPojo = true
    if (!this.countsRowsOfSubQuery()) {
      return base.clearSelect().count('* as total') as DatabaseQueryBuilder<{
        total: number
      }>
    }
    // a sub query builder of this model: no scopes or hooks of its own
    const outer = this.newSubQuery(this.client.knexQuery()) as ModelQueryRunner<
      Model,
      { total: number }
    >
    outer.returnPojo = true
    outer.knexQuery.from(base.as('stratum_paginate').toKnex())
    return outer.count('* as total') as DatabaseQueryBuilder<{ total: number }>
  }
}
