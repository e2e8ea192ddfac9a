/**
 * What a model class keeps about itself, as contracts: configuration,
 * columns, its name maps (`$keys`), hooks (`$hooks`) and how rows become
 * attributes (`$hydrationPlan()`). `LucidModel` (model.ts) extends
 * `LucidModelMetadata` with itself as `Self`, so `this`-typed statics keep
 * the subclass (`User.before('save', (user) => ...)` gets a `User`).
 */
import type Hooks from '@poppinss/hooks'
import type {
  ColumnOptions,
  CommitEvents,
  ComputedOptions,
  EventsList,
  LucidModelBase,
  ModelColumnOptions,
  ModelObject,
  NamingStrategyContract,
} from './model_base.js'
import type { ModelPaginatorContract, ModelQueryBuilderContract } from './model_query.js'

/** A two-way name map of a model (attribute -> column ...); unknown keys pass through. */
export interface ModelKeysContract {
  /** Records a mapping. */
  add(key: string, value: string): void
  /** The mapped value, or `defaultValue` when the key is unknown. */
  get(key: string, defaultValue: string): string
  get(key: string, defaultValue?: string): string | undefined
  /** Maps the last segment of a qualified key (`users.createdAt` -> `users.created_at`). */
  resolve(key: string): string
  /** Every mapping, as a plain object without a prototype. */
  all(): Record<string, string>
  /** An independent copy (subclasses extend their parent's keys). */
  clone(): ModelKeysContract
}

/** The name maps every model keeps in `Model.$keys`. */
export interface ModelKeysSet {
  attributesToColumns: ModelKeysContract
  attributesToSerialized: ModelKeysContract
  columnsToAttributes: ModelKeysContract
  columnsToSerialized: ModelKeysContract
  serializedToAttributes: ModelKeysContract
  serializedToColumns: ModelKeysContract
}

/** What a hook handler may return. */
export type HookResult = void | Promise<void>

/** Every hook event name a model knows. */
export type ModelHookEvent =
  `before:${EventsList}` | `after:${EventsList}` | `afterCommit:${CommitEvents}`

// never[]: a handler added straight to `$hooks` (as in Lucid) takes the model type it wants
// (every function is assignable); the model's hook runner is the one place that calls them
type HookEvents = Record<ModelHookEvent, [never[], never[]]>

/** The hooks store of a model class. */
export type ModelHooks = Hooks<HookEvents>

/** A column whose driver value is converted on first read. */
export interface LazyColumn {
  attribute: string
  /** Its bit in the instance's pending bits. */
  bit: number
  // a method type (bivariant): a consume typed for its column's value fits
  consume: NonNullable<ColumnOptions['consume']>
}

/** A column as the hydration loop needs it. */
export interface HydrationColumn {
  attribute: string
  consume?: ColumnOptions['consume']
  /** Stored under its column name with no `consume`: the value is kept as the driver gave it. */
  identity: boolean
  /** Set when `consume` may run on first read instead (Stratum's date columns). */
  lazy?: LazyColumn
}

/** Column name -> how its values become attributes, with the model's lazy columns. */
export interface HydrationPlan extends Map<string, HydrationColumn> {
  lazy: LazyColumn[]
}

/** Copies a row under the attribute names (a compiled object literal). */
export type RowMapper = (row: ModelObject) => ModelObject

/**
 * How the rows of one result become attributes. Rows of one result share
 * their keys, so the first row answers for all of them: no key enumeration
 * or column lookup per row.
 */
export interface RowShape {
  keys: string[]
  /** Identifies the shape among a model's (its keys, and how its rows were read). */
  signature: string
  /** The column of each key; undefined for a key that goes to `$extras`. */
  columns: (HydrationColumn | undefined)[]
  /**
   * Every key is a column kept under its own name: rows are adopted as the
   * `$attributes` themselves (then `consumers` convert their values in place).
   */
  adopt: boolean
  /** Every key is a column, some renamed: each row is copied under the attribute names by it. */
  map: RowMapper | undefined
  /** Attribute of each key (when `adopt` or `map`). */
  attributes: string[]
  /**
   * The attributes that may hold JSON (for `$original`'s deep copy): all but
   * the lazy date columns, whose raw driver values (text, a Date) never are.
   */
  maybeNested: string[]
  /** Columns of the row with a `consume` that runs at hydration (when `adopt` or `map`). */
  consumers: HydrationColumn[]
  /** Pending bits of the lazy columns in the row. */
  lazyMask: number
}

/** The static side of a model that describes it (`LucidModel` passes itself as `Self`). */
export interface LucidModelMetadata<Self extends LucidModelBase> {
  /** True once `boot()` ran for this very class. */
  booted: boolean
  /** Attribute name of the primary key. */
  primaryKey: string
  /** Table name; defaults from the naming strategy. */
  table: string
  /** Connection name the model's queries use (the default connection when unset). */
  connection?: string
  /** True when the application sets primary keys itself (UUIDs ...). */
  selfAssignPrimaryKey: boolean
  /** Names tables, columns, serialized keys and relation keys. */
  namingStrategy: NamingStrategyContract
  /** Hooks of the model (`before:save` ...). */
  $hooks: ModelHooks
  /** Name maps between attributes, columns and serialized keys. */
  $keys: ModelKeysSet
  /** Columns by attribute name. */
  $columnsDefinitions: Map<string, ModelColumnOptions>
  /** Computed properties by name. */
  $computedDefinitions: Map<string, ComputedOptions>
  /** Attribute name of the soft delete column, for models using SoftDeletes. */
  $softDeleteColumn?: string
  /** Column name -> attribute, for hydration; rebuilt when columns change. */
  $hydration?: HydrationPlan
  /**
   * Defines a static property on this class only: `inherit` copies the
   * parent's value (Maps, hooks and keys are copied, not shared), `define`
   * uses the default unless the class set its own.
   */
  $defineProperty<Model extends Self, Prop extends keyof Model>(
    this: Model,
    propertyName: Prop,
    defaultValue: Model[Prop],
    strategy: 'inherit' | 'define' | ((value: Model[Prop]) => Model[Prop])
  ): void
  /**
   * Prepares the class's own metadata (columns, hooks, keys, table),
   * inheriting the parent's. Runs once per class; decorators call it.
   */
  boot(this: Self): void
  /** Registers a column (what `@column` does). */
  $addColumn(this: Self, name: string, options: Partial<ColumnOptions>): ModelColumnOptions
  /** True when `name` is a column attribute. */
  $hasColumn(this: Self, name: string): boolean
  /** The column definition of an attribute. */
  $getColumn(this: Self, name: string): ModelColumnOptions | undefined
  /** Registers a computed property (what `@computed` does). */
  $addComputed(this: Self, name: string, options: Partial<ComputedOptions>): ComputedOptions
  /** True when `name` is a computed property. */
  $hasComputed(this: Self, name: string): boolean
  /** The definition of a computed property. */
  $getComputed(this: Self, name: string): ComputedOptions | undefined
  /** Column name -> attribute (and consume function), built once per class. */
  $hydrationPlan(this: Self): HydrationPlan
  /**
   * Adds a before hook: `User.before('save', (user) => ...)`. Find and fetch
   * hooks get the query, paginate hooks the count query and the query.
   */
  before<Model extends Self>(
    this: Model,
    event: 'find' | 'fetch',
    handler: (query: ModelQueryBuilderContract<Model>) => HookResult
  ): Model
  before<Model extends Self>(
    this: Model,
    event: 'paginate',
    handler: (
      queries: [
        countQuery: ModelQueryBuilderContract<Model>,
        query: ModelQueryBuilderContract<Model>,
      ]
    ) => HookResult
  ): Model
  before<Model extends Self>(
    this: Model,
    event: EventsList,
    handler: (model: InstanceType<Model>) => HookResult
  ): Model
  /**
   * Adds an after hook: `User.after('create', (user) => ...)`. Fetch hooks
   * get the models, paginate hooks the paginator.
   */
  after<Model extends Self>(
    this: Model,
    event: 'fetch',
    handler: (models: InstanceType<Model>[]) => HookResult
  ): Model
  after<Model extends Self>(
    this: Model,
    event: 'paginate',
    handler: (paginator: ModelPaginatorContract<InstanceType<Model>>) => HookResult
  ): Model
  after<Model extends Self>(
    this: Model,
    event: EventsList,
    handler: (model: InstanceType<Model>) => HookResult
  ): Model
  /**
   * Adds a hook that runs once the transaction the model was written in
   * commits (at once without a transaction, never after a rollback).
   */
  afterCommit<Model extends Self>(
    this: Model,
    event: CommitEvents,
    handler: (model: InstanceType<Model>) => void | Promise<void>
  ): Model
}
