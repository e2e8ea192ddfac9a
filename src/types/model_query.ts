/**
 * `Model.query()` as a contract: the database query builder returning
 * models, with preloads, scopes, soft deletes and relation constraints
 * (`has`, `whereHas`, `withCount`). The relation query types live here too,
 * since the callbacks of `preload()` and `whereHas()` receive model queries,
 * and the preloader `load((loader) => ...)` hands out.
 * `orm/query_builder/model_query_builder.ts` implements it.
 */
import type { Knex } from 'knex'
import type { QueryClientContract, TransactionClientContract } from './database.js'
import type { CherryPick, LucidModelBase, LucidRowBase, ModelObject } from './model_base.js'
import type { MorphTypes } from './morph_map.js'
import type {
  DatabaseQueryBuilderContract,
  PaginationMeta,
  SimplePaginatorContract,
} from './query_builder.js'
import type { ChunkCallback, QueryValue } from './query_values.js'
import type {
  ExtractModelRelations,
  MorphModelOf,
  MorphTypeKey,
  MorphTypeListOf,
  MorphTypesOfRelation,
  RelatedModelOf,
  RelationTypeOf,
} from './relation_names.js'
import type { PivotQueryMethods } from './relation_options.js'

/** Which soft-deleted rows a query sees. */
export type TrashedMode = 'without' | 'with' | 'only'

/** What an update, increment, decrement or delete of a model query resolves to (as in Lucid). */
export type ModelWriteResult<Row> = number[] | Row[]

/** A model query turned into an update or delete. */
export type ModelWriteQuery<Row> = DatabaseQueryBuilderContract<
  Row,
  ModelWriteResult<Row>,
  ModelWriteResult<Row>
>

/** Scope functions of a model, callable by name inside `withScopes()`. */
export type ScopesOf<Model extends LucidModelBase> = {
  [Key in keyof Model as Model[Key] extends ScopeFunction ? Key : never]: Model[Key] extends (
    query: never,
    ...args: infer Args
  ) => unknown
    ? (...args: Args) => ScopesOf<Model>
    : never
}

/** A function defined with `scope()`. */
// a named brand (not a unique symbol) keeps models' declaration files emittable
// (a brand only: `scope()` returns the callback & this, so its own signature types the scope's arguments)
export type ScopeFunction = { readonly $isScope: true }

/** Top N related rows per parent, recorded by `groupLimit()`/`groupOrderBy()`. */
export interface GroupConstraints {
  limit?: number
  orderBy: { column: string; direction: 'asc' | 'desc' }[]
}

/** A page of models: `serialize()` (and `toJSON()`) gives `{ meta, data }`. */
export interface ModelPaginatorContract<Row> extends SimplePaginatorContract<Row> {
  /** `{ meta, data }` with each model serialized (optionally cherry picked). */
  serialize(cherryPick?: CherryPick): { meta: PaginationMeta; data: (ModelObject | Row)[] }
}

/** `Model.query()`: selects resolve to models (or plain rows after `pojo()`). */
export interface ModelQueryBuilderContract<
  Model extends LucidModelBase,
  Result = InstanceType<Model>,
> extends DatabaseQueryBuilderContract<Result, Result[], ModelWriteResult<Result>> {
  /** The model class the query returns. */
  readonly model: Model
  /** A sub query inside a where callback: no hooks, no scopes of its own. */
  readonly isSubQuery: boolean
  /** Top N per parent, recorded by `groupLimit()`/`groupOrderBy()`, applied by the relation. */
  groupConstraints?: GroupConstraints
  /** Lucid's flag: the query of `related(name).query()` or of a preload. */
  isRelatedQuery: boolean
  /** Lucid's flag: a relation's correlated sub query (has, whereHas, withCount); it never runs alone. */
  isRelatedSubQuery: boolean
  /** Lucid's flag: the query loading a relation for `preload()`. */
  isRelatedPreloadQuery: boolean
  /** A model query runs on a whole query client (its relations and finders make builders on it). */
  client: QueryClientContract
  /** Runs the query inside the given transaction (a whole transaction client: see `client`). */
  useTransaction(trx: TransactionClientContract): this
  /** A copy sharing no mutable state: clauses, sideloaded values, preloads and flags. */
  clone(): this
  /** Hands these values to every fetched model as `$sideloaded`. */
  sideload(values: ModelObject): this
  /**
   * Calls `callback` with each fetched model once its preloads have loaded
   * (so it can read them, as Lucid's guide shows); it changes the model in place.
   */
  rowTransformer(callback: (row: InstanceType<Model>) => void): this
  /** Applies scopes defined with `scope()`: `query.withScopes((scopes) => scopes.active())`. */
  withScopes(callback: (scopes: ScopesOf<Model>) => void): this
  /** Alias of `withScopes`. */
  apply(callback: (scopes: ScopesOf<Model>) => void): this
  /** Includes soft-deleted rows. */
  withTrashed(): this
  /** Returns only soft-deleted rows. */
  onlyTrashed(): this
  /**
   * Adds a constraint applied when the query runs, after the where clauses
   * written so far are grouped: relations scope their queries to the parent
   * this way, so a user's `orWhere` cannot reach other parents' rows.
   */
  $constrain(constraint: (query: Knex.QueryBuilder) => void): this
  /** Updates the matched rows: `update({ points: 10 })`; resolves to `[count]` (or the returned rows). */
  update(values: Record<string, QueryValue>): ModelWriteQuery<Result>
  update(column: string, value: QueryValue): ModelWriteQuery<Result>
  /**
   * Deletes the matched rows; resolves to `[count]`. On a model using
   * SoftDeletes it soft deletes them (sets `deleted_at`), as Laravel does:
   * use `forceDelete()` to remove them.
   */
  del(): ModelWriteQuery<Result>
  /** Removes the matched rows for good, soft deletes or not; resolves to `[count]`. */
  forceDelete(): ModelWriteQuery<Result>
  /** Clears `deleted_at` of the matched rows (use with `onlyTrashed()`); resolves to `[count]`. */
  restore(): ModelWriteQuery<Result>
  /** The knex query, with the soft delete constraint (used when nesting this query). */
  toKnex(): Knex.QueryBuilder
  /** The SQL and bindings this query runs, soft delete constraint included. */
  toSQL(): Knex.Sql
  /** The SQL with bindings interpolated (for logs only), soft delete constraint included. */
  toQuery(): string
  /** Runs the query: models for a select (through fetch hooks), `[count]` for a write. */
  exec(): Promise<Result[]>
  /** The first model (find hooks run around it), or null. */
  first(): Promise<Result | null>
  /** Like `first()`, but throws `E_ROW_NOT_FOUND` when there is no row. */
  firstOrFail(): Promise<Result>
  /** Pages through the models, ordered by the primary key when the query has no order. */
  chunk(size: number, callback: ChunkCallback<Result>): Promise<boolean>
  /** Keyset pages ordered by `attribute` (default the primary key); safe while updating rows. */
  chunkById(size: number, callback: ChunkCallback<Result>, attribute?: string): Promise<boolean>
  /** Streams models one at a time (soft delete scope applied; no preloads, no fetch hooks). */
  cursor(): AsyncGenerator<Result, void, undefined>
  /** One page of models; `serialize()` gives `{ meta, data }`. */
  paginate(page: number, perPage?: number): Promise<ModelPaginatorContract<Result>>
  /** Returns plain rows instead of model instances. */
  pojo<Row = ModelObject>(): ModelQueryBuilderContract<Model, Row>
  /**
   * Eager loads a relation of the fetched models, in one query per level:
   * `preload('posts', (posts) => posts.where('published', true).preload('comments'))`.
   */
  preload<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback?: (query: PreloadQueryOf<InstanceType<Model>, Name>) => void
  ): this
  /** In a preload, keeps at most `limit` related rows per parent (one query, a window function). */
  groupLimit(limit: number): this
  /** In a preload, orders the rows of each parent that `groupLimit()` keeps. */
  groupOrderBy(column: string, direction?: 'asc' | 'desc'): this
  /** Eager loads a relation unless this query already preloads it. */
  preloadOnce(name: ExtractModelRelations<InstanceType<Model>>): this
  /** Counts related rows into `$extras.<name>_count` (rename with `q.as('alias')`). */
  withCount<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback?: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this
  /** Aggregates related rows into `$extras`: `withAggregate('posts', (q) => q.sum('views').as('views'))`. */
  withAggregate<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): this
  /** Rows having related rows (optionally compared by count: `has('posts', '>=', 2)`). */
  has(name: ExtractModelRelations<InstanceType<Model>>, operator?: string, value?: number): this
  /** `or` form of `has`. */
  orHas(name: ExtractModelRelations<InstanceType<Model>>, operator?: string, value?: number): this
  /** Alias of `has`. */
  andHas(name: ExtractModelRelations<InstanceType<Model>>, operator?: string, value?: number): this
  /** Rows without related rows. */
  doesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this
  /** `or` form of `doesntHave`. */
  orDoesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this
  /** Alias of `doesntHave`. */
  andDoesntHave(
    name: ExtractModelRelations<InstanceType<Model>>,
    operator?: string,
    value?: number
  ): this
  /** Rows having related rows matching the callback's constraints. */
  whereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
  /** `or` form of `whereHas`. */
  orWhereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
  /** Alias of `whereHas`. */
  andWhereHas<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
  /** Rows without related rows matching the callback's constraints. */
  whereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
  /** `or` form of `whereDoesntHave`. */
  orWhereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
  /** Alias of `whereDoesntHave`. */
  andWhereDoesntHave<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    callback: (query: RelationQueryOf<InstanceType<Model>, Name>) => void,
    operator?: string,
    value?: number
  ): this
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
  ): this
  /** `or` form of `whereHasMorph`. */
  orWhereHasMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void,
    operator?: string,
    value?: number
  ): this
  /** Rows whose morphTo points to one of `types`, but to no row matching the callback. */
  whereDoesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void
  ): this
  /** `or` form of `whereDoesntHaveMorph`. */
  orWhereDoesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    callback?: (query: MorphTypeQueryOf<InstanceType<Model>, Name>, type: string) => void
  ): this
  /** Rows whose morphTo points to an existing row of one of `types` (`hasMorph('commentable', ['post'])`). */
  hasMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>,
    operator?: string,
    value?: number
  ): this
  /** Rows whose morphTo points to one of `types` but to no existing row. */
  doesntHaveMorph<Name extends ExtractModelRelations<InstanceType<Model>>>(
    name: Name,
    types: MorphTypeListOf<InstanceType<Model>, Name>
  ): this
}

/** The query builder a relation's constraint callbacks receive. */
export type RelationQueryOf<Model extends LucidRowBase, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'manyToMany' | 'morphToMany' | 'morphedByMany'
    ? ModelQueryBuilderContract<RelatedModelOf<Model, Name>> & PivotQueryMethods
    : ModelQueryBuilderContract<RelatedModelOf<Model, Name>>

/** What a preload callback receives: the relation query, or per-type constraints for a morphTo. */
export type PreloadQueryOf<Model extends LucidRowBase, Name extends keyof Model> =
  RelationTypeOf<Model, Name> extends 'morphTo'
    ? MorphToPreloadContract<
        NonNullable<Model[Name]> extends { morphTypes: infer T extends MorphTypes } ? T : never
      >
    : RelationQueryOf<Model, Name>

/**
 * What a `morphTo` preload callback receives: constraints (and nested
 * preloads) per type, one query per type whatever the number of rows.
 *
 * @example
 * Comment.query().preload('commentable', (morph) =>
 *   morph.constrain('post', (posts) => posts.preload('author')).constrain((query) => query.withTrashed())
 * )
 */
export interface MorphToPreloadContract<Types extends MorphTypes> {
  /** Constrains the query of every type. */
  constrain(callback: (query: ModelQueryBuilderContract<Types[keyof Types]>) => void): this
  /** Constrains the query of one type (alias or model class). */
  constrain<Key extends MorphTypeKey<Types>>(
    type: Key,
    callback: (query: ModelQueryBuilderContract<MorphModelOf<Types, Key>>) => void
  ): this
  /** Constrains the queries of several types: `{ post: (q) => ..., video: (q) => ... }`. */
  constrain(callbacks: {
    [Alias in keyof Types]?: (query: ModelQueryBuilderContract<Types[Alias]>) => void
  }): this
  /** Values handed to every related model as `$sideloaded`. */
  sideload(values: Record<string, unknown>): this
  /** Turns query debugging on for the related queries. */
  debug(debug: boolean): this
}

/** The query a `whereHasMorph` callback receives: one of the morphTo's models. */
export type MorphTypeQueryOf<
  Row extends LucidRowBase,
  Name extends keyof Row,
> = ModelQueryBuilderContract<
  MorphTypesOfRelation<Row, Name>[keyof MorphTypesOfRelation<Row, Name>]
>

/** The untyped query relation helpers hand to callbacks (`load((loader) => loader.load('posts', cb))`). */
type AnyModelQuery = ModelQueryBuilderContract<LucidModelBase, LucidRowBase>

/**
 * What a `load((loader) => ...)` callback receives: loads several relations at once.
 * `Row` (Lucid's parameter) is the parent row type.
 */
export interface PreloaderContract<Row extends LucidRowBase = LucidRowBase> {
  readonly model: LucidModelBase
  /** Loads a relation, optionally constrained. */
  load(name: string, callback?: (query: AnyModelQuery) => void): this
  /** Alias of `load`. */
  preload(name: string, callback?: (query: AnyModelQuery) => void): this
  /** Loads a relation unless it is loaded already. */
  loadOnce(name: string): this
  /** Values handed to every loaded row as `$sideloaded`. */
  sideload(values: ModelObject): this
  /** Reports the preload queries through `db:query`. */
  debug(debug: boolean): this
  /** True when no relation is to be loaded. */
  readonly isEmpty: boolean
  /** The relation names to load. */
  names(): string[]
  /** A copy sharing no mutable state. */
  clone(): PreloaderContract<Row>
  /** Loads the relations of one parent. */
  processAllForOne(parent: Row, client: QueryClientContract): Promise<void>
  /** Loads the relations of many parents of this model. */
  processAllForMany(
    parents: Row[],
    client: QueryClientContract,
    onlyMissing?: boolean
  ): Promise<void>
}
