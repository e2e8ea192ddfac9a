/**
 * `Model.query()`: the database query builder, returning model instances.
 * This layer adds what goes through relations: preloads, group limits,
 * aggregates of related rows (`withCount`) and existence constraints
 * (`has`, `whereHas`). The state and SQL shaping live in
 * `model_query_core.ts`, running the query in `model_query_runner.ts`.
 *
 * @example
 * const users = await User.query().where('isActive', true).preload('posts').withCount('posts')
 */
import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import type { DatabaseQueryBuilder } from '../../database/query_builder/database.js'
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel, ModelObject } from '../../types/model.js'
import type {
  ExtractModelRelations,
  MorphTypeListOf,
  MorphTypeQueryOf,
  PreloadQueryOf,
  RelationQueryOf,
} from '../../types/relations.js'
import { Preloader, type PreloadCallback } from '../preloader/preloader.js'
import type { RelatedQuery } from '../relations/base.js'
import { ModelQueryRunner } from './model_query_runner.js'
import { applyHas, applyWithAggregate } from './relation_constraints.js'
import { applyHasMorph, type MorphTypeList } from './morph_constraints.js'

export type {
  ModelWriteQuery,
  ModelWriteResult,
  ScopeFunction,
  ScopesOf,
  TrashedMode,
} from './model_query_core.js'

/** A relation query constraint callback, untyped. */
type RelatedCallback = (query: RelatedQuery) => void

/**
 * A callback typed for one relation's query, as the helpers that take the
 * relation by name see it (the name made its query type, so it gets that query).
 */
function untyped(callback: ((query: never) => void) | undefined): RelatedCallback | undefined {
  return callback as RelatedCallback | undefined
}

export class ModelQueryBuilder<
  Model extends LucidModel,
  Result = InstanceType<Model>,
> extends ModelQueryRunner<Model, Result> {
  /** A query over the model's table on `client`. */
  static forModel<Model extends LucidModel>(model: Model, client: QueryClientContract) {
    return new ModelQueryBuilder<Model>(client.knexQuery().from(model.table), model, client)
  }

  protected override newSubQuery(knexQuery: Knex.QueryBuilder): DatabaseQueryBuilder {
    return new ModelQueryBuilder(knexQuery, this.model, this.client, true) as DatabaseQueryBuilder
  }

  /**
   * A DateTime compared with a `@column.date` column is its calendar day, as
   * the column writes it (else it is bound as date-time text, which SQLite
   * compares with the stored `yyyy-MM-dd` as text and never matches).
   */
  protected override transformWhereValue(key: unknown, value: unknown): unknown {
    if (typeof key === 'string' && DateTime.isDateTime(value) && value.isValid) {
      const name = key.slice(key.lastIndexOf('.') + 1)
      const column =
        this.model.$getColumn(name) ??
        [...this.model.$columnsDefinitions.values()].find((one) => one.columnName === name)
      if ((column?.meta as { type?: string } | undefined)?.type === 'date') return value.toISODate()
    }
    return super.transformWhereValue(key, value)
  }

  /** Returns plain rows instead of model instances. */
  pojo<Row = ModelObject>(): ModelQueryBuilder<Model, Row> {
    this.returnPojo = true
    return this as unknown as ModelQueryBuilder<Model, Row>
  }

  /**
   * Eager loads a relation of the fetched models, in one query per level:
   * `preload('posts', (posts) => posts.where('published', true).preload('comments'))`.
   */
  preload<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback?: (query: PreloadQueryOf<InstanceType<Model>, Name>) => void
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
    this.withCountAlias(name, untyped(callback))
    return this
  }

  /** Aggregates related rows into `$extras`: `withAggregate('posts', (q) => q.sum('views').as('views'))`. */
  withAggregate<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this {
    this.withAggregateAlias(name, untyped(callback))
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
      callback: untyped(callback),
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
      callback: untyped(callback),
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
      callback: untyped(callback),
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
      callback: untyped(callback),
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

  /**
   * Rows whose morphTo points to a row of one of `types` (aliases or model
   * classes, `'*'` for every type) matching the callback, which also gets
   * the type: `whereHasMorph('commentable', ['post'], (q, type) => q.where('title', 'A'))`.
   */
  whereHasMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void,
    operator?: string,
    value?: number
  ): this {
    return this.morphExistence(name, types, false, false, callback, operator, value)
  }

  /** `or` form of `whereHasMorph`. */
  orWhereHasMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void,
    operator?: string,
    value?: number
  ): this {
    return this.morphExistence(name, types, true, false, callback, operator, value)
  }

  /** Rows whose morphTo points to one of `types`, but to no row matching the callback. */
  whereDoesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void
  ): this {
    return this.morphExistence(name, types, false, true, callback)
  }

  /** `or` form of `whereDoesntHaveMorph`. */
  orWhereDoesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void
  ): this {
    return this.morphExistence(name, types, true, true, callback)
  }

  /** Rows whose morphTo points to an existing row of one of `types` (`hasMorph('commentable', ['post'])`). */
  hasMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    operator?: string,
    value?: number
  ): this {
    return this.morphExistence(name, types, false, false, undefined, operator, value)
  }

  /** Rows whose morphTo points to one of `types` but to no existing row. */
  doesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>
  ): this {
    return this.morphExistence(name, types, false, true)
  }

  protected morphExistence(
    name: string,
    types: unknown,
    or: boolean,
    not: boolean,
    // each public form types its callback's query by the morph types it names
    callback?: (query: never, type: string) => void,
    operator?: string,
    value?: number
  ): this {
    const run = callback as ((query: RelatedQuery, type: string) => void) | undefined
    applyHasMorph(this, name, types as MorphTypeList, { or, not, callback: run, operator, value })
    return this
  }
}
