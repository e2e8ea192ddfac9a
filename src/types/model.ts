/**
 * Public contracts of the ORM: the row (`LucidRow`) and the model class
 * (`LucidModel`) that `BaseModel` implements, and relations as the model
 * keeps them. They complete what the other contracts build on: the row
 * without query and relation methods and the data shapes (`model_base.ts`,
 * re-exported here), the static side (`model_metadata.ts`, `model_statics.ts`).
 */
import type { QueryClientContract } from './database.js'
import type { EventsList, LucidRowBase, ModelAdapterOptions, ModelObject } from './model_base.js'
import type { LucidModelMetadata, RowShape } from './model_metadata.js'
import type { ModelQueryBuilderContract, PreloadQueryOf, PreloaderContract } from './model_query.js'
import type { QueryScope, QueryScopeCallback } from './model_scopes.js'
import type { LucidModelStatics } from './model_statics.js'
import type { DatabaseQueryBuilderContract } from './query_builder.js'
import type { InsertQueryBuilderContract } from './query_values.js'
import type { BaseRelationContract, ExtractModelRelations, RelationClientOf } from './relations.js'
import type { RelationType } from './relation_kinds.js'
import type {
  BaseRelationOptions,
  HasManyThroughOptions,
  ManyToManyOptions,
  RelatedModelFn,
} from './relation_options.js'

export type * from './model_base.js'
export type * from './model_decorators.js'
export type * from './model_scopes.js'
export type { ModelKeysContract } from './model_metadata.js'
export type {
  ModelPaginatorContract,
  ModelQueryBuilderContract,
  PreloaderContract,
} from './model_query.js'

/** A model instance: what `BaseModel` instances are (`InstanceType<typeof User>` is one). */
export interface LucidRow extends LucidRowBase {
  // the loaded relations, redeclared with full rows
  /** Loaded relations by name. */
  get $preloaded(): Record<string, LucidRow | LucidRow[] | null>
  set $preloaded(value: Record<string, LucidRow | LucidRow[] | null>)
  /** The loaded relations, or undefined when none was loaded (no allocation). */
  $loadedRelations(): Record<string, LucidRow | LucidRow[] | null> | undefined
  /** Stores loaded related models. */
  $setRelated(key: string, models: LucidRow | LucidRow[] | null): void
  /** Appends related models to a has-many style relation. */
  $pushRelated(key: string, models: LucidRow | LucidRow[]): void
  /** Loaded related models (undefined when not loaded). */
  $getRelated(key: string): LucidRow | LucidRow[] | null | undefined
  /** Copies a database row into the attributes; non-columns go to `$extras`. */
  $consumeAdapterResult(row: ModelObject, sideloaded?: ModelObject, shape?: RowShape): void
  /** The query an insert, update, delete or refresh of this instance runs. */
  $getQueryFor(action: 'insert', client: QueryClientContract): InsertQueryBuilderContract
  $getQueryFor(
    action: 'update' | 'delete',
    client: QueryClientContract
  ): DatabaseQueryBuilderContract
  $getQueryFor(
    action: 'refresh',
    client: QueryClientContract
  ): ModelQueryBuilderContract<LucidModel>
  $getQueryFor(
    action: 'insert' | 'update' | 'delete' | 'refresh',
    client: QueryClientContract
  ):
    | InsertQueryBuilderContract
    | DatabaseQueryBuilderContract
    | ModelQueryBuilderContract<LucidModel>
  /**
   * The client of a relation, to query or write related rows:
   * `await user.related('posts').create({ title })`.
   */
  related<Name extends ExtractModelRelations<this>>(name: Name): RelationClientOf<this, Name>
  /** Loads relations: `load('posts', (q) => ...)` or `load((loader) => loader.load('a').load('b'))`. */
  load<Name extends ExtractModelRelations<this>>(
    name: Name,
    callback?: (query: PreloadQueryOf<this, Name>) => void
  ): Promise<void>
  load(loader: (preloader: PreloaderContract) => void): Promise<void>
  /** Loads a relation unless it is loaded already. */
  loadOnce(name: ExtractModelRelations<this>): Promise<void>
  /**
   * Counts related rows into `$extras` (`posts_count`, or the alias set with `as()`);
   * chainable, run in one query when awaited: `await user.loadCount('posts').loadCount('tags')`.
   */
  loadCount(
    name: ExtractModelRelations<this>,
    callback?: (query: RelatedQueryContract) => void
  ): LazyLoadAggregatesContract<this>
  /** Aggregates related rows into `$extras`: `loadAggregate('posts', (q) => q.sum('views').as('views'))`. */
  loadAggregate(
    name: ExtractModelRelations<this>,
    callback: (query: RelatedQueryContract) => void
  ): LazyLoadAggregatesContract<this>
}

/**
 * Relation names of `Row`, read through a conditional type: TypeScript then
 * compares `LazyLoadAggregatesContract<Post>` with `<LucidRow>` member by
 * member (names are checked bivariantly, as method parameters are) instead
 * of requiring the rows to be the same type.
 */
type RelationNameOf<Row> = Row extends LucidRow ? ExtractModelRelations<Row> : never

/** What `row.loadCount()`/`row.loadAggregate()` return: more aggregates, run in one query when awaited. */
export interface LazyLoadAggregatesContract<Row extends LucidRow> extends Promise<void> {
  loadCount<Name extends RelationNameOf<Row>>(
    name: Name,
    callback?: (query: RelatedQueryContract) => void
  ): this
  loadAggregate<Name extends RelationNameOf<Row>>(
    name: Name,
    callback: (query: RelatedQueryContract) => void
  ): this
  /** Runs the aggregates (once) and stores them in the row's `$extras`. */
  exec(): Promise<void>
}

/** `row.load` (Lucid's name for its type): `load('posts', cb)` or `load((loader) => ...)`. */
export type LucidRowPreload<Row extends LucidRow> = Row['load']

/** `row.loadOnce` */
export type LucidRowPreloadOnce<Row extends LucidRow> = Row['loadOnce']

/** `row.loadAggregate` */
export type LucidRowAggregate<Row extends LucidRow> = Row['loadAggregate']

/** A model hook handler: `Model.before('save', handler)` calls it with the row (or query). */
export type HooksHandler<Data, Event extends EventsList> = (
  data: Data,
  event: Event
) => Promise<void> | void

/** The type of `scope`: `scope<typeof User>((query) => ...)` types the query by the model. */
export type ScopeFn = <
  Model extends LucidModel,
  Scope extends QueryScopeCallback<Model> = QueryScopeCallback<Model>,
>(
  callback: Scope
) => QueryScope<Model, Scope>

/** A hook decorator (`@beforeSave()`): accepted on static methods of a model only. */
export type HooksDecorator = () => (target: LucidModel, property: string) => void

/** The options `Model.$addRelation()` takes: those of any relation decorator. */
export type ModelRelationOptions = BaseRelationOptions | ManyToManyOptions | HasManyThroughOptions

/** The model class type: `typeof User` for any `class User extends BaseModel`. */
export interface LucidModel extends LucidModelMetadata<LucidModel>, LucidModelStatics<LucidModel> {
  new (): LucidRow
  readonly prototype: LucidRow
  /** The class name. */
  readonly name: string
  /** Bridge to the database, set with `useAdapter`. */
  $adapter: AdapterContract
  /** Sets the adapter models use to reach the database. */
  useAdapter(this: LucidModel, adapter: AdapterContract): void
  /** Relations by name (filled by the relation decorators). */
  $relationsDefinitions: Map<string, RelationContract>
  /** Registers a relation (what the relation decorators do). */
  $addRelation(
    this: LucidModel,
    name: string,
    type: RelationType,
    relatedModel: RelatedModelFn | [RelatedModelFn, RelatedModelFn],
    options?: object
  ): RelationContract
  /** True when `name` is a relation. */
  $hasRelation(this: LucidModel, name: string): boolean
  /** The relation of that name. */
  $getRelation(this: LucidModel, name: string): RelationContract | undefined
}

/** Bridge between models and the database. */
export interface AdapterContract {
  modelConstructorClient(model: LucidModel, options?: ModelAdapterOptions): QueryClientContract
  modelClient(instance: LucidRow): QueryClientContract
  query<Model extends LucidModel>(
    model: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model>
  insert(instance: LucidRow, attributes: ModelObject): Promise<void>
  update(instance: LucidRow, attributes: ModelObject): Promise<void>
  delete(instance: LucidRow): Promise<void>
  refresh(instance: LucidRow): Promise<void>
}

/** The model query builder relations hand out (and untyped relation callbacks receive). */
export type RelatedQueryContract = ModelQueryBuilderContract<LucidModel, LucidRow>

/** A relation as its model keeps it (`Model.$relationsDefinitions`). */
export interface RelationContract extends BaseRelationContract<LucidModel, LucidModel> {
  readonly relationName: string
  readonly relatedModelFn: RelatedModelFn
  readonly options: BaseRelationOptions
  /** The model declaring the relation (a subclass gets its own copy). */
  readonly model: LucidModel
  readonly type: RelationType
  booted: boolean
  /** Key in serialized output; `null` hides the relation. */
  readonly serializeAs: string | null
  /** The class whose decorator declared the relation. */
  declaringModel: LucidModel
  /** True for relations holding an array of rows. */
  readonly many: boolean
  /** The `onQuery` option, if any. */
  readonly onQueryHook: BaseRelationOptions['onQuery']
  /** A copy of the relation for a subclass. */
  clone(model: LucidModel): RelationContract
  /** Throws unless `related` fits the relation (a row, an array, or null). */
  assertRelatedShape(parent: LucidRow, related: unknown, setting: boolean): void
  /** Sets the loaded related rows of `parent`. */
  setRelated(parent: LucidRow, related: LucidRow | LucidRow[] | null | undefined): void
  /** Adds loaded related rows to `parent`. */
  pushRelated(parent: LucidRow, related: LucidRow | LucidRow[] | null | undefined): void
  /** The related model class. */
  relatedModel(): LucidModel
  /** Resolves the keys once the related model can be read. */
  boot(): void
  /** The query loading the related rows of these parent keys. */
  eagerQuery(parentValues: unknown[], client: QueryClientContract): RelatedQueryContract
  /** Hands the related rows to their parents. */
  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void
  /** The correlated sub query of `has`, `whereHas` and `withCount`. */
  subQuery(client: QueryClientContract): RelatedQueryContract
  /** The client `related(name)` returns. */
  client(parent: LucidRow, client: QueryClientContract): unknown
  /** Loads the relation of `parents`. */
  eagerLoad(
    parents: LucidRow[],
    client: QueryClientContract,
    constrain?: (query: RelatedQueryContract) => void
  ): Promise<void>
  /** The column `groupLimit()` partitions by, when the relation supports it. */
  groupPartitionColumn(): string | undefined
}
